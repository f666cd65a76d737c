/**
 * threadMessages: parents and threads for every message in the database.
 *
 * 1. Reconstructed voices that duplicate a real message (same author and time, or their
 *    words are its own words) are merged into it (copies.ts).
 * 2. Headers: JWZ over Message-ID / In-Reply-To / References with ghosts for missing ids,
 *    using notmuch's parent rule (a single In-Reply-To, else the last References id).
 * 3. Messages without usable headers: their attribution line (author + time), then the
 *    text they quote, then the reader's hint (a Patchwork comment answers the patch).
 * Subject matching only produces "loose" suggestions, on request.
 */
import { isSaneMessageId } from '../mail/ids.js';
import { mergeVoices, subjectIndex } from './copies.js';
import { byAttribution, byQuotes, hinted, Reply } from './headerless.js';
import { AuthorIndex, OwnTextIndex, baseSubject, instantOf, isReplySubject } from './match.js';
import { sameAuthor } from '../mail/names.js';
import { ParentTable } from './tree.js';
import type { ThreadInput, ThreadPlan } from './types.js';

/** Ids as threading may trust them: no brackets, no blanks, something@something, not the message itself. */
function cleanIds(ids: readonly string[], self: string | null): string[] {
  const out: string[] = [];
  // A Set, not out.includes: one hostile References header holds 80,000 ids (quadratic).
  const seen = new Set<string>();
  for (const raw of ids) {
    // src/mail/ids.ts already filters; this only guards against what a DB row might still hold.
    const id = raw.charCodeAt(0) === 60 ? raw.replace(/^<|>$/g, '') : raw;
    if (id === self || !isSaneMessageId(id)) continue;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(id);
  }
  return out;
}

export interface ThreadOptions {
  /** Offer subject-based suggestions (never applied). */
  readonly loose?: boolean;
  /** Called between stages, when their scratch data is garbage (the importer reclaims memory there). */
  readonly betweenStages?: () => void;
  /**
   * Messages threaded before, whose verdict stands: they are candidates (authors, words,
   * parents) for the others but are not placed again. An incremental re-thread passes the
   * rest of the database so; see src/import/incremental.ts for why their verdicts stand.
   */
  readonly fixed?: ReadonlyMap<string, FixedPlacement>;
  /** With `fixed`: how many archived messages the whole database files under a name token (see AuthorIndex). */
  readonly authorCount?: (token: string) => number;
  /** The body of an input marked `worded` (read when its words are weighed, not carried). */
  readonly textOf?: (key: string) => string | undefined;
}

export interface FixedPlacement {
  readonly parent: string | null;
  /** A voice merged into a real message by author and time or by its words (mergeVoices), not by its quoter. */
  readonly mergedByWords: string | null;
}

