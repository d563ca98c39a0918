// The record of what was pushed belongs to one directory and one JumpCloud organization. Switched
// to another directory, a run refuses and writes nothing there; the admin's "Start fresh with this
// directory" clears the record, and the next run links the users the new directory already holds
// instead of duplicating them. Two SCIM directories on loopback, as two Zoho stores.
import { afterEach, describe, expect, it } from 'vitest';
import { handleMessage } from '@/lib/messages/handler';
import { saveScimToken } from '@/lib/secrets/scim-token';
import { startSandbox, type Sandbox } from '@/sandbox/index';
import { backgroundContext, extensionId, extensionOrigin } from '../support/background';
import { engineHarness, type EngineHarness } from '../support/engine';

let h: EngineHarness;
let other: Sandbox | undefined;
afterEach(async () => {
  await h?.close();
  await other?.close();
  other = undefined;
});

const page = { id: extensionId, url: `${extensionOrigin}popup.html` };

describe('the snapshot and its directory', () => {
  it('refuses to sync into another directory with the old record, and starts fresh there at the admin’s word, linking who is already there', async () => {
    h = await engineHarness({ users: 30 });
    const second = await startSandbox({ users: 1 });
    other = second;
    const first = await h.sync();
    expect(first.run.status).toBe('succeeded');
    const pushed = h.sandbox.scim.store.userCount;

    // The new directory already holds one of the users, created there by hand.
    const someone = h.sandbox.jumpcloud.directory.users.find((u) => u.state === 'ACTIVATED' && h.targetUsers(u._id).length)!;
    second.scim.store.createUser({ userName: someone.email.trim().toLowerCase(), name: { givenName: 'By hand' } });
    await h.saveConfig((c) => (c.target.syncEndpoint = second.scim.syncEndpoint));
    await saveScimToken(h.store, second.scim.syncEndpoint, second.scim.token);

    const refused = await h.sync();
    expect(refused.run.status).toBe('failed');
    expect(refused.run.errors[0]!.message).toContain(`belongs to ${h.sandbox.scim.syncEndpoint}`);
    expect(refused.run.errors[0]!.hint).toMatch(/Start fresh with this directory/);
    expect(second.scim.store.userCount).toBe(1);
    const ctx = backgroundContext(h);
    const status = await handleMessage({ type: 'status' }, page, ctx);
    expect(status).toMatchObject({ ok: true, data: { snapshotMismatch: { was: expect.stringContaining(h.sandbox.scim.syncEndpoint), now: expect.stringContaining(second.scim.syncEndpoint) } } });
    // A preview refuses too: its plan would be the old directory's.
    expect((await h.sync({ dryRun: true })).run.status).toBe('failed');

    expect(await handleMessage({ type: 'sync.startFresh' }, page, ctx)).toEqual({ ok: true, data: { cleared: true } });
    expect((await handleMessage({ type: 'status' }, page, ctx)) as { data: object }).not.toHaveProperty('data.snapshotMismatch');
    const fresh = await h.sync();
    expect(fresh.run.status).toBe('succeeded');
    expect(fresh.run.counts.adopted).toBe(1);
    expect(second.scim.store.userCount).toBe(pushed);
    expect(second.scim.store.findUsersByExternalId(someone._id)).toHaveLength(1);
    // The first directory was left as it was.
    expect(h.sandbox.scim.store.userCount).toBe(pushed);
  });

  it('is tied to the JumpCloud organization too', async () => {
    h = await engineHarness({ users: 5 });
    await h.sync();
    await h.saveConfig((c) => (c.jumpcloud.region = 'eu'));
    const refused = await h.sync();
    expect(refused.run.status).toBe('failed');
    expect(refused.run.errors[0]!.message).toMatch(/JumpCloud US.*JumpCloud EU/);
  });
});
