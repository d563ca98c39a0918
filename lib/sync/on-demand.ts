// Provision on demand: one user, named by email or JumpCloud id, synced now, with each step shown
// as it happened — read, criteria, mapping, match, action — so an admin can see why a user did or
// did not arrive in Zoho Directory without waiting for a full run. A check (dryRun) goes through
// the same steps and says what would be sent, writing nothing anywhere; a provisioning is recorded
// in the history (trigger "on-demand") and keeps the snapshot as a full sync would, so the next
// full sync finds the user linked and creates nobody twice.
import { JumpCloudError } from '../jumpcloud/client';
import type { JumpCloudUser } from '../jumpcloud/schemas';
import { patchBody, replaceBody } from '../scim/client';
import { ScimError } from '../scim/errors';
import { diff, toResource } from '../scim/flat';
import type { FlatUser } from '../scim/flat-user';
import type { TargetSchema } from '../scim/target-schema';
import { LockedError } from '../secrets/passphrase';
import { redact, safeErrorMessage } from '../secrets/redact';
import type { SnapshotEntry } from '../store/records';
import type { Store } from '../store/types';
import type { World } from '../world';
import { findInDirectory } from './adoption';
import { applyPlan } from './apply';
import { connect, SetupError, type EngineOptions } from './connect';
import { plan as makePlan } from './plan';
import { createPreparer } from './prepare';
import { readActiveRun, RunRecorder } from './recorder';
import { newRunId } from './engine';
import type { Outcome, RunError, SyncRunRecord } from './run-record';
import { isGroupKey } from './snapshot-keys';
import { SnapshotWriter } from './snapshot-writer';
import { claimSnapshot, snapshotMismatch } from './snapshot-owner';
import { removalThreshold } from './threshold';
import type { Plan, UserAction } from './types';

export interface OnDemandStep {
  step: 'read' | 'criteria' | 'mapping' | 'match' | 'action';
  ok: boolean;
  detail: string;
}

/** A write to the directory, as sent or as it would be: no header goes with it, so no token. */
export interface ScimWrite {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Relative to the Sync endpoint, e.g. /Users or /Users/{id}. */
  path: string;
  body?: unknown;
}

/** What the action step found to do: the admin may provision only after a check that found one. */
export type OnDemandAction = 'create' | 'update' | 'deactivate' | 'link' | 'none';

export interface OnDemandResult {
  steps: OnDemandStep[];
  /** The writes sent to the directory, or (checking) the ones a provisioning would send. */
  requests: ScimWrite[];
  action?: OnDemandAction;
  /** The planned removal or rename waits for the admin's confirmation (the deletion threshold). */
  held?: string;
  /** "checked" for a check; otherwise the status of the run recorded. */
  status: SyncRunRecord['status'] | 'checked';
  errors: RunError[];
  warnings: string[];
  /** The run in the history; a check records none. */
  run?: SyncRunRecord;
}

export interface OnDemandOptions {
  /** Work out every step and the request, send no write, record nothing. */
  dryRun?: boolean;
}

const OBJECT_ID = /^[0-9a-f]{24}$/i;
/** How the plan's warning about a partial read begins (lib/sync/plan.ts). */
const PARTIAL_READ = 'JumpCloud could not be read completely';

/**
 * One user's run keeps no checkpoint: it is over in a few requests, and the checkpoint's header is
 * what a full sync stopped half way resumes from — never to be written, or cleared, by this one.
 */
class OneUserRecorder extends RunRecorder {
  readonly kept: Outcome[] = [];
  constructor(
    private readonly history: Store['runs'],
    private readonly clock: World,
    header: ConstructorParameters<typeof RunRecorder>[2],
  ) {
    // The base's store is for checkpoints and finishing, both replaced here: it gets none.
    super({} as Store, clock, header);
  }
  override add(outcome: Outcome): void {
    this.kept.push(outcome);
  }
  override async maybeCheckpoint(beforeWrite: () => Promise<void>): Promise<void> {
    await beforeWrite();
  }
  override async checkpoint(): Promise<void> {}
  override async finish(status: SyncRunRecord['status'], extra: Pick<SyncRunRecord, 'requests'> & Partial<Pick<SyncRunRecord, 'removalsHeld'>>): Promise<SyncRunRecord> {
    const record: SyncRunRecord = {
      id: this.header.id,
      trigger: this.header.trigger,
      startedAt: this.header.startedAt,
      endedAt: this.clock.now(),
      status,
      dryRun: false,
      counts: this.counts,
      outcomes: this.kept,
      errors: this.errors,
      warnings: this.warnings,
      ...extra,
    };
    await this.history.put(record);
    return record;
  }
}

