/**
 * The schema as forward-only migrations: migration i takes `PRAGMA user_version`
 * from i to i + 1. Never edit a released migration; append a new one.
 *
 * The database is an index that can be rebuilt from the archives (each message
 * keeps its source file and byte offset), the way public-inbox treats its
 * SQLite overview.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: messages, threading, patches, series, FTS, warnings, checkpoints, caches.
  `
  CREATE TABLE messages (
    id            INTEGER PRIMARY KEY,
    key           TEXT NOT NULL UNIQUE,
    message_id    TEXT,                      -- normalised Message-ID, no brackets; NULL when the source had none
    in_reply_to   TEXT NOT NULL,             -- JSON array of ids, as parsed
    refs          TEXT NOT NULL,             -- JSON array of ids, as parsed
    subject       TEXT NOT NULL,
    from_name     TEXT,
    from_email    TEXT,
    date          TEXT,                      -- ISO 8601 with the sender's offset
    date_ms       INTEGER,                   -- the same instant, for sorting
    body          TEXT NOT NULL,
    attachments   TEXT NOT NULL,             -- JSON array of TextAttachment
    source_file   TEXT NOT NULL,
    source_offset INTEGER,
    format        TEXT NOT NULL,
    content_hash  TEXT NOT NULL,
    reconstructed INTEGER NOT NULL,
    parent_hint   TEXT,
    series        TEXT,                      -- JSON SeriesTag or NULL
    change_id     TEXT,
    warnings      TEXT NOT NULL,             -- JSON array of ImportWarning found while decoding
    parent_key    TEXT,                      -- set by threading
    thread_id     TEXT,                      -- set by threading; NULL until the first re-thread
    merged_into   TEXT                       -- reconstructed voice found to be this real message
  );
  CREATE INDEX messages_by_message_id ON messages(message_id);
  CREATE INDEX messages_by_thread ON messages(thread_id);

  CREATE TABLE ghosts (
    key         TEXT PRIMARY KEY,
    message_id  TEXT NOT NULL,
    parent_key  TEXT,
    thread_id   TEXT NOT NULL
  );
  CREATE INDEX ghosts_by_thread ON ghosts(thread_id);

  CREATE TABLE threads (
    id            TEXT PRIMARY KEY,
    subject       TEXT NOT NULL,
    root_key      TEXT NOT NULL,
    messages      INTEGER NOT NULL,
    reconstructed INTEGER NOT NULL,
    people        TEXT NOT NULL,             -- JSON array of names, first appearance first
    first         TEXT,
    last          TEXT,
    last_ms       INTEGER
  );
  CREATE INDEX threads_by_last ON threads(last_ms);

  CREATE TABLE patches (
    id               INTEGER PRIMARY KEY,
    message          INTEGER NOT NULL UNIQUE REFERENCES messages(id) ON DELETE CASCADE,
    origin           TEXT NOT NULL,
    added            INTEGER NOT NULL,
    deleted          INTEGER NOT NULL,
    diffstat_files   INTEGER,
    diffstat_added   INTEGER,
    diffstat_deleted INTEGER
  );
  CREATE TABLE patch_files (
    id       INTEGER PRIMARY KEY,
    patch    INTEGER NOT NULL REFERENCES patches(id) ON DELETE CASCADE,
    ord      INTEGER NOT NULL,
    path     TEXT NOT NULL,
    old_path TEXT,
    status   TEXT,                           -- added / deleted / renamed / copied; NULL = modified
    binary   INTEGER NOT NULL,
    added    INTEGER NOT NULL,
    deleted  INTEGER NOT NULL
  );
  CREATE INDEX patch_files_by_patch ON patch_files(patch);
  CREATE INDEX patch_files_by_path ON patch_files(path);
  CREATE TABLE hunks (
    id        INTEGER PRIMARY KEY,
    file      INTEGER NOT NULL REFERENCES patch_files(id) ON DELETE CASCADE,
    ord       INTEGER NOT NULL,
    header    TEXT NOT NULL,
    section   TEXT,
    old_start INTEGER NOT NULL,
    old_lines INTEGER NOT NULL,
    new_start INTEGER NOT NULL,
    new_lines INTEGER NOT NULL,
    added     INTEGER NOT NULL,
    deleted   INTEGER NOT NULL
  );
  CREATE INDEX hunks_by_file ON hunks(file);

  CREATE TABLE trailers (
    id      INTEGER PRIMARY KEY,
    message INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    ord     INTEGER NOT NULL,
    kind    TEXT NOT NULL,
    name    TEXT,
    email   TEXT,
    raw     TEXT NOT NULL
  );
  CREATE INDEX trailers_by_message ON trailers(message);

  CREATE TABLE series (
    id       TEXT PRIMARY KEY,
    version  INTEGER NOT NULL,
    title    TEXT NOT NULL,
    author   TEXT,
    cover    TEXT,
    total    INTEGER,
    missing  TEXT NOT NULL,                  -- JSON array of indexes
    previous TEXT
  );
  CREATE TABLE series_patches (
    series      TEXT NOT NULL REFERENCES series(id) ON DELETE CASCADE,
    ord         INTEGER NOT NULL,
    message_key TEXT NOT NULL,
    PRIMARY KEY (series, ord)
  );

  CREATE TABLE runs (
    id       INTEGER PRIMARY KEY,
    started  TEXT NOT NULL,
    finished TEXT,
    inputs   TEXT NOT NULL,                  -- JSON array of paths
    summary  TEXT                            -- JSON ImportSummary once finished
  );
  CREATE TABLE warnings (
    id      INTEGER PRIMARY KEY,
    run     INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    file    TEXT NOT NULL,
    offset  INTEGER,
    message TEXT NOT NULL
  );
  CREATE INDEX warnings_by_run ON warnings(run);

  CREATE TABLE checkpoints (
    repo       TEXT PRIMARY KEY,
    commit_sha TEXT NOT NULL
  );

  CREATE TABLE extraction_cache (
    thread_id TEXT PRIMARY KEY,
    json      TEXT NOT NULL
  );

  CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );

  -- Own words and quoted words are separate columns, so a search can ask for
  -- what someone wrote rather than what they quoted. Contentless: the text
  -- lives in messages.body already; the index holds only postings.
  CREATE VIRTUAL TABLE messages_fts USING fts5(
    subject, author, own, quoted,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
  );
  `,
  // 2: bodies move to their own table. With the body inside the messages row, every
  // re-thread UPDATE rewrote the whole row (overflow pages included: ~150 MB on the iommu
  // bench, 3 s) and every metadata scan read through the bodies to reach the columns after
  // them. Narrow rows make both cheap; readers join bodies by primary key.
  `
  CREATE TABLE bodies (
    message INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
    body    TEXT NOT NULL
  );
  INSERT INTO bodies (message, body) SELECT id, body FROM messages;
  ALTER TABLE messages DROP COLUMN body;
  `,
  // 3: whether a message's parent hint is shown by its source page (firm) or a default guess.
  `
  ALTER TABLE messages ADD COLUMN parent_hint_firm INTEGER NOT NULL DEFAULT 0;
  `,
  // 4: To and Cc, for the pager's full headers (who was asked). NULL for mail imported before
  // this migration and for mail that had none; the archives still hold them for a rebuild.
  `
  ALTER TABLE messages ADD COLUMN to_header TEXT;
  ALTER TABLE messages ADD COLUMN cc_header TEXT;
  `,
  // 5: incremental threading. An import re-threads only what its new messages touch, found
  // by walking ids both ways: who has this Message-ID (messages_by_message_id), who cites it
  // (message_refs: the ids of In-Reply-To and References, kept by a trigger so every writer
  // fills it), whose hint names this key, which voices were merged into it. A message still
  // to be threaded is one whose thread_id is NULL, so a killed import leaves the list of
  // what its re-run must thread in the rows themselves.
  `
  CREATE TABLE message_refs (
    message INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    ref     TEXT NOT NULL
  );
  CREATE INDEX message_refs_by_ref ON message_refs(ref);
  CREATE INDEX message_refs_by_message ON message_refs(message);
  INSERT INTO message_refs (message, ref)
    SELECT m.id, trim(j.value, '<>') FROM messages m, json_each(m.refs) j
    UNION SELECT m.id, trim(j.value, '<>') FROM messages m, json_each(m.in_reply_to) j;
  CREATE TRIGGER message_refs_on_insert AFTER INSERT ON messages BEGIN
    INSERT INTO message_refs (message, ref)
      SELECT new.id, trim(value, '<>') FROM json_each(new.refs)
      UNION SELECT new.id, trim(value, '<>') FROM json_each(new.in_reply_to);
  END;
  CREATE INDEX messages_by_parent_hint ON messages(parent_hint);
  -- How the last threading used the message, so the next can pass it on unchanged as context:
  -- 0 a voice placed by the headers of the mail quoting it (left out of text matching),
  -- 1 in text matching, 2 a voice merged by author and time or by its words; NULL not yet known.
  ALTER TABLE messages ADD COLUMN matching INTEGER;
  CREATE INDEX messages_by_merged_into ON messages(merged_into);
  `,
  // 6: the context of an incremental re-thread read by index, not loaded whole. Text matching
  // weighs the new messages against mail by the same author (author_keys: AuthorIndex's name
  // tokens and e-mail), mail whose own lines they quote (text_lines: hashes of OwnTextIndex's
  // lines), mail of the same discussion (subject_key: the subject without Re:), and late
  // header-less mail; `worded` records whether the last threading read a message's words
  // (OwnTextIndex holds only those). Rows from before are filed by the next import, and
  // matching is forgotten so that it threads everything once.
  `
  -- With the message's date and worded copied in (kept by triggers): a voice weighs mail of its
  -- author within minutes of it, or whose words are read, and the index answers just those.
  CREATE TABLE author_keys (
    key     TEXT NOT NULL,
    voice   INTEGER NOT NULL,
    date_ms INTEGER,
    worded  INTEGER NOT NULL,
    message INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE
  );
  CREATE INDEX author_keys_by_date ON author_keys(key, voice, date_ms);
  CREATE INDEX author_keys_by_worded ON author_keys(key, voice, worded);
  CREATE INDEX author_keys_by_message ON author_keys(message);
  CREATE TABLE text_lines (
    line    INTEGER NOT NULL,
    message INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE
  );
  CREATE INDEX text_lines_by_line ON text_lines(line);
  CREATE INDEX text_lines_by_message ON text_lines(message);
  ALTER TABLE messages ADD COLUMN subject_key TEXT;
  ALTER TABLE messages ADD COLUMN worded INTEGER NOT NULL DEFAULT 0;
  CREATE INDEX messages_by_subject_key ON messages(subject_key);
  CREATE INDEX messages_headerless_by_date ON messages(date_ms)
    WHERE in_reply_to = '[]' AND refs = '[]' AND reconstructed = 0;
  CREATE TRIGGER author_keys_follow AFTER UPDATE OF worded, date_ms ON messages
    WHEN old.worded IS NOT new.worded OR old.date_ms IS NOT new.date_ms BEGIN
    UPDATE author_keys SET worded = new.worded, date_ms = new.date_ms WHERE message = new.id;
  END;
  UPDATE messages SET matching = NULL;
  `,
  // 7: the files an import read whole, so that importing one again is recognised by its
  // identity and size and verified by a digest instead of being read and parsed again
  // (53 s to add nothing on the 324 MB bench list).
  `
  CREATE TABLE imported_files (
    path      TEXT PRIMARY KEY,          -- the real path
    dev       INTEGER NOT NULL,
    ino       INTEGER NOT NULL,
    size      INTEGER NOT NULL,          -- bytes read: the whole file
    mtime_ms  INTEGER NOT NULL,
    digest    TEXT NOT NULL,             -- sha256 of those bytes
    run       INTEGER NOT NULL
  );
  `,
  // 8: text_lines carries the holder's worded mark (kept by a trigger, as author_keys does), so
  // "the worded holders of a line" is answered from the index alone. A line of patch context
  // ("return 0;") is held by tens of thousands of messages: joining each holder to its
  // messages row to ask whether its words are read made most of a 200-message re-thread.
  `
  ALTER TABLE text_lines ADD COLUMN worded INTEGER NOT NULL DEFAULT 0;
  UPDATE text_lines SET worded = 1 WHERE message IN (SELECT id FROM messages WHERE worded = 1);
  DROP INDEX text_lines_by_line;
  CREATE INDEX text_lines_by_line ON text_lines(line, worded);
  CREATE TRIGGER text_lines_follow AFTER UPDATE OF worded ON messages
    WHEN old.worded IS NOT new.worded BEGIN
    UPDATE text_lines SET worded = new.worded WHERE message = new.id;
  END;
  -- Whether some message was threaded before matching was recorded (matchingUnknown) is asked
  -- by every import: without this (empty, once all are known) index it read the whole table.
  CREATE INDEX messages_matching_unknown ON messages(id) WHERE matching IS NULL;
  -- A voice placed by headers (matching 0) goes where the first mail quoting it (in threading
  -- order, with an archived parent) puts it: decided_by is that mail's key. An incremental
  -- re-thread then needs only that quoter of the voice, not every mail that ever quoted it
  -- (a voice quoted across threads tied them all into one re-thread). Forgetting matching
  -- makes the next import thread everything once, which fills it.
  ALTER TABLE messages ADD COLUMN decided_by TEXT;
  CREATE INDEX messages_by_decided_by ON messages(decided_by) WHERE decided_by IS NOT NULL;
  UPDATE messages SET matching = NULL;
  `,
  // 9: series planned by the batch, not the database. Messages that share no sender (name or
  // address, normalised as series planning compares them) and no Message-ID are planned apart
  // exactly as together (seriesKeys in src/patch/series.ts), so an import re-plans only the
  // series of the components its re-threaded patches are in, walked through this index; it
  // read and re-planned every series row of the database (49k rows, 3.5 CPU-s, at 128k messages).
  // Rows from before are filed by the next import (in JS: the names are normalised there).
  `
  CREATE TABLE series_keys (
    key     TEXT NOT NULL,
    message INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE
  );
  CREATE INDEX series_keys_by_key ON series_keys(key);
  CREATE INDEX series_keys_by_message ON series_keys(message);
  CREATE INDEX series_patches_by_message ON series_patches(message_key);
  CREATE INDEX series_by_cover ON series(cover);
  INSERT INTO meta (key, value) VALUES ('series_keys_unfiled', '1')
    ON CONFLICT(key) DO UPDATE SET value = excluded.value;
  `,
  // 10: the files inside a folder or Maildir are recorded too, and known again by their bytes
  // (a Maildir message is renamed as its flags change): looked up by digest.
  `
  CREATE INDEX imported_files_by_digest ON imported_files(digest);
  `,
  // 11: a series' next version, looked up by index. Opening a thread walks its version chains
  // forward (loadThreadSeries: WHERE previous = ?), which scanned every series row once per
  // version (11k rows at 128k messages, a 40 ms thread open for a two-version series).
  `
  CREATE INDEX series_by_previous ON series(previous);
  `,
  // 12: series keys by what series planning relates, not by sender (seriesKeys in
  // src/patch/series.ts): a sender's component was their whole history (16k rows re-planned
  // for a day's 80 patches at 160k messages, and more each day). The keys are made again in
  // JS by the next import, which plans every series once meanwhile.
  `
  DELETE FROM series_keys;
  INSERT INTO meta (key, value) VALUES ('series_keys_unfiled', '1')
    ON CONFLICT(key) DO UPDATE SET value = excluded.value;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;
