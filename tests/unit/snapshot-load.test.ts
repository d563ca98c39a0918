// Loading the snapshot after JumpCloud is read: an unchanged user's entry shares the form just
// mapped (one copy of the directory in memory, not two); anything that differs keeps its own.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { MANAGER_PATH } from '@/lib/mapping/zoho-to-scim';
import type { FlatUser } from '@/lib/scim/flat-user';
import { openIdbStore } from '@/lib/store/idb-store';
import type { PreparedUser } from '@/lib/sync/prepare';
import { loadSnapshot, startSnapshotLoad } from '@/lib/sync/snapshot-load';
import { openFileStore } from '@/lib/store/file-store';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const prepared = (id: string, attributes: FlatUser): PreparedUser => ({
  id,
  label: String(attributes.userName),
  verdict: { included: true },
  mapped: { jumpcloudId: id, userName: String(attributes.userName), attributes },
});
const form = (id: string, extra: FlatUser = {}): FlatUser => ({ externalId: id, active: true, userName: `${id}@example.com`, title: 'Engineer', ...extra });

describe('loading the snapshot against the users read', () => {
  it('shares unchanged forms, carries the manager over, and keeps whatever differs', async () => {
    const store = openIdbStore(`snapshot-load-${Math.random()}`);
    await store.snapshot.putMany([
      { jumpcloudId: 'a1', scimId: 'sa1', pushed: form('a1'), updatedAt: 1 },
      { jumpcloudId: 'b2', scimId: 'sb2', pushed: form('b2', { [MANAGER_PATH]: 'sa1' }), updatedAt: 1 },
      { jumpcloudId: 'c3', scimId: 'sc3', pushed: form('c3', { title: 'Manager' }), updatedAt: 1 },
      { jumpcloudId: 'd4', scimId: 'sd4', pushed: form('d4', { department: 'Sales' }), updatedAt: 1 },
      { jumpcloudId: 'e5', scimId: 'se5', pushed: form('e5'), updatedAt: 1 },
      { jumpcloudId: 'group:g1', scimId: 'sg1', pushed: { displayName: 'Team', members: ['a1'] }, updatedAt: 1 },
    ]);
    const users = [prepared('a1', form('a1')), prepared('b2', form('b2')), prepared('c3', form('c3')), prepared('d4', form('d4'))];
    const snapshot = await loadSnapshot(store, users);

    expect(snapshot.get('a1')!.pushed).toBe(users[0]!.mapped!.attributes);
    // With a manager: the mapped form takes the manager pushed with it (the plan resolves it again).
    expect(snapshot.get('b2')!.pushed).toBe(users[1]!.mapped!.attributes);
    expect(users[1]!.mapped!.attributes).toEqual(form('b2', { [MANAGER_PATH]: 'sa1' }));
    // Changed in JumpCloud, or pushed with an attribute the mapping no longer fills: their own copy.
    expect(snapshot.get('c3')!.pushed).toEqual(form('c3', { title: 'Manager' }));
    expect(snapshot.get('d4')!.pushed).toEqual(form('d4', { department: 'Sales' }));
    // Not read this time (gone from JumpCloud, or to be confirmed): kept as it was.
    expect(snapshot.get('e5')!.pushed).toEqual(form('e5'));
    expect(snapshot.get('group:g1')!.pushed).toEqual({ displayName: 'Team', members: ['a1'] });
    expect(snapshot.size).toBe(6);
    store.close();
  });

  it('carries a user mapped from the record its light entry was mapped from, as its entry has it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jca-light-'));
    const store = await openFileStore(dir);
    const mark = (m: string) => ({ mark: m });
    await store.snapshot.putMany([
      // Pushed with status sync "do nothing": the directory keeps its own status.
      { jumpcloudId: 'a1', scimId: 'sa1', pushed: form('a1', { active: false, [MANAGER_PATH]: 'sc3' }), updatedAt: 1, source: mark('m/a1') },
      { jumpcloudId: 'b2', scimId: 'sb2', pushed: form('b2'), updatedAt: 1, source: mark('m/b2') },
      { jumpcloudId: 'c3', scimId: 'sc3', pushed: form('c3'), updatedAt: 1 },
    ]);
    const withMark = (user: PreparedUser, m: string): PreparedUser => ({ ...user, mapped: { ...user.mapped!, source: mark(m) } });
    const users = [withMark(prepared('a1', form('a1')), 'm/a1'), withMark(prepared('b2', form('b2', { title: 'Lead' })), 'm/b2-changed'), prepared('c3', form('c3'))];
    const load = startSnapshotLoad(store, { light: true });
    // Met before its entry is read, and after.
    load.meet(users[0]!);
    const snapshot = await load.done;
    for (const u of users.slice(1)) load.meet(u);

    const a1 = snapshot.get('a1')!;
    expect(a1).toMatchObject({ light: true, pushed: { userName: 'a1@example.com', active: false, [MANAGER_PATH]: 'sc3' } });
    expect(users[0]!.mapped!.attributes).toBe(a1.pushed);
    // Another record: the entry stays light, its form to be read whole if the plan acts on it.
    expect(snapshot.get('b2')).toMatchObject({ light: true, pushed: { userName: 'b2@example.com', active: true } });
    expect(Object.keys(snapshot.get('b2')!.pushed).sort()).toEqual(['active', 'userName']);
    expect(users[1]!.mapped!.attributes).toEqual(form('b2', { title: 'Lead' }));
    // No mark: read whole, and shared as ever.
    expect(snapshot.get('c3')!.pushed).toBe(users[2]!.mapped!.attributes);
    store.close();
    await rm(dir, { recursive: true, force: true });
  });
});
