// Reconciliation over real HTTP against the sandbox: a lost state directory followed by a run that
// still deactivates the users JumpCloud deleted, hand edits in the directory put back, a user
// deleted there by hand created again, users JumpCloud does not know listed and left alone, a
// JumpCloud id two directory users claim left alone, removals found this way held by the
// threshold, and the schedule that decides when a run reconciles by itself.
import { afterEach, describe, expect, it } from 'vitest';
import { lastReconciled } from '@/lib/sync/reconcile';
import { engineHarness, type EngineHarness } from '../support/engine';

let h: EngineHarness;
afterEach(async () => h?.close());

const DAY = 24 * 60 * 60 * 1000;
const synced = () => h.sandbox.jumpcloud.directory.users.filter((u) => u.state !== 'STAGED' && u.email.trim() !== '');
const syncable = () => synced().filter((u) => u.state === 'ACTIVATED');
const linked = (id: string) => {
  const found = h.targetUsers(id);
  expect(found, `one directory user for JumpCloud user ${id}`).toHaveLength(1);
  return found[0]!;
};

/** What a new browser profile, or a deleted state directory, leaves: no snapshot, no record of reconciling. */
async function loseState() {
  await h.store.snapshot.clear();
  await h.store.checkpoints.delete('last-reconciled');
}

