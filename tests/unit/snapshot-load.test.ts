// Loading the snapshot after JumpCloud is read: an unchanged user's entry shares the form just
// mapped (one copy of the directory in memory, not two); anything that differs keeps its own.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { MANAGER_PATH } from '@/lib/mapping/zoho-to-scim';
import type { FlatUser } from '@/lib/scim/flat-user';
import { openIdbStore } from '@/lib/store/idb-store';
import type { PreparedUser } from '@/lib/sync/prepare';
import { loadSnapshot } from '@/lib/sync/snapshot-load';

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
});