/** The request apply.ts sends for this action (the client's own bodies, the same order of choice). */
function plannedWrite(action: UserAction, target: TargetSchema): ScimWrite | undefined {
  const at = (id: string) => `/Users/${encodeURIComponent(id)}`;
  if (action.kind === 'create') return { method: 'POST', path: '/Users', body: toResource(action.attributes) };
  if (action.kind === 'delete') return { method: 'DELETE', path: at(action.scimId) };
  if (target.patch) {
    const ops = diff(action.before, action.after);
    return ops.length ? { method: 'PATCH', path: at(action.scimId), body: patchBody(ops) } : undefined;
  }
  return { method: 'PUT', path: at(action.scimId), body: replaceBody(action.scimId, action.after) };
}

/** A write as the directory received it, its body cleaned of anything shaped like a secret. */
function sentWrite(method: string, url: string, body: unknown, endpoint: string): ScimWrite | undefined {
  const base = endpoint.replace(/\/+$/, '');
  if (!url.startsWith(base)) return undefined;
  const path = url.slice(base.length) || '/';
  const write: ScimWrite = { method: method.toUpperCase() as ScimWrite['method'], path: redact(path) };
  if (typeof body === 'string' && body !== '') {
    const text = redact(body);
    try {
      write.body = JSON.parse(text) as unknown;
    } catch {
      write.body = text;
    }
  }
  return write;
}

async function syncedUsers(store: Store): Promise<number> {
  let n = 0;
  await store.snapshot.scan((e) => void (isGroupKey(e.jumpcloudId) ? 0 : n++));
  return n;
}

/**
 * The plan's thresholds counted this one user against the snapshot read for it (one entry): a
 * removal or rename is judged here, as a full sync judges it, against every user synced.
 */
async function judgeAgainstAllSynced(plan: Plan, store: Store, safety: Parameters<typeof removalThreshold>[2]): Promise<void> {
  if (!plan.removals.blocked && !plan.renames.blocked) return;
  const synced = await syncedUsers(store);
  if (plan.removals.blocked) {
    const removed = plan.actions.filter((a) => a.kind === 'deactivate' || a.kind === 'delete').map((a) => a.jumpcloudId);
    const judged = removalThreshold(removed, synced, safety, undefined);
    plan.removals = { count: removed.length, synced, blocked: judged.blocked, ...(judged.reason ? { reason: judged.reason } : {}) };
  }
  if (plan.renames.blocked) {
    const judged = removalThreshold(plan.renames.held.map((a) => a.jumpcloudId), synced, safety, undefined, 'renames');
    if (!judged.blocked) {
      plan.actions.push(...plan.renames.held);
      plan.renames = { held: [], blocked: false };
    } else {
      plan.renames = { ...plan.renames, ...judged };
    }
  }
}

