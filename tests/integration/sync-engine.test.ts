// The engine over real HTTP against the sandbox: JumpCloud's API in, the SCIM directory out.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runSync } from '@/lib/sync/engine';
import { engineHarness, type EngineHarness } from '../support/engine';
import { saveScimToken } from '@/lib/secrets/scim-token';

let h: EngineHarness;
afterEach(async () => h?.close());

const syncable = (h: EngineHarness) =>
  h.sandbox.jumpcloud.directory.users.filter((u) => u.state !== 'STAGED' && u.email.trim() !== '');

describe('sync engine', () => {
  it('creates every user in scope on the first sync, with externalId and the mapped fields', async () => {
    h = await engineHarness({ users: 80 });
    const { run } = await h.sync();
    expect(run.status).toBe('succeeded');
    const users = syncable(h);
    expect(run.counts.created + run.counts.skipped - h.sandbox.jumpcloud.directory.users.filter((u) => u.state === 'STAGED').length).toBeGreaterThan(0);
    const target = h.sandbox.scim.store;
    let pushed = 0;
    for (const u of users) {
      const found = h.targetUsers(u._id);
      if (run.outcomes.some((o) => o.jumpcloudId === u._id && o.result === 'skipped')) continue;
      expect(found, u.email).toHaveLength(1);
      expect(found[0]!.userName).toBe(u.email.trim().toLowerCase());
      expect(found[0]!.name?.givenName ?? undefined).toBe(u.firstname || undefined);
      expect(found[0]!.active).toBe(u.state === 'ACTIVATED');
      pushed++;
    }
    expect(target.userCount).toBe(pushed);
    expect(run.counts.created).toBe(pushed);
    // Staged users wait for activation.
    for (const u of h.sandbox.jumpcloud.directory.users.filter((x) => x.state === 'STAGED')) expect(h.targetUsers(u._id)).toEqual([]);
  });

  it('makes zero SCIM writes on a re-sync with no change, and exactly the changed users after a change', async () => {
    h = await engineHarness({ users: 120 });
    await h.sync();
    const writesBefore = h.sandbox.scim.counts.writes;
    const again = await h.sync();
    expect(again.run.status).toBe('succeeded');
    expect(again.run.requests.scimWrites).toBe(0);
    expect(h.sandbox.scim.counts.writes).toBe(writesBefore);

    const dir = h.sandbox.jumpcloud.directory;
    const changed = syncable(h).filter((u) => u.state === 'ACTIVATED').slice(0, 3);
    changed.forEach((u, i) => dir.updateUser(u._id, { jobTitle: `Changed ${i}` }));
    const third = await h.sync();
    expect(third.run.counts.updated).toBe(3);
    expect(third.run.requests.scimWrites).toBe(3);
    for (const [i, u] of changed.entries()) expect(h.targetUsers(u._id)[0]!.title).toBe(`Changed ${i}`);
  });

  it('follows a change of manager on a re-sync: that user’s Reporting To is written, nobody else’s', async () => {
    h = await engineHarness({ users: 120 });
    await h.sync();
    const enterprise = (id: string) =>
      (h.targetUsers(id)[0] as unknown as Record<string, { manager?: { value?: string } } | undefined>)['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'];
    const dir = h.sandbox.jumpcloud.directory;
    const active = syncable(h).filter((u) => u.state === 'ACTIVATED');
    const report = active.find((u) => u.manager && enterprise(u._id)?.manager?.value)!;
    const newManager = active.find((u) => u._id !== report._id && u._id !== report.manager)!;
    const loner = active.find((u) => u._id !== report._id && u.manager && enterprise(u._id)?.manager?.value)!;
    dir.updateUser(report._id, { manager: newManager._id });
    dir.updateUser(loner._id, { manager: '' });

    const again = await h.sync();
    expect(again.run.status).toBe('succeeded');
    expect(again.run.requests.scimWrites).toBe(2);
    expect(enterprise(report._id)?.manager?.value).toBe(h.targetUsers(newManager._id)[0]!.id);
    expect(enterprise(loner._id)?.manager?.value).toBeUndefined();
    expect((await h.sync()).run.requests.scimWrites).toBe(0);
  });

  it('previews without writing anything', async () => {
    h = await engineHarness({ users: 40 });
    const { run, plan } = await h.sync({ dryRun: true });
    expect(run.status).toBe('previewed');
    expect(plan!.actions.filter((a) => a.kind === 'create').length).toBeGreaterThan(0);
    // Each new user says who Zoho would notify (no domain is verified in the default settings).
    const creates = run.outcomes.filter((o) => o.action === 'create');
    expect(creates.length).toBe(plan!.actions.filter((a) => a.kind === 'create').length);
    for (const o of creates) expect(o.reason).toMatch(/^new user; domain not verified in Zoho/);
    expect(h.sandbox.scim.counts.writes).toBe(0);
    expect(h.sandbox.scim.store.userCount).toBe(0);
    expect((await h.store.runs.list())[0]?.status).toBe('previewed');
  });

  it('rides out 429 storms on both sides, honouring Retry-After, and loses nobody', async () => {
    h = await engineHarness({ users: 150 });
    h.sandbox.jumpcloud.handler.faults.set({ fail429Next: 15, retryAfterSeconds: 3 });
    h.sandbox.scim.faults.set({ rate429: 0.3, retryAfterSeconds: null });
    const { run } = await h.sync();
    expect(run.status).toBe('succeeded');
    expect(h.world.waits).toContain(3000);
    expect(h.sandbox.scim.faults.injected.get(429)).toBeGreaterThan(10);
    expect(h.sandbox.scim.store.userCount).toBe(run.counts.created);
    for (const u of syncable(h)) expect(h.targetUsers(u._id).length).toBeLessThanOrEqual(1);
  });

  it('retries 5xx a bounded number of times, recording users it could not write and carrying on', async () => {
    h = await engineHarness({ users: 40 });
    h.sandbox.scim.faults.set({ fail5xxNext: 3 });
    const first = await h.sync();
    expect(first.run.status).toBe('succeeded');
    // The target fails every request once the JumpCloud read has started (after discovery).
    h.sandbox.jumpcloud.handler.afterRequests(1, () => h.sandbox.scim.faults.set({ rate5xx: 1 }));
    h.sandbox.jumpcloud.directory.updateUser(syncable(h)[0]!._id, { jobTitle: 'x' });
    const second = await h.sync();
    expect(second.run.status).toBe('partial');
    expect(second.run.counts.failed).toBe(1);
    expect(second.run.outcomes.find((o) => o.result === 'failed')?.hint).toBeTruthy();
  });

  it('stops with a clear error and writes nothing when the API key was revoked', async () => {
    h = await engineHarness({ users: 20 });
    await h.store.secrets.put('jumpcloudApiKey', 'jca_' + 'R'.repeat(36));
    const { run } = await h.sync();
    expect(run.status).toBe('failed');
    expect(run.errors[0]?.message).toMatch(/revoked|expired|generated/);
    expect(run.errors[0]?.hint).toMatch(/My API Key/);
    expect(JSON.stringify(run)).not.toContain('jca_RRRR');
    expect(h.sandbox.scim.counts.writes).toBe(0);
  });

  it('stops with a clear error and writes nothing when JumpCloud answers with something malformed', async () => {
    h = await engineHarness({ users: 20 });
    // A JumpCloud that answers every page with a user lacking its _id.
    const broken = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ totalCount: 1, results: [{ username: 'no-id', email: 'x@example.com' }] }));
    });
    await new Promise<void>((r) => broken.listen(0, '127.0.0.1', r));
    try {
      const { run } = await runSync(
        { world: h.world, store: h.store, jumpcloudApiBase: `http://127.0.0.1:${(broken.address() as AddressInfo).port}/api` },
        { trigger: 'manual' },
      );
      expect(run.status).toBe('failed');
      expect(run.errors[0]?.message).toMatch(/_id/);
      expect(run.errors[0]?.message).toMatch(/nothing was written/i);
      expect(h.sandbox.scim.counts.writes).toBe(0);
    } finally {
      broken.close();
    }
  });

  it('stops with a clear error and writes nothing when the SCIM token is wrong', async () => {
    h = await engineHarness({ users: 20 });
    await saveScimToken(h.store, h.config.target.syncEndpoint!, 'wrong-token-0123456789abcdef');
    const { run } = await h.sync();
    expect(run.status).toBe('failed');
    expect(run.errors[0]?.message).toMatch(/token/i);
    expect(JSON.stringify(run)).not.toContain('wrong-token-0123456789abcdef');
    expect(h.sandbox.scim.store.userCount).toBe(0);
  });

  it('resumes a run killed half way, with nothing duplicated and nothing lost', async () => {
    h = await engineHarness({ users: 300 });
    h.sandbox.scim.faults.set({ latencyMs: 3 });
    const abort = new AbortController();
    const killed = h.sync({
      signal: abort.signal,
      onProgress: (p) => {
        if (p.phase === 'applying' && p.done === 120) abort.abort(new Error('worker stopped'));
      },
    });
    await expect(killed).rejects.toThrow();
    const halfway = h.sandbox.scim.store.userCount;
    expect(halfway).toBeGreaterThan(100);
    expect(halfway).toBeLessThan(syncable(h).length);

    const { run } = await h.sync({ trigger: 'resume' });
    expect(run.status).toBe('succeeded');
    expect(run.warnings.join(' ')).toMatch(/Resumed/);
    const expected = syncable(h).filter((u) => !run.outcomes.some((o) => o.jumpcloudId === u._id && o.result === 'skipped'));
    expect(h.sandbox.scim.store.userCount).toBe(expected.length);
    for (const u of expected) expect(h.targetUsers(u._id), u.email).toHaveLength(1);
    // One run in the history, carried on under the same id, each user counted and listed once.
    expect((await h.store.runs.list()).length).toBe(1);
    expect(run.counts.created + run.counts.adopted).toBe(expected.length);
    expect(run.counts.unchanged).toBe(0);
    const listed = run.outcomes.map((o) => `${o.jumpcloudId}:${o.action}`);
    expect(new Set(listed).size).toBe(listed.length);
    const again = await h.sync();
    expect(again.run.requests.scimWrites).toBe(0);
  });

  it('sees a change made in JumpCloud in the middle of a run, and never deactivates a user it failed to see', async () => {
    h = await engineHarness({ users: 250 });
    await h.sync();
    const dir = h.sandbox.jumpcloud.directory;
    const early = syncable(h).filter((u) => u.state === 'ACTIVATED')[0]!;
    // Between the first and second page: remove an early user, which shifts every later offset by
    // one. A plain skip/limit walk would now miss a user at a page boundary and deactivate them.
    h.sandbox.jumpcloud.handler.afterRequests(1, () => dir.removeUser(early._id));
    const { run } = await h.sync();
    expect(run.status).toBe('succeeded');
    // The first page had already shown the removed user, so nobody is removed in this run…
    expect(run.outcomes.filter((o) => o.action === 'deactivate')).toEqual([]);
    const inactive = () => h.sandbox.scim.store.listUsers().filter((u) => u.active === false).length;
    const suspended = syncable(h).filter((u) => u.state === 'SUSPENDED').length;
    expect(inactive()).toBe(suspended);
    // …and the next run, which no longer sees them, deactivates exactly that user.
    const next = await h.sync();
    expect(next.run.outcomes.filter((o) => o.action === 'deactivate').map((o) => o.jumpcloudId)).toEqual([early._id]);
    expect(h.targetUsers(early._id)[0]!.active).toBe(false);
    expect(inactive()).toBe(suspended + 1);
  });

  it('keeps hostile and unicode strings byte-exact', async () => {
    h = await engineHarness({ users: 30 });
    const { run } = await h.sync();
    expect(run.status).toBe('succeeded');
    const special = h.sandbox.jumpcloud.directory.special.users;
    for (const label of ['xss', 'cjk']) {
      const id = special.get(label)!;
      const jc = h.sandbox.jumpcloud.directory.getUser(id)!;
      const target = h.targetUsers(id)[0]!;
      expect(target.name?.givenName ?? '').toBe(jc.firstname);
      expect(target.name?.familyName ?? '').toBe(jc.lastname);
    }
  });

  it('holds removals beyond the deletion threshold until the admin confirms', async () => {
    h = await engineHarness({ users: 100 });
    await h.sync();
    const dir = h.sandbox.jumpcloud.directory;
    const gone = syncable(h).filter((u) => u.state === 'ACTIVATED').slice(0, 15);
    for (const u of gone) dir.removeUser(u._id);
    const held = await h.sync();
    expect(held.run.status).toBe('awaiting-confirmation');
    expect(held.run.removalsHeld).toMatch(/15 users/);
    expect(held.run.counts.held).toBe(15);
    for (const u of gone) expect(h.targetUsers(u._id)[0]!.active).toBe(true);
    const confirmed = await h.sync({ confirmRemovals: held.run.id });
    expect(confirmed.run.counts.deactivated).toBe(15);
    for (const u of gone) expect(h.targetUsers(u._id)[0]!.active).toBe(false);
  });

  it('takes a confirmation for what the held run held: a plan that removes more holds again, and says why', async () => {
    h = await engineHarness({ users: 100 });
    await h.sync();
    const dir = h.sandbox.jumpcloud.directory;
    const active = syncable(h).filter((u) => u.state === 'ACTIVATED');
    for (const u of active.slice(0, 15)) dir.removeUser(u._id);
    const held = await h.sync({ dryRun: true });
    expect(held.run.removalsHeld).toMatch(/15 users/);
    // Five more leave JumpCloud before the admin confirms what the preview showed.
    for (const u of active.slice(15, 20)) dir.removeUser(u._id);
    const again = await h.sync({ confirmRemovals: held.run.id });
    expect(again.run.status).toBe('awaiting-confirmation');
    expect(again.run.removalsHeld).toMatch(new RegExp(`20 users.*5 of them are not among the 15 you confirmed \\(run ${held.run.id}\\)`));
    expect(again.run.counts).toMatchObject({ deactivated: 0, deleted: 0 });
    for (const u of active.slice(0, 20)) expect(h.targetUsers(u._id)[0]!.active).toBe(true);
    // Confirming the run that held all twenty removes them.
    const confirmed = await h.sync({ confirmRemovals: again.run.id });
    expect(confirmed.run.counts.deactivated).toBe(20);
    // A confirmation must name a run that held something.
    const stale = await h.sync({ confirmRemovals: confirmed.run.id });
    expect(stale.run.status).toBe('failed');
    expect(stale.run.errors[0]!.message).toMatch(/held no removals back/);
  });

  it('holds a mass change of sign-in names for confirmation, and applies it once confirmed', async () => {
    h = await engineHarness({ users: 60 });
    await h.sync();
    const dir = h.sandbox.jumpcloud.directory;
    const moved = syncable(h).filter((u) => u.state === 'ACTIVATED').slice(0, 12);
    for (const u of moved) dir.updateUser(u._id, { email: `moved.${u._id.slice(-6)}@new.example` });
    const held = await h.sync();
    expect(held.run.status).toBe('awaiting-confirmation');
    expect(held.run.removalsHeld).toMatch(/change the sign-in name .* of 12 users/);
    for (const u of moved) expect(h.targetUsers(u._id)[0]!.userName).not.toMatch(/@new\.example$/);
    const confirmed = await h.sync({ confirmRemovals: held.run.id });
    expect(confirmed.run.status).toBe('succeeded');
    for (const u of moved) expect(h.targetUsers(u._id)[0]!.userName).toBe(`moved.${u._id.slice(-6)}@new.example`);
  });

  it('syncs only the users the criteria pattern selects', async () => {
    h = await engineHarness({ users: 120 });
    await h.saveConfig((c) => {
      c.settings.criteria = {
        mode: 'match',
        combine: 'pattern',
        pattern: '(1 AND 2) OR 3',
        rules: [
          { subject: { kind: 'field', field: 'department' }, relation: 'equals', value: 'Engineering' },
          { subject: { kind: 'field', field: 'jobTitle' }, relation: 'isNotEmpty', value: '' },
          { subject: { kind: 'field', field: 'email' }, relation: 'endsWith', value: '.org' },
        ],
      };
    });
    const { run } = await h.sync();
    expect(run.status).toBe('succeeded');
    for (const u of syncable(h)) {
      const want = (u.department.trim().toLowerCase() === 'engineering' && u.jobTitle.trim() !== '') || u.email.trim().toLowerCase().endsWith('.org');
      const skipped = run.outcomes.some((o) => o.jumpcloudId === u._id && o.reason?.includes('same email'));
      if (!skipped) expect(h.targetUsers(u._id).length, `${u.email} ${u.department}`).toBe(want ? 1 : 0);
    }
  });

  it('maps JumpCloud fields, hard-coded values and custom attributes', async () => {
    h = await engineHarness({ users: 60 });
    await h.saveConfig((c) => {
      c.mapping.fields.country = { from: 'hardcoded', value: 'India' };
      c.mapping.fields.workLocation = { from: 'attribute', name: 'Building' };
      c.mapping.fields.designation = { from: 'jumpcloud', field: 'employeeType' };
    });
    await h.sync();
    const withBuilding = h.sandbox.jumpcloud.directory.users.find((u) => u.state === 'ACTIVATED' && u.attributes.some((a) => a.name === 'Building'))!;
    const target = h.targetUsers(withBuilding._id)[0]!;
    const work = target.addresses?.find((a) => a.type === 'work');
    expect(work?.country).toBe('India');
    expect(work?.locality).toBe(withBuilding.attributes.find((a) => a.name === 'Building')!.value);
    expect(target.title ?? '').toBe(withBuilding.employeeType);
  });

  it('adopts users already in the directory instead of duplicating them', async () => {
    h = await engineHarness({ users: 30 });
    const someone = syncable(h).find((u) => u.state === 'ACTIVATED')!;
    h.sandbox.scim.store.createUser({ userName: someone.email.trim().toLowerCase(), name: { givenName: 'Old' } });
    const { run } = await h.sync();
    expect(run.counts.adopted).toBe(1);
    const found = h.sandbox.scim.store.findUserByUserName(someone.email.trim().toLowerCase())!;
    expect(found.externalId).toBe(someone._id);
    expect(found.name?.givenName).toBe(someone.firstname);
    expect(h.targetUsers(someone._id)).toHaveLength(1);
  });

  it('links no one when two directory users answer to the same person, and never by a secondary address', async () => {
    h = await engineHarness({ users: 20 });
    const [twice, secondary] = syncable(h).filter((u) => u.state === 'ACTIVATED');
    const email = (u: typeof twice) => u!.email.trim().toLowerCase();
    for (const name of ['first.copy', 'second.copy']) {
      h.sandbox.scim.store.createUser({ userName: `${name}@elsewhere.example`, emails: [{ value: email(twice), primary: true }] });
    }
    const other = h.sandbox.scim.store.createUser({
      userName: 'someone.else@elsewhere.example',
      emails: [{ value: 'someone.else@elsewhere.example', primary: true }, { value: email(secondary) }],
    });
    const { run } = await h.sync();
    const outcome = run.outcomes.find((o) => o.jumpcloudId === twice!._id)!;
    expect(outcome).toMatchObject({ result: 'failed', error: expect.stringMatching(/2 users in the directory have the primary email .* so neither is linked/) });
    expect(h.targetUsers(twice!._id)).toEqual([]);
    // Matched on another user's secondary address: not linked, created as its own user.
    expect(h.sandbox.scim.store.findUsersByExternalId(secondary!._id)).toHaveLength(1);
    expect(h.sandbox.scim.store.findUsersByExternalId(secondary!._id)[0]!.id).not.toBe(other.id);
  });

  it('never takes over by name a directory user linked to another JumpCloud user, listed or found after a 409', async () => {
    h = await engineHarness({ users: 20 });
    const store = h.sandbox.scim.store;
    const [newcomer] = syncable(h).filter((u) => u.state === 'ACTIVATED');
    // A leaver's account, linked by an earlier sync to a JumpCloud user who is not this one: the
    // newcomer was given the leaver's old address.
    const leaverId = '5f0c1b2a3d4e5f6a7b8c9d0e';
    const leaver = store.createUser({ userName: newcomer!.email.trim().toLowerCase(), externalId: leaverId, name: { givenName: 'Leaver' } });
    const first = await h.sync();
    expect(first.run.outcomes.find((o) => o.jumpcloudId === newcomer!._id)).toMatchObject({
      result: 'failed',
      error: expect.stringContaining(`is linked to another JumpCloud user (${leaverId}), so it is not linked to this one`),
    });
    // Not a first sync: no listing to match against, so the create meets 409 and the user is looked up.
    const otherId = '6a1d2c3b4a5f6e7d8c9b0a1f';
    const other = store.createUser({ userName: 'later.hire@example.com', externalId: otherId, name: { givenName: 'Other' } });
    const later = h.sandbox.jumpcloud.directory.addUser({ username: 'later.hire', email: 'later.hire@example.com', firstname: 'Later', lastname: 'Hire' });
    const second = await h.sync();
    expect(second.run.reconciled).toBeFalsy();
    expect(second.run.outcomes.find((o) => o.jumpcloudId === later._id)).toMatchObject({
      result: 'failed',
      error: expect.stringContaining(`is linked to another JumpCloud user (${otherId})`),
    });
    for (const [user, owner, givenName] of [[leaver, leaverId, 'Leaver'], [other, otherId, 'Other']] as const) {
      expect(store.getUser(user.id)).toMatchObject({ externalId: owner, name: { givenName } });
    }
    expect(h.targetUsers(newcomer!._id)).toEqual([]);
    expect(h.targetUsers(later._id)).toEqual([]);
  });

  it('pushes the selected groups with their resolved (nested) members, linking a same-name group', async () => {
    h = await engineHarness({ users: 80 });
    const dir = h.sandbox.jumpcloud.directory;
    const platform = dir.special.groups.get('platform')!;
    const allStaff = dir.special.groups.get('allStaff')!;
    h.sandbox.scim.store.createGroup({ displayName: dir.getGroup(allStaff)!.name });
    await h.saveConfig((c) => (c.settings.resourceSync = { users: true, groups: true, groupIds: [platform, allStaff] }));
    const { run } = await h.sync();
    expect(run.status).toBe('succeeded');
    expect(run.counts.groupsLinked).toBe(1);
    expect(run.counts.groupsCreated).toBe(1);
    const group = h.sandbox.scim.store.findGroupByDisplayName(dir.getGroup(platform)!.name)!;
    const expected = dir.membership(platform).map((m) => m.id).filter((id) => h.targetUsers(id).length);
    expect([...group.members.keys()].sort()).toEqual(expected.map((id) => h.targetUsers(id)[0]!.id).sort());
    const again = await h.sync();
    expect(again.run.requests.scimWrites).toBe(0);
  });
});
