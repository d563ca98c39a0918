import { describe, expect, it } from 'vitest';
import { defaultConfig } from '@/lib/config/defaults';
import { ConfigError, parseConfig } from '@/lib/config/parse';
import { apiKeySchema, CONFIG_VERSION, scimTokenSchema, syncEndpointSchema } from '@/lib/config/schema';

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration schema', () => {
  it('accepts the defaults unchanged', () => {
    const config = defaultConfig();
    expect(parseConfig(config)).toEqual(config);
    expect(config.version).toBe(CONFIG_VERSION);
  });

  it('names the bad field in its error', () => {
    const bad = defaultConfig() as unknown as { settings: { schedule: { time: string } } };
    bad.settings.schedule.time = '25:00';
    const error = errorOf(() => parseConfig(bad));
    expect(error.issues).toEqual([{ path: 'settings.schedule.time', message: 'a time is HH:MM, 24-hour' }]);
    expect(error.message).toContain('settings.schedule.time');
  });

  it('refuses a config from a newer version of the assistant, saying so', () => {
    const error = errorOf(() => parseConfig({ ...defaultConfig(), version: CONFIG_VERSION + 1 }));
    expect(error.message).toMatch(/newer version of the assistant/);
  });

  it('refuses something that is not a config at all', () => {
    expect(errorOf(() => parseConfig([1, 2])).issues[0]?.path).toBe('version');
    expect(errorOf(() => parseConfig(null)).issues[0]?.path).toBe('version');
  });

  it('checks that a sync-criteria pattern names existing rules', () => {
    const config = defaultConfig();
    const rule = { subject: { kind: 'field' as const, field: 'department' as const }, relation: 'equals' as const, value: 'IT' };
    const withPattern = (pattern: string) => ({
      ...config,
      settings: { ...config.settings, criteria: { mode: 'match', rules: [rule, rule], combine: 'pattern', pattern } },
    });
    expect(() => parseConfig(withPattern('(1 AND 2) OR 1'))).not.toThrow();
    expect(errorOf(() => parseConfig(withPattern('1 AND 3'))).issues[0]?.path).toBe('settings.criteria.pattern');
    expect(errorOf(() => parseConfig(withPattern('1; drop'))).issues[0]?.path).toBe('settings.criteria.pattern');
  });

  it('takes only a JumpCloud group id as the group of a "member of group" rule', () => {
    const config = defaultConfig();
    const withGroup = (value: string) => ({
      ...config,
      settings: { ...config.settings, criteria: { mode: 'match', combine: 'and', rules: [{ subject: { kind: 'memberOf' }, relation: 'equals', value }] } },
    });
    expect(() => parseConfig(withGroup('5f1e2d3c4b5a69788796a5b4'))).not.toThrow();
    for (const bad of ['', 'Engineering', '5f1e2d3c4b5a69788796a5b4 OR 1', '../../v2/users']) {
      const issue = errorOf(() => parseConfig(withGroup(bad))).issues[0];
      expect(issue).toMatchObject({ path: 'settings.criteria.rules.0.value', message: expect.stringMatching(/JumpCloud group id/) });
    }
  });

  it('wants at least one day for a weekly schedule', () => {
    const config = defaultConfig();
    const weekly = {
      ...config,
      settings: { ...config.settings, schedule: { ...config.settings.schedule, enabled: true, frequency: 'weekly', weekdays: [] } },
    };
    expect(errorOf(() => parseConfig(weekly)).issues[0]?.path).toBe('settings.schedule.weekdays');
  });

  it('refuses a custom Zoho field mapped twice', () => {
    const config = defaultConfig();
    const field = { name: 'Badge', source: { from: 'attribute', name: 'badge' } };
    const twice = { ...config, mapping: { ...config.mapping, customFields: [field, field] } };
    expect(errorOf(() => parseConfig(twice)).issues[0]?.path).toBe('mapping.customFields');
  });
});

describe('Sync endpoint', () => {
  it('drops the trailing slash JumpCloud would reject', () => {
    expect(syncEndpointSchema.parse(' https://directory.zoho.com/api/v1/scim/ ')).toBe('https://directory.zoho.com/api/v1/scim');
  });
  it('wants https, except for a directory on this machine', () => {
    expect(syncEndpointSchema.safeParse('http://directory.zoho.com/scim').success).toBe(false);
    expect(syncEndpointSchema.parse('http://127.0.0.1:8080/scim/v2')).toBe('http://127.0.0.1:8080/scim/v2');
  });
  it('refuses text that is not a URL, and URLs with credentials or a query', () => {
    expect(syncEndpointSchema.safeParse('directory.zoho.com').success).toBe(false);
    expect(syncEndpointSchema.safeParse('https://u:p@directory.zoho.com/scim').success).toBe(false);
    expect(syncEndpointSchema.safeParse('https://directory.zoho.com/scim?x=1').success).toBe(false);
  });
});

describe('secret formats', () => {
  it('accepts current and older JumpCloud API keys and nothing else', () => {
    expect(apiKeySchema.safeParse('jca_' + 'a1B2'.repeat(9)).success).toBe(true);
    expect(apiKeySchema.safeParse('0123456789abcdef0123456789abcdef01234567').success).toBe(true);
    expect(apiKeySchema.safeParse('jca_short').success).toBe(false);
    expect(apiKeySchema.safeParse('jca_' + 'a'.repeat(35) + '!').success).toBe(false);
  });
  it('wants a whole SCIM token, without spaces', () => {
    expect(scimTokenSchema.safeParse('1000.abcdef0123456789').success).toBe(true);
    expect(scimTokenSchema.safeParse('short').success).toBe(false);
    expect(scimTokenSchema.safeParse('1000.abcdef 0123456789').success).toBe(false);
  });
  it('never echoes the rejected value in its message', () => {
    const wrong = 'jca_' + 'x'.repeat(30);
    const result = apiKeySchema.safeParse(wrong);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).not.toContain(wrong);
  });
});
