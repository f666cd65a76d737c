/**
 * The report as one self-contained HTML file: its style inline, its charts
 * inline SVG, no script, and a Content-Security-Policy that forbids fetching
 * anything, so it opens the same offline, from a mail attachment or a CI
 * artifact. Every text from mail or policy files goes through escapeHtml.
 */
import { escapeHtml as h } from './escape.js';
import {
  formatValue,
  KIND_HEAD,
  verdictShort,
  type Report,
  type ReportItem,
  type ReportOption,
  type ReportVerdict,
  type WorkloadTable,
} from './model.js';
import { barChart } from './svg.js';

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 62em; padding: 0 1em; color: #1d1d1f; background: #fff; }
h1 { font-size: 1.5em; } h2 { border-bottom: 1px solid #ccc; padding-bottom: .2em; margin-top: 2em; }
code { font: 12px ui-monospace, monospace; background: #f2f2f2; padding: 0 .2em; word-break: break-all; }
table { border-collapse: collapse; margin: .6em 0; } th, td { border: 1px solid #ddd; padding: .2em .5em; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; } td:first-child code { white-space: nowrap; word-break: normal; }
.status { font-weight: 600; } .supported { color: #1a7f37; } .opposed { color: #b42318; } .superseded { color: #6e6e73; } .open { color: #9a6700; }
.unsafe { color: #b42318; font-weight: 600; } .bounded { color: #9a6700; } .safe { color: #1a7f37; }
.option { border-left: 3px solid #ddd; padding-left: .8em; margin: 1.2em 0; }
.items li { margin: .15em 0; } .who { color: #555; }
svg.chart text { font: 12px system-ui, sans-serif; fill: #1d1d1f; } svg.chart .chart-title { font-weight: 600; }
svg.chart .bar { fill: #4a7bd0; } svg.chart .bar.bad { fill: #d0463b; }
@media (prefers-color-scheme: dark) {
  body { color: #e6e6e6; background: #1c1c1e; } code { background: #2c2c2e; } th, td { border-color: #3a3a3c; }
  svg.chart text { fill: #e6e6e6; }
}
`;

function verdictSpan(v: ReportVerdict | null): string {
  const cls = v === null ? '' : v.result;
  return `<span class="${cls}" title="${h(v?.bound ?? '')}">${h(verdictShort(v))}</span>`;
}

function names(list: readonly string[]): string {
  return list.length === 0 ? '—' : list.map(h).join(', ');
}

function item(i: ReportItem): string {
  const where =
    i.file === null
      ? ''
      : ` <code>${h(i.file)}${i.hunk === null ? '' : ` ${h(i.hunk.replace(/^(@@[^@]*@@).*/, '$1'))}`}</code>`;
  return `<li><span class="who">${h(i.author ?? 'unnamed')}, ${h(i.date?.slice(0, 10) ?? 'undated')}</span>${where}: “${h(i.text)}”</li>`;
}

function option(o: ReportOption, n: number, report: Report): string {
  const verdict =
    o.policy === null ? undefined : report.comparison.policies.find((p) => p.policy === o.policy)?.verdict;
  const status = o.status === 'superseded' && o.supersededBy !== null ? `superseded by ${o.supersededBy}` : o.status;
  const rows = [
    `<tr><th>status</th><td class="status ${o.status}">${h(status)}</td></tr>`,
    `<tr><th>backed (${o.backers.length})</th><td>${names(o.backers)}</td></tr>`,
    `<tr><th>objected (${o.objectors.length})</th><td>${names(o.objectors)}</td></tr>`,
    ...(o.trailers.length === 0 ? [] : [`<tr><th>trailers</th><td>${names(o.trailers)}</td></tr>`]),
    ...(o.policy === null
      ? []
      : [
          `<tr><th>policy</th><td><code>${h(o.policy)}</code> · checker: ${verdict === undefined ? 'not run' : verdictSpan(verdict)}</td></tr>`,
        ]),
  ];
  const kinds = o.kinds.map(
    (k) =>
      `<h4>${KIND_HEAD[k.kind]} (${k.items.length})</h4>\n<ul class="items">\n${k.items.map(item).join('\n')}\n</ul>`,
  );
  return [
    `<section class="option" id="option-${n}">`,
    `<h3>${n}. ${h(o.title)}</h3>`,
    `<table class="stance">${rows.join('')}</table>`,
    ...kinds,
    `<p class="who">option <code>${h(o.id)}</code></p>`,
    '</section>',
  ].join('\n');
}

function workload(t: WorkloadTable, report: Report): string {
  const verdictOf = (p: string) => report.comparison.policies.find((x) => x.policy === p)?.verdict ?? null;
  const head = `<tr><th>policy</th>${t.columns.map((c) => `<th>${h(c.head)}</th>`).join('')}<th>violations here</th><th>checker</th></tr>`;
  const rows = t.rows.map((r) => {
    const here =
      r.violations.length === 0
        ? '0'
        : `${r.violations.length}: ${[...new Set(r.violations.map((v) => v.property))].join(', ')}`;
    const cells = r.values
      .map((v, i) => `<td class="num">${h(formatValue(v, t.columns[i]?.digits ?? 0))}</td>`)
      .join('');
    return `<tr><td><code>${h(r.policy)}</code></td>${cells}<td class="${r.violations.length > 0 ? 'unsafe' : ''}">${h(here)}</td><td>${verdictSpan(verdictOf(r.policy))}</td></tr>`;
  });
  const first = t.columns.findIndex((_, i) => t.rows.every((r) => typeof r.values[i] === 'number'));
  const col = t.columns[first];
  const chart =
    col === undefined
      ? ''
      : barChart(
          `${col.head} (${col.unit})`,
          t.rows.map((r) => {
            const value = Number(r.values[first] ?? 0);
            return {
              label: r.policy,
              value,
              text: formatValue(value, col.digits),
              bad: r.violations.length > 0 || verdictOf(r.policy)?.result === 'unsafe',
            };
          }),
        );
  const notes = t.rows.flatMap((r) =>
    r.violations
      .slice(0, 1)
      .map((v) => `<li><code>${h(r.policy)}</code>: ${h(v.property)} at step ${v.step}: ${h(v.message)}</li>`),
  );
  return [
    `<section class="workload" id="workload-${h(t.workload)}">`,
    `<h3>${h(t.workload)} <span class="who">(${h(t.model)})</span></h3>`,
    `<p>${h(t.title)}</p>`,
    chart,
    `<table>${head}${rows.join('')}</table>`,
    notes.length === 0 ? '' : `<ul>${notes.join('')}</ul>`,
    '</section>',
  ].join('\n');
}

function comparison(report: Report): string {
  const c = report.comparison;
  if (c.policies.length === 0) return '<p>No option of this thread is linked to a simulator policy.</p>';
  const rows = c.policies.map(
    (p) =>
      `<tr><td><code>${h(p.policy)}</code></td><td>${p.options.map((o) => `<code>${h(o)}</code>`).join(' ')}</td><td>${verdictSpan(p.verdict)}</td><td>${h(p.verdict?.bound ?? '—')}</td></tr>`,
  );
  return [
    "<p>The checker searches every sequence of operations of a small universe up to its bound; 'safe' is said only where every reachable state was searched. A workload shows one sequence only: a policy clean on it may still be refuted by the checker (its bar is drawn in red).</p>",
    `<table class="verdicts"><tr><th>policy</th><th>options</th><th>checker</th><th>bound</th></tr>${rows.join('')}</table>`,
    ...c.workloads.map((w) => workload(w, report)),
    c.unknown.length === 0
      ? ''
      : `<p>Linked policies the simulator does not know: ${c.unknown.map((p) => `<code>${h(p)}</code>`).join(', ')}.</p>`,
  ].join('\n');
}

export function renderHtml(report: Report): string {
  const t = report.thread;
  const subject = t.subject || '(no subject)';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="threadlab report">
<title>${h(subject)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${h(subject)}</h1>
<p>Thread <code>${h(t.id)}</code> · ${t.messages} messages · ${names(t.people)} · ${h(t.first?.slice(0, 10) ?? '—')} → ${h(t.last?.slice(0, 10) ?? '—')}</p>
</header>
<main>
<h2 id="decisions">Decisions</h2>
<p>${report.options.length} design options, ${report.items} items. Status is where each option stood when the thread ended.</p>
${report.options.map((o, i) => option(o, i + 1, report)).join('\n')}
<h2 id="comparison">Policy comparison</h2>
${comparison(report)}
</main>
</body>
</html>
`;
}
