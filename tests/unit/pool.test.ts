import { describe, expect, it } from 'vitest';
import { AdaptivePool } from '@/lib/sync/pool';

describe('the write pool', () => {
  it('grows by one with every success until the first 429, up to its max', () => {
    const pool = new AdaptivePool(8, 16);
    for (let i = 0; i < 7; i++) pool.succeeded();
    expect(pool.limit).toBe(15);
    pool.succeeded();
    pool.succeeded();
    expect(pool.limit).toBe(16);
  });

  it('halves on a 429, then grows by one only after a full round of successes', () => {
    const pool = new AdaptivePool(8, 16);
    pool.throttled();
    expect(pool.limit).toBe(4);
    for (let i = 0; i < 3; i++) pool.succeeded();
    expect(pool.limit).toBe(4);
    pool.succeeded();
    expect(pool.limit).toBe(5);
  });

  it('keeps no more than its limit running at once', async () => {
    const pool = new AdaptivePool(2, 2);
    let running = 0;
    let most = 0;
    const release: (() => void)[] = [];
    const task = () =>
      pool.run(async () => {
        most = Math.max(most, ++running);
        await new Promise<void>((r) => release.push(r));
        running--;
      });
    const all = [task(), task(), task()];
    await Promise.resolve();
    expect(release.length).toBe(2);
    release.shift()!();
    await expect.poll(() => release.length).toBe(2);
    release.splice(0).forEach((r) => r());
    await Promise.all(all);
    expect(most).toBe(2);
  });
});
