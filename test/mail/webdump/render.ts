/**
 * Renders real corpus mail into the text of web-archive pages, the way a browser saves
 * them, so the readers can be checked against the mbox they came from (not a test file).
 * Layouts, from where they were seen:
 * - lore: public-inbox lib/PublicInbox/View.pm (_msg_page_prepare_obuf, eml_entry,
 *   _th_index_lite, skel_dump, fmt_ts = strftime('%Y-%m-%d %k:%M')), and a lore /T/ page
 *   saved as text (lore.kernel.org/lkml/b98b29cf-27d9-49e0-b10b-1848399badfd@kittens.ph/T/).
 * - lkml.iu.edu hypermail: data/seeds and lkml.iu.edu/hypermail/linux/kernel/1509.1/04698.html.
 * - lists.openwall.net: lists.openwall.net/linux-kernel/2015/03/18/835.
 * - lkml.org, marc.info: their pages as they render today (label cells, obfuscated addresses).
 */
import type { ParsedMessage } from '../../../src/mail/types.js';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number): string => String(n).padStart(2, '0');

/** Wall-clock fields of an ISO date with offset, as the sender wrote them. */
function wall(iso: string): { d: Date; zone: string } {
  const m = /([+-])(\d{2}):(\d{2})$/.exec(iso);
  const off = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  return { d: new Date(Date.parse(iso) + off * 60_000), zone: m ? `${m[1]}${m[2]}${m[3]}` : '+0000' };
}

export function rfcDate(iso: string): string {
  const { d, zone } = wall(iso);
  return (
    `${DAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ` +
    `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${zone}`
  );
}

/** lore's fmt_ts: UTC, hour padded with a blank. */
function loreTs(iso: string): string {
  const d = new Date(Date.parse(iso));
  return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())} ${String(d.getUTCHours()).padStart(2, ' ')}:${p2(d.getUTCMinutes())}`;
}

const nameOf = (m: ParsedMessage): string => m.from.name ?? m.from.email ?? '';
/** The From header as the mail had it: a name with specials ("Tian, Kevin") is quoted. */
const quoted = (name: string): string => (/[,;:()<>@"]/.test(name) ? `"${name.replace(/"/g, '\\"')}"` : name);
const fromLine = (m: ParsedMessage): string => (m.from.email ? `${quoted(nameOf(m))} <${m.from.email}>` : nameOf(m));

/** The thread as the mbox import planned it: parent of every key (messages and ghosts). */
export interface Tree {
  parent: ReadonlyMap<string, string | null>;
}

export function lorePages(msgs: readonly ParsedMessage[]): string {
  return msgs
    .map((m) =>
      [
        'help / color / mirror / Atom feed',
        `From: ${fromLine(m)}`,
        'To: linux-kernel@vger.kernel.org',
        `Subject: ${m.subject}`,
        `Date: ${rfcDate(m.date ?? '')}\t[thread overview]`,
        `Message-ID: <${m.messageId ?? ''}> (raw)`,
        // _parent_headers: the In-Reply-To header, else the last References id
        ...((m.inReplyTo[0] ?? m.references.at(-1))
          ? [`In-Reply-To: <${m.inReplyTo[0] ?? m.references.at(-1) ?? ''}>`]
          : []),
        '',
        m.body,
        '',
        `next prev parent reply other threads:[~${loreTs(m.date ?? '')} UTC|newest]`,
        '',
        `Thread overview: ${msgs.length}+ messages / expand[flat|nested]  mbox.gz  Atom feed  top`,
        '',
      ].join('\n'),
    )
    .join('\n');
}

/** A lore /T/ (flat) page: messages by date, each under its little tree. */
export function loreThread(msgs: readonly ParsedMessage[], tree: Tree): string {
  const byKey = new Map(msgs.map((m) => [m.key, m]));
  const level = (k: string): number => {
    let n = 0;
    for (let p = tree.parent.get(k); p; p = tree.parent.get(p)) n++;
    return n;
  };
  const children = (k: string): string[] => msgs.filter((m) => tree.parent.get(m.key) === k).map((m) => m.key);
  const skel = (k: string, withSubject: boolean): string => {
    const l = level(k);
    const pfx = (l > 1 ? '  '.repeat(l - 1) : '') + (l > 0 ? '` ' : '');
    const m = byKey.get(k);
    if (!m) return `     [not found] ${pfx}<${k}>`;
    return `${loreTs(m.date ?? '')} ${pfx}${withSubject ? `${m.subject} ` : ''}${nameOf(m)}`;
  };
  const sorted = [...msgs].sort((a, b) => Date.parse(a.date ?? '') - Date.parse(b.date ?? ''));
  const out: string[] = [`${sorted[0]?.subject ?? ''}`, ' help / color / mirror / Atom feed', ''];
  for (const m of sorted) {
    const parent = tree.parent.get(m.key) ?? null;
    const kids = children(m.key);
    out.push(`* ${m.subject}`);
    if (parent) out.push(`  ${skel(parent, true)}`);
    out.push(`@ ${skel(m.key, false)}`);
    for (const c of kids.slice(0, 2)) out.push(`  ${skel(c, true)}`);
    const sib = parent ? children(parent).length - 1 : 0;
    out.push(
      `  ${sib} sibling${sib === 1 ? '' : 's'}, ${kids.length} repl${kids.length === 1 ? 'y' : 'ies'}; ${msgs.length}+ messages in thread`,
    );
    out.push(
      `From: ${nameOf(m)} @ ${loreTs(m.date ?? '')} UTC (permalink / raw)`,
      '  To: linux-kernel; +Cc: kvm',
      '',
      m.body,
      '',
    );
    out.push(`^ permalink raw reply\t[flat|nested] ${msgs.length}+ messages in thread`);
  }
  out.push(
    'end of thread, other threads:[~2024-05-16  7:50 UTC | newest]',
    '',
    `Thread overview: ${msgs.length}+ messages`,
    '-- links below jump to the message on this page --',
  );
  return out.join('\n') + '\n';
}

