import { describe, expect, it } from 'vitest';
import { defaultConfig } from '@/lib/config/defaults';
import { ConfigError, parseConfig } from '@/lib/config/parse';
import { CONFIG_VERSION } from '@/lib/config/schema';

const v1 = {
  version: 1,
  jumpcloud: { region: 'eu', orgId: '5f0c1b2a3d4e5f6a7b8c9d0e' },
  zoho: { dataCentre: 'in', syncEndpoint: 'https://directory.zoho.in/api/v1/scim/' },
  mapping: { country: { from: 'hardcoded', value: 'India' }, workLocation: { from: 'attribute', name: 'Building' } },
  settings: {
    passwordNotification: 'admin',
    statusSync: false,
    criteria: { mode: 'all' },
    schedule: { enabled: true, frequency: 'weekly', everyHours: 6, time: '03:30', weekdays: [1, 4], monthDates: [1] },
  },
};

describe('configuration migrations', () => {
  it('lifts a version 1 config to the current version, keeping every choice', () => {
    const config = parseConfig(v1);
    const defaults = defaultConfig();
    expect(config.version).toBe(CONFIG_VERSION);
    expect(config.jumpcloud).toEqual({ region: 'eu', orgId: '5f0c1b2a3d4e5f6a7b8c9d0e' });
    expect(config.target).toEqual({
      dataCentre: 'in',
      syncEndpoint: 'https://directory.zoho.in/api/v1/scim',
      verifiedDomains: [],
    });
    expect(config.mapping.fields.country).toEqual({ from: 'hardcoded', value: 'India' });
    expect(config.mapping.fields.workLocation).toEqual({ from: 'attribute', name: 'Building' });
    // Fields the old config did not map keep their defaults.
    expect(config.mapping.fields.firstName).toEqual(defaults.mapping.fields.firstName);
    expect(config.settings.passwordNotification).toBe('admin');
    expect(config.settings.statusSync).toEqual({ mode: 'nothing', onDelete: 'deactivate' });
    expect(config.settings.schedule).toEqual(v1.settings.schedule);
    expect(config.safety).toEqual(defaults.safety);
  });

  it('maps status sync "on" to mirroring', () => {
    const on = { ...v1, settings: { ...v1.settings, statusSync: true } };
    expect(parseConfig(on).settings.statusSync.mode).toBe('mirror');
  });

  it('reports a broken version 1 config by field', () => {
    const broken = { ...v1, settings: { ...v1.settings, passwordNotification: 'everyone' } };
    expect(() => parseConfig(broken)).toThrow(ConfigError);
    try {
      parseConfig(broken);
    } catch (e) {
      expect((e as ConfigError).issues.map((i) => i.path)).toEqual(['settings.passwordNotification']);
    }
  });

  it('refuses a version it has no migration for', () => {
    expect(() => parseConfig({ ...v1, version: 0 })).toThrow(/cannot read/);
  });
});
