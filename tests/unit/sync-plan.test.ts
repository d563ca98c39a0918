import { describe, expect, it } from 'vitest';
import { defaultConfig } from '@/lib/config/defaults';
import type { Config } from '@/lib/config/schema';
import { MANAGER_PATH } from '@/lib/mapping/zoho-to-scim';
import { ENTERPRISE_USER_SCHEMA } from '@/lib/scim/flat-user';
import type { SnapshotEntry } from '@/lib/store/records';
import { plan, type TargetCapabilities } from '@/lib/sync/plan';
import { createPreparer } from '@/lib/sync/prepare';
import { describeNotice, newUserNotice } from '@/lib/sync/notices';
import { groupKey } from '@/lib/sync/snapshot-keys';
import type { SourceData } from '@/lib/sync/types';
import { jcUser } from '../support/jumpcloud-users';
import type { JumpCloudUser } from '@/lib/jumpcloud/schemas';

const everything: TargetCapabilities = { supports: () => true, customAttribute: () => undefined };
/** What the engine hands the plan: the users prepared under the config and target the plan runs with. */
type LazySource = (config: Config, target: TargetCapabilities) => SourceData;
const source =
  (users: JumpCloudUser[], extra: Partial<Omit<SourceData, 'users'>> = {}): LazySource =>
  (config, target) => {
    const groups = extra.groups ?? [];
    const groupMembers = extra.groupMembers ?? new Map();
    const preparer = createPreparer(config, target, groups, groupMembers);
    return { users: users.map((u) => preparer.prepare(u)), attributesSeen: preparer.attributesSeen, groups, groupMembers, unprovenGroups: new Set<string>(), complete: true, ...extra };
  };
const planOf = (
  src: LazySource,
  config: Config,
  snapshot: Map<string, SnapshotEntry>,
  target: TargetCapabilities,
  options?: Parameters<typeof plan>[4],
) => plan(src(config, target), config, snapshot, target, options);

/** The snapshot a previous run would have left after pushing these users as planned. */
function pushedSnapshot(users: JumpCloudUser[], config: Config = defaultConfig()): Map<string, SnapshotEntry> {
  const first = planOf(source(users), config, new Map(), everything);
  const snap = new Map<string, SnapshotEntry>();
  for (const a of first.actions) {
    if (a.kind === 'create') snap.set(a.jumpcloudId, { jumpcloudId: a.jumpcloudId, scimId: `scim-${a.jumpcloudId}`, pushed: a.attributes, updatedAt: 0 });
  }
  return snap;
}

