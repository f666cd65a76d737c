/**
 * Code identifiers a sentence mentions: calls (`unpin_user_pages()`), member
 * chains (`area->pages->cache_flush_required`, `.map_sync`), snake_case names
 * and FLAGS, `struct foo`. Prose words and emphasis (`_only_`) are not.
 */
const PATTERNS: readonly RegExp[] = [
  /\bstruct\s+[A-Za-z_]\w*/g,
  /(?<![\w.>-])[A-Za-z_]\w*(?:(?:->|\.)[A-Za-z_]\w*)*(?:->)[A-Za-z_]\w*(?:\(\))?/g,
  /(?<![\w.])[A-Za-z_]\w*\(\)/g,
  /(?<=^|[\s("'])\.[a-z_]\w*(?:\/\.[a-z_]\w*)?/g,
  /(?<![\w])[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]*[A-Za-z0-9](?![\w])/g,
];

export function findIdentifiers(text: string): string[] {
  const found: { at: number; id: string }[] = [];
  for (const re of PATTERNS) {
    for (const m of text.matchAll(re)) {
      const id = m[0].replace(/\(\)$/, '').replace(/^struct\s+/, 'struct ');
      found.push({ at: m.index ?? 0, id });
    }
  }
  found.sort((a, b) => a.at - b.at);
  const seen = new Set<string>();
  const out: string[] = [];
  for (const { id } of found) {
    // "iopt_area_fill_domain" is inside "iopt_area_fill_domain()": keep the longest, once.
    if (seen.has(id) || out.some((o) => o.includes(id))) continue;
    seen.add(id);
    out.push(id);
  }
  return out;
}
