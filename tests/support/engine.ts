// The engine wired to the sandbox on loopback, with the extension's own IndexedDB store, or the
// command line's file store (which reads the snapshot light, lib/store/file-store.ts).
import 'fake-indexeddb/auto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFileStore } from '@/lib/store/file-store';
import { defaultConfig } from '@/lib/config/defaults';
import type { Config } from '@/lib/config/schema';
import { openIdbStore } from '@/lib/store/idb-store';
import type { Store } from '@/lib/store/types';
import { runSync, type SyncRequest, type SyncResult } from '@/lib/sync/engine';
import { realWorld, sleep, type World } from '@/lib/world';
import { startSandbox, type Sandbox, type SandboxOptions } from '@/sandbox/index';
import { saveScimToken } from '@/lib/secrets/scim-token';

export interface EngineHarness {
  sandbox: Sandbox;
  store: Store;
  world: World & { waits: number[] };
  config: Config;
  sync(request?: Partial<SyncRequest>): Promise<SyncResult>;
  saveConfig(change: (c: Config) => void): Promise<void>;
  /** Target users whose externalId is this JumpCloud id. */
  targetUsers(jumpcloudId: string): ReturnType<Sandbox['scim']['store']['findUsersByExternalId']>;
  close(): Promise<void>;
}

export type StoreKind = 'indexeddb' | 'files';

export async function engineHarness({ store: kind = 'indexeddb', ...options }: SandboxOptions & { store?: StoreKind } = {}): Promise<EngineHarness> {
  const sandbox = await startSandbox({ users: 60, ...options });
  // Retry-After and backoff waits are recorded, and shortened so a 429 storm does not take minutes.
  const waits: number[] = [];
  const world = { ...realWorld(), waits, sleep: (ms: number, signal?: AbortSignal) => (waits.push(ms), sleep(Math.min(ms, 2), signal)) };
  const dir = kind === 'files' ? await mkdtemp(join(tmpdir(), 'jca-engine-')) : undefined;
  const store = dir ? await openFileStore(dir) : openIdbStore(`engine-${Math.random().toString(36).slice(2)}`);
  const config = defaultConfig();
  config.target.syncEndpoint = sandbox.scim.syncEndpoint;
  await store.config.put(config);
  await store.secrets.put('jumpcloudApiKey', sandbox.jumpcloud.apiKey);
  await saveScimToken(store, config.target.syncEndpoint, sandbox.scim.token);
  const harness: EngineHarness = {
    sandbox,
    store,
    world,
    config,
    sync: (request = {}) =>
      runSync({ world, store, jumpcloudApiBase: sandbox.jumpcloud.apiBase }, { trigger: 'manual', ...request }),
    async saveConfig(change) {
      change(harness.config);
      await store.config.put(harness.config);
    },
    targetUsers: (id) => sandbox.scim.store.findUsersByExternalId(id),
    async close() {
      store.close();
      await sandbox.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    },
  };
  return harness;
}
