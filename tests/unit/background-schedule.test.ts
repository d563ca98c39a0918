import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '@/lib/config/defaults';
import { armSchedule, claimDueRun, SCHEDULE_ALARM, scheduleChanged, type Alarms } from '@/lib/background/schedule';
import { openIdbStore } from '@/lib/store/idb-store';

/** The alarms the schedule set, as the browser would hold them. */
function alarmBook(): Alarms & { set: Map<string, number> } {
  const set = new Map<string, number>();
  return { set, create: (name, info) => set.set(name, info.when), clear: async (name) => set.delete(name) };
}
const local = (d: number, h: number, m = 0) => new Date(2026, 2, d, h, m).getTime();

async function storeWithDailyAt(time: string) {
  const store = openIdbStore(`sched-${Math.random()}`);
  const config = defaultConfig();
  config.settings.schedule = { ...config.settings.schedule, enabled: true, frequency: 'daily', time };
  await store.config.put(config);
  return store;
}

describe('scheduled sync alarm', () => {
  it('points the alarm at the next run, and clears it when the schedule is off', async () => {
    const store = await storeWithDailyAt('02:00');
    const alarms = alarmBook();
    expect(await armSchedule(store, alarms, local(10, 12))).toBe(local(11, 2));
    expect(alarms.set.get(SCHEDULE_ALARM)).toBe(local(11, 2));
    const config = (await store.config.get())!;
    await store.config.put({ ...config, settings: { ...config.settings, schedule: { ...config.settings.schedule, enabled: false } } });
    expect(await armSchedule(store, alarms, local(10, 12))).toBeUndefined();
    expect(alarms.set.has(SCHEDULE_ALARM)).toBe(false);
  });

  it('runs once for a slot missed while the browser was closed, not once per slot', async () => {
    const store = await storeWithDailyAt('02:00');
    await scheduleChanged(store, alarmBook(), local(10, 12));
    // Nothing due yet: the 02:00 of the 10th was before the schedule was saved.
    expect(await claimDueRun(store, local(10, 13))).toBeUndefined();
    // The browser comes back on the 13th: three slots passed, one run.
    expect(await claimDueRun(store, local(13, 9))).toBe(local(13, 2));
    expect(await claimDueRun(store, local(13, 9, 5))).toBeUndefined();
    // The alarm for the 14th fires.
    expect(await claimDueRun(store, local(14, 2))).toBe(local(14, 2));
    store.close();
  });
});
