/**
 * File names as diff headers write them: git's "a/x b/x" pair (names with spaces), the
 * "---"/"+++" lines (timestamps, /dev/null), the a/ b/ prefixes, git's C-style quoting.
 * For the scanner in diff.ts.
 */
/** "a/x/y.c b/x/y.c" -> ["x/y.c", "x/y.c"]; handles names with spaces when both sides agree. */
export function gitDiffNames(rest: string): [string, string] | null {
  if (rest.startsWith('"')) {
    const m = /^"((?:[^"\\]|\\.)*)" "?(.*?)"?$/.exec(rest);
    return m ? [stripPrefix(unquote(`"${m[1] ?? ''}"`)), stripPrefix(m[2] ?? '')] : null;
  }
  // The two halves are usually identical: try the split that makes them equal first.
  const half = (rest.length - 1) / 2;
  if (Number.isInteger(half) && rest.charAt(half) === ' ') {
    const a = stripPrefix(rest.slice(0, half));
    const b = stripPrefix(rest.slice(half + 1));
    if (a === b) return [a, b];
  }
  const m = /^(\S+) (\S+)$/.exec(rest) ?? /^(.+?) ([a-z0-9]\/.+)$/.exec(rest);
  return m ? [stripPrefix(m[1] ?? ''), stripPrefix(m[2] ?? '')] : null;
}

/** Name on a "---"/"+++" line without timestamp and a/ b/ prefix; null for /dev/null. */
export function headerName(raw: string): string | null {
  const name = unquote(raw.split('\t')[0]?.trim() ?? '').replace(
    /\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? [+-]\d{4}$/,
    '',
  );
  if (name === '/dev/null') return null;
  return stripPrefix(name);
}

export function stripPrefix(name: string): string {
  return name.replace(/^[abciow12]\//, '');
}

/** git quotes unusual names C-style: "a/caf\303\251.c". */
export function unquote(s: string): string {
  if (!(s.startsWith('"') && s.endsWith('"') && s.length >= 2)) return s;
  const bytes: number[] = [];
  const body = s.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const ch = body.charAt(i);
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'utf8'));
      continue;
    }
    const next = body.charAt(++i);
    const oct = /^[0-7]{3}/.exec(body.slice(i));
    if (oct) {
      bytes.push(parseInt(oct[0], 8));
      i += 2;
      continue;
    }
    const esc: Record<string, number> = { n: 10, t: 9, '"': 34, '\\': 92 };
    bytes.push(esc[next] ?? next.charCodeAt(0));
  }
  return Buffer.from(bytes).toString('utf8');
}
