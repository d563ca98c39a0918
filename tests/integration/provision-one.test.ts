// Provision on demand: one user, each step shown.
import { afterEach, describe, expect, it } from 'vitest';
import { provisionOne } from '@/lib/sync/on-demand';
import { engineHarness, type EngineHarness } from '../support/engine';

let h: EngineHarness;
afterEach(async () => h?.close());
const one = (who: string) => provisionOne({ world: h.world, store: h.store, jumpcloudApiBase: h.sandbox.jumpcloud.apiBase }, who);

describe('provision on demand', () => {
  it('creates one user named by email, showing read, criteria, mapping, match and action', async () => {
    h = await engineHarness({ users: 30 });
    const user = h.sandbox.jumpcloud.directory.users.find((u) => u.state === 'ACTIVATED' && u.email)!;
    const { steps, run } = await one(user.email);
    expect(steps.map((s) => s.step)).toEqual(['read', 'criteria', 'mapping', 'match', 'action']);
    expect(steps.every((s) => s.ok)).toBe(true);
    expect(steps[3]!.detail).toMatch(/created/);
    expect(run.trigger).toBe('on-demand');
    expect(h.targetUsers(user._id)).toHaveLength(1);
    expect(h.sandbox.scim.store.userCount).toBe(1);

    // Again by id: already linked, nothing to change.
    const again = await one(user._id);
    expect(again.steps.at(-1)!.detail).toMatch(/Nothing to change/);
    expect(h.sandbox.scim.store.userCount).toBe(1);
  });

  it('links a user already in the directory instead of duplicating', async () => {
    h = await engineHarness({ users: 30 });
    const user = h.sandbox.jumpcloud.directory.users.find((u) => u.state === 'ACTIVATED' && u.email)!;
    h.sandbox.scim.store.createUser({ userName: user.email.trim().toLowerCase() });
    const { steps } = await one(user.email);
    expect(steps[3]!.detail).toMatch(/linked, not duplicated/);
    expect(h.sandbox.scim.store.userCount).toBe(1);
    expect(h.targetUsers(user._id)).toHaveLength(1);
  });

  it('says why a user is out of scope, and when no such user exists', async () => {
    h = await engineHarness({ users: 30 });
    const staged = h.sandbox.jumpcloud.directory.users.find((u) => u.state === 'STAGED')!;
    const out = await one(staged._id);
    expect(out.steps.at(-1)).toMatchObject({ step: 'criteria', ok: false, detail: expect.stringMatching(/staged/) });
    expect(h.sandbox.scim.store.userCount).toBe(0);
    const none = await one('nobody@nowhere.example');
    expect(none.steps).toEqual([{ step: 'read', ok: false, detail: expect.stringMatching(/no user with the email/) }]);
  });
});
