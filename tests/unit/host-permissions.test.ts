import { describe, expect, it } from 'vitest';
import { unusedOrigins } from '@/lib/background/host-permissions';

describe('host permissions given back', () => {
  const required = ['https://console.jumpcloud.com/*', 'https://directory.zoho.com/*'];
  it('gives back a host granted for an earlier Sync endpoint, never the manifest’s nor the saved endpoint’s', () => {
    const granted = [...required, 'https://scim.old.example/*', 'https://scim.now.example/*'];
    expect(unusedOrigins(granted, required, 'https://scim.now.example/v2')).toEqual(['https://scim.old.example/*']);
    expect(unusedOrigins(granted, required, 'https://directory.zoho.com/api/v1/scim/1')).toEqual(['https://scim.old.example/*', 'https://scim.now.example/*']);
    expect(unusedOrigins(required, required, undefined)).toEqual([]);
  });
});
