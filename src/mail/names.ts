/**
 * People: the one module that reads and compares names, for headers, attribution lines,
 * threading and extraction.
 *   cleanName    the display name (and address) in "\"Tian, Kevin\" <kevin.tian@intel.com>" -> Kevin Tian
 *   nameTokens   the identity of a name for comparing ("Tian, Kevin" == "Kevin Tian" == "Kevin Tian via iommu")
 *   sameAuthor   two addresses name one person; personKey: one key per person, for maps
 *
 * Quote marks around a display name versus apostrophes inside it.
 *
 *   "\"Oliver O'Halloran\" <oohall@gmail.com>"  -> Oliver O'Halloran   (the name keeps its apostrophe)
 *   "'Jason Gunthorpe'"                         -> Jason Gunthorpe     (quotes around it go)
 *
 * An apostrophe is a ' (or the typographic ’, or the modifier letter ʼ) with a letter on
 * both sides; every other single or double quote mark is punctuation around the name.
 */

import type { Address } from './types.js';

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

/** "Tian, Kevin" -> "Kevin Tian"; "Russell King - ARM Linux" -> "Russell King"; drops quotes, "<mail>", " via list". */
export function cleanName(raw: string): { name: string | null; email: string | null } {
  // Outlook's "iommu <iommu-bounces@..> On Behalf Of David Stevens": the list relayed it, the person wrote it.
  let s = (/\sOn Behalf Of\s+(\S.*)$/i.exec(raw)?.[1] ?? raw).trim();
  let email: string | null = null;
  // Outlook writes the address as "Marc Zyngier [mailto:maz@kernel.org]".
  const angle =
    /<([^<>\s]+@[^<>\s]+)>/.exec(s) ?? /\(([^()\s]+@[^()\s]+)\)/.exec(s) ?? /\[mailto:([^[\]\s]+@[^[\]\s]+)\]/i.exec(s);
  if (angle !== null) {
    email = angle[1] ?? null;
    s = s.replace(angle[0], ' ');
  } else if (/^\S+@\S+$/.test(s)) {
    return { name: null, email: s };
  } else {
    // Zimbra's attribution writes the address bare after the name: "Jann Horn jannh@google.com".
    const bare = /\s([^\s@<>()[\]]+@[^\s@<>()[\]]+\.\w+)$/.exec(s);
    if (bare !== null) {
      email = bare[1] ?? null;
      s = s.slice(0, bare.index);
    }
  }
  // An affiliation after the name ("Russell King (Oracle)") is not part of it: attribution lines write the bare name.
  s = stripNameQuotes(s)
    .replace(/\s+via\s+\S+\s*$/i, '')
    .replace(/\s+-\s+.*$/, '')
    .replace(/\s*\([^()@]*\)\s*$/, '')
    // ... and so is a department in brackets ("Merger, Edgar [AUTOSOL/MAS/AUGS]").
    .replace(/\s*\[[^[\]@]*\]\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
  const lastFirst = /^([^\s,]+),\s*([^\s,]+(?:\s[^\s,]+)?)$/.exec(s);
  if (lastFirst !== null) s = `${lastFirst[2]} ${lastFirst[1]}`;
  return { name: s === '' ? null : s, email };
}

/*
 * Author identity across the ways mail spells one person:
 * "Tian, Kevin" (Outlook), "Kevin Tian", "Jason Gunthorpe via iommu" (DMARC munging by mailman),
 * "Russell King - ARM Linux" (a display name with an affiliation), "Zhao, Yan Y" (a middle initial).
 */
/**
 * Tokens of names already seen: a list archive has a few thousand authors but threading
 * asks about them hundreds of thousands of times (every candidate comparison). Bounded so a
 * hostile archive of unique names cannot grow it without limit. Callers must not mutate.
 */
const tokenCache = new Map<string, readonly string[]>();
const TOKEN_CACHE_MAX = 100_000;

/** Canonical token list of a display name: lower case, "Last, First" flipped, affiliations and initials dropped. */
export function nameTokens(name: string | null | undefined): readonly string[] {
  if (!name) return [];
  const known = tokenCache.get(name);
  if (known !== undefined) return known;
  if (tokenCache.size >= TOKEN_CACHE_MAX) tokenCache.clear();
  const tokens = computeTokens(name);
  tokenCache.set(name, tokens);
  return tokens;
}

function computeTokens(name: string): string[] {
  let n = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  // "O'Brien", "O’Brien" and "OBrien" are one token; other quote marks only surround the name.
  n = foldApostrophes(n.replace(/<[^>]*>/g, ' ').replace(/\([^)]*\)/g, ' ')).replace(/["'’]/g, ' ');
  // DMARC rewriting by mailman: "X via iommu" -> "X".
  n = n.replace(/\s+via\s+\S+\s*$/i, '');
  // An affiliation after a dash: "Russell King - ARM Linux".
  n = n.replace(/\s+-\s+.*$/, '');
  const comma = n.indexOf(',');
  if (comma > 0) n = `${n.slice(comma + 1)} ${n.slice(0, comma)}`;
  return n
    .toLowerCase()
    .split(/[\s.,]+/)
    .filter((t) => t.length > 1 && !/@/.test(t));
}

/** Normalised display name ("kevin tian"), '' when there is none. */
export function normalizeName(name: string | null | undefined): string {
  return nameTokens(name).join(' ');
}

function emailKey(email: string | null | undefined): string | null {
  if (!email) return null;
  const e = email.trim().toLowerCase();
  return e.includes('@') ? e : null;
}

/**
 * Whether two addresses name the same person: equal e-mail, or the shorter
 * name's tokens (at least two, or the whole single-token name) all appear in the longer one.
 */
export function sameAuthor(a: Address, b: Address): boolean {
  const ea = emailKey(a.email);
  const eb = emailKey(b.email);
  if (ea && eb && ea === eb) return true;
  const ta = nameTokens(a.name);
  const tb = nameTokens(b.name);
  if (ta.length === 0 || tb.length === 0) {
    // A bare e-mail on one side: compare its local part with the other's name tokens joined.
    const local = (ea ?? eb)?.split('@')[0]?.replace(/[^a-z]/g, '');
    const toks = ta.length ? ta : tb;
    return !!local && toks.length > 0 && local === toks.join('');
  }
  const [short, long] = ta.length <= tb.length ? [ta, tb] : [tb, ta];
  if (short.length === 1 && long.length > 1) return false;
  const set = new Set(long);
  return short.every((t) => set.has(t));
}

/** "Tian, Kevin" == "Kevin Tian"; case and punctuation ignored. */
const keys = new Map<string, string | null>();
export function personKey(name: string | null): string | null {
  if (name === null) return null;
  const known = keys.get(name);
  if (known !== undefined) return known;
  const clean = cleanName(name).name;
  const key =
    clean === null
      ? null
      : clean
          .toLowerCase()
          .replace(/[^\p{L}\p{N} ]/gu, '')
          .split(/\s+/)
          .filter(Boolean)
          .sort()
          .join(' ');
  // People are few; names are short. The table is bounded all the same.
  if (keys.size > 10000) keys.clear();
  keys.set(name, key);
  return key;
}
