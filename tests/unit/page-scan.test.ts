// The byte scan of a JumpCloud page (lib/jumpcloud/page-scan.ts): it must find exactly the records
// JSON.parse finds, with their ids, and give up on anything it does not expect rather than guess.
import { describe, expect, it } from 'vitest';
import { parseJsonBytes } from '@/lib/http/json-bytes';
import { scanUserPage } from '@/lib/jumpcloud/page-scan';

const bytes = (text: string) => new TextEncoder().encode(text);
const scan = (text: string) => scanUserPage(bytes(text), parseJsonBytes);
const id = (n: number) => n.toString(16).padStart(24, '0');

const hostile = ['a "quoted" name', 'back\\slash\\', '{not} [an] object,', 'Zoë Łukasz 李', '\u0000\u001f\t\n', '"}', '\\"', 'emoji 🧑‍💻'];
const users = hostile.map((s, i) => ({
  _id: id(i + 1),
  username: s,
  email: `u${i}@example.com`,
  attributes: [{ name: s, value: i % 2 ? null : [s, { deep: s }] }],
  addresses: i % 3 ? [] : [{ type: 'work', locality: s }],
  suspended: i % 2 === 0,
}));

describe('scanning a page of users', () => {
  for (const [label, text] of [
    ['compact', JSON.stringify({ totalCount: 123, results: users })],
    ['indented, the count last, other keys around', JSON.stringify({ note: { a: [1, '}'] }, results: users, extra: 'x]', totalCount: 123 }, null, 2)],
    ['with a byte order mark', `\ufeff${JSON.stringify({ results: users, totalCount: 123 })}`],
  ] as const) {
    it(`finds each record and its id as JSON.parse does: ${label}`, () => {
      const page = bytes(text);
      const scanned = scanUserPage(page, parseJsonBytes)!;
      expect(scanned).toBeDefined();
      expect(scanned.totalCount).toBe(123);
      expect(scanned.records.map((r) => r.id)).toEqual(users.map((u) => u._id));
      expect(scanned.records.map((r) => parseJsonBytes(page.subarray(r.start, r.end)))).toEqual(users);
    });
  }

  it('gives a record the same fingerprint wherever it is, and another one for any change', () => {
    const a = scan(JSON.stringify({ totalCount: 2, results: [users[0], users[1]] }))!;
    const b = scan(JSON.stringify({ totalCount: 9, results: [users[1], users[0]] }))!;
    expect(a.records[0]!.fingerprint).toBe(b.records[1]!.fingerprint);
    expect(a.records[1]!.fingerprint).toBe(b.records[0]!.fingerprint);
    expect(a.records[0]!.fingerprint).not.toBe(a.records[1]!.fingerprint);
    const page = (record: string) => scan(`{"totalCount":1,"results":[${record}]}`)?.records[0]?.fingerprint;
    const base = JSON.stringify(users[2]);
    const original = page(base)!;
    let tried = 0;
    for (let i = 1; i < base.length - 1; i++) {
      // Every one-character change the record can take and still be read.
      const changed = page(base.slice(0, i) + (base[i] === 'a' ? 'b' : 'a') + base.slice(i + 1));
      if (changed === undefined) continue;
      tried++;
      expect(changed, `character ${i}`).not.toBe(original);
    }
    expect(tried).toBeGreaterThan(base.length / 2);
  });

  it('reads an empty page', () => {
    expect(scan('{"totalCount":0,"results":[]}')).toEqual({ totalCount: 0, records: [] });
  });

  const r = `{"_id":"${id(1)}","username":"a"}`;
  for (const [why, text] of [
    ['not an object', `[${r}]`],
    ['no results', '{"totalCount":1}'],
    ['no totalCount', `{"results":[${r}]}`],
    ['results twice', `{"totalCount":1,"results":[${r}],"results":[]}`],
    ['totalCount twice', `{"totalCount":1,"totalCount":2,"results":[${r}]}`],
    ['results not a list', `{"totalCount":1,"results":{"a":${r}}}`],
    ['a record that is not an object', `{"totalCount":1,"results":["${id(1)}"]}`],
    ['a record without an _id', '{"totalCount":1,"results":[{"username":"a"}]}'],
    ['an _id twice', `{"totalCount":1,"results":[{"_id":"${id(1)}","_id":"${id(2)}"}]}`],
    ['an escaped key that may spell _id', `{"totalCount":1,"results":[{"\\u005fid":"${id(1)}"}]}`],
    ['an escaped id', `{"totalCount":1,"results":[{"_id":"\\u0030${id(1).slice(1)}"}]}`],
    ['an _id that is not a string', '{"totalCount":1,"results":[{"_id":{"$oid":"x"}}]}'],
    ['records without a comma between them', `{"totalCount":2,"results":[${r}${r}]}`],
    ['a trailing comma', `{"totalCount":1,"results":[${r},]}`],
    ['bytes after the end', `{"totalCount":1,"results":[${r}]}x`],
    ['a cut-off page', `{"totalCount":1,"results":[${r}`],
    ['an unclosed string', `{"totalCount":1,"results":[{"_id":"${id(1)}","username":"a}]}`],
    ['another value that is not JSON', `{"totalCount":1,"x":tru,"results":[${r}]}`],
    ['a missing colon', `{"totalCount" 1,"results":[${r}]}`],
  ] as const) {
    it(`gives up, for the whole parse to report, on ${why}`, () => {
      expect(scan(text)).toBeUndefined();
    });
  }
});