describe('sync plan', () => {
  it('creates every user on the first sync, with externalId = JumpCloud _id and the mapped fields', () => {
    const alice = jcUser({ email: 'Alice@Example.com', firstname: 'Alice', jobTitle: 'CFO', department: 'Finance' });
    const p = planOf(source([alice]), defaultConfig(), new Map(), everything);
    expect(p.actions).toHaveLength(1);
    const create = p.actions[0]!;
    expect(create.kind).toBe('create');
    if (create.kind !== 'create') return;
    expect(create.attributes).toMatchObject({
      externalId: alice._id,
      userName: 'alice@example.com',
      'emails[type eq "work"].value': 'Alice@Example.com',
      'name.givenName': 'Alice',
      title: 'CFO',
      [`${ENTERPRISE_USER_SCHEMA}:department`]: 'Finance',
      active: true,
    });
  });

  it('plans nothing for a re-sync with no change', () => {
    const users = [jcUser(), jcUser(), jcUser()];
    const p = planOf(source(users), defaultConfig(), pushedSnapshot(users), everything);
    expect(p.actions).toEqual([]);
    expect(p.unchanged).toBe(3);
  });

  it('updates only the attributes that changed', () => {
    const bob = jcUser({ jobTitle: 'Engineer' });
    const snap = pushedSnapshot([bob]);
    const p = planOf(source([{ ...bob, jobTitle: 'Staff Engineer' }]), defaultConfig(), snap, everything);
    expect(p.actions).toHaveLength(1);
    expect(p.actions[0]).toMatchObject({ kind: 'update', scimId: `scim-${bob._id}`, changed: ['title'] });
  });

  it('applies hard-coded values and custom attributes by exact, case-sensitive name', () => {
    const config = defaultConfig();
    config.mapping.fields.country = { from: 'hardcoded', value: 'India' };
    config.mapping.fields.workLocation = { from: 'attribute', name: 'Building' };
    const u = jcUser({ attributes: [{ name: 'building', value: 'wrong case' }, { name: 'Building', value: 'Main Building' }] });
    const create = planOf(source([u]), config, new Map(), everything).actions[0]!;
    expect(create.kind === 'create' && create.attributes).toMatchObject({
      'addresses[type eq "work"].country': 'India',
      'addresses[type eq "work"].locality': 'Main Building',
    });
  });

  it('warns about a custom attribute no user has, instead of a silent blank', () => {
    const config = defaultConfig();
    config.mapping.fields.employeeId = { from: 'attribute', name: 'BadgeNo' };
    const p = planOf(source([jcUser({ attributes: [{ name: 'badgeno', value: '1' }] })]), config, new Map(), everything);
    expect(p.warnings.join('\n')).toContain('"BadgeNo"');
  });

  it('reports attributes the target does not declare rather than dropping them silently', () => {
    const coreOnly: TargetCapabilities = { supports: (path) => !path.startsWith('urn:'), customAttribute: () => undefined };
    const p = planOf(source([jcUser({ department: 'Sales' })]), defaultConfig(), new Map(), coreOnly);
    const create = p.actions[0]!;
    expect(create.kind === 'create' && Object.keys(create.attributes).some((k) => k.startsWith('urn:'))).toBe(false);
    expect(p.warnings.join('\n')).toMatch(/Department .*department/);
  });

  it('holds back staged users and users without an email, saying why', () => {
    const staged = jcUser({ state: 'STAGED' });
    const noEmail = jcUser({ email: '' });
    const p = planOf(source([staged, noEmail]), defaultConfig(), new Map(), everything);
    expect(p.actions).toEqual([]);
    expect(p.skipped.map((s) => s.reason)).toEqual([
      expect.stringContaining('email'),
      expect.stringContaining('staged'),
    ]);
  });

  it('skips the second of two users with the same email', () => {
    const a = jcUser({ email: 'same@example.com' });
    const b = jcUser({ email: 'SAME@example.com' });
    const p = planOf(source([a, b]), defaultConfig(), new Map(), everything);
    expect(p.actions.map((x) => x.jumpcloudId)).toEqual([a._id]);
    expect(p.skipped[0]).toMatchObject({ jumpcloudId: b._id, reason: expect.stringContaining(a._id) });
  });

  it('mirrors suspension as a deactivation, and does nothing when status sync is off', () => {
    const u = jcUser();
    const snap = pushedSnapshot([u]);
    const suspended = { ...u, state: 'SUSPENDED' as const };
    expect(planOf(source([suspended]), defaultConfig(), snap, everything).actions[0]).toMatchObject({
      kind: 'deactivate',
      changed: ['active'],
    });
    const config = defaultConfig();
    config.settings.statusSync.mode = 'nothing';
    expect(planOf(source([suspended]), config, snap, everything).actions).toEqual([]);
  });

  it('deactivates, or deletes if chosen, users deleted in JumpCloud', () => {
    const [a, b] = [jcUser(), jcUser()];
    const snap = pushedSnapshot([a, b]);
    const config = { ...defaultConfig(), safety: { deletionThresholdPercent: 100, deletionThresholdCount: 100 } };
    expect(planOf(source([a]), config, snap, everything).actions).toEqual([
      expect.objectContaining({ kind: 'deactivate', jumpcloudId: b._id, reason: 'deleted in JumpCloud' }),
    ]);
    config.settings.statusSync.onDelete = 'delete';
    expect(planOf(source([a]), config, snap, everything).actions).toEqual([
      expect.objectContaining({ kind: 'delete', jumpcloudId: b._id }),
    ]);
  });

  it('never removes anyone after an incomplete read of JumpCloud', () => {
    const users = [jcUser(), jcUser()];
    const p = planOf(source([users[0]!], { complete: false }), defaultConfig(), pushedSnapshot(users), everything);
    expect(p.actions).toEqual([]);
    expect(p.warnings.join('\n')).toMatch(/could not be read completely/);
  });

  it('holds removals beyond the deletion threshold until confirmed', () => {
    const users = Array.from({ length: 20 }, () => jcUser());
    const snap = pushedSnapshot(users);
    const p = planOf(source(users.slice(0, 17)), defaultConfig(), snap, everything);
    expect(p.removals).toMatchObject({ count: 3, synced: 20, blocked: true });
    expect(p.removals.reason).toMatch(/3 users, more than 10% of the 20 synced users/);
    const held = new Set(users.slice(17).map((u) => u._id));
    const confirmed = planOf(source(users.slice(0, 17)), defaultConfig(), snap, everything, { approval: { runId: 'run-1', jumpcloudIds: held } });
    expect(confirmed.removals.blocked).toBe(false);
    // A confirmation is good for what it held: one more removal holds the run again, and says why.
    const more = planOf(source(users.slice(0, 16)), defaultConfig(), snap, everything, { approval: { runId: 'run-1', jumpcloudIds: held } });
    expect(more.removals).toMatchObject({ count: 4, blocked: true });
    expect(more.removals.reason).toMatch(/1 of them are not among the 3 you confirmed \(run run-1\)/);
    const fewer = planOf(source(users.slice(0, 19)), defaultConfig(), snap, everything);
    expect(fewer.removals.blocked).toBe(false);
  });

  it('holds a change to many users’ sign-in names like removals, letting the other updates through', () => {
    const users = Array.from({ length: 20 }, () => jcUser());
    const snap = pushedSnapshot(users);
    // A domain move renames three users' sign-in; a fourth only changes their first name.
    const moved = users.map((u, i) => (i < 3 ? { ...u, email: u.email.replace('@example.com', '@new.example') } : i === 3 ? { ...u, firstname: 'Renamed' } : u));
    const p = planOf(source(moved), defaultConfig(), snap, everything);
    expect(p.renames).toMatchObject({ blocked: true, reason: expect.stringMatching(/change the sign-in name .* of 3 users, more than 10%.*No sign-in name was changed/) });
    expect(p.renames.held.map((a) => a.jumpcloudId)).toEqual(users.slice(0, 3).map((u) => u._id));
    expect(p.actions.map((a) => a.jumpcloudId)).toEqual([users[3]!._id]);
    // Confirmed for the run that held them, they go ahead.
    const approval = { runId: 'run-2', jumpcloudIds: new Set(users.slice(0, 3).map((u) => u._id)) };
    const confirmed = planOf(source(moved), defaultConfig(), snap, everything, { approval });
    expect(confirmed.renames.blocked).toBe(false);
    expect(confirmed.actions).toHaveLength(4);
    // One rename alone is within the threshold.
    const one = planOf(source(users.map((u, i) => (i === 0 ? { ...u, email: 'only@new.example' } : u))), defaultConfig(), snap, everything);
    expect(one.renames.blocked).toBe(false);
    expect(one.actions).toHaveLength(1);
  });

  it('deactivates users who fall out of the criteria, naming the rule', () => {
    const [sales, it] = [jcUser({ department: 'Sales' }), jcUser({ department: 'IT' })];
    const snap = pushedSnapshot([sales, it]);
    const config = { ...defaultConfig(), safety: { deletionThresholdPercent: 100, deletionThresholdCount: 100 } };
    config.settings.criteria = {
      mode: 'match',
      combine: 'and',
      rules: [{ subject: { kind: 'field', field: 'department' }, relation: 'equals', value: 'Sales' }],
    };
    const p = planOf(source([sales, it]), config, snap, everything);
    expect(p.actions).toEqual([expect.objectContaining({ kind: 'deactivate', jumpcloudId: it._id, reason: expect.stringContaining('rule 1') })]);
  });

  it('resolves managers already in the target, and links new ones in a second pass', () => {
    const boss = jcUser();
    const report = jcUser({ manager: boss._id });
    const first = planOf(source([boss, report]), defaultConfig(), new Map(), everything);
    expect(first.pendingManagers).toEqual([{ jumpcloudId: report._id, managerJumpcloudId: boss._id }]);
    const snap = pushedSnapshot([boss]);
    const second = planOf(source([boss, report]), defaultConfig(), snap, everything);
    const create = second.actions.find((a) => a.jumpcloudId === report._id);
    expect(create?.kind === 'create' && create.attributes[MANAGER_PATH]).toBe(`scim-${boss._id}`);
  });

  it('resolves a manager named by email, and leaves a reference to no one synced empty', () => {
    const config = defaultConfig();
    config.mapping.fields.reportingTo = { from: 'attribute', name: 'managerEmail' };
    const boss = jcUser({ email: 'Boss@Example.com' });
    const report = jcUser({ attributes: [{ name: 'managerEmail', value: ' BOSS@example.com' }] });
    const orphan = jcUser({ attributes: [{ name: 'managerEmail', value: '5c2ab98802ff10fdc7000999' }] });
    const p = planOf(source([boss, report, orphan]), config, pushedSnapshot([boss], config), everything);
    const created = (id: string) => p.actions.find((a) => a.jumpcloudId === id);
    const linked = created(report._id);
    expect(linked?.kind === 'create' && linked.attributes[MANAGER_PATH]).toBe(`scim-${boss._id}`);
    const orphaned = created(orphan._id);
    expect(orphaned?.kind === 'create' && MANAGER_PATH in orphaned.attributes).toBe(false);
    expect(p.pendingManagers).toEqual([]);
    expect(p.warnings).toContain('1 users report to a manager who is not synced; their "Reporting To" is left empty.');
  });

  it('plans group creation and membership changes for the selected groups only', () => {
    const [a, b, c] = [jcUser(), jcUser(), jcUser()];
    const gid = 'aaaaaaaaaaaaaaaaaaaaaaaa';
    const other = 'bbbbbbbbbbbbbbbbbbbbbbbb';
    const config = defaultConfig();
    config.settings.resourceSync = { users: true, groups: true, groupIds: [gid] };
    const src = source([a, b, c], {
      groups: [
        { id: gid, name: 'Engineering', description: '' },
        { id: other, name: 'Other', description: '' },
      ],
      groupMembers: new Map([
        [gid, [a._id, b._id]],
        [other, [c._id]],
      ]),
    });
    const first = planOf(src, config, new Map(), everything);
    expect(first.groups).toEqual([{ jumpcloudId: gid, displayName: 'Engineering', rename: false, add: [a._id, b._id], remove: [] }]);
    const snap = pushedSnapshot([a, b, c]);
    snap.set(groupKey(gid), { jumpcloudId: groupKey(gid), scimId: 'g1', pushed: { displayName: 'Engineering', members: [a._id, c._id] }, updatedAt: 0 });
    const second = planOf(src, config, snap, everything);
    expect(second.groups).toEqual([{ jumpcloudId: gid, displayName: 'Engineering', scimId: 'g1', rename: false, add: [b._id], remove: [c._id] }]);
  });

  it('says who Zoho would notify for each new user, and that Zoho, not SCIM, sends it', () => {
    const config = defaultConfig();
    config.target.verifiedDomains = ['example.com'];
    const p = planOf(source([jcUser({ email: 'a@example.com' }), jcUser({ email: 'b@elsewhere.org' })]), config, new Map(), everything);
    expect(p.actions.map((a) => newUserNotice(a.userName, config))).toEqual([
      { userName: 'a@example.com', domainVerified: true, notified: 'user' },
      { userName: 'b@elsewhere.org', domainVerified: false, notified: 'nobody' },
    ]);
    expect(p.warnings.join('\n')).toMatch(/not over SCIM/);
    expect(describeNotice({ userName: 'a@example.com', domainVerified: true, notified: 'admin' })).toMatch(/OTP to the admin/);
    expect(describeNotice({ userName: 'b@elsewhere.org', domainVerified: false, notified: 'nobody' })).toMatch(/not verified/);
  });
});
