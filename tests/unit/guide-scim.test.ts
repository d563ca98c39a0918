// The SCIM flow as data: it never offers to click what the admin must click, its fill actions say
// "Fill", and its test address can be no Zoho Directory domain.
import { describe, expect, it } from 'vitest';
import { scimFlow, testUserEmail, WORDS } from '@/lib/guide/flows/scim';

describe('the SCIM flow', () => {
  it('walks the seed’s steps in order, ending with the attribute mappings', () => {
    const ids = scimFlow.steps.map((s) => s.id);
    expect(ids.indexOf('save-application')).toBeLessThan(ids.indexOf('identity-management'));
    expect(ids.indexOf('test-connection')).toBeLessThan(ids.indexOf('group-management'));
    expect(ids.indexOf('group-management')).toBeLessThan(ids.indexOf('activate'));
    expect(ids.indexOf('bind-groups')).toBeLessThan(ids.indexOf('save-groups'));
    expect(ids.at(-1)).toBe('attribute-mapping');
    expect(new Set(ids).size).toBe(ids.length);
    const attributes = scimFlow.steps.at(-1)!;
    for (const name of ['Location', 'Employee ID', 'Job Title']) expect(attributes.say).toContain(name);
    expect(scimFlow.steps.find((s) => s.id === 'bind-groups')!.why).toMatch(/only groups of users, not single users/);
  });

  it('has no action named like a button the admin must click, and names its fills "Fill …"', () => {
    const labels = scimFlow.steps.flatMap((s) => (s.action ? [s.action.label] : []));
    for (const words of [WORDS.saveApplication, WORDS.testConnection, WORDS.activate, WORDS.save]) {
      for (const w of words) expect(labels).not.toContain(w);
    }
    for (const label of ['Fill display label', 'Fill Base URL', 'Fill Token Key', 'Fill Test User Email', 'Fill group selection']) {
      expect(labels).toContain(label);
    }
  });

  it('makes test addresses on the reserved .invalid domain, never a real one', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const email = testUserEmail();
      expect(email).toMatch(/^jumpcloud-scim-test-[a-z0-9]+@example\.invalid$/);
      seen.add(email);
    }
    expect(seen.size).toBeGreaterThan(1);
    expect(testUserEmail(() => 0)).toBe('jumpcloud-scim-test-0@example.invalid');
  });
});
