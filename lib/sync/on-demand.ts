// Provision on demand: one user, named by email or JumpCloud id, synced now, with each step shown
// as it happened — read, criteria, mapping, match, action — so an admin can see why a user did or
// did not arrive in Zoho Directory without waiting for a full run.
import { JumpCloudError } from '../jumpcloud/client';
import type { JumpCloudUser } from '../jumpcloud/schemas';
import { ScimError } from '../scim/errors';
import { fromResource } from '../scim/flat';
import type { FlatUser } from '../scim/flat-user';
import { redact, safeErrorMessage } from '../secrets/redact';
import { applyPlan } from './apply';
import { connect, SetupError, type EngineOptions } from './connect';
import { plan as makePlan } from './plan';
import { createPreparer } from './prepare';
import { RunRecorder } from './recorder';
import { newRunId } from './engine';
import type { SyncRunRecord } from './run-record';
import { SnapshotWriter } from './snapshot-writer';
import { claimSnapshot } from './snapshot-owner';

export interface OnDemandStep {
  step: 'read' | 'criteria' | 'mapping' | 'match' | 'action';
  ok: boolean;
  detail: string;
}

export interface OnDemandResult {
  steps: OnDemandStep[];
  run: SyncRunRecord;
}

const OBJECT_ID = /^[0-9a-f]{24}$/i;

export async function provisionOne(opts: EngineOptions, who: string): Promise<OnDemandResult> {
  const { world, store } = opts;
  const steps: OnDemandStep[] = [];
  const recorder = new RunRecorder(store, world, {
    id: newRunId(world),
    trigger: 'on-demand',
    startedAt: world.now(),
    dryRun: false,
  });
  let connection: Awaited<ReturnType<typeof connect>> | undefined;
  const requests = () => ({
    jumpcloud: connection?.jumpcloud.requests ?? 0,
    scimReads: connection?.scim.counts.reads ?? 0,
    scimWrites: connection?.scim.counts.writes ?? 0,
  });
  const finish = async (status: SyncRunRecord['status']) => ({ steps, run: await recorder.finish(status, { requests: requests() }) });

  try {
    connection = await connect(opts);
    await claimSnapshot(store, connection.config);
    const { config, jumpcloud, scim } = connection;

    const user: JumpCloudUser | null = OBJECT_ID.test(who.trim()) ? await jumpcloud.getUser(who.trim()) : await jumpcloud.findUserByEmail(who);
    if (!user) {
      steps.push({ step: 'read', ok: false, detail: `JumpCloud has no user ${OBJECT_ID.test(who.trim()) ? 'with id' : 'with the email'} ${who.trim()}.` });
      return finish('failed');
    }
    steps.push({ step: 'read', ok: true, detail: `Read ${user.email || user.username} (${user._id}), ${user.state.toLowerCase()} in JumpCloud.` });

    // Criteria that test group membership need this user's groups.
    const memberOf = config.settings.criteria.mode === 'match' ? config.settings.criteria.rules.flatMap((r) => (r.subject.kind === 'memberOf' ? [r.value.toLowerCase()] : [])) : [];
    const groupMembers = new Map<string, string[]>();
    for (const id of memberOf) groupMembers.set(id, (await jumpcloud.readGroupMembers(id)).ids);
    const target = await scim.discover();
    const preparer = createPreparer(config, target, [], groupMembers);
    const prepared = preparer.prepare(user);
    if (!prepared.verdict.included) {
      steps.push({ step: 'criteria', ok: false, detail: `Not in scope: ${prepared.verdict.reason}.` });
      return finish('succeeded');
    }
    steps.push({ step: 'criteria', ok: true, detail: config.settings.criteria.mode === 'all' ? 'In scope: all users sync.' : 'In scope: the sync criteria are met.' });
    const mapped = prepared.mapped!;
    steps.push({
      step: 'mapping',
      ok: !!mapped.userName,
      detail: mapped.userName
        ? `Mapped to ${Object.keys(mapped.attributes).length} attributes: ${Object.entries(mapped.attributes).map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join(', ')}.`
        : 'No email address to sign in with: Zoho Directory needs one.',
    });
    if (!mapped.userName) return finish('succeeded');

    // Match: what was pushed before, else the directory by externalId, then userName, then email.
    const entries = await store.snapshot.getMany([user._id, ...(mapped.managerJumpcloudId ? [mapped.managerJumpcloudId] : [])]);
    const snapshot = new Map(entries.map((e) => [e.jumpcloudId, e]));
    let matchDetail: string;
    if (snapshot.has(user._id)) {
      matchDetail = `Linked to directory user ${snapshot.get(user._id)!.scimId} by an earlier sync.`;
    } else {
      const found = (await scim.findUser('externalId', user._id)) ?? (await scim.findUser('userName', mapped.userName)) ?? (await scim.findUser('emails.value', mapped.userName));
      if (found) {
        const current = fromResource(found);
        const before: FlatUser = Object.fromEntries(Object.keys(mapped.attributes).flatMap((k) => (k in current ? [[k, current[k]!]] : [])));
        snapshot.set(user._id, { jumpcloudId: user._id, scimId: found.id, pushed: before, updatedAt: world.now() });
        matchDetail = `Found in the directory as ${found.userName ?? found.id}: it will be linked, not duplicated.`;
      } else {
        matchDetail = 'Not in the directory yet: it will be created.';
      }
    }
    steps.push({ step: 'match', ok: true, detail: matchDetail });

    const plan = makePlan({ users: [prepared], attributesSeen: preparer.attributesSeen, groups: [], groupMembers, unprovenGroups: new Set(), complete: false }, config, snapshot, target);
    const action = plan.actions[0];
    if (!action) {
      steps.push({ step: 'action', ok: true, detail: 'Nothing to change: the directory already holds what JumpCloud says.' });
      return finish('succeeded');
    }
    await applyPlan({ ...plan, pendingManagers: [] }, { world, scim, target, snapshot: new SnapshotWriter(store, snapshot), recorder, pool: connection.pool, firstSync: false });
    const failed = recorder.counts.failed > 0;
    steps.push({
      step: 'action',
      ok: !failed,
      detail: failed
        ? `The ${action.kind} failed; the run record has the reason and the fix.`
        : action.kind === 'create'
          ? 'Created in the directory.'
          : `${action.kind === 'deactivate' ? 'Deactivated' : 'Updated'}: ${'changed' in action ? action.changed.join(', ') : ''}.`,
    });
    return finish(failed ? 'partial' : 'succeeded');
  } catch (e) {
    const known = e instanceof JumpCloudError || e instanceof ScimError || e instanceof SetupError;
    recorder.errors.push({ message: safeErrorMessage(e), hint: known ? redact(e.hint) : 'This is a fault in the assistant.' });
    return finish('failed');
  }
}