export function threadMessages(msgs: readonly ThreadInput[], opts: ThreadOptions = {}): ThreadPlan {
  const between = opts.betweenStages ?? ((): void => undefined);
  const fixed = opts.fixed ?? new Map<string, FixedPlacement>();
  const byKey = new Map<string, ThreadInput>();
  for (const m of msgs) if (!byKey.has(m.key)) byKey.set(m.key, m);
  const all = [...byKey.values()];
  const real = all.filter((m) => !m.reconstructed);
  const idToKey = new Map<string, string>();
  for (const m of real) if (m.messageId && !idToKey.has(m.messageId)) idToKey.set(m.messageId, m.key);

  // Indexes only header-less mail and voices need: built on first use, so header-only databases skip them.
  let authorIndex: AuthorIndex | null = null;
  const authors = (): AuthorIndex => {
    if (!authorIndex) {
      authorIndex = new AuthorIndex(opts.authorCount);
      for (const m of real) authorIndex.add(m);
    }
    return authorIndex;
  };
  let ownIndex: OwnTextIndex | null = null;
  const own = (): OwnTextIndex => {
    if (!ownIndex) {
      ownIndex = new OwnTextIndex(opts.textOf);
      for (const m of all) ownIndex.add(m);
    }
    return ownIndex;
  };

  // Archived mail with text, by subject: what an unnamed voice its quoter re-wrapped is matched against.
  const sameSubject = subjectIndex(real);
  const merged = mergeVoices(
    all.filter((m) => m.reconstructed && !fixed.has(m.key)),
    authors,
    own,
    byKey,
    sameSubject,
    opts.textOf,
  );
  const byWords = new Set(merged.keys());
  for (const [key, f] of fixed) if (f.mergedByWords !== null) merged.set(key, f.mergedByWords);
  between();
  const resolve = (key: string): string => merged.get(key) ?? key;

  const table = new ParentTable();
  const ghosts = new Map<string, string>();
  const keyOfId = (id: string): string => {
    const k = idToKey.get(id);
    if (k) return k;
    if (!ghosts.has(id)) {
      ghosts.set(id, id);
      table.ensure(id);
    }
    return id;
  };
  for (const m of all) table.ensure(m.key);
  for (const [key, f] of fixed) if (f.parent !== null) table.parent.set(key, f.parent);

  // 2. Headers.
  const headerless: ThreadInput[] = [];
  for (const m of real) {
    if (fixed.has(m.key)) continue;
    const refs = cleanIds(m.references, m.messageId);
    const irt = cleanIds(m.inReplyTo, m.messageId);
    if (refs.length === 0 && irt.length === 0) {
      headerless.push(m);
      continue;
    }
    // JWZ: the References chain also tells the parents of missing (ghost) messages.
    for (let i = 1; i < refs.length; i++) {
      const id = refs[i] ?? '';
      if (idToKey.has(id)) continue;
      const g = keyOfId(id);
      if (!table.has(g)) table.link(g, keyOfId(refs[i - 1] ?? ''));
    }
    const order = irt.length === 1 ? [irt[0] ?? '', ...refs.slice().reverse()] : [...refs.slice().reverse(), ...irt];
    for (const id of order) if (table.link(m.key, keyOfId(id))) break;
  }

  between();
  // 3. No headers: attribution, quoted text, hint.
  const voiceAuthors = new AuthorIndex();
  for (const m of all) if (m.reconstructed && !merged.has(m.key)) voiceAuthors.add(m);
  const realAuthors = headerless.length > 0 ? authors() : new AuthorIndex();
  const sorted = headerless.slice().sort((a, b) => (instantOf(a.date) ?? 0) - (instantOf(b.date) ?? 0));
  for (const m of sorted) {
    // A parent the source page shows outright beats any inference from the words.
    const firm = m.parentHintFirm === true ? hinted(m, byKey, resolve) : null;
    const reply = firm === null && m.body ? new Reply(m.body) : null;
    const p =
      firm ??
      (reply && (byAttribution(m, reply, realAuthors, voiceAuthors, own) ?? byQuotes(m, reply, byKey, own))) ??
      hinted(m, byKey, resolve);
    if (p) table.link(m.key, resolve(p));
  }
  // A voice is the words of the mail its quoter answers. Where that parent is a ghost, the
  // voice stands in for it (the quoted words stay in the thread); where it is a real mail by
  // the same (or an unnamed) author, the voice is a copy of it.
  between();
  const quoter = new Map<string, string>();
  for (const m of all) if (m.parentHint && !quoter.has(m.parentHint)) quoter.set(m.parentHint, resolve(m.key));
  for (const v of all) {
    if (!v.reconstructed || merged.has(v.key) || fixed.has(v.key)) continue;
    const q = quoter.get(v.key);
    const qp = q ? table.parent.get(q) : null;
    if (!q || !qp || qp === v.key) continue;
    if (ghosts.has(qp)) {
      table.parent.set(q, null);
      if (!table.link(q, v.key)) {
        table.link(q, qp);
        continue;
      }
      const up = table.parent.get(qp);
      if (up) table.link(v.key, up);
    } else if (!byKey.get(qp)?.reconstructed) {
      const p = byKey.get(qp);
      if (p && (!v.from.name && !v.from.email ? true : sameAuthor(p.from, v.from))) merged.set(v.key, qp);
    }
  }
  for (const m of all) {
    if (!m.reconstructed || merged.has(m.key) || table.has(m.key) || fixed.has(m.key)) continue;
    const hint = m.parentHint ? resolve(m.parentHint) : null;
    if (hint && byKey.has(hint)) table.link(m.key, hint);
  }
  // A merged voice sits where its real message sits.
  for (const [voice, realKey] of merged) {
    if (fixed.has(voice)) continue;
    const up = table.parent.get(realKey);
    if (up) table.link(voice, up);
  }

  const roots = table.roots();
  for (const [voice, realKey] of merged) roots.set(voice, roots.get(realKey) ?? realKey);
  const loose = opts.loose ? looseSuggestions(real, table) : [];
  return {
    parent: table.parent,
    thread: roots,
    ghosts: [...ghosts.keys()].map((id) => ({ key: id, messageId: id })),
    merged,
    mergedByWords: byWords,
    loose,
  };
}

/** Roots whose subject says "Re:" and an earlier message carries the same subject: a suggestion, not a link. */
function looseSuggestions(real: readonly ThreadInput[], table: ParentTable): { key: string; parent: string }[] {
  const first = new Map<string, ThreadInput>();
  const byTime = real.slice().sort((a, b) => (instantOf(a.date) ?? 0) - (instantOf(b.date) ?? 0));
  const out: { key: string; parent: string }[] = [];
  for (const m of byTime) {
    const base = baseSubject(m.subject);
    if (!base) continue;
    const earlier = first.get(base);
    if (earlier && isReplySubject(m.subject) && table.parent.get(m.key) == null)
      out.push({ key: m.key, parent: earlier.key });
    if (!earlier) first.set(base, m);
  }
  return out;
}
