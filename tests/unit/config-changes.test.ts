import { describe, expect, it } from 'vitest';
import { describeChanges } from '@/lib/config/changes';
import { defaultConfig } from '@/lib/config/defaults';

describe('what an imported file would change', () => {
  it('names the endpoint, the organization, the mapped fields, the schedule and the thresholds it changes, and nothing else', () => {
    const before = defaultConfig();
    before.target.syncEndpoint = 'https://directory.zoho.com/api/scim/v2';
    const after = structuredClone(before);
    after.target.syncEndpoint = 'https://scim.elsewhere.example/v2';
    after.jumpcloud.orgId = '5f1e2d3c4b5a69788796a5b4';
    after.mapping.fields.department = { from: 'hardcoded', value: 'Sales' };
    after.settings.schedule = { ...after.settings.schedule, enabled: true, frequency: 'daily', time: '04:00' };
    after.safety.deletionThresholdCount = 500;
    expect(describeChanges(before, after)).toEqual([
      'Sync endpoint: https://directory.zoho.com/api/scim/v2 → https://scim.elsewhere.example/v2',
      'JumpCloud organization ID: none → 5f1e2d3c4b5a69788796a5b4',
      'Field mapping: 1 field change (department)',
      expect.stringMatching(/^Schedule: .* → daily at 04:00$/),
      `Deletion threshold: ${before.safety.deletionThresholdPercent}% or ${before.safety.deletionThresholdCount} users → ${before.safety.deletionThresholdPercent}% or 500 users`,
    ]);
    expect(describeChanges(before, structuredClone(before))).toEqual([]);
  });
});
