import { oneLine } from '../display.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text for HTML element content or a quoted attribute: markup characters as
 * entities, control and bidi characters made visible (src/display.ts), so mail
 * can neither add markup to the report nor reorder what it shows.
 */
export function escapeHtml(text: string): string {
  return oneLine(text).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}
