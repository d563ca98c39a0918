import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { allEntries } from '../support/snapshot';
import { defaultConfig } from '@/lib/config/defaults';
import { DB_VERSION, runUpgrades, type AssistantDB } from '@/lib/store/idb-schema';
import { openIdbStore } from '@/lib/store/idb-store';
import { RUN_HISTORY_LIMIT } from '@/lib/store/records';

let counter = 0;
const freshName = () => `test-db-${++counter}-${Math.random().toString(36).slice(2)}`;

describe('IndexedDB store', () => {
  it('keeps the config, validated on the way in and out', async () => {
    const store = openIdbStore(freshName());
    expect(await store.config.get()).toBeUndefined();
    const config = { ...defaultConfig(), jumpcloud: { region: 'eu' as const } };
    await store.config.put(config);
    expect(await store.config.get()).toEqual(config);
    await expect(store.config.put({ ...config, version: 99 } as never)).rejects.toThrow(/newer version/);
    store.close();
  });

  it('keeps secrets and gives them back', async () => {
    const store = openIdbStore(freshName());
    expect(await store.secrets.has('scimToken')).toBe(false);
    await store.secrets.put('scimToken', 'token-value-0123456789');
    expect(await store.secrets.has('scimToken')).toBe(true);
    expect(await store.secrets.get('scimToken')).toBe('token-value-0123456789');
    await store.secrets.delete('scimToken');
    expect(await store.secrets.get('scimToken')).toBeUndefined();
    store.close();
  });

  it('shares one encryption key between two contexts opening the same profile at once', async () => {
    const name = freshName();
    const a = openIdbStore(name);
    const b = openIdbStore(name);
    await Promise.all([a.secrets.put('jumpcloudApiKey', 'jca_' + 'k'.repeat(36)), b.secrets.put('scimToken', 'scim-token-abcdefgh')]);
    const c = openIdbStore(name);
    expect(await c.secrets.get('jumpcloudApiKey')).toBe('jca_' + 'k'.repeat(36));
    expect(await c.secrets.get('scimToken')).toBe('scim-token-abcdefgh');
    [a, b, c].forEach((s) => s.close());
  });

  it('keeps the snapshot by JumpCloud id', async () => {
    const store = openIdbStore(freshName());
    const entries = Array.from({ length: 250 }, (_, i) => ({
      jumpcloudId: `jc${i}`,
      scimId: `scim${i}`,
      pushed: { userName: `u${i}@example.com` },
      updatedAt: i,
    }));
    await store.snapshot.putMany(entries);
    expect((await allEntries(store)).length).toBe(250);
    await store.snapshot.deleteMany(['jc0', 'jc1']);
    const rest = await allEntries(store);
    expect(rest.length).toBe(248);
    expect(rest.find((e) => e.jumpcloudId === 'jc0')).toBeUndefined();
    store.close();
  });

  it('scans a snapshot larger than one page, each entry once', async () => {
    const store = openIdbStore(freshName());
    const ids = Array.from({ length: 2500 }, (_, i) => `jc${String(i).padStart(5, '0')}`);
    await store.snapshot.putMany(ids.map((id, i) => ({ jumpcloudId: id, scimId: `s${i}`, pushed: {}, updatedAt: i })));
    expect((await allEntries(store)).map((e) => e.jumpcloudId)).toEqual(ids);
    store.close();
  });

  it('keeps the newest runs only, listed newest first', async () => {
    const store = openIdbStore(freshName());
    for (let i = 0; i < RUN_HISTORY_LIMIT + 5; i++) {
      await store.runs.put({ id: `run-${i}`, trigger: 'manual', startedAt: 1000 + i, status: 'succeeded', counts: { created: i } });
    }
    const runs = await store.runs.list();
    expect(runs.length).toBe(RUN_HISTORY_LIMIT);
    expect(runs[0]?.id).toBe(`run-${RUN_HISTORY_LIMIT + 4}`);
    expect(runs.at(-1)?.id).toBe('run-5');
    expect(await store.runs.get('run-4')).toBeUndefined();
    expect((await store.runs.get('run-10'))?.counts).toEqual({ created: 10 });
    store.close();
  });

  it('keeps checkpoints', async () => {
    const store = openIdbStore(freshName());
    await store.checkpoints.put('run-1', { phase: 'apply', done: ['a', 'b'] });
    expect(await store.checkpoints.get('run-1')).toEqual({ phase: 'apply', done: ['a', 'b'] });
    await store.checkpoints.delete('run-1');
    expect(await store.checkpoints.get('run-1')).toBeUndefined();
    store.close();
  });

  it('refuses a stored config that no longer parses, naming the field', async () => {
    const name = freshName();
    const store = openIdbStore(name);
    await store.config.put(defaultConfig());
    store.close();
    const db = await openDB<AssistantDB>(name, DB_VERSION);
    await db.put('config', { ...defaultConfig(), jumpcloud: { region: 'mars' } }, 'current');
    db.close();
    const again = openIdbStore(name);
    await expect(again.config.get()).rejects.toThrow(/jumpcloud\.region/);
    again.close();
  });
});

describe('IndexedDB upgrades', () => {
  it('upgrades a version 1 database in place, keeping its data', async () => {
    const name = freshName();
    const v1 = await openDB<AssistantDB>(name, 1, { upgrade: (db, from, _to, tx) => runUpgrades(db, tx, from, 1) });
    await v1.put('runs', { id: 'old-run', trigger: 'manual', startedAt: 5, status: 'succeeded' });
    await v1.put('snapshot', { jumpcloudId: 'jc1', scimId: 'scim1', pushed: {}, updatedAt: 1 });
    await v1.put('config', defaultConfig(), 'current');
    expect(v1.transaction('runs').store.indexNames.contains('byStartedAt')).toBe(false);
    v1.close();

    const store = openIdbStore(name);
    expect((await store.runs.list()).map((r) => r.id)).toEqual(['old-run']);
    expect(await store.config.get()).toEqual(defaultConfig());
    store.close();

    const v2 = await openDB<AssistantDB>(name, DB_VERSION);
    expect(v2.version).toBe(2);
    expect(v2.transaction('runs').store.indexNames.contains('byStartedAt')).toBe(true);
    expect(await v2.getFromIndex('snapshot', 'byScimId', 'scim1')).toMatchObject({ jumpcloudId: 'jc1' });
    v2.close();
  });
});
