/**
 * Quote marks around a display name versus apostrophes inside it.
 *
 *   "\"Oliver O'Halloran\" <oohall@gmail.com>"  -> Oliver O'Halloran   (the name keeps its apostrophe)
 *   "'Jason Gunthorpe'"                         -> Jason Gunthorpe     (quotes around it go)
 *
 * An apostrophe is a ' (or the typographic ’, or the modifier letter ʼ) with a letter on
 * both sides; every other single or double quote mark is punctuation around the name.
 */

const QUOTE_NOT_APOSTROPHE = /"|(?<!\p{L})['’ʼ]|['’ʼ](?!\p{L})/gu;
const APOSTROPHE = /(?<=\p{L})['’ʼ](?=\p{L})/gu;

/** Drops the quote marks around a name and keeps the apostrophes inside it. */
export function stripNameQuotes(s: string): string {
  return s.replace(QUOTE_NOT_APOSTROPHE, '');
}

/**
 * For comparing names only, never for showing them: "O'Brien", "O’Brien" and "OBrien" are
 * one person (mail clients and list software drop or replace the apostrophe).
 */
export function foldApostrophes(s: string): string {
  return s.replace(APOSTROPHE, '');
}
