// Provision on demand: one user, each step shown; a check that writes nothing and says what would
// be sent; a provisioning recorded where runs are, that leaves the snapshot as a full sync would.
import { afterEach, describe, expect, it } from 'vitest';
import { provisionOne } from '@/lib/sync/on-demand';
import { engineHarness, type EngineHarness } from '../support/engine';

let h: EngineHarness;
afterEach(async () => h?.close());
const one = (who: string, dryRun = false) => provisionOne({ world: h.world, store: h.store, jumpcloudApiBase: h.sandbox.jumpcloud.apiBase }, who, { dryRun });
const activeUser = () => h.sandbox.jumpcloud.directory.users.find((u) => u.state === 'ACTIVATED' && u.email)!;

describe('provision on demand', () => {
  it('creates one user named by email, showing read, criteria, mapping, match and action', async () => {
    h = await engineHarness({ users: 30 });
    const user = activeUser();
    const { steps, run, requests, action } = await one(user.email);
    expect(steps.map((s) => s.step)).toEqual(['read', 'criteria', 'mapping', 'match', 'action']);
    expect(steps.every((s) => s.ok)).toBe(true);
    expect(steps[3]!.detail).toMatch(/created/);
    expect(action).toBe('create');
    expect(requests).toEqual([{ method: 'POST', path: '/Users', body: expect.objectContaining({ userName: user.email.trim().toLowerCase(), externalId: user._id }) }]);
    expect(run!.trigger).toBe('on-demand');
    expect(run!.counts.created).toBe(1);
    expect((await h.store.runs.list())[0]!.id).toBe(run!.id);
    expect(h.targetUsers(user._id)).toHaveLength(1);
    expect(h.sandbox.scim.store.userCount).toBe(1);

    // Again by id: already linked, nothing to change.
    const again = await one(user._id);
    expect(again.steps.at(-1)!.detail).toMatch(/Nothing to change/);
    expect(again.requests).toEqual([]);
    expect(h.sandbox.scim.store.userCount).toBe(1);
  });

  it('checks without writing anything, then sends exactly the request the check showed', async () => {
    h = await engineHarness({ users: 30 });
    const user = activeUser();
    const check = await one(user.email, true);
    expect(check).toMatchObject({ status: 'checked', action: 'create', errors: [] });
    expect(check.run).toBeUndefined();
    expect(check.steps.at(-1)!.detail).toMatch(/^Would be created/);
    // One user is read on purpose: the plan's note about a partial read is not passed on.
    expect(check.warnings.join(' ')).not.toMatch(/could not be read completely/);
    expect(h.sandbox.scim.store.userCount).toBe(0);
    expect(await h.store.runs.list()).toEqual([]);
    expect(await h.store.snapshot.getMany([user._id])).toEqual([]);

    const done = await one(user.email);
    expect(done.requests).toEqual(check.requests);
    const [pushed] = await h.store.snapshot.getMany([user._id]);
    expect(pushed!.scimId).toBe(h.targetUsers(user._id)[0]!.id);

    // The next full sync finds the user linked: created once, never twice.
    const full = await h.sync();
    expect(full.run.status).toBe('succeeded');
    expect(h.targetUsers(user._id)).toHaveLength(1);
    expect(full.run.outcomes.some((o) => o.jumpcloudId === user._id && o.action === 'create')).toBe(false);
  });

  it('links a user already in the directory instead of duplicating, and keeps the link', async () => {
    h = await engineHarness({ users: 30 });
    const user = activeUser();
    h.sandbox.scim.store.createUser({ userName: user.email.trim().toLowerCase() });
    const check = await one(user.email, true);
    expect(check.steps[3]!.detail).toMatch(/would be linked, not duplicated/);
    expect(check.requests).toEqual([{ method: 'PATCH', path: expect.stringMatching(/^\/Users\//), body: expect.objectContaining({ Operations: expect.any(Array) }) }]);
    const { steps, requests } = await one(user.email);
    expect(steps[3]!.detail).toMatch(/linked, not duplicated/);
    expect(requests).toEqual(check.requests);
    expect(h.sandbox.scim.store.userCount).toBe(1);
    expect(h.targetUsers(user._id)).toHaveLength(1);
    expect(await h.store.snapshot.getMany([user._id])).toHaveLength(1);
  });

  it('refuses to link a directory user linked to another JumpCloud user, writing nothing', async () => {
    h = await engineHarness({ users: 30 });
    const user = activeUser();
    const otherId = '5f0c1b2a3d4e5f6a7b8c9d0e';
    const held = h.sandbox.scim.store.createUser({ userName: user.email.trim().toLowerCase(), externalId: otherId });
    for (const dryRun of [true, false]) {
      const r = await one(user.email, dryRun);
      expect(r.steps.at(-1)).toMatchObject({ step: 'match', ok: false });
      expect(r.errors[0]!.message).toContain(`is linked to another JumpCloud user (${otherId})`);
      expect(r.requests).toEqual([]);
    }
    expect(h.sandbox.scim.store.getUser(held.id)!.externalId).toBe(otherId);
    expect(await h.store.snapshot.getMany([user._id])).toEqual([]);
  });

  it('says why a user is out of scope, and when no such user exists', async () => {
    h = await engineHarness({ users: 30 });
    const staged = h.sandbox.jumpcloud.directory.users.find((u) => u.state === 'STAGED')!;
    const out = await one(staged._id);
    expect(out.steps.at(-1)).toMatchObject({ step: 'criteria', ok: false, detail: expect.stringMatching(/staged/) });
    expect(out.action).toBe('none');
    expect(h.sandbox.scim.store.userCount).toBe(0);
    const none = await one('nobody@nowhere.example', true);
    expect(none.steps).toEqual([{ step: 'read', ok: false, detail: expect.stringMatching(/no user with the email/) }]);
    expect(none.errors[0]).toMatchObject({ message: expect.stringMatching(/nothing was sent/), hint: expect.stringMatching(/JumpCloud ID/) });
    expect(none.status).toBe('failed');
  });

  it('refuses an email two JumpCloud users share, writing nothing', async () => {
    h = await engineHarness({ users: 30 });
    const user = activeUser();
    // JumpCloud keeps emails unique, but an answer may still name two (tests/integration/jumpcloud-exact-email.test.ts).
    h.sandbox.jumpcloud.directory.pushGenerated({ ...user, _id: 'f'.repeat(24), username: 'twin' });
    for (const dryRun of [true, false]) {
      const r = await one(user.email, dryRun);
      expect(r.steps).toEqual([{ step: 'read', ok: false, detail: expect.stringMatching(/2 users have that email address/) }]);
      expect(r.errors[0]!.hint).toMatch(/JumpCloud user ID/);
      expect(r.action).toBeUndefined();
    }
    expect(h.sandbox.scim.store.userCount).toBe(0);
  });

  it('deactivates a suspended user as a full sync would, and holds it past the deletion threshold', async () => {
    h = await engineHarness({ users: 30 });
    await h.sync();
    const synced = h.sandbox.scim.store.userCount;
    const [a, b] = h.sandbox.jumpcloud.directory.users.filter((u) => u.state === 'ACTIVATED' && u.email);
    h.sandbox.jumpcloud.directory.setState(a!._id, 'SUSPENDED');
    // One of all the synced users is under the threshold: deactivated.
    const check = await one(a!._id, true);
    expect(check).toMatchObject({ action: 'deactivate', requests: [{ method: 'PATCH' }] });
    expect(check.held).toBeUndefined();
    const done = await one(a!._id);
    expect(done.status).toBe('succeeded');
    expect(h.targetUsers(a!._id)[0]!.active).toBe(false);

    // With a threshold of no removals at all, the same is held for the admin's confirmation.
    await h.saveConfig((c) => (c.safety = { deletionThresholdPercent: 100, deletionThresholdCount: 0 }));
    h.sandbox.jumpcloud.directory.setState(b!._id, 'SUSPENDED');
    const held = await one(b!._id);
    expect(held).toMatchObject({ status: 'awaiting-confirmation', action: 'deactivate', requests: [], held: expect.stringMatching(/Nothing was removed/) });
    expect(held.steps.at(-1)).toMatchObject({ step: 'action', ok: false });
    expect(held.run!.removalsHeld).toBe(held.held);
    expect(h.targetUsers(b!._id)[0]!.active).toBe(true);
    expect(h.sandbox.scim.store.userCount).toBe(synced);
  });

  it('waits for a sync stopped half way, and says what stops it: wrong token, revoked key', async () => {
    h = await engineHarness({ users: 10 });
    const user = activeUser();
    await h.store.checkpoints.put('active-run', { id: 'run-x', trigger: 'manual', startedAt: 1, dryRun: false, chunks: 0, counts: {} });
    const waiting = await one(user.email);
    expect(waiting).toMatchObject({ status: 'failed', steps: [], errors: [{ message: expect.stringMatching(/interrupted/) }] });
    expect(await h.store.checkpoints.get('active-run')).toMatchObject({ id: 'run-x' });
    await h.store.checkpoints.delete('active-run');

    const token = h.sandbox.scim.token;
    const { saveScimToken } = await import('@/lib/secrets/scim-token');
    await saveScimToken(h.store, h.config.target.syncEndpoint!, 'not-the-token-at-all-0123456789');
    const wrong = await one(user.email, true);
    expect(wrong.errors[0]!.message).toMatch(/token/i);
    expect(wrong.errors[0]!.hint).toBeTruthy();
    await saveScimToken(h.store, h.config.target.syncEndpoint!, token);

    await h.store.secrets.put('jumpcloudApiKey', 'jca_' + 'N0tTheKey'.repeat(4));
    const revoked = await one(user.email, true);
    expect(revoked.steps).toEqual([{ step: 'read', ok: false, detail: expect.stringMatching(/revoked|not valid|rejected/i) }]);
    expect(revoked.errors[0]!.hint).toMatch(/API Key/);
    expect(h.sandbox.scim.store.userCount).toBe(0);
  });
});
