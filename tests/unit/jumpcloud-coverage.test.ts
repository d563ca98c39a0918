// The proof behind JumpCloud user reads (lib/jumpcloud/coverage.ts), on hand-made pages.
import { describe, expect, it } from 'vitest';
import { findGaps, intervalOf, nextSkip, type PageSpan } from '@/lib/jumpcloud/coverage';

const id = (n: number) => n.toString(16).padStart(24, '0');
const ids = (from: number, count: number) => Array.from({ length: count }, (_, i) => id(from + i));
const page = (skip: number, first: number, count: number, totalCount: number, limit = 10): PageSpan => ({
  skip,
  ids: ids(first, count),
  totalCount,
  limit,
});

describe('findGaps', () => {
  it('an unchanged list read with one record of overlap has no gaps', () => {
    // 25 records, limit 10, pages 9 apart: 0-9, 9-18, 18-24 (the last reaches totalCount).
    expect(findGaps([page(0, 0, 10, 25), page(9, 9, 10, 25), page(18, 18, 7, 25)])).toEqual([]);
    expect(findGaps([page(18, 18, 7, 25), page(0, 0, 10, 25), page(9, 9, 10, 25)])).toEqual([]);
  });

  it('an empty first page of an empty list is a complete read; an empty page further on proves nothing', () => {
    expect(findGaps([page(0, 0, 0, 0)])).toEqual([]);
    expect(intervalOf(page(20, 0, 0, 15))).toBeNull();
  });

  it('finds the gap a removal opens, and the missing end', () => {
    // Record 3 removed before the second page was served: it starts at 10, not 9.
    const first = page(0, 0, 10, 25);
    const second = page(9, 10, 10, 24);
    const gaps = findGaps([first, second]);
    expect(gaps).toHaveLength(2);
    expect(gaps[0]).toMatchObject({ after: id(9), before: id(10), from: first, to: second });
    expect(gaps[1]).toMatchObject({ after: id(19), before: null, from: second, to: null });
  });

  it('a page that reaches totalCount ends the list even when full; a short one that does not, does not', () => {
    expect(findGaps([page(0, 0, 10, 10)])).toEqual([]);
    expect(findGaps([page(0, 0, 6, 25)])).toMatchObject([{ after: id(5), before: null }]);
  });

  it('without a page at offset 0 nothing is covered from the start', () => {
    expect(findGaps([page(9, 9, 10, 19)])[0]).toMatchObject({ after: null, from: null, before: id(9) });
  });
});

describe('nextSkip', () => {
  const first = page(0, 0, 10, 25);
  const second = page(9, 12, 10, 23);
  const [gap] = findGaps([first, second]);

  it('first guesses where the gap sits now, less a margin for changes not yet seen', () => {
    // After sat at 9; the list shrank by 2 since; the gap spans 2 records; margin (10-1-2)/2 = 3.
    expect(nextSkip(gap!, null, 10, 23)).toBe(9 - 2 - 3);
  });

  it('steps back from a page beyond the gap, and forward to the gap from a page before it', () => {
    expect(nextSkip(gap!, { page: page(6, 11, 10, 23), backoff: 4 }, 10, 23)).toBe(2);
    // A page wholly at or before id 9: the gap is where id 9 sits in it (its 8th record, offset 7).
    expect(nextSkip(gap!, { page: page(0, 2, 8, 30), backoff: 4 }, 10, 30)).toBe(7);
  });

  it('from an empty page past the end, asks for the last page', () => {
    expect(nextSkip(gap!, { page: page(30, 0, 0, 22), backoff: 4 }, 10, 22)).toBe(12);
  });
});
