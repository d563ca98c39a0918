// The scheduled sync's alarm. Alarms may not survive a browser restart, so the alarm is re-created
// whenever the worker starts; a run that fell due while the browser was closed runs once when it
// comes back (not once per missed slot).
import { z } from 'zod';
import { lastDueAt, nextRunAt } from '../schedule/next-run';
import type { Store } from '../store/types';

export const SCHEDULE_ALARM = 'scheduled-sync';
const STATE_KEY = 'schedule-state';

/** The part of the browser's alarms API the schedule needs. */
export interface Alarms {
  create(name: string, info: { when: number }): unknown;
  clear(name: string): Promise<unknown>;
}

const stateSchema = z.object({ handledDue: z.number() });

async function handledDue(store: Store): Promise<number | undefined> {
  const parsed = stateSchema.safeParse(await store.checkpoints.get(STATE_KEY));
  return parsed.success ? parsed.data.handledDue : undefined;
}

/** Points the alarm at the next scheduled time (or clears it); returns that time. */
export async function armSchedule(store: Store, alarms: Alarms, now: number): Promise<number | undefined> {
  const config = await store.config.get();
  await alarms.clear(SCHEDULE_ALARM);
  const next = config ? nextRunAt(config.settings.schedule, now) : undefined;
  if (next !== undefined) await alarms.create(SCHEDULE_ALARM, { when: next });
  return next;
}

/** After the admin changes the schedule: what fell due before now is not "missed". */
export async function scheduleChanged(store: Store, alarms: Alarms, now: number): Promise<number | undefined> {
  const config = await store.config.get();
  const due = config ? lastDueAt(config.settings.schedule, now) : undefined;
  await store.checkpoints.put(STATE_KEY, { handledDue: due ?? now });
  return armSchedule(store, alarms, now);
}

/**
 * The time slot a sync is owed for — the alarm just fired, or the browser was closed through a
 * slot — or undefined when none is. Marks it handled, so it runs once.
 */
export async function claimDueRun(store: Store, now: number): Promise<number | undefined> {
  const config = await store.config.get();
  if (!config) return undefined;
  const due = lastDueAt(config.settings.schedule, now);
  const handled = await handledDue(store);
  if (due === undefined || (handled !== undefined && due <= handled)) return undefined;
  await store.checkpoints.put(STATE_KEY, { handledDue: due });
  return due;
}

const WAITING_KEY = 'schedule-waiting';

/** Whether a scheduled sync fell due while the assistant was locked, and waits for the unlock. */
export const scheduleWaiting = async (store: Store): Promise<boolean> => (await store.checkpoints.get(WAITING_KEY)) === true;

/**
 * What the alarm does with a slot that is owed: runs it, or — while the passphrase lock is
 * locked, when the secrets cannot be opened — keeps it waiting for the unlock instead of
 * recording a run that could only fail.
 */
export async function runOwedSlot(store: Store, start: () => Promise<unknown>, now: number): Promise<'ran' | 'waiting' | 'none'> {
  if (!(await claimDueRun(store, now)) && !(await scheduleWaiting(store))) return 'none';
  if ((await store.lock?.state()) === 'locked') {
    await store.checkpoints.put(WAITING_KEY, true);
    return 'waiting';
  }
  await store.checkpoints.delete(WAITING_KEY);
  await start();
  return 'ran';
}
