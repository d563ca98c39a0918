import { appendFile, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { allEntries } from '../support/snapshot';
import { defaultConfig } from '@/lib/config/defaults';
import { openFileStore } from '@/lib/store/file-store';
import { StateDirBusy } from '@/lib/store/dir-lock';
import { RUN_HISTORY_LIMIT, type SnapshotEntry } from '@/lib/store/records';

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
  it('keeps its directory and files to the owner alone, tightening ones made before', async () => {
    const root = join(await fresh(), 'state');
    await mkdir(join(root, 'runs'), { recursive: true, mode: 0o755 });
    await writeFile(join(root, 'snapshot.jsonl'), '', { mode: 0o644 });
    const store = await openFileStore(root);
    await store.snapshot.putMany([{ jumpcloudId: 'jc1', scimId: 's1', pushed: { email: 'ada@example.com' }, updatedAt: 1 }]);
    await store.runs.put({ id: 'run-1', trigger: 'command-line', startedAt: 1, status: 'succeeded' });
    await store.checkpoints.put('run-1', { at: 1 });
    store.close();
    for (const entry of [{ name: '', parentPath: root, isFile: () => false }, ...(await readdir(root, { withFileTypes: true, recursive: true }))]) {
      const path = join(entry.parentPath, entry.name);
      expect({ path, mode: (await stat(path)).mode & 0o777 }).toEqual({ path, mode: entry.isFile() ? 0o600 : 0o700 });
    }
  });

  it('lets one run at a time use a directory, and takes over a lock whose process is gone', async () => {
    const root = await fresh();
    const first = await openFileStore(root);
    await expect(openFileStore(root)).rejects.toThrow(StateDirBusy);
    await expect(openFileStore(root)).rejects.toThrow(new RegExp(`Another run \\(process ${process.pid}\\).*delete .*lock`));
    first.close();
    const second = await openFileStore(root);
    second.close();
    // A lock left by a process that has exited.
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    await writeFile(join(root, 'lock'), gone);
    const third = await openFileStore(root);
    expect(await readFile(join(root, 'lock'), 'utf8')).toBe(String(process.pid));
    third.close();
    await expect(readFile(join(root, 'lock'), 'utf8')).rejects.toThrow(/ENOENT/);
  });

  it('keeps the snapshot between processes, surviving a torn last line', async () => {
    const store = await openFileStore(await fresh());
    await store.snapshot.putMany([1, 2, 3].map((i) => ({ jumpcloudId: `jc${i}`, scimId: `s${i}`, pushed: { n: i }, updatedAt: i })));
    await store.snapshot.deleteMany(['jc2']);
    // A run killed while writing leaves half a line.
    await appendFile(join(dir, 'snapshot.jsonl'), '{"put":{"jumpcloudId":"jc9"');
    store.close();
    const again = await openFileStore(dir);
    expect((await allEntries(again)).map((e) => e.jumpcloudId).sort()).toEqual(['jc1', 'jc3']);
    // The next write starts a line of its own, not the end of the torn one.
    await again.snapshot.putMany([{ jumpcloudId: 'jc4', scimId: 's4', pushed: { n: 4 }, updatedAt: 4 }]);
    again.close();
    const third = await openFileStore(dir);
    expect((await allEntries(third)).map((e) => e.jumpcloudId).sort()).toEqual(['jc1', 'jc3', 'jc4']);
  });

  it('keeps an entry whose update was torn, reads lines in any key order, and keeps what a mark says', async () => {
    const store = await openFileStore(await fresh());
    const source = { mark: 'm/1', manager: 'jc3', seen: ['Building'] };
    await store.snapshot.putMany([{ jumpcloudId: 'jc1', scimId: 's1', pushed: { n: 1, s: '"}\\' }, updatedAt: 1, source }]);
    store.close();
    // A line an earlier build wrote, its keys in another order, then an update of jc1 cut short
    // by a killed write.
    const body = '{"jumpcloudId":"jc1","scimId":"s1b","pushed":{"n":2,"x":"}}"},"updatedAt":5}';
    const update = `{"v":2,"bytes":${body.length},"put":${body}}`;
    await appendFile(join(dir, 'snapshot.jsonl'), `{"put":{"scimId":"s2","pushed":{},"updatedAt":2,"jumpcloudId":"jc2"}}\n${update.slice(0, update.indexOf('"}}"') + 3)}`);
    const again = await openFileStore(dir);
    const entries = await allEntries(again);
    expect(entries.sort((a, b) => a.jumpcloudId.localeCompare(b.jumpcloudId))).toEqual([
      { jumpcloudId: 'jc1', scimId: 's1', pushed: { n: 1, s: '"}\\' }, updatedAt: 1, source },
      { jumpcloudId: 'jc2', scimId: 's2', pushed: {}, updatedAt: 2 },
    ]);
    again.close();
  });

  it.each([
    ['without lengths', (put: object) => JSON.stringify({ put })],
    ['with lengths, the form before its time', (put: object) => `{"bytes":${JSON.stringify(put).length},"put":${JSON.stringify(put)}}`],
  ])('rewrites once, as this build writes it, a journal an earlier build wrote (%s)', async (_, lineOf) => {
    await fresh();
    const old = Array.from({ length: 1500 }, (_, i) => ({ jumpcloudId: `jc${i}`, scimId: `s${i}`, pushed: { n: i }, updatedAt: i }));
    await writeFile(join(dir, 'snapshot.jsonl'), old.map(lineOf).join('\n') + '\n');
    const store = await openFileStore(dir);
    const lines = (await readFile(join(dir, 'snapshot.jsonl'), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(1500);
    expect(lines.every((l) => l.startsWith('{"v":2,"bytes":'))).toBe(true);
    expect((await allEntries(store)).sort((a, b) => a.updatedAt - b.updatedAt)).toEqual(old);
    store.close();
  });

  it('reads light only the head of the forms of entries with a source mark, and never writes one back', async () => {
    const store = await openFileStore(await fresh());
    const manager = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value';
    const source = { mark: 'm/1', manager: 'jc2' };
    const marked = { jumpcloudId: 'jc1', scimId: 's1', updatedAt: 1, source, pushed: { 'name.givenName': 'Zoë ",\\"pushed\\":{', [manager]: 's2', active: false, userName: 'ada@example.com' } };
    const unmarked = { jumpcloudId: 'jc2', scimId: 's2', updatedAt: 2, pushed: { userName: 'bo@example.com', title: 'x' } };
    const group = { jumpcloudId: 'group:g1', scimId: 'sg', updatedAt: 3, pushed: { displayName: 'All', members: ['jc1'] } };
    await store.snapshot.putMany([marked, unmarked, group]);
    const light: SnapshotEntry[] = [];
    await store.snapshot.scan((e) => void light.push(e), { light: true });
    expect(light).toEqual([
      { jumpcloudId: 'jc1', scimId: 's1', updatedAt: 1, source, pushed: { userName: 'ada@example.com', active: false, [manager]: 's2' }, light: true },
      unmarked,
      group,
    ]);
    expect(await allEntries(store)).toEqual([marked, unmarked, group]);
    expect(await store.snapshot.getMany(['jc1'])).toEqual([marked]);
    await expect(store.snapshot.putMany([light[0]!])).rejects.toThrow(/never written back/);
    store.close();
    expect(await allEntries(await openFileStore(dir))).toEqual([marked, unmarked, group]);
  });

  it('reads a journal larger than its buffer, lines cut between reads and one longer than the buffer', async () => {
    const store = await openFileStore(await fresh());
    const padding = 'ë'.repeat(500);
    const users = Array.from({ length: 12_000 }, (_, i) => ({ jumpcloudId: `jc${i}`, scimId: `s${i}`, pushed: { userName: `u${i}@example.com`, padding }, updatedAt: i, source: { mark: `m/${i}` } }));
    for (let i = 0; i < users.length; i += 1000) await store.snapshot.putMany(users.slice(i, i + 1000));
    const members = Array.from({ length: 900_000 }, (_, i) => `jc${i}`);
    await store.snapshot.putMany([{ jumpcloudId: 'group:big', scimId: 'sg', pushed: { displayName: 'All', members }, updatedAt: 1 }]);
    await store.snapshot.putMany([{ jumpcloudId: 'jc-last', scimId: 's-last', pushed: { n: 1 }, updatedAt: 2 }]);
    store.close();
    expect((await stat(join(dir, 'snapshot.jsonl'))).size).toBeGreaterThan(16 << 20);
    const again = await openFileStore(dir);
    const light: SnapshotEntry[] = [];
    await again.snapshot.scan((e) => void light.push(e), { light: true });
    expect(light).toHaveLength(12_002);
    expect(light.filter((e) => e.light)).toHaveLength(12_000);
    expect(light.slice(0, 12_000).every((e, i) => e.jumpcloudId === `jc${i}` && e.pushed.userName === `u${i}@example.com`)).toBe(true);
    expect((light[12_000]!.pushed.members as string[]).length).toBe(900_000);
    const whole = await again.snapshot.getMany(['jc4321', 'jc-last']);
    expect(whole).toEqual([users[4321], { jumpcloudId: 'jc-last', scimId: 's-last', pushed: { n: 1 }, updatedAt: 2 }]);
    again.close();
  });

  it('fetches entries by id, the latest of each, without holding the others', async () => {
    const store = await openFileStore(await fresh());
    await store.snapshot.putMany([1, 2, 3].map((i) => ({ jumpcloudId: `jc${i}`, scimId: `s${i}`, pushed: { n: i }, updatedAt: i })));
    await store.snapshot.putMany([{ jumpcloudId: 'jc2', scimId: 's2', pushed: { n: 20 }, updatedAt: 20 }]);
    await store.snapshot.deleteMany(['jc3', 'jc-never-there']);
    const found = await store.snapshot.getMany(['jc2', 'jc3', 'jc9']);
    expect(found).toEqual([{ jumpcloudId: 'jc2', scimId: 's2', pushed: { n: 20 }, updatedAt: 20 }]);
    const journal = await readFile(join(dir, 'snapshot.jsonl'), 'utf8');
    expect(journal).not.toContain('jc-never-there');
  });

  it('compacts the journal once it outgrows the live entries', async () => {
    const store = await openFileStore(await fresh());
    for (let round = 0; round < 5; round++) {
      await store.snapshot.putMany(Array.from({ length: 400 }, (_, i) => ({ jumpcloudId: `jc${i}`, scimId: `s${i}`, pushed: { round }, updatedAt: round })));
    }
    const lines = (await readFile(join(dir, 'snapshot.jsonl'), 'utf8')).trim().split('\n').length;
    expect(lines).toBeLessThan(2000);
    store.close();
    const again = await openFileStore(dir);
    const all = await allEntries(again);
    expect(all).toHaveLength(400);
    expect(all.every((e) => e.pushed.round === 4)).toBe(true);
    // The index follows the rewritten journal: later changes land on the right entries.
    await again.snapshot.putMany([{ jumpcloudId: 'jc7', scimId: 's7', pushed: { round: 5 }, updatedAt: 5 }]);
    await again.snapshot.deleteMany(['jc8']);
    again.close();
    const after = await allEntries(await openFileStore(dir));
    expect(after).toHaveLength(399);
    expect(after.find((e) => e.jumpcloudId === 'jc7')?.pushed.round).toBe(5);
    expect(after.filter((e) => e.pushed.round === 4)).toHaveLength(398);
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

  it('writes a run with many outcomes and reads it back exactly, hostile strings and all', async () => {
    const store = await openFileStore(await fresh());
    const outcomes = Array.from({ length: 2500 }, (_, i) => ({
      jumpcloudId: `jc${i}`,
      userName: i % 7 ? `user${i}@example.com` : `"],"x":1}\u2028<script>${i}`,
      action: 'create',
      result: 'done',
    }));
    await store.runs.put({ id: 'run-big', trigger: 'command-line', startedAt: 5, status: 'succeeded', outcomes, counts: { created: 2500 } });
    await store.runs.put({ id: 'run-none', trigger: 'command-line', startedAt: 6, status: 'failed', outcomes: [] });
    store.close();
    const again = await openFileStore(dir);
    expect(await again.runs.get('run-big')).toEqual({ id: 'run-big', trigger: 'command-line', startedAt: 5, status: 'succeeded', outcomes, counts: { created: 2500 } });
    expect((await again.runs.get('run-none'))?.outcomes).toEqual([]);
  });

  it('keeps the config and checkpoints, and never writes a secret to disk', async () => {
    const store = await openFileStore(await fresh());
    await store.config.put(defaultConfig());
    await store.secrets.put('scimToken', 'scim-secret-token-value-123');
    await store.checkpoints.put('active-run', { id: 'r1' });
    expect(await store.secrets.get('scimToken')).toBe('scim-secret-token-value-123');
    store.close();
    const again = await openFileStore(dir);
    expect(await again.config.get()).toEqual(defaultConfig());
    expect(await again.checkpoints.get('active-run')).toEqual({ id: 'r1' });
    expect(await again.secrets.get('scimToken')).toBeUndefined();
    expect(await everyFile(dir)).not.toContain('scim-secret-token-value-123');
  });

  it('reads a journal of several megabytes back whole: lines cut between chunks, and a line longer than one', async () => {
    const root = join(await fresh(), 'state');
    const store = await openFileStore(root);
    // Lines of every length around the reader's 1 MB chunks, accents included, and one of 2.5 MB.
    const entries = Array.from({ length: 4000 }, (_, i) => ({
      jumpcloudId: `jc${i}`,
      scimId: `s${i}`,
      pushed: { displayName: `Zoë ${'é'.repeat(i % 700)} ${i}`, ...(i === 1500 ? { title: 'ü'.repeat(1_250_000) } : {}) },
      updatedAt: i,
    }));
    for (let i = 0; i < entries.length; i += 500) await store.snapshot.putMany(entries.slice(i, i + 500));
    store.close();
    expect((await stat(join(root, 'snapshot.jsonl'))).size).toBeGreaterThan(4 << 20);
    const again = await openFileStore(root);
    expect(await allEntries(again)).toEqual(entries);
    again.close();
  });
});
