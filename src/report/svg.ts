/**
 * Horizontal bar charts as inline SVG: one bar per policy, the value written at
 * its end, a bar in the violation colour where the policy broke a property on
 * that workload or the checker refuted it. No script, no font or file fetched.
 */
import { escapeHtml } from './escape.js';

export interface Bar {
  readonly label: string;
  readonly value: number;
  readonly text: string;
  readonly bad: boolean;
}

const ROW = 22;
const LABEL = 230;
const BAR = 360;
const VALUE = 130;

export function barChart(title: string, bars: readonly Bar[]): string {
  const max = Math.max(0, ...bars.map((b) => b.value));
  const width = LABEL + BAR + VALUE;
  const height = ROW * bars.length + 28;
  const rows = bars.map((b, i) => {
    const y = 24 + i * ROW;
    const w = max === 0 ? 0 : Math.max(b.value > 0 ? 1 : 0, Math.round((b.value / max) * BAR));
    return [
      `<text x="${LABEL - 8}" y="${y + 14}" text-anchor="end">${escapeHtml(b.label)}</text>`,
      `<rect x="${LABEL}" y="${y + 3}" width="${w}" height="${ROW - 6}" class="${b.bad ? 'bar bad' : 'bar'}"/>`,
      `<text x="${LABEL + w + 6}" y="${y + 14}">${escapeHtml(b.text)}</text>`,
    ].join('');
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">`,
    `<title>${escapeHtml(title)}</title>`,
    `<text x="0" y="14" class="chart-title">${escapeHtml(title)}</text>`,
    ...rows,
    '</svg>',
  ].join('\n');
}