describe('reconciliation with the directory', () => {
  it('deactivates the users JumpCloud deleted even after the snapshot is lost, linking everyone else once', async () => {
    h = await engineHarness({ users: 80 });
    const first = await h.sync();
    expect(first.run).toMatchObject({ status: 'succeeded', reconciled: true });
    expect((await h.sync()).run.reconciled).toBeUndefined();

    const gone = syncable().slice(0, 3);
    for (const u of gone) h.sandbox.jumpcloud.directory.removeUser(u._id);
    await loseState();
    const before = h.sandbox.scim.store.userCount;
    const { run } = await h.sync();
    expect(run).toMatchObject({ status: 'succeeded', reconciled: true });
    expect(run.outcomes.filter((o) => o.action === 'deactivate').map((o) => o.jumpcloudId).sort()).toEqual(gone.map((u) => u._id).sort());
    for (const u of gone) expect(linked(u._id).active).toBe(false);
    // Everyone else is found where they are: nothing created, nobody twice.
    expect(run.counts.created).toBe(0);
    expect(h.sandbox.scim.store.userCount).toBe(before);
    for (const u of syncable()) expect(linked(u._id).active).toBe(true);
    // The snapshot is whole again: the next plain run changes nothing.
    const next = await h.sync();
    expect(next.run.reconciled).toBeUndefined();
    expect(next.run.counts).toMatchObject({ created: 0, updated: 0, deactivated: 0, unchanged: synced().length });
  });

  it('puts back an attribute changed by hand in the directory, shown first in the preview as drift', async () => {
    h = await engineHarness({ users: 40 });
    await h.sync();
    const user = syncable().find((u) => u.jobTitle)!;
    const record = linked(user._id);
    h.sandbox.scim.store.replaceUser(record.id, { ...record, title: 'Changed by hand' });
    // A plain run trusts its snapshot and does not see it.
    expect((await h.sync()).run.counts.updated).toBe(0);
    expect(linked(user._id).title).toBe('Changed by hand');

    const preview = await h.sync({ dryRun: true, reconcile: true });
    const planned = preview.run.outcomes.find((o) => o.jumpcloudId === user._id)!;
    expect(planned).toMatchObject({ action: 'update', result: 'planned', changed: ['title'], reason: expect.stringContaining('drift') });
    // The value put back, before and after: the hand edit, then JumpCloud's.
    expect(planned.changes).toEqual([{ path: 'title', before: 'Changed by hand', after: user.jobTitle.trim() }]);
    expect(linked(user._id).title).toBe('Changed by hand');

    const { run } = await h.sync({ reconcile: true });
    expect(run.outcomes.find((o) => o.jumpcloudId === user._id)).toMatchObject({
      action: 'update',
      result: 'done',
      reason: expect.stringContaining('drift'),
      changes: [{ path: 'title', before: 'Changed by hand', after: user.jobTitle.trim() }],
    });
    expect(run.warnings.join(' ')).toContain('1 users had attributes changed by hand');
    expect(linked(user._id).title).toBe(user.jobTitle);
    expect(run.counts.updated).toBe(1);
  });

  it('creates again a user deleted by hand in the directory', async () => {
    h = await engineHarness({ users: 30 });
    await h.sync();
    const user = syncable()[0]!;
    h.sandbox.scim.store.deleteUser(linked(user._id).id);
    expect((await h.sync()).run.counts.created).toBe(0);
    const { run } = await h.sync({ reconcile: true });
    expect(run.counts.created).toBe(1);
    expect(run.warnings.join(' ')).toContain('1 users synced before are no longer in the directory');
    expect(linked(user._id).active).toBe(true);
  });

  it('lists directory users JumpCloud does not know and never touches them', async () => {
    h = await engineHarness({ users: 30 });
    await h.sync();
    const stranger = h.sandbox.scim.store.createUser({ userName: 'contractor@elsewhere.example', externalId: 'payroll-7', active: true });
    const orphan = h.sandbox.scim.store.createUser({ userName: 'left-long-ago@elsewhere.example', active: true });
    const { run } = await h.sync({ reconcile: true });
    const listed = run.outcomes.filter((o) => o.action === 'skip' && o.reason?.startsWith('in the directory only'));
    expect(listed.map((o) => o.userName).sort()).toEqual(['contractor@elsewhere.example', 'left-long-ago@elsewhere.example']);
    expect(run.warnings.join(' ')).toContain('2 directory users are unknown to JumpCloud');
    expect(h.sandbox.scim.store.getUser(stranger.id)).toEqual(stranger);
    expect(h.sandbox.scim.store.getUser(orphan.id)).toEqual(orphan);
  });

  it('touches neither of two directory users that claim the same JumpCloud id', async () => {
    h = await engineHarness({ users: 30 });
    await h.sync();
    const user = syncable()[0]!;
    const original = linked(user._id);
    const twin = h.sandbox.scim.store.createUser({ userName: 'twin@elsewhere.example', externalId: user._id, active: true });
    // A change that would otherwise be written.
    h.sandbox.jumpcloud.directory.updateUser(user._id, { jobTitle: 'New title' });
    const { run } = await h.sync({ reconcile: true });
    expect(run.outcomes.find((o) => o.jumpcloudId === user._id)).toMatchObject({ action: 'skip', reason: expect.stringContaining('2 directory users carry this JumpCloud id') });
    expect(h.sandbox.scim.store.getUser(original.id)).toEqual(original);
    expect(h.sandbox.scim.store.getUser(twin.id)).toEqual(twin);
    expect(run.counts).toMatchObject({ created: 0, updated: 0, deactivated: 0 });
  });

  it('holds removals it finds past the threshold, and the confirmation reconciles the same way', async () => {
    h = await engineHarness({ users: 80 });
    await h.sync();
    const gone = syncable().slice(0, 12);
    for (const u of gone) h.sandbox.jumpcloud.directory.removeUser(u._id);
    await loseState();
    const held = await h.sync();
    expect(held.run).toMatchObject({ status: 'awaiting-confirmation', reconciled: true });
    for (const u of gone) expect(linked(u._id).active).toBe(true);
    // The snapshot it rebuilt still knows them: a plain confirmed run finds them too.
    const confirmed = await h.sync({ confirmRemovals: held.run.id });
    expect(confirmed.run).toMatchObject({ status: 'succeeded', reconciled: true });
    for (const u of gone) expect(linked(u._id).active).toBe(false);
  });

  it('reconciles by itself on a scheduled run once the admin’s interval has passed, and not before', async () => {
    h = await engineHarness({ users: 20 });
    await h.sync();
    const reconciledAt = (await lastReconciled(h.store))!;
    expect(reconciledAt).toBeGreaterThan(0);
    const now = h.world.now;
    h.world.now = () => now() + 6 * DAY;
    expect((await h.sync({ trigger: 'schedule' })).run.reconciled).toBeUndefined();
    h.world.now = () => now() + 8 * DAY;
    // A run the admin starts keeps to what they asked.
    expect((await h.sync({ trigger: 'manual' })).run.reconciled).toBeUndefined();
    expect((await h.sync({ trigger: 'schedule' })).run.reconciled).toBe(true);
    expect(await lastReconciled(h.store)).toBeGreaterThan(reconciledAt + 7 * DAY);
    await h.saveConfig((c) => (c.settings.reconcile = 'never'));
    h.world.now = () => now() + 30 * DAY;
    expect((await h.sync({ trigger: 'schedule' })).run.reconciled).toBeUndefined();
  });
});
