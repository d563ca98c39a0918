// What a settings file would change, in words, before it is applied: an import can retarget the
// sync, so the admin sees the Sync endpoint, the JumpCloud organization, the mapping, the criteria,
// the schedule and the thresholds it sets, and confirms.
import type { Config } from './schema';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const or = (v: string | undefined, none: string) => (v && v.trim() ? v : none);

function scheduleWords(s: Config['settings']['schedule']): string {
  if (!s.enabled) return 'off';
  if (s.frequency === 'hourly') return `every ${s.everyHours} hours`;
  if (s.frequency === 'weekly') return `weekly at ${s.time}`;
  if (s.frequency === 'monthly') return `monthly at ${s.time}`;
  return `daily at ${s.time}`;
}

const criteriaWords = (c: Config['settings']['criteria']) => (c.mode === 'all' ? 'all users' : `${c.rules.length} rule${c.rules.length === 1 ? '' : 's'} (${c.combine})`);

/** One line per setting the file changes; empty when it changes nothing. */
export function describeChanges(before: Config, after: Config): string[] {
  const lines: string[] = [];
  const line = (name: string, from: string, to: string) => from !== to && lines.push(`${name}: ${from} → ${to}`);
  line('Sync endpoint', or(before.target.syncEndpoint, 'none'), or(after.target.syncEndpoint, 'none'));
  line('Zoho data centre', before.target.dataCentre.toUpperCase(), after.target.dataCentre.toUpperCase());
  line('JumpCloud region', before.jumpcloud.region.toUpperCase(), after.jumpcloud.region.toUpperCase());
  line('JumpCloud organization ID', or(before.jumpcloud.orgId, 'none'), or(after.jumpcloud.orgId, 'none'));
  const fields = [...new Set([...Object.keys(before.mapping.fields), ...Object.keys(after.mapping.fields)])].filter(
    (f) => !same(before.mapping.fields[f as keyof Config['mapping']['fields']], after.mapping.fields[f as keyof Config['mapping']['fields']]),
  );
  if (fields.length) lines.push(`Field mapping: ${fields.length} field${fields.length === 1 ? '' : 's'} change (${fields.join(', ')})`);
  if (!same(before.mapping.customFields, after.mapping.customFields)) lines.push('Field mapping: the custom Zoho fields change');
  const b = before.settings;
  const a = after.settings;
  if (!same(b.criteria, a.criteria)) lines.push(`Sync criteria: ${criteriaWords(b.criteria)} → ${criteriaWords(a.criteria)}${b.criteria.mode === a.criteria.mode ? ' (rules differ)' : ''}`);
  if (!same(b.schedule, a.schedule)) lines.push(`Schedule: ${scheduleWords(b.schedule)} → ${scheduleWords(a.schedule)}`);
  if (!same(b.resourceSync, a.resourceSync)) lines.push(`Groups synced: ${b.resourceSync.groups ? b.resourceSync.groupIds.length : 'none'} → ${a.resourceSync.groups ? a.resourceSync.groupIds.length : 'none'}`);
  if (!same(b.statusSync, a.statusSync)) lines.push(`Status sync: ${b.statusSync.mode}, on delete ${b.statusSync.onDelete} → ${a.statusSync.mode}, on delete ${a.statusSync.onDelete}`);
  line('Mail notification', b.mailNotification, a.mailNotification);
  line('Password notification', b.passwordNotification, a.passwordNotification);
  line('Reconcile with Zoho Directory', b.reconcile, a.reconcile);
  const threshold = (c: Config) => `${c.safety.deletionThresholdPercent}% or ${c.safety.deletionThresholdCount} users`;
  line('Deletion threshold', threshold(before), threshold(after));
  return lines;
}
