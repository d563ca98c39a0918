// One sync run, end to end: read JumpCloud, plan against the snapshot, preview or apply, record.
// A failure before the plan writes nothing; a failure while applying is recorded per user and the
// run goes on; a run stopped half way (the worker killed, the browser closed) leaves its
// checkpoint, and the next call carries it on under the same id.
import type { Config } from '../config/schema';
import { usesGroupMembership } from '../criteria/evaluate';
import { JumpCloudError } from '../jumpcloud/client';
import { ScimError } from '../scim/errors';
import { redact, safeErrorMessage } from '../secrets/redact';
import { LockedError } from '../secrets/passphrase';
import type { RunRecord, SnapshotEntry } from '../store/records';
import type { Store } from '../store/types';
import type { World } from '../world';
import type { FlatUser } from '../scim/flat-user';
import { applyPlan } from './apply';
import type { ChangesBudget } from './diffs';
import { plan as makePlan } from './plan';
import { connect, DEFAULT_CONCURRENCY, SetupError, type Connection, type EngineOptions } from './connect';
import { createPreparer, type PreparedUser, type Preparer } from './prepare';
import { readActiveRun, RunRecorder, type ActiveRunHeader } from './recorder';
import type { Outcome, SyncRunRecord } from './run-record';
import { describeNotice, newUserNotice } from './notices';
import { isGroupKey, userEntries } from './snapshot-keys';
import { lightActedOn, readWhole, startSnapshotLoad } from './snapshot-load';
import { z } from 'zod';
import { SnapshotWriter } from './snapshot-writer';
import type { Plan, SourceData, TargetCapabilities } from './types';
import { approvalOf } from './confirmation';
import { claimSnapshot } from './snapshot-owner';
import type { Approval } from './threshold';
import { adoptionIndexOf, type AdoptionIndex } from './adoption';
import { lastReconciled, markReconciled, reconcileDue, Reconciler, type Reconciliation } from './reconcile';
import { listedUserOf, type AdoptionCandidate } from './listed-user';
import type { ScimUser } from '../scim/client';

export { DEFAULT_CONCURRENCY, SetupError, type EngineOptions };

export interface Progress {
  phase: 'reading' | 'planning' | 'applying';
  done: number;
  total: number;
}

export interface SyncRequest {
  trigger: RunRecord['trigger'];
  dryRun?: boolean;
  /** The held run (or preview) whose removals the admin confirmed: those, and only those, pass the threshold. */
  confirmRemovals?: string;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /** The id to record the run under (a new run only; a resumed run keeps its own). */
  runId?: string;
  /** Read every directory user and plan against them (lib/sync/reconcile.ts); also on the first sync and when the schedule is due. */
  reconcile?: boolean;
}

export const newRunId = (world: World) => `run-${world.now().toString(36)}-${Math.floor(world.random() * 1e9).toString(36)}`;

export interface SyncResult {
  run: SyncRunRecord;
  plan?: Plan;
}

/**
 * Reads what the plan needs, as much of it at once as can be: the snapshot is read from the store
 * while JumpCloud's pages are in flight. The groups the config refers to come first (criteria may
 * need memberships); then every user, asked for while the target's discovery is under way and
 * prepared as each page arrives, each user's form shared with its snapshot entry
 * (lib/sync/snapshot-load.ts); then, reconciling, the directory's users, each reconciled as its
 * page arrives. Users missing since the last run are confirmed one by one before anyone is
 * removed.
 */
interface ReadResult {
  source: SourceData;
  snapshot: Map<string, SnapshotEntry>;
  /** Reconciling: what the directory holds, and what adoption may need of its users (then dropped). */
  reconciliation?: Reconciliation;
  listed?: AdoptionCandidate[];
}

/** How long the lists were when last read: their pages are asked for in the first round (lib/jumpcloud/proven-read.ts). */
const READ_SIZES = 'read-sizes';
const readSizesSchema = z.object({ jumpcloudUsers: z.number().int().min(0).optional(), directoryUsers: z.number().int().min(0).optional() });

/** How many JumpCloud users the last read found, if a run has read them. */
export async function lastReadSize(store: Store): Promise<number | undefined> {
  const sized = readSizesSchema.safeParse((await store.checkpoints.get(READ_SIZES)) ?? {});
  return sized.success ? sized.data.jumpcloudUsers : undefined;
}

/** Marks a promise awaited later as handled now, so a failure elsewhere first leaves no unhandled rejection. */
const later = <T>(p: Promise<T>): Promise<T> => {
  p.catch(() => undefined);
  return p;
};

