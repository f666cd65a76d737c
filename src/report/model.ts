/**
 * What `threadlab report` states about one thread, as plain data: the decision
 * summary (each option, where it stood, who backed and who objected, its items
 * by kind with who and when) and the policy comparison (each linked policy's
 * replay metrics per workload, beside the checker's verdict). The Markdown and
 * HTML writers only lay this out; `--json` prints it as it is.
 */
import type { DesignOption, Extraction, Item, ItemKind, OptionStatus } from '../extract/types.js';
import { stance } from '../extract/stance.js';
import type { StoredThread } from '../store/types.js';

export const ITEM_KINDS: readonly ItemKind[] = ['proposal', 'support', 'oppose', 'concern', 'question', 'review'];

/** Each kind's heading, as both writers title its items. */
export const KIND_HEAD: Record<ItemKind, string> = {
  proposal: 'Proposals',
  support: 'Support',
  oppose: 'Objections',
  concern: 'Concerns',
  question: 'Questions',
  review: 'Review comments',
};

/** The checker's answer for a policy, as the TUI and `sim check` word it. */
export interface ReportVerdict {
  readonly result: 'safe' | 'unsafe' | 'bounded';
  /** How far the answer reaches, in the checker's words. */
  readonly bound: string;
  readonly property: string | null;
  /** Length of the shortest counterexample, when unsafe. */
  readonly steps: number | null;
}

export interface ReportItem {
  readonly id: string;
  readonly kind: ItemKind;
  readonly author: string | null;
  readonly date: string | null;
  readonly text: string;
  readonly file: string | null;
  readonly hunk: string | null;
}

export interface ReportOption {
  readonly id: string;
  readonly title: string;
  readonly status: OptionStatus;
  readonly supersededBy: string | null;
  readonly policy: string | null;
  readonly backers: readonly string[];
  readonly objectors: readonly string[];
  readonly trailers: readonly string[];
  /** Every kind, in ITEM_KINDS order, with its items in thread order (kinds without items are left out). */
  readonly kinds: readonly { readonly kind: ItemKind; readonly items: readonly ReportItem[] }[];
}

export interface MetricColumn {
  readonly id: string;
  readonly head: string;
  readonly unit: string;
  readonly digits: number;
}

export interface ReportViolation {
  readonly step: number;
  readonly property: string;
  readonly message: string;
}

export interface WorkloadRow {
  readonly policy: string;
  /** One per column: a number, or a text a number cannot say. */
  readonly values: readonly (number | string)[];
  readonly violations: readonly ReportViolation[];
}

/** One workload run under every linked policy that can run it. */
export interface WorkloadTable {
  readonly workload: string;
  readonly title: string;
  /** The model or seed family the workload belongs to. */
  readonly model: string;
  readonly columns: readonly MetricColumn[];
  readonly rows: readonly WorkloadRow[];
}

export interface PolicyComparison {
  /** Every policy the thread's options link to, in option order, with the checker's verdict (null: not checked). */
  readonly policies: readonly {
    readonly policy: string;
    readonly options: readonly string[];
    readonly verdict: ReportVerdict | null;
  }[];
  readonly workloads: readonly WorkloadTable[];
  /** Linked policy ids the simulator does not know. */
  readonly unknown: readonly string[];
}

export interface Report {
  readonly thread: {
    readonly id: string;
    readonly subject: string;
    readonly messages: number;
    readonly people: readonly string[];
    readonly first: string | null;
    readonly last: string | null;
  };
  readonly items: number;
  readonly options: readonly ReportOption[];
  readonly comparison: PolicyComparison;
}

function reportItem(i: Item): ReportItem {
  return {
    id: i.id,
    kind: i.kind,
    author: i.author,
    date: i.date,
    text: i.text.replace(/\s+/g, ' ').trim(),
    file: i.file,
    hunk: i.hunk,
  };
}

function reportOption(o: DesignOption, byId: ReadonlyMap<string, Item>): ReportOption {
  const items = o.items.map((id) => byId.get(id)).filter((i): i is Item => i !== undefined);
  const s = stance(items);
  const kinds = ITEM_KINDS.map((kind) => ({
    kind,
    items: items.filter((i) => i.kind === kind).map(reportItem),
  })).filter((k) => k.items.length > 0);
  return {
    id: o.id,
    title: o.title.replace(/\s+/g, ' ').trim(),
    status: o.status,
    supersededBy: o.supersededBy,
    policy: o.policy,
    backers: s.support,
    objectors: s.oppose,
    trailers: s.trailers,
    kinds,
  };
}

/** The thread's linked policies, each once, in the order their options come. */
export function linkedPolicies(extraction: Extraction): { policy: string; options: string[] }[] {
  const out = new Map<string, string[]>();
  for (const o of extraction.options) if (o.policy !== null) out.set(o.policy, [...(out.get(o.policy) ?? []), o.id]);
  return [...out].map(([policy, options]) => ({ policy, options }));
}

export function buildReport(thread: StoredThread, extraction: Extraction, comparison: PolicyComparison): Report {
  const byId = new Map(extraction.items.map((i) => [i.id, i]));
  const real = thread.messages.filter((m) => !m.ghost);
  // By instant, not by text: dates carry their sender's zone.
  const dates = real
    .map((m) => m.date)
    .filter((d): d is string => d !== null && !Number.isNaN(Date.parse(d)))
    .sort((a, b) => Date.parse(a) - Date.parse(b));
  const people = [...new Set(real.map((m) => m.author.name ?? m.author.email ?? 'unnamed'))];
  return {
    thread: {
      id: thread.id,
      subject: thread.subject,
      messages: real.length,
      people,
      first: dates[0] ?? null,
      last: dates[dates.length - 1] ?? null,
    },
    items: extraction.items.length,
    options: extraction.options.map((o) => reportOption(o, byId)),
    comparison,
  };
}

/** "UNSAFE: S1 in 4 operations", "safe in this universe", "no violation within depth 6": short enough for a table cell. */
export function verdictShort(v: ReportVerdict | null): string {
  if (v === null) return 'not checked';
  if (v.result === 'unsafe') return `UNSAFE: ${v.property ?? '?'} in ${v.steps ?? '?'} operations`;
  if (v.result === 'safe') return 'safe in this universe';
  // A bounded search is no safety claim: it says how far it went, never "safe".
  const depth = /depth (\d+)/.exec(v.bound)?.[1];
  return depth === undefined ? 'no violation within the bound' : `no violation within depth ${depth}`;
}

/** A number as the tables print it: grouped thousands, the column's digits. */
export function formatValue(v: number | string, digits: number): string {
  return typeof v === 'string'
    ? v
    : v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
