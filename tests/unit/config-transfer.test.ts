import { describe, expect, it } from 'vitest';
import { defaultConfig } from '@/lib/config/defaults';
import { ConfigError } from '@/lib/config/parse';
import { exportSettings, importSettings } from '@/lib/config/transfer';

const apiKey = 'jca_' + 'Q7w9'.repeat(9);
const scimToken = '1000.7c1e0d9b44a2f0e83b5d';

describe('export and import of settings', () => {
  it('round-trips the configuration, leaving secrets out by default', () => {
    const config = { ...defaultConfig(), target: { dataCentre: 'eu' as const, verifiedDomains: ['example.eu'] } };
    const text = exportSettings(config);
    expect(text).not.toContain('secrets');
    expect(importSettings(text)).toEqual({ config });
  });

  it('includes secrets only when asked, and reads them back', () => {
    const config = defaultConfig();
    const text = exportSettings(config, { jumpcloudApiKey: apiKey, scimToken });
    expect(importSettings(text)).toEqual({ config, secrets: { jumpcloudApiKey: apiKey, scimToken } });
  });

  it('names the bad field inside the file', () => {
    const file = JSON.parse(exportSettings(defaultConfig()));
    file.config.jumpcloud.region = 'mars';
    try {
      importSettings(JSON.stringify(file));
      throw new Error('import should fail');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).issues[0]?.path).toBe('config.jumpcloud.region');
      expect((e as Error).message).toContain('config.jumpcloud.region');
    }
  });

  it('says when the file is not JSON, or not ours', () => {
    expect(() => importSettings('{oops')).toThrow(/not JSON/);
    expect(() => importSettings(JSON.stringify({ config: defaultConfig() }))).toThrow(/format/);
  });

  it('names a malformed secret without repeating its value', () => {
    const file = JSON.parse(exportSettings(defaultConfig(), { jumpcloudApiKey: apiKey }));
    file.secrets.jumpcloudApiKey = 'jca_not-a-key-but-secret-looking';
    try {
      importSettings(JSON.stringify(file));
      throw new Error('import should fail');
    } catch (e) {
      expect((e as ConfigError).issues[0]?.path).toBe('secrets.jumpcloudApiKey');
      expect((e as Error).message).not.toContain('jca_not-a-key-but-secret-looking');
    }
  });
});
