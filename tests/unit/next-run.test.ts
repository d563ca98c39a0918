import { describe, expect, it } from 'vitest';
import { lastDueAt, nextRunAt } from '@/lib/schedule/next-run';
import type { Schedule } from '@/lib/config/schema';

const base: Schedule = { enabled: true, frequency: 'daily', everyHours: 6, time: '02:30', weekdays: [], monthDates: [] };
const local = (y: number, mo: number, d: number, h = 0, mi = 0) => new Date(y, mo - 1, d, h, mi).getTime();

describe('schedule', () => {
  it('is off when disabled', () => {
    expect(nextRunAt({ ...base, enabled: false }, local(2026, 1, 1))).toBeUndefined();
  });

  it('runs daily at the set time, today if still ahead, else tomorrow', () => {
    expect(nextRunAt(base, local(2026, 3, 10, 1, 0))).toBe(local(2026, 3, 10, 2, 30));
    expect(nextRunAt(base, local(2026, 3, 10, 2, 30))).toBe(local(2026, 3, 11, 2, 30));
  });

  it('runs weekly on the chosen days', () => {
    // 2026-03-10 is a Tuesday; Monday (1) and Thursday (4) chosen.
    const weekly = { ...base, frequency: 'weekly' as const, weekdays: [1, 4] };
    expect(nextRunAt(weekly, local(2026, 3, 10, 12))).toBe(local(2026, 3, 12, 2, 30));
    expect(nextRunAt(weekly, local(2026, 3, 13, 12))).toBe(local(2026, 3, 16, 2, 30));
  });

  it('runs monthly on the chosen dates, skipping months without them', () => {
    const monthly = { ...base, frequency: 'monthly' as const, monthDates: [31] };
    expect(nextRunAt(monthly, local(2026, 1, 31, 12))).toBe(local(2026, 3, 31, 2, 30));
    const leap = { ...base, frequency: 'monthly' as const, monthDates: [29] };
    expect(nextRunAt(leap, local(2027, 1, 30))).toBe(local(2027, 3, 29, 2, 30));
    expect(nextRunAt(leap, local(2028, 1, 30))).toBe(local(2028, 2, 29, 2, 30));
  });

  it('runs every N hours from the set time', () => {
    const hourly = { ...base, frequency: 'hourly' as const, everyHours: 6 };
    expect(nextRunAt(hourly, local(2026, 3, 10, 9, 0))).toBe(local(2026, 3, 10, 14, 30));
    expect(nextRunAt(hourly, local(2026, 3, 10, 21, 0))).toBe(local(2026, 3, 11, 2, 30));
  });

  it('finds the last due time, to catch a run missed while the browser was closed', () => {
    expect(lastDueAt(base, local(2026, 3, 10, 1, 0))).toBe(local(2026, 3, 9, 2, 30));
    expect(lastDueAt(base, local(2026, 3, 10, 3, 0))).toBe(local(2026, 3, 10, 2, 30));
  });
});
