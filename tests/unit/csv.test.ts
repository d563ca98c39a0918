import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '@/components/options/csv';

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
