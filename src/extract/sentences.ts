/**
 * Sentence splitting for mail prose. Kernel mail breaks the usual rules:
 * "e.g. .map_sync", "ie flush", "area->pages", "foo()." and "0.5" must not
 * end a sentence; a lower-case word after "?" often starts one ("Do we need
 * that? the enforced could be ...").
 */
const ABBREVIATIONS = /(?:\b(?:e\.g|i\.e|etc|vs|cf|approx|resp|incl|esp|Dr|Mr|Ms|Mrs|St|Fig|al)\.|\b[A-Z]\.)$/i;

export interface Sentence {
  readonly text: string;
  readonly start: number;
}

// What replacing the regex "blanks, a line break, blanks" (\s*\n\s*, global) by a space gives,
// in linear time: each run of blanks that holds a line break becomes one space. The regex
// retried from every blank of a long run without a line break, each try scanning the rest
// of the run: quadratic (a 400 KB run of spaces stalled `export --json` for minutes,
// reliability review H45/H46).
export function joinLines(passage: string): string {
  return passage.replace(/\s+/g, (run) => (run.includes('\n') ? ' ' : run));
}

/** Split one passage into sentences; line breaks inside a sentence become spaces. */
export function splitSentences(passage: string): Sentence[] {
  const text = joinLines(passage);
  const out: Sentence[] = [];
  let start = 0;
  const re = /[.?!]+(?=\s+\S)/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const end = m.index + m[0].length;
    const before = text.slice(start, end);
    const next = text.slice(end).trimStart();
    if (m[0].startsWith('.') && m[0].length === 1) {
      if (ABBREVIATIONS.test(before)) continue;
      // "... e.g. .map_sync": a following '.' or digit or ')' belongs to this sentence
      if (/^[.\d),;]/.test(next)) continue;
      // lower-case continuation after '.' is usually an identifier or a wrapped "etc." line
      if (/^[a-z_]/.test(next) && !/^(?:but|and|so|then|also|however)\b/.test(next)) continue;
    }
    out.push({ text: before.trim(), start });
    start = end;
  }
  const rest = text.slice(start).trim();
  if (rest !== '') out.push({ text: rest, start });
  return out.filter((s) => s.text !== '');
}
