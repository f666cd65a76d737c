/**
 * Where the sender's own text ends. Outlook-style top-posting puts the whole original mail,
 * unquoted, under "-----Original Message-----" or a "From: ... / Sent: ..." block; its diff and
 * its sign-offs belong to the original author, exactly like `>`-quoted text does.
 */
export function ownLineCount(lines: readonly string[]): number {
  let wroteSomething = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const c = line.charAt(0);
    if (c === '') continue;
    // Only below text of the sender's own: a patch mail may open with git's "From:"/"Date:" lines.
    if (wroteSomething && c === '-' && /^-{3,}\s*Original Message\s*-{3,}/i.test(line)) return i;
    if (wroteSomething && c === 'F' && /^From: \S/.test(line) && /^Sent: \S/.test(lines[i + 1] ?? '')) return i;
    if (c !== '>' && line.trim() !== '') wroteSomething = true;
  }
  return lines.length;
}
