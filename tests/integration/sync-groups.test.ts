// Groups over real HTTP against the sandbox, whose unsorted graph listings come back in a new order
// on every request (as JumpCloud warns they may): every member arrives, a re-run with nothing
// changed changes no membership, and while removals wait for confirmation nobody leaves a group.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { saveScimToken } from '@/lib/secrets/scim-token';
import { engineHarness, type EngineHarness } from '../support/engine';

let h: EngineHarness;
afterEach(async () => h?.close());

/** The SCIM ids of the target group's members, and the ones JumpCloud says it should have. */
function membersOf(label: string) {
  const dir = h.sandbox.jumpcloud.directory;
  const id = dir.special.groups.get(label)!;
  const group = h.sandbox.scim.store.findGroupByDisplayName(dir.getGroup(id)!.name)!;
  const expected = dir
    .membership(id)
    .flatMap((m) => h.targetUsers(m.id).map((u) => u.id))
    .sort();
  return { id, actual: [...group.members.keys()].sort(), expected };
}

describe('syncing groups', () => {
  it('pushes every member of a large group, and a re-run with nothing changed touches no membership', async () => {
    h = await engineHarness({ users: 500 });
    const allStaff = h.sandbox.jumpcloud.directory.special.groups.get('allStaff')!;
    await h.saveConfig((c) => (c.settings.resourceSync = { users: true, groups: true, groupIds: [allStaff] }));
    const first = await h.sync();
    expect(first.run.status).toBe('succeeded');
    const { actual, expected } = membersOf('allStaff');
    expect(expected.length).toBeGreaterThan(400);
    expect(actual).toEqual(expected);
    const again = await h.sync();
    expect(again.run.counts).toMatchObject({ membersAdded: 0, membersRemoved: 0 });
    expect(again.run.requests.scimWrites).toBe(0);
  });

  it('takes no one out of a group while removals wait for confirmation, and does once they are confirmed', async () => {
    h = await engineHarness({ users: 120 });
    const allStaff = h.sandbox.jumpcloud.directory.special.groups.get('allStaff')!;
    await h.saveConfig((c) => (c.settings.resourceSync = { users: true, groups: true, groupIds: [allStaff] }));
    await h.sync();
    const before = membersOf('allStaff').actual;
    const dir = h.sandbox.jumpcloud.directory;
    const gone = dir.membership(allStaff).slice(0, 20).map((m) => m.id);
    for (const id of gone) dir.removeUser(id);

    const held = await h.sync();
    expect(held.run.status).toBe('awaiting-confirmation');
    expect(held.run.counts).toMatchObject({ deactivated: 0, deleted: 0, membersRemoved: 0 });
    expect(membersOf('allStaff').actual).toEqual(before);
    expect(held.run.warnings.join(' ')).toMatch(/group memberships would end: they wait, with the removals/);

    const confirmed = await h.sync({ confirmRemovals: held.run.id });
    expect(confirmed.run.counts.membersRemoved).toBe(gone.length);
    const left = new Set(gone.flatMap((id) => h.targetUsers(id).map((u) => u.id)));
    expect(membersOf('allStaff').actual.filter((m) => left.has(m))).toEqual([]);
  });

  it('makes a group deleted in the directory again, with everyone it should hold', async () => {
    h = await engineHarness({ users: 60 });
    const platform = h.sandbox.jumpcloud.directory.special.groups.get('platform')!;
    await h.saveConfig((c) => (c.settings.resourceSync = { users: true, groups: true, groupIds: [platform] }));
    await h.sync();
    const { expected } = membersOf('platform');
    const store = h.sandbox.scim.store;
    store.deleteGroup(store.findGroupByDisplayName(h.sandbox.jumpcloud.directory.getGroup(platform)!.name)!.id);
    // A change in JumpCloud brings the group into the next plan.
    const newcomer = h.sandbox.jumpcloud.directory.users.find((u) => u.state === 'ACTIVATED' && !expected.includes(h.targetUsers(u._id)[0]?.id ?? ''))!;
    h.sandbox.jumpcloud.directory.addMember(platform, newcomer._id);
    const { run } = await h.sync();
    expect(run.status).toBe('succeeded');
    expect(run.outcomes.find((o) => o.action === 'group')).toMatchObject({ result: 'done', reason: expect.stringMatching(/created again/) });
    const after = membersOf('platform');
    expect(after.actual).toEqual(after.expected);
    expect(after.actual).toContain(h.targetUsers(newcomer._id)[0]!.id);
    expect((await h.sync()).run.status).toBe('succeeded');
  });

  it('links the group a create made when its answer was lost, instead of failing on the 409 of the repeat', async () => {
    h = await engineHarness({ users: 30 });
    // A proxy in front of the directory that lets the first POST /Groups through, then drops its answer.
    let dropped = 0;
    const upstream = new URL(h.sandbox.scim.syncEndpoint);
    const proxy: Server = createServer((req, res) => {
      const forward = request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
        if (req.method === 'POST' && req.url?.endsWith('/Groups') && dropped++ === 0) {
          answer.resume();
          answer.on('end', () => res.destroy());
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      req.pipe(forward);
    });
    await new Promise<void>((done) => proxy.listen(0, '127.0.0.1', done));
    try {
      const endpoint = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}${upstream.pathname}`;
      const platform = h.sandbox.jumpcloud.directory.special.groups.get('platform')!;
      await h.saveConfig((c) => {
        c.target.syncEndpoint = endpoint;
        c.settings.resourceSync = { users: true, groups: true, groupIds: [platform] };
      });
      await saveScimToken(h.store, endpoint, h.sandbox.scim.token);
      const { run } = await h.sync();
      expect(dropped).toBeGreaterThanOrEqual(2);
      expect(run.status).toBe('succeeded');
      expect(run.counts.groupsLinked).toBe(1);
      const named = h.sandbox.jumpcloud.directory.getGroup(platform)!.name;
      expect(h.sandbox.scim.store.listGroups().filter((g) => g.displayName === named)).toHaveLength(1);
      const { actual, expected } = membersOf('platform');
      expect(actual).toEqual(expected);
    } finally {
      await new Promise((done) => proxy.close(done));
    }
  });
});