async function readSource<T extends TargetCapabilities>(
  c: Connection,
  store: Store,
  discovery: Promise<T>,
  request: SyncRequest,
  options: { concurrency: number; reconcile: boolean; now: number },
): Promise<ReadResult & { target: T }> {
  const { concurrency } = options;
  const { settings } = c.config;
  const sized = readSizesSchema.safeParse((await store.checkpoints.get(READ_SIZES)) ?? {});
  const sizes = sized.success ? sized.data : {};
  // Light unless reconciling, which compares every form with the directory's.
  const snapshotLoad = startSnapshotLoad(store, { light: !options.reconcile });
  later(snapshotLoad.done);
  const wanted = new Set<string>(settings.resourceSync.groups ? settings.resourceSync.groupIds : []);
  if (settings.criteria.mode === 'match' && usesGroupMembership(settings.criteria)) {
    for (const rule of settings.criteria.rules) if (rule.subject.kind === 'memberOf') wanted.add(rule.value.toLowerCase());
  }
  const groups = wanted.size ? (await c.jumpcloud.readGroups({ signal: request.signal })).filter((g) => wanted.has(g.id)) : [];
  const groupMembers = new Map<string, string[]>();
  const unprovenGroups = new Set<string>();
  for (const g of groups) {
    const members = await c.jumpcloud.readGroupMembers(g.id, { signal: request.signal });
    groupMembers.set(g.id, members.ids);
    if (!members.complete) unprovenGroups.add(g.id);
  }

  let preparer: Preparer | undefined;
  let target: T | undefined;
  const ready = later(
    discovery.then((t) => {
      target = t;
      preparer = createPreparer(c.config, t, groups, groupMembers);
    }),
  );
  const read = await c.jumpcloud.readUsers({
    signal: request.signal,
    ready,
    ...(sizes.jumpcloudUsers ? { expected: sizes.jumpcloudUsers } : {}),
    keep: (user, fingerprint) => {
      const prepared = preparer!.prepare(user, fingerprint);
      snapshotLoad.meet(prepared);
      return prepared;
    },
    // A user whose entry is not read yet goes the full way: its record is not held to wait for it.
    carry: (id, fingerprint) => preparer!.carry(snapshotLoad.entry(id), fingerprint),
    onPage: (done, total) => request.onProgress?.({ phase: 'reading', done, total }),
  });
  // An empty list asks for no page to keep: the discovery is still awaited, and its failure reported.
  await ready;
  const users = read.users;
  // Criteria that test membership of a group whose members may be missing could leave a member
  // out of scope: then, too, no one is removed.
  const criteriaGroups = settings.criteria.mode === 'match' ? settings.criteria.rules.filter((r) => r.subject.kind === 'memberOf').map((r) => r.value.toLowerCase()) : [];
  let complete = read.complete && !criteriaGroups.some((id) => unprovenGroups.has(id));
  let snapshot = await snapshotLoad.done;
  const reconciled = options.reconcile ? await listAndReconcile(c, snapshot, users, sizes.directoryUsers, request.signal, options.now) : undefined;
  if (reconciled) snapshot = reconciled.reconciliation.snapshot;
  await store.checkpoints.put(READ_SIZES, { jumpcloudUsers: read.totalCount, directoryUsers: reconciled ? reconciled.total : sizes.directoryUsers });

  // Never remove on a failed read: a user absent from the list is removed only if JumpCloud
  // confirms, by id, that the user is gone.
  const missing = unreadEntries(snapshot, users);
  for (let i = 0; i < missing.length && complete; i += concurrency) {
    const batch = await Promise.all(
      missing.slice(i, i + concurrency).map((id) => c.jumpcloud.getUser(id, { signal: request.signal }).catch(() => 'unknown' as const)),
    );
    for (const found of batch) {
      if (found === 'unknown') complete = false;
      else if (found) users.push(preparer!.prepare(found));
    }
  }
  return {
    target: target!,
    source: { users, attributesSeen: preparer!.attributesSeen, groups, groupMembers, unprovenGroups, complete },
    snapshot,
    ...(reconciled ? { reconciliation: reconciled.reconciliation, listed: reconciled.listed } : {}),
  };
}

/**
 * The users with an entry whom the read did not find (each read once, by id): looked for only when
 * not every entry is of a user read, as nearly always every one is.
 */