export async function provisionOne(opts: EngineOptions, who: string, options: OnDemandOptions = {}): Promise<OnDemandResult> {
  const { store } = opts;
  const dryRun = !!options.dryRun;
  const wanted = who.trim();
  const steps: OnDemandStep[] = [];
  const requests: ScimWrite[] = [];
  // Every write the SCIM client sends, as sent (method, address, body; never a header).
  const sent: { method: string; url: string; body: unknown }[] = [];
  const world: World = {
    ...opts.world,
    fetch: (input, init) => {
      const method = (init?.method ?? 'GET').toUpperCase();
      if (method !== 'GET') sent.push({ method, url: typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, body: init?.body });
      return opts.world.fetch(input, init);
    },
  };
  const recorder = new OneUserRecorder(store.runs, world, { id: newRunId(world), trigger: 'on-demand', startedAt: world.now(), dryRun: false });
  let connection: Awaited<ReturnType<typeof connect>> | undefined;
  // The step under way, for an error to be shown at; none while connecting.
  let at: OnDemandStep['step'] | undefined;
  let action: OnDemandAction | undefined;
  let held: string | undefined;

  const finish = async (status: SyncRunRecord['status']): Promise<OnDemandResult> => {
    const endpoint = connection?.config.target.syncEndpoint;
    if (endpoint) for (const s of sent) {
      const w = sentWrite(s.method, s.url, s.body, endpoint);
      if (w) requests.push(w);
    }
    const common = { steps, requests, ...(action ? { action } : {}), ...(held ? { held } : {}), errors: recorder.errors, warnings: recorder.warnings };
    if (dryRun) return { ...common, status: recorder.errors.length ? 'failed' : 'checked' };
    const run = await recorder.finish(status, {
      requests: { jumpcloud: connection?.jumpcloud.requests ?? 0, scimReads: connection?.scim.counts.reads ?? 0, scimWrites: connection?.scim.counts.writes ?? 0 },
      ...(held ? { removalsHeld: held } : {}),
    });
    return { ...common, status, run };
  };

  try {
    // A full sync stopped half way carries on from its checkpoint: this user waits for it.
    if (!dryRun && (await readActiveRun(store))) {
      throw new SetupError(
        'A sync was interrupted and has not finished yet, so this user is not provisioned now.',
        'It carries on by itself within a minute (opening the popup wakes it too). Provision this user once it has ended.',
      );
    }
    connection = await connect({ ...opts, world });
    const { config, jumpcloud, scim } = connection;
    // A check writes nothing, not even the snapshot's owner: it only refuses as a run would.
    if (!dryRun || (await snapshotMismatch(store, config))) await claimSnapshot(store, config);
    // The directory first, as a full sync does: a wrong token fails in one request.
    const target = await scim.discover();

    at = 'read';
    const byId = OBJECT_ID.test(wanted);
    const user: JumpCloudUser | null = byId ? await jumpcloud.getUser(wanted) : await jumpcloud.findUserByEmail(wanted);
    if (!user) {
      steps.push({ step: 'read', ok: false, detail: `JumpCloud has no user ${byId ? 'with the id' : 'with the email'} ${wanted}.` });
      recorder.errors.push({
        message: `JumpCloud has no user ${byId ? 'with the id' : 'with the email'} ${wanted}, so nothing was sent.`,
        hint: byId
          ? 'Check the ID in the JumpCloud console (Users → the user: it is the 24 characters at the end of the address).'
          : 'Check the spelling, or give the user’s JumpCloud ID instead (Users → the user: the 24 characters at the end of the address).',
      });
      return finish('failed');
    }
    recorder.counts.read = 1;
    steps.push({ step: 'read', ok: true, detail: `Read ${user.email || user.username} (${user._id}), ${user.state.toLowerCase()} in JumpCloud.` });

    at = 'criteria';
    // Criteria that test group membership need this user's groups.
    const memberOf = config.settings.criteria.mode === 'match' ? config.settings.criteria.rules.flatMap((r) => (r.subject.kind === 'memberOf' ? [r.value.toLowerCase()] : [])) : [];
    const groupMembers = new Map<string, string[]>();
    for (const id of memberOf) groupMembers.set(id, (await jumpcloud.readGroupMembers(id)).ids);
    const preparer = createPreparer(config, target, [], groupMembers);
    const prepared = preparer.prepare(user);
    const linked = (await store.snapshot.getMany([user._id]))[0];
    if (!prepared.verdict.included) {
      steps.push({
        step: 'criteria',
        ok: false,
        detail:
          `Not in scope: ${prepared.verdict.reason}.` +
          (linked ? ' It was synced before: the next full sync deactivates it in the directory, as status sync says.' : ' Nothing is sent for it.'),
      });
      action = 'none';
      recorder.add({ jumpcloudId: user._id, userName: prepared.label, action: 'skip', result: 'skipped', reason: prepared.verdict.reason });
      recorder.counts.skipped = 1;
      return finish('succeeded');
    }
    steps.push({ step: 'criteria', ok: true, detail: config.settings.criteria.mode === 'all' ? 'In scope: all users sync.' : 'In scope: the sync criteria are met.' });

    at = 'mapping';
    const mapped = prepared.mapped!;
    steps.push({
      step: 'mapping',
      ok: !!mapped.userName,
      detail: mapped.userName
        ? `Mapped to ${Object.keys(mapped.attributes).length} attributes: ${Object.entries(mapped.attributes).map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join(', ')}.`
        : 'No email address to sign in with: Zoho Directory needs one, so nothing is sent.',
    });
    if (!mapped.userName) {
      action = 'none';
      recorder.add({ jumpcloudId: user._id, userName: prepared.label, action: 'skip', result: 'skipped', reason: 'no email address to sign in with: Zoho Directory needs one' });
      recorder.counts.skipped = 1;
      return finish('succeeded');
    }

    // Match: what was pushed before, else the directory by externalId, then userName, then email
    // (as a full sync adopts); two directory users answering one of them is refused (ScimError).
    at = 'match';
    const entries = await store.snapshot.getMany([user._id, ...(mapped.managerJumpcloudId ? [mapped.managerJumpcloudId] : [])]);
    const snapshot = new Map(entries.map((e) => [e.jumpcloudId, e]));
    let matchDetail: string;
    let adopted: SnapshotEntry | undefined;
    if (snapshot.has(user._id)) {
      matchDetail = `Linked to directory user ${snapshot.get(user._id)!.scimId} by an earlier sync.`;
    } else {
      const found = await findInDirectory(scim, user._id, mapped.userName);
      if (found) {
        const current = found.flat;
        const before: FlatUser = Object.fromEntries(Object.keys(mapped.attributes).flatMap((k) => (k in current ? [[k, current[k]!]] : [])));
        adopted = { jumpcloudId: user._id, scimId: found.id, pushed: before, updatedAt: world.now() };
        snapshot.set(user._id, adopted);
        matchDetail = `Found in the directory as ${found.userName} (id ${found.id}): it ${dryRun ? 'would be' : 'is'} linked, not duplicated.`;
      } else {
        matchDetail = `Not in the directory yet: it ${dryRun ? 'would be' : 'is'} created.`;
      }
    }
    steps.push({ step: 'match', ok: true, detail: matchDetail });

    at = 'action';
    const plan = makePlan({ users: [prepared], attributesSeen: preparer.attributesSeen, groups: [], groupMembers, unprovenGroups: new Set(), complete: false }, config, snapshot, target);
    await judgeAgainstAllSynced(plan, store, config.safety);
    // The plan is told the read was partial (one user), so that nobody else is removed: that is
    // no news to the admin who named the one user.
    recorder.warnings.push(...plan.warnings.filter((w) => !w.startsWith(PARTIAL_READ)));
    const planned = plan.actions[0] ?? plan.renames.held[0];
    const groupsLater = config.settings.resourceSync.groups ? ' Its group memberships follow at the next full sync.' : '';
    if (!planned) {
      if (adopted) {
        action = 'link';
        if (!dryRun) {
          // Nothing to write, but the link is kept: the next full sync must not create it again.
          await store.snapshot.putMany([{ ...adopted, pushed: mapped.attributes }]);
          recorder.counts.adopted = 1;
          recorder.add({ jumpcloudId: user._id, userName: mapped.userName, action: 'adopt', result: 'done', reason: 'already in the directory with these values: linked' });
        }
        steps.push({ step: 'action', ok: true, detail: `${dryRun ? 'Would be linked' : 'Linked'}: the directory already holds what JumpCloud says, so nothing ${dryRun ? 'would be' : 'was'} written.` });
      } else {
        action = 'none';
        recorder.counts.unchanged = 1;
        steps.push({ step: 'action', ok: true, detail: 'Nothing to change: the directory already holds what JumpCloud says.' });
      }
      return finish('succeeded');
    }
    action = planned.kind === 'delete' ? 'deactivate' : planned.kind;
    const removal = planned.kind === 'deactivate' || planned.kind === 'delete';
    const holdReason = removal && plan.removals.blocked ? plan.removals.reason : (plan.renames.held as UserAction[]).includes(planned) ? plan.renames.reason : undefined;
    const changed = 'changed' in planned ? planned.changed.join(', ') : '';

    if (dryRun) {
      const write = plannedWrite(planned, target);
      // Cleaned as a sent one is: a hard-coded mapping value shaped like a secret is not shown either.
      if (write && !holdReason) requests.push(write.body === undefined ? write : { ...write, body: JSON.parse(redact(JSON.stringify(write.body))) as unknown });
      if (holdReason) held = holdReason;
      steps.push({
        step: 'action',
        ok: !holdReason,
        detail: holdReason
          ? `Would be held for your confirmation: ${holdReason}`
          : planned.kind === 'create'
            ? `Would be created in the directory.${groupsLater}`
            : `Would be ${planned.kind === 'deactivate' ? 'deactivated' : adopted ? 'linked and updated' : 'updated'}: ${changed}.`,
      });
      return finish('succeeded');
    }

    await applyPlan({ ...plan, pendingManagers: [] }, { world, scim, target, snapshot: new SnapshotWriter(store, snapshot), recorder, pool: connection.pool, firstSync: false });
    const failed = recorder.counts.failed > 0;
    const failure = recorder.kept.find((o) => o.result === 'failed');
    if (failure?.error) recorder.errors.push({ message: failure.error, ...(failure.hint ? { hint: failure.hint } : {}) });
    if (holdReason) held = holdReason;
    steps.push({
      step: 'action',
      ok: !failed && !holdReason,
      detail: holdReason
        ? `Held for your confirmation, nothing was written: ${holdReason}`
        : failed
          ? `The ${planned.kind} failed: ${failure?.error ?? 'the run’s details have the reason and the fix'}`
          : planned.kind === 'create'
            ? `Created in the directory.${groupsLater}`
            : `${planned.kind === 'deactivate' ? 'Deactivated' : adopted ? 'Linked and updated' : 'Updated'}: ${changed}.`,
    });
    return finish(failed ? 'partial' : holdReason ? 'awaiting-confirmation' : 'succeeded');
  } catch (e) {
    const known = e instanceof JumpCloudError || e instanceof ScimError || e instanceof SetupError || e instanceof LockedError;
    const message = safeErrorMessage(e);
    if (at) steps.push({ step: at, ok: false, detail: message });
    recorder.errors.push({ message, hint: known ? redact(e.hint) : 'This is a fault in the assistant.' });
    return finish('failed');
  }
}
