/**
 * Web-archive text dumps (what a browser saves from lkml.iu.edu or a Patchwork patch
 * page): no RFC 5322 headers, so these readers produce ParsedMessages directly.
 */
import type { ImportWarning } from '../../errors.js';
import type { ParsedMessage } from '../types.js';
import { looksLikeHypermail, parseHypermail } from './hypermail.js';
import { looksLikePatchwork, parsePatchwork } from './patchwork.js';

export type WebDumpFormat = 'hypermail' | 'patchwork';

/** Which dump `text` is, or null when it is neither. Patchwork is checked first: its comments can look like mail. */
export function detectWebDump(text: string): WebDumpFormat | null {
  if (text.length === 0 || text.includes('\u0000')) return null;
  if (looksLikePatchwork(text)) return 'patchwork';
  if (looksLikeHypermail(text)) return 'hypermail';
  return null;
}

export function parseWebDump(text: string, file: string, format: WebDumpFormat):
  { messages: ParsedMessage[]; warnings: ImportWarning[] } {
  return format === 'patchwork' ? parsePatchwork(text, file) : parseHypermail(text, file);
}
