/**
 * Design options: every proposal opens one; support, objections, concerns
 * and questions join the option of the item they answer; review comments
 * join the option of the patch they review. Where an option stood when the
 * thread ended: the last explicit stance on it decides, unless a later
 * proposal answering it came after that stance (superseded).
 */
import type { StoredThread } from '../store/types.js';
import type { RawItem } from './items.js';
import { titleFrom, titleFromSubject } from './title.js';
import type { DesignOption, OptionStatus } from './types.js';

interface Building {
  id: string;
  title: string;
  members: RawItem[];
  supersededBy: string | null;
}

export function buildOptions(thread: StoredThread, items: readonly RawItem[], targets: ReadonlyMap<RawItem, RawItem>, ids: ReadonlyMap<RawItem, string>) {
  const optionOf = new Map<RawItem, string>();
  const building = new Map<string, Building>();
  let n = 0;
  for (const item of items) {
    if (item.kind !== 'proposal') continue;
    const id = `${thread.id}:o${++n}`;
    const title = item.patch ? titleFromSubject(item.message.subject || thread.subject) : titleFrom(item.sentences.join(' '));
    building.set(id, { id, title, members: [item], supersededBy: null });
    optionOf.set(item, id);
  }
  const patchOption = items.find((i) => i.patch);
  const resolve = (item: RawItem): string | null => {
    let at: RawItem | undefined = item;
    for (let hops = 0; at !== undefined && hops < 8; hops++) {
      const own = optionOf.get(at);
      if (own !== undefined && at !== item) return own;
      at = targets.get(at);
    }
    return null;
  };
  for (const item of items) {
    if (item.kind === 'proposal') {
      // A proposal answering another option's item is a counter-proposal: it may supersede it.
      const answered = resolve(item);
      const b = answered !== null ? building.get(answered) : undefined;
      if (b !== undefined) b.supersededBy = optionOf.get(item) ?? null;
      continue;
    }
    const option = item.kind === 'review' && patchOption !== undefined ? (optionOf.get(patchOption) ?? null) : resolve(item);
    if (option === null) continue;
    optionOf.set(item, option);
    building.get(option)?.members.push(item);
  }
  const options: DesignOption[] = [...building.values()].map((b) => {
    const stances = b.members.filter((m) => m.kind === 'support' || m.kind === 'oppose').sort((x, y) => x.seq - y.seq);
    const last = stances[stances.length - 1];
    const supersededAfterStance = b.supersededBy !== null && (last === undefined || last.kind === 'oppose');
    let status: OptionStatus = 'open';
    if (supersededAfterStance) status = 'superseded';
    else if (last?.kind === 'support') status = 'supported';
    else if (last?.kind === 'oppose') status = 'opposed';
    return {
      id: b.id,
      thread: thread.id,
      title: b.title,
      items: b.members.map((m) => ids.get(m) ?? '').filter((s) => s !== ''),
      policy: null,
      status,
      supersededBy: status === 'superseded' ? b.supersededBy : null,
    };
  });
  return { options, optionOf };
}
