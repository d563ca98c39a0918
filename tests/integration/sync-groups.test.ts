// Groups over real HTTP against the sandbox, whose unsorted graph listings come back in a new order
// on every request (as JumpCloud warns they may): every member arrives, a re-run with nothing
// changed changes no membership, and while removals wait for confirmation nobody leaves a group.
import { afterEach, describe, expect, it } from 'vitest';
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
});