function unreadEntries(snapshot: ReadonlyMap<string, SnapshotEntry>, users: readonly PreparedUser[]): string[] {
  let read = 0;
  for (const u of users) if (snapshot.has(u.id)) read++;
  if (read === userEntries(snapshot)) return [];
  const seen = new Set(users.map((u) => u.id));
  return [...snapshot.keys()].filter((id) => !isGroupKey(id) && !seen.has(id));
}

/**
 * Lists the directory's users once JumpCloud is read, each reconciled as its page arrives, so that
 * only its claim is kept (lib/sync/reconcile.ts). The two lists share the run's peak of reads
 * either way: reading one after the other costs about one round.
 */
async function listAndReconcile(c: Connection, snapshot: ReadonlyMap<string, SnapshotEntry>, users: readonly PreparedUser[], expected: number | undefined, signal: AbortSignal | undefined, now: number) {
  const reconciler = new Reconciler(snapshot, users, now);
  let total = 0;
  const listed = await c.scim.listUsers({
    keep: (u: ScimUser) => reconciler.add(listedUserOf(u)),
    ...(signal ? { signal } : {}),
    ...(expected ? { expected } : {}),
    onPage: (p) => (total = p.totalResults),
  });
  return { reconciliation: reconciler.finish(total), listed, total };
}

/**
 * Reads and plans. What was read is dropped on return, so the users read are not held while the
 * plan is applied.
 */
async function readAndPlan<T extends TargetCapabilities>(
  c: Connection,
  store: Store,
  discovery: Promise<T>,
  request: SyncRequest,
  options: { concurrency: number; approval: Approval | undefined; reconcile: boolean; now: number },
): Promise<{ target: T; plan: Plan; read: number; snapshot: Map<string, SnapshotEntry>; reconciliation?: Reconciliation; index?: AdoptionIndex }> {
  const { source, snapshot, reconciliation, listed, target } = await readSource(c, store, discovery, request, options);
  request.onProgress?.({ phase: 'planning', done: 0, total: 1 });
  const planOptions = {
    approval: options.approval,
    // A JumpCloud id two directory users claim: nothing is planned for that user (reported, lib/sync/reconcile.ts).
    ...(reconciliation ? { drift: reconciliation.drift, untouchable: new Set(reconciliation.ambiguous.keys()) } : {}),
  };
  let plan = makePlan(source, c.config, snapshot, target, planOptions);
  // The users acted on whose entries were read light are read whole, and everyone planned again:
  // nothing is planned, previewed or written from the head of a form.
  for (let light = lightActedOn(plan, snapshot); light.length; light = lightActedOn(plan, snapshot)) {
    await readWhole(store, snapshot, source.users, light);
    plan = makePlan(source, c.config, snapshot, target, planOptions);
  }
  // The directory's users are kept past planning only when someone is to be created (and so matched first).
  const index = listed && plan.actions.some((a) => a.kind === 'create') ? adoptionIndexOf(listed) : undefined;
  return { target, plan, read: source.users.length, snapshot, ...(reconciliation ? { reconciliation } : {}), ...(index ? { index } : {}) };
}

/** What reconciling found besides the plan's own actions: said in the run's warnings and outcomes. */
function recordReconciliation(r: Reconciliation, recorder: RunRecorder): void {
  if (!r.complete) {
    recorder.warnings.push('The directory’s list of users could not be read whole, so no user is taken as missing from it in this run.');
  }
  if (r.drift.size) recorder.warnings.push(`${r.drift.size} users had attributes changed by hand in the directory: they are put back (marked "drift").`);
  if (r.missing) recorder.warnings.push(`${r.missing} users synced before are no longer in the directory: they are created again.`);
  for (const [jumpcloudId, scimIds] of r.ambiguous) {
    recorder.add({ jumpcloudId, userName: jumpcloudId, action: 'skip', result: 'skipped', reason: `${scimIds.length} directory users carry this JumpCloud id (${scimIds.join(', ')}); none is changed until only one does` });
  }
  if (r.unknown.length) {
    recorder.warnings.push(`${r.unknown.length} directory users are unknown to JumpCloud: they are listed in this run and left as they are.`);
  }
  for (const u of r.unknown) {
    recorder.add({ jumpcloudId: '', userName: u.userName, action: 'skip', result: 'skipped', reason: `in the directory only (SCIM id ${u.scimId}): JumpCloud has no such user; left as it is` });
  }
}

