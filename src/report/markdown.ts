/**
 * The report as Markdown (CommonMark with GFM tables). Mail text is made
 * visible first (src/display.ts: no control character reaches a terminal that
 * `cat`s the file) and then escaped, so a subject with `|`, `*` or `<script>`
 * stays words, not markup.
 */
import { oneLine } from '../display.js';
import {
  formatValue,
  KIND_HEAD,
  verdictShort,
  type Report,
  type ReportItem,
  type ReportOption,
  type WorkloadTable,
} from './model.js';

/** Words as Markdown text: inline markup and raw HTML characters escaped, one line. */
export function mdText(text: string): string {
  return oneLine(text).replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`);
}

/** An id as a code span; a backtick or a bar inside (a hostile Message-ID) would end the span or the table cell early. */
const code = (id: string): string => `\`${oneLine(id).replace(/`/g, "'").replace(/\|/g, '¦')}\``;

const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

function itemLine(i: ReportItem): string {
  const where =
    i.file === null
      ? ''
      : ` (on ${mdText(i.file)}${i.hunk === null ? '' : ` ${mdText(i.hunk.replace(/^(@@[^@]*@@).*/, '$1'))}`})`;
  return `  - ${mdText(i.author ?? 'unnamed')}, ${i.date?.slice(0, 10) ?? 'undated'}${where}: “${mdText(clip(i.text, 300))}”`;
}

function option(o: ReportOption, n: number, report: Report): string[] {
  const verdict =
    o.policy === null ? undefined : report.comparison.policies.find((p) => p.policy === o.policy)?.verdict;
  const status =
    o.status === 'superseded' && o.supersededBy !== null ? `superseded by ${mdText(o.supersededBy)}` : o.status;
  const out = [`### ${n}. ${mdText(o.title)}`, '', `- status: **${status}**`];
  out.push(`- backed (${o.backers.length}): ${o.backers.length === 0 ? '—' : o.backers.map(mdText).join(', ')}`);
  out.push(
    `- objected (${o.objectors.length}): ${o.objectors.length === 0 ? '—' : o.objectors.map(mdText).join(', ')}`,
  );
  if (o.trailers.length > 0) out.push(`- trailers: ${o.trailers.map(mdText).join(', ')}`);
  if (o.policy !== null)
    out.push(
      `- replayed by policy ${code(o.policy)}: checker ${verdict === undefined ? 'not run' : verdictShort(verdict)}`,
    );
  for (const k of o.kinds) {
    out.push(`- ${KIND_HEAD[k.kind]} (${k.items.length}):`);
    for (const i of k.items) out.push(itemLine(i));
  }
  out.push(`- option id: ${code(o.id)}`);
  return out;
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function workload(t: WorkloadTable, report: Report): string[] {
  const head = ['policy', ...t.columns.map((c) => mdText(c.head)), 'violations here', 'checker'];
  const align = ['---', ...t.columns.map(() => '---:'), '---', '---'];
  const out = [`### ${mdText(t.workload)} (${mdText(t.model)})`, '', mdText(t.title), '', row(head), row(align)];
  for (const r of t.rows) {
    const verdict = report.comparison.policies.find((p) => p.policy === r.policy)?.verdict ?? null;
    const here =
      r.violations.length === 0
        ? '0'
        : `${r.violations.length}: ${[...new Set(r.violations.map((v) => v.property))].join(', ')}`;
    out.push(
      row([
        code(r.policy),
        ...r.values.map((v, i) => mdText(formatValue(v, t.columns[i]?.digits ?? 0))),
        here,
        verdictShort(verdict),
      ]),
    );
  }
  const first = t.rows.flatMap((r) =>
    r.violations
      .slice(0, 1)
      .map((v) => `- ${code(r.policy)}: ${v.property} at step ${v.step}: ${mdText(clip(v.message, 300))}`),
  );
  if (first.length > 0) out.push('', ...first);
  return out;
}

export function renderMarkdown(report: Report): string {
  const t = report.thread;
  const out: string[] = [
    `# ${mdText(t.subject || '(no subject)')}`,
    '',
    `Thread ${code(t.id)} · ${t.messages} messages · ${t.people.map(mdText).join(', ')} · ${t.first?.slice(0, 10) ?? '—'} → ${t.last?.slice(0, 10) ?? '—'}`,
    '',
    `## Decisions`,
    '',
    `${report.options.length} design options, ${report.items} items. Status is where each option stood when the thread ended.`,
  ];
  report.options.forEach((o, i) => out.push('', ...option(o, i + 1, report)));
  const c = report.comparison;
  out.push('', '## Policy comparison', '');
  if (c.policies.length === 0) {
    out.push('No option of this thread is linked to a simulator policy.');
  } else {
    out.push(
      "The checker searches every sequence of operations of a small universe up to its bound; 'safe' is said only where every reachable state was searched.",
      '',
      row(['policy', 'options', 'checker', 'bound']),
      row(['---', '---', '---', '---']),
      ...c.policies.map((p) =>
        row([
          code(p.policy),
          p.options.map((o) => code(o)).join(', '),
          verdictShort(p.verdict),
          mdText(p.verdict?.bound ?? '—'),
        ]),
      ),
    );
    for (const w of c.workloads) out.push('', ...workload(w, report));
  }
  if (c.unknown.length > 0)
    out.push('', `Linked policies the simulator does not know: ${c.unknown.map((p) => code(p)).join(', ')}.`);
  return `${out.join('\n')}\n`;
}
