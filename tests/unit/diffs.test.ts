import { describe, expect, it } from 'vitest';
import { attributeChanges, CHANGE_VALUE_LIMIT, ChangesBudget, truncatedMarker } from '@/lib/sync/diffs';
import { REDACTED } from '@/lib/secrets/redact';

describe('values before and after in a run record', () => {
  it('keeps only the changed attributes, an empty value as absent', () => {
    const before = { userName: 'ada@example.com', title: 'Engineer', displayName: 'Ada', active: true };
    const after = { userName: 'ada@example.com', title: 'Senior engineer', displayName: '', active: false, 'name.givenName': 'Ada' };
    expect(attributeChanges(before, after, ['active', 'displayName', 'name.givenName', 'title'])).toEqual([
      { path: 'active', before: true, after: false },
      { path: 'displayName', before: 'Ada' },
      { path: 'name.givenName', after: 'Ada' },
      { path: 'title', before: 'Engineer', after: 'Senior engineer' },
    ]);
  });

  it('cuts a long value with a marker that says how much was cut, never inside a surrogate pair', () => {
    const long = '😀'.repeat(CHANGE_VALUE_LIMIT + 50);
    const [change] = attributeChanges({}, { title: long }, ['title']);
    const after = change!.after as string;
    expect(after.endsWith(truncatedMarker(50))).toBe(true);
    expect([...after.slice(0, -truncatedMarker(50).length)]).toHaveLength(CHANGE_VALUE_LIMIT);
    expect(after).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('never keeps a key or token, whatever attribute it was pasted into', () => {
    const key = `jca_${'a1B2'.repeat(9)}`;
    const [change] = attributeChanges({ title: 'Bearer abcdefghijklmnop' }, { title: `key ${key}` }, ['title']);
    expect(JSON.stringify(change)).not.toContain(key);
    expect(JSON.stringify(change)).not.toContain('abcdefghijklmnop');
    expect(change).toEqual({ path: 'title', before: `Bearer ${REDACTED}`, after: `key ${REDACTED}` });
  });

  it('keeps hostile strings as they are: the pages and the CSV make them text', () => {
    const hostile = '<img src=x onerror=alert(1)>\u202Egnp.exe';
    expect(attributeChanges({}, { title: hostile }, ['title'])).toEqual([{ path: 'title', after: hostile }]);
  });

  it('stops keeping values once a run has spent its budget, and counts the users left with names only', () => {
    const budget = new ChangesBudget(undefined, 100);
    const before = { title: 'a'.repeat(40) };
    const after = { title: 'b'.repeat(40) };
    expect(budget.take(before, after, ['title'])).toHaveLength(1);
    expect(budget.take(before, after, ['title'])).toHaveLength(1);
    expect(budget.take(before, after, ['title'])).toBeUndefined();
    expect(budget.take(before, after, [])).toBeUndefined();
    expect(budget.spent).toEqual({ chars: 2 * (5 + 80), omitted: 1 });
    expect(budget.warning()).toMatch(/1 more user lists which attributes changed/);
    // A resumed run carries on from what it had spent.
    const resumed = new ChangesBudget(budget.spent, 100);
    expect(resumed.take(before, after, ['title'])).toBeUndefined();
    expect(resumed.spent.omitted).toBe(2);
  });

  it('keeps a 100,000-user first sync bounded by its budget', () => {
    const budget = new ChangesBudget();
    const attributes = { userName: 'someone.long.name@example.com', displayName: 'Someone With A Long Name', title: 'Engineer', active: true };
    let kept = 0;
    let chars = 0;
    for (let i = 0; i < 100_000; i++) {
      const changes = budget.take({}, attributes, Object.keys(attributes));
      if (changes) {
        kept++;
        chars += JSON.stringify(changes).length;
      }
    }
    expect(kept).toBeLessThan(100_000);
    expect(chars).toBeLessThan(3_000_000);
    expect(budget.spent.omitted).toBe(100_000 - kept);
  });
});
