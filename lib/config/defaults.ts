// A configuration that works untouched: the mapping a JumpCloud → Zoho admin would pick first.
import type { Config, FieldSource, Mapping } from './schema';
import { CONFIG_VERSION } from './schema';

const jc = (field: Extract<FieldSource, { from: 'jumpcloud' }>['field']): FieldSource => ({ from: 'jumpcloud', field });

export function defaultMapping(): Mapping {
  return {
    fields: {
      firstName: jc('firstname'),
      lastName: jc('lastname'),
      displayName: jc('displayname'),
      email: jc('email'),
      employeeId: jc('employeeIdentifier'),
      designation: jc('jobTitle'),
      department: jc('department'),
      reportingTo: jc('manager'),
      workLocation: jc('location'),
      country: jc('address.work.country'),
      language: { from: 'none' },
      timeZone: { from: 'none' },
      phone: jc('phone.work'),
      mobile: jc('phone.mobile'),
      address: jc('address.work'),
    },
    customFields: [],
  };
}

export function defaultConfig(): Config {
  return {
    version: CONFIG_VERSION,
    jumpcloud: { region: 'us' },
    target: { dataCentre: 'us', verifiedDomains: [] },
    mapping: defaultMapping(),
    settings: {
      mailNotification: 'notify',
      passwordNotification: 'user',
      statusSync: { mode: 'mirror', onDelete: 'deactivate' },
      resourceSync: { users: true, groups: false, groupIds: [] },
      criteria: { mode: 'all' },
      schedule: { enabled: false, frequency: 'daily', everyHours: 6, time: '02:00', weekdays: [1], monthDates: [1] },
      reconcile: 'weekly',
    },
    safety: { deletionThresholdPercent: 10, deletionThresholdCount: 50 },
  };
}
