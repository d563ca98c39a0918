// The IndexedDB layout and its upgrades. Each step takes the database from one version to the next;
// a profile at any older version runs the missing steps in order (tests/unit/idb-upgrades.test.ts).
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { Sealed } from '../secrets/cipher';
import type { RunRecord, SnapshotEntry } from './records';

export const DB_NAME = 'jumpcloud-zoho-assistant';
export const DB_VERSION = 2;

export interface AssistantDB extends DBSchema {
  config: { key: string; value: unknown };
  secrets: { key: string; value: Sealed };
  keys: { key: string; value: CryptoKey };
  snapshot: { key: string; value: SnapshotEntry; indexes: { byScimId: string } };
  runs: { key: string; value: RunRecord; indexes: { byStartedAt: number } };
  checkpoints: { key: string; value: unknown };
}

type UpgradeTx = IDBPTransaction<AssistantDB, StoreNames<AssistantDB>[], 'versionchange'>;
type Step = (db: IDBPDatabase<AssistantDB>, tx: UpgradeTx) => void;

export const upgradeSteps: Step[] = [
  // 0 → 1: the first layout.
  (db) => {
    db.createObjectStore('config');
    db.createObjectStore('secrets');
    db.createObjectStore('keys');
    db.createObjectStore('snapshot', { keyPath: 'jumpcloudId' });
    db.createObjectStore('runs', { keyPath: 'id' });
    db.createObjectStore('checkpoints');
  },
  // 1 → 2: the history lists newest first, and the engine finds a snapshot entry by its SCIM id
  // (to resolve managers) without scanning.
  (_db, tx) => {
    tx.objectStore('runs').createIndex('byStartedAt', 'startedAt');
    tx.objectStore('snapshot').createIndex('byScimId', 'scimId');
  },
];

export function runUpgrades(db: IDBPDatabase<AssistantDB>, tx: UpgradeTx, from: number, to: number): void {
  for (let v = from; v < to; v++) upgradeSteps[v]!(db, tx);
}
