// Users carried on a re-sync (lib/sync/carry.ts) over real HTTP against the sandbox: a user whose
// JumpCloud record is as it was is taken from its snapshot entry unread, so whatever else decides
// the user's form (the mapping, the status sync, the manager's directory id) must still reach the
// directory, and a change must never be taken for "as it was".
import { afterEach, describe, expect, it } from 'vitest';
import type { SnapshotEntry } from '@/lib/store/records';
import { engineHarness, type EngineHarness } from '../support/engine';

let h: EngineHarness;
afterEach(async () => h?.close());

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const managerOf = (h: EngineHarness, id: string) =>
  (h.targetUsers(id)[0] as unknown as Record<string, { manager?: { value?: string } } | undefined>)[ENTERPRISE]?.manager?.value;
const activeUsers = (h: EngineHarness) => h.sandbox.jumpcloud.directory.users.filter((u) => u.state === 'ACTIVATED' && u.email.trim() !== '');
const entries = async (h: EngineHarness) => {
  const all: SnapshotEntry[] = [];
  await h.store.snapshot.scan((e) => void all.push(e));
  return new Map(all.map((e) => [e.jumpcloudId, e]));
};

// Both stores: the file store reads the snapshot light, and a carried user's form is its head only.
describe.each(['indexeddb', 'files'] as const)('users carried on a re-sync (%s store)', (store) => {
  it('remembers what each user was mapped from, and finds exactly the users changed since', async () => {
    h = await engineHarness({ users: 150, store });
    const first = await h.sync();
    expect(first.run.status).toBe('succeeded');
    const marked = await entries(h);
    const created = first.run.outcomes.filter((o) => o.action === 'create' && o.result === 'done');
    expect(created.length).toBeGreaterThan(100);
    for (const o of created) expect(marked.get(o.jumpcloudId)?.source?.mark, o.jumpcloudId).toEqual(expect.any(String));

    const dir = h.sandbox.jumpcloud.directory;
    const [a, b, c] = activeUsers(h).slice(10, 13);
    dir.updateUser(a!._id, { jobTitle: 'Quoted "title" \\ with } brackets' });
    const lastname = `${b!.lastname}ë`;
    dir.updateUser(b!._id, { lastname });
    dir.updateUser(c!._id, { state: 'SUSPENDED', suspended: true });
    // What the run reads back whole from the store: the file store's light entries of the
    // changed users only, to plan them; the extension's store reads entries whole to begin with.
    const readWhole: string[] = [];
    const getMany = h.store.snapshot.getMany.bind(h.store.snapshot);
    h.store.snapshot.getMany = (ids) => (readWhole.push(...ids), getMany(ids));
    const again = await h.sync();
    expect(readWhole.sort()).toEqual(store === 'files' ? [a!._id, b!._id, c!._id].sort() : []);
    expect(again.run.status).toBe('succeeded');
    expect(again.run.requests.scimWrites).toBe(3);
    expect(again.run.counts).toMatchObject({ updated: 2, deactivated: 1 });
    expect(h.targetUsers(a!._id)[0]!.title).toBe('Quoted "title" \\ with } brackets');
    expect(h.targetUsers(b!._id)[0]!.name?.familyName).toBe(lastname);
    expect(h.targetUsers(c!._id)[0]!.active).toBe(false);
    // The new records' marks are remembered: the next run finds nothing to do.
    const remarked = await entries(h);
    for (const u of [a!, b!, c!]) expect(remarked.get(u._id)?.source?.mark).not.toBe(marked.get(u._id)?.source?.mark);
    expect((await h.sync()).run.requests.scimWrites).toBe(0);
  });

  it('maps everyone again when the mapping changes, though no record did', async () => {
    h = await engineHarness({ users: 80, store });
    await h.sync();
    const withType = activeUsers(h).filter((u) => u.employeeType && u.employeeType !== u.jobTitle);
    expect(withType.length).toBeGreaterThan(5);
    await h.saveConfig((c) => void (c.mapping.fields.designation = { from: 'jumpcloud', field: 'employeeType' }));
    const { run } = await h.sync();
    expect(run.status).toBe('succeeded');
    for (const u of withType) expect(h.targetUsers(u._id)[0]!.title, u._id).toBe(u.employeeType);
    expect((await h.sync()).run.requests.scimWrites).toBe(0);
  });

  it('still knows, carrying everyone, which custom attributes the users have', async () => {
    h = await engineHarness({ users: 60, store });
    await h.saveConfig((c) => {
      c.mapping.fields.workLocation = { from: 'attribute', name: 'Building' };
      c.mapping.fields.designation = { from: 'attribute', name: 'NoSuchAttribute' };
    });
    await h.sync();
    const { run } = await h.sync();
    expect(run.requests.scimWrites).toBe(0);
    expect(run.warnings.filter((w) => /custom attribute/.test(w))).toEqual([expect.stringContaining('"NoSuchAttribute"')]);
  });

  it('mirrors a suspension the status sync ignored, once it is switched to mirror', async () => {
    h = await engineHarness({ users: 60, store });
    await h.saveConfig((c) => void (c.settings.statusSync.mode = 'nothing'));
    await h.sync();
    const suspended = activeUsers(h)[5]!;
    h.sandbox.jumpcloud.directory.updateUser(suspended._id, { state: 'SUSPENDED', suspended: true });
    expect((await h.sync()).run.requests.scimWrites).toBe(0);
    expect(h.targetUsers(suspended._id)[0]!.active).toBe(true);
    await h.saveConfig((c) => void (c.settings.statusSync.mode = 'mirror'));
    const { run } = await h.sync();
    expect(run.counts.deactivated).toBe(1);
    expect(h.targetUsers(suspended._id)[0]!.active).toBe(false);
  });

  it('points unchanged reports at their manager’s new directory id when the manager was created again', async () => {
    h = await engineHarness({ users: 150, store });
    await h.sync();
    const active = activeUsers(h);
    const manager = active.find((m) => active.filter((u) => u.manager === m._id).length >= 2)!;
    expect(manager).toBeDefined();
    const reports = active.filter((u) => u.manager === manager._id);
    const oldId = h.targetUsers(manager._id)[0]!.id;
    for (const r of reports) expect(managerOf(h, r._id)).toBe(oldId);
    // Deleted in the directory by hand; its next change in JumpCloud creates it again.
    h.sandbox.scim.store.deleteUser(oldId);
    h.sandbox.jumpcloud.directory.updateUser(manager._id, { jobTitle: 'Head of everything' });
    await h.sync();
    const newId = h.targetUsers(manager._id)[0]!.id;
    expect(newId).not.toBe(oldId);
    const { run } = await h.sync();
    expect(run.status).toBe('succeeded');
    for (const r of reports) expect(managerOf(h, r._id), r._id).toBe(newId);
    expect(run.counts.updated).toBe(reports.length);
  });

  it('carries no one when the criteria test group membership, which no record shows', async () => {
    h = await engineHarness({ users: 120, store });
    const dir = h.sandbox.jumpcloud.directory;
    const group = dir.addGroup({ name: 'Carried test group' });
    const members = activeUsers(h).slice(0, 40);
    for (const u of members) dir.addMember(group.id, u._id);
    await h.saveConfig((c) => void (c.settings.criteria = { mode: 'match', combine: 'and', rules: [{ subject: { kind: 'memberOf' }, relation: 'equals', value: group.id }] }));
    const first = await h.sync();
    expect(first.run.counts.created).toBe(40);
    const member = members[2]!._id;
    dir.removeMember(group.id, member);
    const { run } = await h.sync();
    expect(run.outcomes.find((o) => o.jumpcloudId === member)).toMatchObject({ action: 'deactivate', result: 'done' });
    expect(h.targetUsers(member!)[0]!.active).toBe(false);
  });
});
