/**
 * Dumps that lost their quote markers (web-archive pages of format=flowed
 * mail) show every voice of a reply unquoted. The threader already infers
 * who wrote which line of such a body (src/thread layout: unwrapped lines
 * are the sender's, hard-wrapped blocks under a stack of attributions are
 * the voices it names); writing those depths back as '>' markers lets the
 * body reader see the quotes a reply sits under, as in any other mail.
 *
 *   On .. Ann wrote:                   On .. Ann wrote:
 *   On .. Bob wrote:                   > On .. Bob wrote:
 *   We could pass a flag to     ->     > > We could pass a flag to
 *   No, callers get it wrong.          > No, callers get it wrong.
 */
import { layoutBody } from '../thread/index.js';

export function requoteLostMarkers(body: string): string {
  // Only a body with no marker at all (quoteDepth's: '>' after at most one blank) can have lost them; the cheap test keeps layout off every other body.
  if (/^ ?>/m.test(body) || !/\bwrote:\s*$/m.test(body)) return body;
  const layout = layoutBody(body);
  if (!layout.inferred) return body;
  return layout.lines.map((l) => (l.depth > 0 ? `${'> '.repeat(l.depth)}${l.text}` : l.text)).join('\n');
}