/** What a preview shows per user: for each new one, who Zoho would notify (lib/sync/notices.ts). */
function plannedOutcomes(plan: Plan, config: Config, budget: ChangesBudget): Outcome[] {
  const changesOf = (before: FlatUser, after: FlatUser, changed: string[]) => {
    const changes = budget.take(before, after, changed);
    return changes ? { changes } : {};
  };
  return [
    ...plan.actions.map(
      (a): Outcome => ({
        jumpcloudId: a.jumpcloudId,
        userName: a.userName,
        action: a.kind,
        result: plan.removals.blocked && (a.kind === 'deactivate' || a.kind === 'delete') ? 'held' : 'planned',
        ...('changed' in a ? { changed: a.changed, ...changesOf(a.before, a.after, a.changed) } : {}),
        ...(a.kind === 'create' ? changesOf({}, a.attributes, Object.keys(a.attributes).sort()) : {}),
        ...('reason' in a && a.reason ? { reason: a.reason } : {}),
        ...(a.kind === 'create' ? { reason: describeNotice(newUserNotice(a.userName, config)) } : {}),
      }),
    ),
    ...plan.renames.held.map(
      (a): Outcome => ({
        jumpcloudId: a.jumpcloudId,
        userName: a.userName,
        action: 'update',
        result: 'held',
        changed: a.changed,
        ...changesOf(a.before, a.after, a.changed),
        reason: plan.renames.reason,
      }),
    ),
    ...plan.groups.map(
      (g): Outcome => ({
        jumpcloudId: g.jumpcloudId,
        userName: g.displayName,
        action: 'group',
        result: 'planned',
        changed: [`+${g.add.length} members`, `-${g.remove.length} members`],
      }),
    ),
  ];
}

/**
 * The run between connecting and recording: read, plan, then preview or apply. Everything read
 * and planned is dropped on return, before the record is assembled (lib/sync/recorder.ts): at
 * 100,000 users holding both at once would double the run's memory. A preview returns its plan.
 */
async function readPlanApply(
  connection: Connection,
  opts: EngineOptions,
  request: SyncRequest,
  recorder: RunRecorder,
  resumed: ActiveRunHeader | undefined,
): Promise<{ status: SyncRunRecord['status']; removalsHeld?: string; plan?: Plan }> {
  const { header, counts } = recorder;
  // The target's discovery goes out with JumpCloud's first pages, which wait for it before they
  // are kept: a wrong token fails the run in the first round, not after reading all of JumpCloud.
  const discovery = later(connection.scim.discover());
  const { target, plan, read, snapshot, reconciliation, index } = await readAndPlan(connection, opts.store, discovery, request, {
    concurrency: opts.concurrency ?? DEFAULT_CONCURRENCY,
    approval: header.confirmRemovals ? await approvalOf(opts.store, header.confirmRemovals) : undefined,
    reconcile: !!header.reconcile,
    now: opts.world.now(),
  });
  recorder.warnings.push(...plan.warnings);
  if (reconciliation && !resumed?.chunks) recordReconciliation(reconciliation, recorder);
  counts.read = read;
  // A resumed run finds the users it wrote before the interruption unchanged: count them once.
  const doneBefore = resumed ? (['created', 'adopted', 'updated', 'deactivated'] as const).reduce((n, k) => n + (resumed.counts[k] ?? 0), 0) : 0;
  counts.unchanged = Math.max(0, plan.unchanged - doneBefore);
  counts.skipped = plan.skipped.length;
  // The skipped users went into the first checkpoint of an interrupted run; record them once.
  if (!resumed?.chunks) for (const s of plan.skipped) recorder.add({ ...s, action: 'skip', result: 'skipped', reason: s.reason });

  if (header.dryRun) {
    // A preview's counts are what the sync would do; its status, "previewed", says so.
    const planned = (kind: string) => plan.actions.filter((a) => a.kind === kind).length;
    counts.created = planned('create');
    counts.updated = planned('update');
    counts.deactivated = planned('deactivate');
    counts.deleted = planned('delete');
    for (const o of plannedOutcomes(plan, connection.config, recorder.changes)) recorder.add(o);
    return { status: 'previewed', removalsHeld: heldReason(plan), plan };
  }

  if (reconciliation) {
    // The snapshot now says what the directory holds: a run stopped half way resumes from that.
    const { puts, deletes } = reconciliation.changes;
    if (puts.length) await opts.store.snapshot.putMany(puts);
    if (deletes.length) await opts.store.snapshot.deleteMany(deletes);
  }
  // Unchanged users read the full way (a first run of this build, a changed mapping) remember
  // their records' marks, so the next run carries them (lib/sync/carry.ts); a thousand at a time.
  for (let i = 0; i < plan.marked.length; i += 1000) {
    const batch = plan.marked.slice(i, i + 1000);
    for (const entry of batch) snapshot.set(entry.jumpcloudId, entry);
    await opts.store.snapshot.putMany(batch);
  }
  await applyPlan(plan, {
    world: opts.world,
    scim: connection.scim,
    target,
    snapshot: new SnapshotWriter(opts.store, snapshot),
    recorder,
    pool: connection.pool,
    firstSync: ![...snapshot.keys()].some((k) => !isGroupKey(k)),
    ...(index ? { index } : {}),
    signal: request.signal,
    onProgress: (done, total) => request.onProgress?.({ phase: 'applying', done, total }),
  });
  const held = heldReason(plan);
  const status = counts.failed ? 'partial' : held ? 'awaiting-confirmation' : 'succeeded';
  if (reconciliation?.complete) await markReconciled(opts.store, opts.world.now());
  return { status, removalsHeld: held };
}

