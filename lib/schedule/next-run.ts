// When a scheduled sync is due, as Zoho offers the schedule: daily at a time, weekly on chosen
// days, monthly on chosen dates, and every N hours. Times are the browser's local time. Pure:
// "now" is passed in, so tests walk the calendar (month ends, leap days) without waiting.
import type { Schedule } from '../config/schema';

const HOUR = 3_600_000;

function at(day: Date, time: string): number {
  const [h, m] = time.split(':').map(Number) as [number, number];
  return new Date(day.getFullYear(), day.getMonth(), day.getDate(), h, m, 0, 0).getTime();
}

function dayMatches(schedule: Schedule, day: Date): boolean {
  switch (schedule.frequency) {
    case 'weekly':
      return schedule.weekdays.includes(day.getDay());
    case 'monthly':
      return schedule.monthDates.includes(day.getDate());
    default:
      return true;
  }
}

/** Scheduled times within [from, to], in order; every N hours counts from the set time each day. */
function* slots(schedule: Schedule, from: number, to: number): Generator<number> {
  const first = new Date(from);
  for (let offset = -1; ; offset++) {
    const day = new Date(first.getFullYear(), first.getMonth(), first.getDate() + offset);
    const start = at(day, schedule.time);
    if (start - (schedule.frequency === 'hourly' ? 24 * HOUR : 0) > to) return;
    if (!dayMatches(schedule, day)) continue;
    const times = schedule.frequency === 'hourly' ? Array.from({ length: Math.ceil(24 / schedule.everyHours) }, (_, i) => start + i * schedule.everyHours * HOUR) : [start];
    for (const t of times) if (t >= from && t <= to) yield t;
  }
}

/** The next scheduled time after `now`, or undefined when the schedule is off. */
export function nextRunAt(schedule: Schedule, now: number): number | undefined {
  if (!schedule.enabled) return undefined;
  // A monthly schedule on the 31st may skip months; a year ahead always finds a slot.
  for (const t of slots(schedule, now + 1, now + 400 * 24 * HOUR)) return t;
  return undefined;
}

/** The latest scheduled time at or before `now` within the last `lookBackMs`, for catching a missed run. */
export function lastDueAt(schedule: Schedule, now: number, lookBackMs = 32 * 24 * HOUR): number | undefined {
  if (!schedule.enabled) return undefined;
  let last: number | undefined;
  for (const t of slots(schedule, now - lookBackMs, now)) last = t;
  return last;
}
