// One storage interface for every context: IndexedDB in the extension (idb-store.ts); a file-backed
// store in Node keeps the same shape for the command line and the benchmark.
import type { Config, SecretName } from '../config/schema';
import type { RunRecord, SnapshotEntry } from './records';

export interface Store {
  config: {
    get(): Promise<Config | undefined>;
    put(config: Config): Promise<void>;
  };
  /**
   * Encrypted at rest; get() decrypts for the one request that needs the value. A secret put with
   * `boundTo` (the SCIM token, with its Sync endpoint's origin) is sealed with it and is there only
   * for a get() or has() that names the same place.
   */
  secrets: {
    get(name: SecretName, boundTo?: string): Promise<string | undefined>;
    put(name: SecretName, value: string, boundTo?: string): Promise<void>;
    delete(name: SecretName): Promise<void>;
    has(name: SecretName, boundTo?: string): Promise<boolean>;
  };
  snapshot: {
    /**
     * Visits every entry once, as a stream: at 100,000 users the engine keeps only what it needs
     * of each (lib/sync/snapshot-load.ts), never two copies of the whole snapshot. With `light`, a
     * store may give an entry that has a source mark as its head only (SnapshotEntry.light).
     */
    scan(visit: (entry: SnapshotEntry) => void, options?: { light?: boolean }): Promise<void>;
    getMany(jumpcloudIds: string[]): Promise<SnapshotEntry[]>;
    putMany(entries: SnapshotEntry[]): Promise<void>;
    deleteMany(jumpcloudIds: string[]): Promise<void>;
    clear(): Promise<void>;
  };
  runs: {
    /** Adds or replaces a run, then prunes the history to RUN_HISTORY_LIMIT. */
    put(run: RunRecord): Promise<void>;
    get(id: string): Promise<RunRecord | undefined>;
    /** Newest first. */
    list(limit?: number): Promise<RunRecord[]>;
  };
  checkpoints: {
    get(key: string): Promise<unknown>;
    put(key: string, value: unknown): Promise<void>;
    delete(key: string): Promise<void>;
  };
  /** The optional passphrase lock (lib/secrets/passphrase.ts); the extension's store only. */
  lock?: PassphraseLock;
  close(): void;
}

export type LockState = 'off' | 'locked' | 'unlocked';

export interface PassphraseLock {
  state(): Promise<LockState>;
  /** Seals every secret under a key derived from the passphrase; unlocked afterwards. */
  enable(passphrase: string): Promise<void>;
  /** Back to the profile's own key; false (and nothing changed) for a wrong passphrase. */
  disable(passphrase: string): Promise<boolean>;
  /** False for a wrong passphrase. */
  unlock(passphrase: string): Promise<boolean>;
  lock(): Promise<void>;
}