/** What the thresholds held back, in words; undefined when nothing was. */
const heldReason = (plan: Plan) => [plan.removals.reason, plan.renames.reason].filter(Boolean).join(' ') || undefined;

/**
 * Reconcile without being asked on the first sync (nothing reconciled yet: a new profile, or a
 * state directory lost with its snapshot) and when a scheduled run finds the admin's interval past.
 */
async function dueToReconcile(store: Store, config: Config, header: Pick<ActiveRunHeader, 'trigger' | 'confirmRemovals'>, now: number): Promise<boolean> {
  const last = await lastReconciled(store);
  if (last === undefined) return true;
  // Confirming what a reconciling run held: the removals it found are found the same way again.
  if (header.confirmRemovals && (await store.runs.get(header.confirmRemovals))?.reconciled === true) return true;
  return (header.trigger === 'schedule' || header.trigger === 'command-line') && reconcileDue(config.settings.reconcile, last, now);
}

const withConfirmation = (runId: string | undefined) => (runId ? { confirmRemovals: runId } : {});

export async function runSync(opts: EngineOptions, request: SyncRequest): Promise<SyncResult> {
  const { world, store } = opts;
  const resumed = request.dryRun ? undefined : await readActiveRun(store);
  const header: Omit<ActiveRunHeader, 'chunks' | 'counts'> = resumed
    ? { id: resumed.id, trigger: resumed.trigger, startedAt: resumed.startedAt, dryRun: false, ...withConfirmation(resumed.confirmRemovals ?? request.confirmRemovals) }
    : {
        id: request.runId ?? newRunId(world),
        trigger: request.trigger,
        startedAt: world.now(),
        dryRun: !!request.dryRun,
        ...withConfirmation(request.confirmRemovals),
      };
  const recorder = new RunRecorder(store, world, header, resumed);
  if (resumed) recorder.warnings.push(`Resumed after an interruption (${request.trigger}).`);

  let connection: Connection | undefined;
  const requests = () => ({
    jumpcloud: connection?.jumpcloud.requests ?? 0,
    scimReads: connection?.scim.counts.reads ?? 0,
    scimWrites: connection?.scim.counts.writes ?? 0,
  });

  try {
    connection = await connect(opts);
    await claimSnapshot(opts.store, connection.config);
    // Decided once, before the first checkpoint, so a resumed run reconciles as it began.
    if (!resumed) header.reconcile = request.reconcile || (await dueToReconcile(opts.store, connection.config, header, world.now()));
    if (!header.dryRun) await recorder.checkpoint();
    const done = await readPlanApply(connection, opts, request, recorder, resumed);
    const run = await recorder.finish(done.status, {
      requests: requests(),
      ...(done.removalsHeld ? { removalsHeld: done.removalsHeld } : {}),
      ...(header.reconcile ? { reconciled: true } : {}),
    });
    return { run, ...(done.plan ? { plan: done.plan } : {}) };
  } catch (e) {
    // Stopped from outside (the worker going away): keep the checkpoint so the run carries on.
    if (request.signal?.aborted) throw e;
    if (e instanceof JumpCloudError || e instanceof ScimError || e instanceof SetupError || e instanceof LockedError) {
      recorder.errors.push({ message: safeErrorMessage(e), hint: redact(e.hint) });
    } else {
      recorder.errors.push({ message: safeErrorMessage(e), hint: 'This is a fault in the assistant; the run record has the details.' });
    }
    const run = await recorder.finish('failed', { requests: requests() });
    return { run };
  }
}
