import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '@/lib/config/defaults';
import { handleMessage } from '@/lib/messages/handler';
import { openIdbStore } from '@/lib/store/idb-store';

const extensionId = 'abcdefghijklmnopabcdefghijklmnop';

describe('background message handler', () => {
  it('refuses messages from anyone but this extension', async () => {
    const store = openIdbStore(`msg-${Math.random()}`);
    const reply = await handleMessage({ type: 'status' }, { id: 'someone-else', url: 'https://evil.example/' }, { store, extensionId });
    expect(reply).toEqual({ ok: false, error: expect.stringMatching(/^Refused/) });
    store.close();
  });

  it('refuses malformed messages', async () => {
    const store = openIdbStore(`msg-${Math.random()}`);
    const reply = await handleMessage({ type: 'delete-everything' }, { id: extensionId }, { store, extensionId });
    expect(reply.ok).toBe(false);
    store.close();
  });

  it('reports what setup still needs, in order, until it is complete', async () => {
    const store = openIdbStore(`msg-${Math.random()}`);
    const status = async () => handleMessage({ type: 'status' }, { id: extensionId }, { store, extensionId });
    expect(await status()).toEqual({ ok: true, status: { configured: false, missing: ['apiKey', 'syncEndpoint', 'scimToken'] } });
    await store.secrets.put('jumpcloudApiKey', 'jca_' + 'a'.repeat(36));
    await store.config.put({ ...defaultConfig(), target: { dataCentre: 'us', syncEndpoint: 'https://directory.zoho.com/api/v1/scim', verifiedDomains: [] } });
    expect(await status()).toEqual({ ok: true, status: { configured: false, missing: ['scimToken'] } });
    await store.secrets.put('scimToken', 'token-0123456789abcdef');
    expect(await status()).toEqual({ ok: true, status: { configured: true, missing: [] } });
    store.close();
  });
});
