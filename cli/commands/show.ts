/** `threadlab show THREAD|MESSAGE`: a thread as a tree with bodies and patches, or one message. */
import { dbPath, parse, printJson } from '../args.js';
import { oneLine, writeOut } from '../out.js';
import { UserError } from '../../src/errors.js';
import {
  contractMessage,
  contractThread,
  loadThread,
  openStore,
  resolveRef,
  type StoredMessage,
} from '../../src/store/index.js';

const HELP = `usage: threadlab show THREAD|MESSAGE [--json] [--db PATH]

THREAD is a thread id (see \`threadlab threads\`); MESSAGE is a message key or a
Message-ID (with or without <>). A thread prints as a reply tree, then every
message with its body and patch (files, +/- lines, hunks). A message prints alone,
with its parent and replies named.

  --json      a thread: { "thread": { id, subject, messages: [ ...contract fields, body ] } }
              a message: { "message": { ...contract fields, body, threadId, replies: [keys] } }
  --db PATH   database (default $THREADLAB_DB, else $XDG_DATA_HOME/threadlab/threadlab.db)`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse('show', argv, {
    db: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help === true) {
    writeOut(HELP + '\n');
    return 0;
  }
  const ref = positionals[0];
  if (ref === undefined || positionals.length > 1)
    throw new UserError('show: give one THREAD or MESSAGE (try: threadlab show --help)', 2);
  const db = openStore(dbPath(values.db), { readonly: true });
  try {
    const where = resolveRef(db, ref);
    if (where === null) throw new UserError(`show: no thread or message '${ref}' in the database`);
    const thread = loadThread(db, where.threadId);
    const depth = depths(thread.messages);
    if (where.messageKey !== null) {
      const m = thread.messages.find((x) => x.key === where.messageKey);
      if (m === undefined) throw new UserError(`show: message '${ref}' is not in its thread`);
      const replies = thread.messages.filter((x) => x.parent === m.key).map((x) => x.key);
      if (values.json === true) printJson({ message: { ...contractMessage(m, true), threadId: thread.id, replies } });
      else {
        writeOut(`thread: ${oneLine(thread.subject)} (${thread.id})\n`);
        if (m.parent !== null) writeOut(`in reply to: ${m.parent}\n`);
        writeOut(renderMessage(m) + (replies.length > 0 ? `\nreplies: ${replies.join(', ')}\n` : ''));
      }
      return 0;
    }
    if (values.json === true) {
      printJson({ thread: contractThread(thread, true) });
      return 0;
    }
    const out: string[] = [
      oneLine(thread.subject),
      `thread ${thread.id}, ${thread.messages.filter((m) => !m.ghost).length} messages`,
      '',
    ];
    for (const m of thread.messages) out.push(`${'  '.repeat(depth.get(m.key) ?? 0)}${headline(m)}`);
    for (const m of thread.messages) if (!m.ghost) out.push('', '─'.repeat(72), renderMessage(m));
    writeOut(out.join('\n') + '\n');
    return 0;
  } finally {
    db.close();
  }
}

function depths(messages: readonly StoredMessage[]): Map<string, number> {
  // Parents come before children, so one pass suffices.
  const d = new Map<string, number>();
  for (const m of messages) d.set(m.key, m.parent === null ? 0 : (d.get(m.parent) ?? -1) + 1);
  return d;
}

function who(m: StoredMessage): string {
  return oneLine(m.author.name ?? m.author.email ?? '(unknown)');
}

function headline(m: StoredMessage): string {
  if (m.ghost) return `[missing] <${m.messageId ?? m.key}>`;
  const flags = [
    m.reconstructed ? 'reconstructed' : null,
    m.patch === null ? null : `patch +${m.patch.added}/-${m.patch.deleted}`,
  ].filter((x) => x !== null);
  return `${(m.date ?? '').slice(0, 16).replace('T', ' ')} ${who(m)}: ${oneLine(m.subject)}${flags.length > 0 ? ` [${flags.join(', ')}]` : ''}`;
}

function renderMessage(m: StoredMessage): string {
  const head = [
    `From: ${who(m)}${m.author.email !== null && m.author.name !== null ? ` <${oneLine(m.author.email)}>` : ''}`,
    `Date: ${oneLine(m.date ?? '(none)')}`,
    `Subject: ${oneLine(m.subject)}`,
    `Key: ${m.key}${m.reconstructed ? ' (reconstructed from quotes)' : ''}`,
    `Source: ${oneLine(m.source.file)}${m.source.offset === null ? '' : `@${m.source.offset}`}`,
  ];
  const lines = [...head, '', m.body.trimEnd()];
  if (m.patch !== null) {
    lines.push('', `patch: ${m.patch.files.length} files, +${m.patch.added} / -${m.patch.deleted}`);
    for (const f of m.patch.files) {
      lines.push(`  ${oneLine(f.path)} +${f.added} -${f.deleted}`);
      for (const h of f.hunks) lines.push(`    ${oneLine(h.header)}`);
    }
  }
  return lines.join('\n');
}
