import { describe, expect, it } from 'vitest';
import { csvCell, OUTCOME_CSV_HEADER, outcomeRows, outcomesCsv, toCsv } from '@/components/options/csv';

describe('CSV export of run outcomes', () => {
  it('quotes every cell and doubles quotes', () => {
    expect(csvCell('plain')).toBe('"plain"');
    expect(csvCell('say "hi", then go')).toBe('"say ""hi"", then go"');
    expect(csvCell(undefined)).toBe('""');
    expect(csvCell(42)).toBe('"42"');
  });

  it('keeps formulas from untrusted names as text', () => {
    for (const hostile of ['=HYPERLINK("http://x")', '+1+1', '-2', '@SUM(A1)', '\tcmd', '\rcmd']) {
      expect(csvCell(hostile).startsWith(`"'`)).toBe(true);
    }
    expect(csvCell('a=b')).toBe('"a=b"');
  });

  it('writes a byte-order mark, a header and CRLF rows', () => {
    const csv = toCsv(['user', 'result'], [['zoë@example.com', 'done'], ['line\nbreak', 'failed']]);
    expect(csv.startsWith('\uFEFF"user","result"\r\n')).toBe(true);
    expect(csv).toContain('"zoë@example.com","done"\r\n');
    expect(csv).toContain('"line\nbreak","failed"\r\n');
  });
});

describe('CSV export of values before and after', () => {
  const outcome = {
    jumpcloudId: 'jc1',
    userName: 'ada@example.com',
    action: 'update',
    result: 'done',
    changed: ['title', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department'],
    changes: [
      { path: 'title', before: 'Engineer', after: 'Senior engineer' },
      { path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', before: 'R&D' },
    ],
  };

  it('writes a row per changed attribute with its Zoho field, path, before and after', () => {
    const rows = outcomeRows([outcome, { jumpcloudId: 'jc2', userName: 'bo@example.com', action: 'delete', result: 'done', reason: 'deleted in JumpCloud' }]);
    expect(OUTCOME_CSV_HEADER.slice(6, 10)).toEqual(['Attribute', 'SCIM path', 'Before', 'After']);
    expect(rows).toHaveLength(3);
    expect(rows[0]!.slice(6, 10)).toEqual(['Designation', 'title', 'Engineer', 'Senior engineer']);
    expect(rows[1]!.slice(6, 10)).toEqual(['Department', outcome.changes[1]!.path, 'R&D', '']);
    expect(rows[2]!.slice(0, 10)).toEqual(['jc2', 'bo@example.com', 'delete', 'done', 'deleted in JumpCloud', '', '', '', '', '']);
    for (const row of rows) expect(row).toHaveLength(OUTCOME_CSV_HEADER.length);
  });

  it('writes booleans in words and a custom field by its name', () => {
    const rows = outcomeRows([
      { ...outcome, changes: [{ path: 'active', before: true, after: false }, { path: 'urn:zoho:custom:User:badge', after: '7' }] },
    ]);
    expect(rows.map((r) => r.slice(6, 10))).toEqual([
      ['Active', 'active', 'yes', 'no'],
      ['Custom field badge', 'urn:zoho:custom:User:badge', '', '7'],
    ]);
  });

  it('keeps hostile values as text: formulas, markup, direction overrides, quotes and line breaks', () => {
    const csv = outcomesCsv([
      {
        ...outcome,
        changes: [
          { path: 'title', before: "=cmd|' /C calc'!A0", after: '<img src=x onerror=alert(1)>' },
          { path: 'displayName', before: '  +1+1', after: '\u202E=HYPERLINK("http://x")' },
          { path: 'nickName', before: 'say "hi"\r\nthen', after: '@SUM(A1)' },
        ],
      },
    ]);
    expect(csv).toContain(`"'=cmd|' /C calc'!A0","<img src=x onerror=alert(1)>"`);
    expect(csv).toContain(`"'  +1+1","'\u202E=HYPERLINK(""http://x"")"`);
    expect(csv).toContain(`"say ""hi""\r\nthen","'@SUM(A1)"`);
  });
});
