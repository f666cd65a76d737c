/**
 * The mail primitives on their own: parseSimpleAddress with RFC 2047 encoded words (decoded by
 * libmime), and format=flowed bodies (RFC 3676) through the fast path and through mailparser.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSimpleAddress } from '../../src/mail/parse/address.js';
import { parseMailFast, parseMailMime } from '../../src/mail/parse/parse.js';
import type { Address, RawMail } from '../../src/mail/types.js';

const ADDRESSES: readonly (readonly [string, Address | null])[] = [
  ['Jason Gunthorpe <jgg@nvidia.com>', { name: 'Jason Gunthorpe', email: 'jgg@nvidia.com' }],
  ['"Tian, Kevin" <kevin.tian@intel.com>', { name: 'Tian, Kevin', email: 'kevin.tian@intel.com' }],
  ['"A \\"quoted\\" name" <a@b.org>', { name: 'A "quoted" name', email: 'a@b.org' }],
  ['jgg@nvidia.com (Jason Gunthorpe)', { name: 'Jason Gunthorpe', email: 'jgg@nvidia.com' }],
  ['jgg@nvidia.com', { name: null, email: 'jgg@nvidia.com' }],
  ['<jgg@nvidia.com>', { name: null, email: 'jgg@nvidia.com' }],
  ['"" <a@b.org>', { name: null, email: 'a@b.org' }],
  ['Jörg Rödel <joro@8bytes.org>', { name: 'Jörg Rödel', email: 'joro@8bytes.org' }],
  // RFC 2047: Q and B words, a charset with an RFC 2231 language, a word in a comment, inside quotes
  ['=?utf-8?q?J=C3=B6rg_R=C3=B6del?= <joro@8bytes.org>', { name: 'Jörg Rödel', email: 'joro@8bytes.org' }],
  ['=?ISO-8859-1?Q?Andr=E9?= Pirard <pirard@ulg.ac.be>', { name: 'André Pirard', email: 'pirard@ulg.ac.be' }],
  ['=?US-ASCII*EN?Q?Keith_Moore?= <moore@cs.utk.edu>', { name: 'Keith Moore', email: 'moore@cs.utk.edu' }],
  ['=?gb2312?B?1tDOxA==?= <a@b.cn>', { name: '中文', email: 'a@b.cn' }],
  ['a@b.org (=?UTF-8?Q?J=C3=B6rg?=)', { name: 'Jörg', email: 'a@b.org' }],
  ['"=?UTF-8?Q?J=C3=B6rg?=" <j@b.org>', { name: 'Jörg', email: 'j@b.org' }],
  // Adjacent words lose the blank between them (RFC 2047 section 6.2), but not plain words between
  ['=?ISO-8859-1?Q?a?= b =?ISO-8859-1?Q?c?= <x@y.org>', { name: 'a b c', email: 'x@y.org' }],
  ['=?UTF-8?B?SGVsbG8=?= =?UTF-8?B?V29ybGQ=?= <x@y.org>', { name: 'HelloWorld', email: 'x@y.org' }],
  // A character split between two words (B and Q), and a header folded between them: one "é", not two U+FFFD
  ['=?UTF-8?B?ww==?= =?UTF-8?B?qQ==?= <x@y.org>', { name: 'é', email: 'x@y.org' }],
  ['=?UTF-8?Q?Ren=C3?=\n =?UTF-8?Q?=A9?= <x@y.org>', { name: 'René', email: 'x@y.org' }],
  // Not one simple address
  ['Gunthorpe, Jason <jgg@nvidia.com>', null],
  ['a@b.org, c@d.org', null],
  ['undisclosed-recipients:;', null],
  ['Name <a@b.org> (comment)', null],
  ['', null],
];

describe('parseSimpleAddress', () => {
  for (const [input, expected] of ADDRESSES) {
    it(`reads ${JSON.stringify(input)}`, () => assert.deepEqual(parseSimpleAddress(input), expected));
  }
});

function mail(contentType: string, body: string): RawMail {
  const head = `From: Ann <ann@example.org>\nSubject: flowed\nMessage-ID: <f@example.org>\nDate: Thu, 9 Mar 2023 20:20:03 +0100\nContent-Type: ${contentType}\n\n`;
  return { source: { file: 'flowed.eml', offset: 0 }, format: 'eml', raw: Buffer.from(head + body, 'utf8') };
}

/** Content-Type, body as sent, body as read. */
const FLOWED: readonly (readonly [string, string, string])[] = [
  // A soft break (a line ending in a space) joins lines; a hard break does not
  ['text/plain; format=flowed', 'one \ntwo\nthree\n', 'one two\nthree'],
  // DelSp=yes: the space before a soft break was added by the sender and goes
  ['text/plain; charset=utf-8; format=flowed; delsp=yes', 'Verbind\nung \nbleibt\n', 'Verbind\nungbleibt'],
  ['text/plain; format=flowed; delsp=no', 'Verbind \nung\n', 'Verbind ung'],
  // The signature separator "-- " is no soft break
  ['text/plain; format=flowed', 'Thanks \nAnn\n-- \nsig\n', 'Thanks Ann\n-- \nsig'],
  // Space-stuffing ("From ", ">" and a leading blank get one more blank) is undone
  ['text/plain; format=flowed', ' From here\n >not a quote\n', 'From here\n>not a quote'],
];

describe('format=flowed bodies', () => {
  for (const [type, sent, read] of FLOWED) {
    it(`reads ${JSON.stringify(sent)} (${type.replace('text/plain; ', '')}) as ${JSON.stringify(read)} on both paths`, async () => {
      const raw = mail(type, sent);
      const fast = parseMailFast(raw);
      assert.ok(fast, 'the fast path takes plain flowed mail');
      assert.equal(fast.body, read);
      assert.equal((await parseMailMime(raw)).body, read);
    });
  }
});
