import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '@/lib/config/defaults';
import { DB_VERSION, type AssistantDB } from '@/lib/store/idb-schema';
import { openIdbStore } from '@/lib/store/idb-store';

const apiKey = 'jca_' + 'Zx81'.repeat(9);
const scimToken = '1000.f3c9a1d2e4b5c6a7f8e9d0c1b2a3';

/** Every byte of every record in every object store, as text in the forms a leak could take. */
async function dumpDatabase(name: string): Promise<string> {
  const db = await openDB<AssistantDB>(name, DB_VERSION);
  const parts: string[] = [];
  for (const storeName of db.objectStoreNames) {
    for (const value of await db.getAll(storeName)) parts.push(serialise(value));
    for (const key of await db.getAllKeys(storeName)) parts.push(String(key));
  }
  db.close();
  return parts.join('\n');
}

function serialise(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) {
      const bytes = v instanceof ArrayBuffer ? new Uint8Array(v) : new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
      const latin1 = Buffer.from(bytes).toString('latin1');
      return { base64: Buffer.from(bytes).toString('base64'), latin1, utf8: Buffer.from(bytes).toString('utf8') };
    }
    return v;
  });
}

describe('secrets at rest', () => {
  it('are nowhere in the database in plain text, nor in base64', async () => {
    const name = `secrets-${Math.random().toString(36).slice(2)}`;
    const store = openIdbStore(name);
    await store.config.put(defaultConfig());
    await store.secrets.put('jumpcloudApiKey', apiKey);
    await store.secrets.put('scimToken', scimToken);
    store.close();

    const dump = await dumpDatabase(name);
    expect(dump.length).toBeGreaterThan(100);
    for (const secret of [apiKey, scimToken]) {
      expect(dump).not.toContain(secret);
      expect(dump).not.toContain(Buffer.from(secret).toString('base64'));
      expect(dump).not.toContain(secret.slice(4, 20));
    }
  });

  it('are sealed under a key that cannot be exported', async () => {
    const name = `secrets-${Math.random().toString(36).slice(2)}`;
    const store = openIdbStore(name);
    await store.secrets.put('scimToken', scimToken);
    store.close();
    const db = await openDB<AssistantDB>(name, DB_VERSION);
    const key = await db.get('keys', 'secrets');
    db.close();
    expect(key?.extractable).toBe(false);
    expect(key?.algorithm.name).toBe('AES-GCM');
    await expect(crypto.subtle.exportKey('raw', key!)).rejects.toThrow();
  });

  it('cannot be swapped: a sealed token does not open as the API key', async () => {
    const name = `secrets-${Math.random().toString(36).slice(2)}`;
    const store = openIdbStore(name);
    await store.secrets.put('scimToken', scimToken);
    store.close();
    const db = await openDB<AssistantDB>(name, DB_VERSION);
    await db.put('secrets', (await db.get('secrets', 'scimToken'))!, 'jumpcloudApiKey');
    db.close();
    const again = openIdbStore(name);
    await expect(again.secrets.get('jumpcloudApiKey')).rejects.toThrow();
    again.close();
  });

  it('open only for the origin they were sealed with: relabelling a token for another server in the database fails', async () => {
    const name = `secrets-${Math.random().toString(36).slice(2)}`;
    const store = openIdbStore(name);
    await store.secrets.put('scimToken', scimToken, 'https://directory.zoho.com');
    expect(await store.secrets.get('scimToken', 'https://directory.zoho.com')).toBe(scimToken);
    expect(await store.secrets.get('scimToken', 'https://scim.elsewhere.example')).toBeUndefined();
    expect(await store.secrets.has('scimToken', 'https://scim.elsewhere.example')).toBe(false);
    expect(await store.secrets.get('scimToken')).toBeUndefined();
    store.close();
    const db = await openDB<AssistantDB>(name, DB_VERSION);
    const sealed = (await db.get('secrets', 'scimToken'))!;
    await db.put('secrets', { ...sealed, boundTo: 'https://scim.elsewhere.example' }, 'scimToken');
    db.close();
    const again = openIdbStore(name);
    await expect(again.secrets.get('scimToken', 'https://scim.elsewhere.example')).rejects.toThrow();
    again.close();
  });
});
