import { appendFile, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { allEntries } from '../support/snapshot';
import { defaultConfig } from '@/lib/config/defaults';
import { openFileStore } from '@/lib/store/file-store';
import { RUN_HISTORY_LIMIT } from '@/lib/store/records';

let dir: string;
afterEach(async () => rm(dir, { recursive: true, force: true }));
const fresh = async () => (dir = await mkdtemp(join(tmpdir(), 'jca-store-')));

async function everyFile(root: string): Promise<string> {
  let text = '';
  for (const entry of await readdir(root, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) text += await readFile(join(entry.parentPath, entry.name), 'utf8');
  }
  return text;
}

describe('file store (command line)', () => {
  it('keeps the snapshot between processes, surviving a torn last line', async () => {
    const store = await openFileStore(await fresh());
    await store.snapshot.putMany([1, 2, 3].map((i) => ({ jumpcloudId: `jc${i}`, scimId: `s${i}`, pushed: { n: i }, updatedAt: i })));
    await store.snapshot.deleteMany(['jc2']);
    // A run killed while writing leaves half a line.
    await appendFile(join(dir, 'snapshot.jsonl'), '{"put":{"jumpcloudId":"jc9"');
    const again = await openFileStore(dir);
    expect((await allEntries(again)).map((e) => e.jumpcloudId).sort()).toEqual(['jc1', 'jc3']);
  });

  it('compacts the journal once it outgrows the live entries', async () => {
    const store = await openFileStore(await fresh());
    for (let round = 0; round < 5; round++) {
      await store.snapshot.putMany(Array.from({ length: 400 }, (_, i) => ({ jumpcloudId: `jc${i}`, scimId: `s${i}`, pushed: { round }, updatedAt: round })));
    }
    const lines = (await readFile(join(dir, 'snapshot.jsonl'), 'utf8')).trim().split('\n').length;
    expect(lines).toBeLessThan(2000);
    const again = await openFileStore(dir);
    const all = await allEntries(again);
    expect(all).toHaveLength(400);
    expect(all.every((e) => e.pushed.round === 4)).toBe(true);
  });

  it('keeps the last runs only, newest first', async () => {
    const store = await openFileStore(await fresh());
    for (let i = 0; i < RUN_HISTORY_LIMIT + 3; i++) await store.runs.put({ id: `run-${i}`, trigger: 'command-line', startedAt: 1000 + i, status: 'succeeded' });
    const runs = await store.runs.list();
    expect(runs).toHaveLength(RUN_HISTORY_LIMIT);
    expect(runs[0]!.id).toBe(`run-${RUN_HISTORY_LIMIT + 2}`);
    expect(await store.runs.get('run-0')).toBeUndefined();
    expect((await store.runs.get('run-10'))?.startedAt).toBe(1010);
  });

  it('keeps the config and checkpoints, and never writes a secret to disk', async () => {
    const store = await openFileStore(await fresh());
    await store.config.put(defaultConfig());
    await store.secrets.put('scimToken', 'scim-secret-token-value-123');
    await store.checkpoints.put('active-run', { id: 'r1' });
    expect(await store.secrets.get('scimToken')).toBe('scim-secret-token-value-123');
    const again = await openFileStore(dir);
    expect(await again.config.get()).toEqual(defaultConfig());
    expect(await again.checkpoints.get('active-run')).toEqual({ id: 'r1' });
    expect(await again.secrets.get('scimToken')).toBeUndefined();
    expect(await everyFile(dir)).not.toContain('scim-secret-token-value-123');
  });
});
