// The words the options page shows for the config's values: JumpCloud's field names as an admin
// reads them in the JumpCloud console, Zoho's own setting names, and run records in plain words.
import type { JumpCloudField } from '@/lib/config/fields';
import { RELATIONS, type CriteriaRule, type FieldSource } from '@/lib/config/schema';
import { relationWords } from '@/lib/criteria/describe';
import type { JumpCloudRegion, ZohoDataCentre } from '@/lib/hosts';

export const REGION_LABELS: Record<JumpCloudRegion, string> = {
  us: 'US (console.jumpcloud.com)',
  eu: 'EU (console.eu.jumpcloud.com)',
};

export const DATA_CENTRE_LABELS: Record<ZohoDataCentre, string> = {
  us: 'United States (zoho.com)',
  eu: 'Europe (zoho.eu)',
  in: 'India (zoho.in)',
  au: 'Australia (zoho.com.au)',
  jp: 'Japan (zoho.jp)',
  ca: 'Canada (zohocloud.ca)',
  sa: 'Saudi Arabia (zoho.sa)',
  uk: 'United Kingdom (zoho.uk)',
  cn: 'China (zoho.com.cn)',
};

export const JUMPCLOUD_FIELD_LABELS: Record<JumpCloudField, string> = {
  username: 'Username',
  email: 'Company email',
  alternateEmail: 'Alternate email',
  firstname: 'First name',
  middlename: 'Middle name',
  lastname: 'Last name',
  displayname: 'Display name',
  employeeIdentifier: 'Employee ID',
  jobTitle: 'Job title',
  department: 'Department',
  costCenter: 'Cost center',
  company: 'Company',
  location: 'Location',
  employeeType: 'Employee type',
  description: 'Description',
  manager: 'Manager',
  'phone.work': 'Work phone',
  'phone.mobile': 'Mobile phone',
  'phone.home': 'Home phone',
  'address.work': 'Work address',
  'address.work.locality': 'Work address: city',
  'address.work.region': 'Work address: state or region',
  'address.work.country': 'Work address: country',
  'address.home': 'Home address',
};

/** "Job title (jobTitle)": the console's words, then the API name the config stores. */
export const jumpcloudFieldText = (field: JumpCloudField) => `${JUMPCLOUD_FIELD_LABELS[field]} (${field})`;

export const SOURCE_KIND_LABELS: Record<FieldSource['from'], string> = {
  jumpcloud: 'JumpCloud field',
  hardcoded: 'Hard-coded value',
  attribute: 'Custom JumpCloud attribute',
  none: 'Not mapped',
};

/** The words the sync's own reasons use, so the editor and the run history say the same thing. */
export const RELATION_LABELS = Object.fromEntries(RELATIONS.map((r) => [r, relationWords(r)])) as Record<CriteriaRule['relation'], string>;

export const MEMBER_RELATION_LABELS = { equals: 'is a member of', notEquals: 'is not a member of' } as const;

/** Sunday first, as Date.getDay() and the schedule count them; shown Monday first. */
export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
export const WEEKDAY_ORDER = [1, 2, 3, 4, 5, 6, 0] as const;

const TRIGGERS: Record<string, string> = {
  manual: 'Sync now',
  schedule: 'Schedule',
  preview: 'Dry run',
  resume: 'Resumed',
  'command-line': 'Command line',
  'on-demand': 'One user',
};
export const triggerText = (trigger: string) => TRIGGERS[trigger] ?? trigger;

const STATUSES: Record<string, string> = {
  running: 'Running',
  succeeded: 'Succeeded',
  partial: 'Partly failed',
  failed: 'Failed',
  'awaiting-confirmation': 'Waiting for your confirmation',
  previewed: 'Dry run (nothing written)',
};
export const statusText = (status: string) => STATUSES[status] ?? status;

const COUNTS: Record<string, string> = {
  read: 'Read from JumpCloud',
  created: 'Created',
  adopted: 'Matched to existing users',
  updated: 'Updated',
  deactivated: 'Deactivated',
  deleted: 'Deleted',
  unchanged: 'Unchanged',
  skipped: 'Skipped',
  held: 'Held back',
  failed: 'Failed',
  groupsCreated: 'Groups created',
  groupsLinked: 'Groups matched',
  membersAdded: 'Group members added',
  membersRemoved: 'Group members removed',
};
export const countText = (key: string) => COUNTS[key] ?? key;

const ACTIONS: Record<string, string> = {
  create: 'Create',
  adopt: 'Match existing',
  update: 'Update',
  deactivate: 'Deactivate',
  delete: 'Delete',
  manager: 'Set manager',
  skip: 'Skip',
  group: 'Group',
};
export const actionText = (action: string) => ACTIONS[action] ?? action;

const RESULTS: Record<string, string> = {
  done: 'Done',
  failed: 'Failed',
  skipped: 'Skipped',
  held: 'Held back',
  planned: 'Planned',
};
export const resultText = (result: string) => RESULTS[result] ?? result;

const PHASES: Record<string, string> = {
  starting: 'Starting',
  reading: 'Reading JumpCloud',
  planning: 'Working out the changes',
  applying: 'Writing to Zoho Directory',
};
export const phaseText = (phase: string) => PHASES[phase] ?? phase;

/** "12 May 2025, 14:03:07" in the browser's locale and time zone. */
export function formatTime(epochMs: number): string {
  return new Date(epochMs).toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

/** Messages from the schemas start in lower case ("a time is HH:MM"); a sentence on screen does not. */
export function sentence(message: string): string {
  const text = message.trim();
  return text ? text[0]!.toUpperCase() + text.slice(1) : text;
}
