import { describe, expect, it } from 'vitest';
import { managerWaves } from '@/lib/sync/manager-waves';

const ids = (waves: { jumpcloudId: string }[][]) => waves.map((w) => w.map((a) => a.jumpcloudId));
const actions = (...list: string[]) => list.map((jumpcloudId) => ({ jumpcloudId }));

describe('manager waves', () => {
  it('puts new managers before the people who report to them', () => {
    // ceo ← vp ← eng; ops reports to someone not created in this run.
    const managerOf = new Map([
      ['vp', 'ceo'],
      ['eng', 'vp'],
      ['ops', 'existing'],
    ]);
    expect(ids(managerWaves(actions('eng', 'ops', 'vp', 'ceo'), managerOf))).toEqual([['ops', 'ceo'], ['vp'], ['eng']]);
  });

  it('cuts a reporting cycle instead of looping', () => {
    const managerOf = new Map([
      ['a', 'b'],
      ['b', 'a'],
      ['c', 'a'],
    ]);
    const waves = managerWaves(actions('a', 'b', 'c'), managerOf);
    expect(waves.flat().map((x) => x.jumpcloudId).sort()).toEqual(['a', 'b', 'c']);
    expect(waves.length).toBeGreaterThanOrEqual(2);
  });

  it('handles a chain of 50,000 without deep recursion', () => {
    const n = 50_000;
    const managerOf = new Map(Array.from({ length: n - 1 }, (_, i) => [`u${i + 1}`, `u${i}`] as [string, string]));
    const waves = managerWaves(actions(...Array.from({ length: n }, (_, i) => `u${i}`)), managerOf);
    expect(waves.length).toBe(n);
    expect(waves[0]![0]!.jumpcloudId).toBe('u0');
  });
});