export function lkmlOrgPages(msgs: readonly ParsedMessage[]): string {
  return msgs
    .map((m) =>
      [
        'lkml.org ',
        '[lkml]   [2024]   [May]   [9]   [last100]   RSS Feed',
        'Views: [wrap][no wrap]   [headers]  [forward] ',
        'Messages in this thread',
        ...msgs.slice(0, 5).map((o) => `   ${nameOf(o)}`),
        `Date\t${rfcDate(m.date ?? '')}`,
        `From\t${nameOf(m)} <>`,
        `Subject\t${m.subject}`,
        'share ',
        '',
        m.body,
        '',
        '\u00a0',
        'Last update: 2024-05-16 09:12    [W:0.176 / U:0.448 seconds]',
        '©2003-2020 Jasper Spaans|hosted at Digital Ocean and TransIP|Read the blog|Advertise on this site',
        '',
      ].join('\n'),
    )
    .join('\n');
}

export function marcPages(msgs: readonly ParsedMessage[]): string {
  const ob = (s: string): string => s.replace(/@(.*)$/, (_, d: string) => ` () ${d.replace(/\./g, ' ! ')}`);
  return msgs
    .map((m) => {
      const d = new Date(Date.parse(m.date ?? ''));
      const when = `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
      return [
        '[prev in list] [next in list] [prev in thread] [next in thread] ',
        '',
        'List:       linux-kernel',
        `Subject:    ${m.subject}`,
        `From:       ${quoted(nameOf(m))} <${ob(m.from.email ?? '')}>`,
        `Date:       ${when}`,
        `Message-ID: ${ob(m.messageId ?? '')}`,
        '[Download RAW message or body]',
        '',
        m.body,
        '',
        '[prev in list] [next in list] [prev in thread] [next in thread] ',
        '',
        'Configure | About | News | Add a list | Sponsored by KoreLogic',
        '',
      ].join('\n');
    })
    .join('\n');
}

/** lkml.iu.edu prints New York wall time and calls it "EST". */
function hypermailDate(iso: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: 'America/New_York',
    weekday: 'short',
    month: 'short',
    day: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(Date.parse(iso)));
  const f = (t: string): string => parts.find((p) => p.type === t)?.value ?? '';
  return `${f('weekday')} ${f('month')} ${f('day')} ${f('year')} - ${f('hour')}:${f('minute')}:${f('second')} EST`;
}

export function hypermailPages(msgs: readonly ParsedMessage[], tree: Tree): string {
  const byKey = new Map(msgs.map((m) => [m.key, m]));
  return msgs
    .map((m) => {
      const parent = byKey.get(tree.parent.get(m.key) ?? '');
      return [
        m.subject,
        '',
        `From: ${nameOf(m)}`,
        `Date: ${hypermailDate(m.date ?? '')}`,
        '',
        `    Next message: ${nameOf(msgs[0] ?? m)}: "${msgs[0]?.subject ?? ''}"`,
        ...(parent ? [`    In reply to: ${nameOf(parent)}: "${parent.subject}"`] : []),
        '    Messages sorted by: [ date ] [ thread ] [ subject ] [ author ]',
        '',
        m.body,
        '',
        '    Messages sorted by: [ date ] [ thread ] [ subject ] [ author ]',
        '',
      ].join('\n');
    })
    .join('\n');
}

export function openwallPages(msgs: readonly ParsedMessage[]): string {
  const cut = (e: string): string => e.replace(/@(.)(.)(.)/, '@...');
  return msgs
    .map((m) =>
      [
        '[<prev] [next>] [<thread-prev] [thread-next>] [day] [month] [year] [list]',
        `Message-ID: <${m.messageId ?? ''}>`,
        `Date: ${rfcDate(m.date ?? '')}`,
        `From: ${quoted(nameOf(m))} <${cut(m.from.email ?? '')}>`,
        'To: linux-kernel@...r.kernel.org,',
        'Andrew Morton <akpm@...ux-foundation.org>',
        `Subject: ${m.subject}`,
        '',
        m.body,
        '',
        'Powered by blists - more mailing lists',
        '',
      ].join('\n'),
    )
    .join('\n');
}
