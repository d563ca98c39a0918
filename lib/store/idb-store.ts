// The Store on IndexedDB, through idb. Transactions hold only IndexedDB work: anything else awaited
// inside one (a fetch, a decrypt) would let it auto-commit, so crypto happens before or after.
import { openDB, type IDBPDatabase, type IDBPTransaction } from 'idb';
import { parseConfig } from '../config/parse';
import type { SecretName } from '../config/schema';
import { generateSecretKey, seal, unseal } from '../secrets/cipher';
import { noteSecret } from '../secrets/redact';
import { asLockRecord, LockedError, memorySlot, newLock, openLock, unlockedKey, type SessionSlot } from '../secrets/passphrase';
import { RUN_HISTORY_LIMIT, runRecordSchema, snapshotEntryOf } from './records';
import { DB_NAME, DB_VERSION, runUpgrades, type AssistantDB } from './idb-schema';
import type { Store } from './types';

const CONFIG_KEY = 'current';
const SECRET_KEY_ID = 'secrets';
const LOCK_KEY = 'passphrase-lock';
/** Snapshot entries read per transaction while scanning. */
const SCAN_PAGE = 1000;

/** Opens (creating or upgrading) the database; `name` lets tests keep databases apart. */
export function openIdbStore(name: string = DB_NAME, session: SessionSlot = memorySlot()): Store {
  const dbPromise = openDB<AssistantDB>(name, DB_VERSION, {
    upgrade: (db, oldVersion, newVersion, tx) => runUpgrades(db, tx, oldVersion, newVersion ?? DB_VERSION),
  });
  return createStore(dbPromise, session);
}

/** The store the worker keeps; `session` holds the passphrase lock's key while unlocked. */
export const openBrowserStore = (session?: SessionSlot): Store => openIdbStore(DB_NAME, session);

function createStore(dbPromise: Promise<IDBPDatabase<AssistantDB>>, session: SessionSlot): Store {
  let keyPromise: Promise<CryptoKey> | undefined;

  // One key per profile, made on first use. Two contexts may race to make it: add() lets exactly
  // one win, and the loser reads the winner's key.
  async function secretKey(): Promise<CryptoKey> {
    keyPromise ??= (async () => {
      const db = await dbPromise;
      const existing = await db.get('keys', SECRET_KEY_ID);
      if (existing) return existing;
      const fresh = await generateSecretKey();
      try {
        await db.add('keys', fresh, SECRET_KEY_ID);
        return fresh;
      } catch {
        const winner = await db.get('keys', SECRET_KEY_ID);
        if (!winner) throw new Error('The encryption key could not be stored');
        return winner;
      }
    })();
    keyPromise.catch(() => (keyPromise = undefined));
    return keyPromise;
  }

  const lockRecord = async () => asLockRecord(await (await dbPromise).get('checkpoints', LOCK_KEY));

  /** The key the secrets are sealed under now: the lock's, while there is one, else the profile's. */
  async function sealingKey(): Promise<CryptoKey> {
    if (!(await lockRecord())) return secretKey();
    const key = await unlockedKey(session);
    if (!key) throw new LockedError();
    return key;
  }

  /** Every secret opened with `from` and sealed again with `to`, then written with `finish`, in one transaction. */
  async function reseal(from: CryptoKey, to: CryptoKey, finish: (tx: IDBPTransaction<AssistantDB, ('secrets' | 'checkpoints')[], 'readwrite'>) => void) {
    const db = await dbPromise;
    // One read transaction: keys and values come back in the same (key) order.
    const read = db.transaction('secrets');
    const [names, all] = await Promise.all([read.store.getAllKeys() as Promise<SecretName[]>, read.store.getAll()]);
    const resealed = [];
    for (const [i, name] of names.entries()) {
      const sealed = all[i]!;
      resealed.push({ name, sealed: await seal(to, name, await unseal(from, name, sealed, sealed.boundTo), sealed.boundTo) });
    }
    const tx = db.transaction(['secrets', 'checkpoints'], 'readwrite');
    for (const { name, sealed } of resealed) void tx.objectStore('secrets').put(sealed, name);
    finish(tx);
    await tx.done;
  }

  return {
    config: {
      async get() {
        const raw = await (await dbPromise).get('config', CONFIG_KEY);
        return raw === undefined ? undefined : parseConfig(raw, 'The saved configuration');
      },
      async put(config) {
        await (await dbPromise).put('config', parseConfig(config), CONFIG_KEY);
      },
    },
    secrets: {
      async get(name: SecretName, boundTo?: string) {
        const sealed = await (await dbPromise).get('secrets', name);
        // Opened with the place asked for, not the label stored beside it: a relabelled record fails.
        if (!sealed || sealed.boundTo !== boundTo) return undefined;
        const value = await unseal(await sealingKey(), name, sealed, boundTo);
        noteSecret(value);
        return value;
      },
      async put(name, value, boundTo) {
        noteSecret(value);
        const sealed = await seal(await sealingKey(), name, value, boundTo);
        await (await dbPromise).put('secrets', sealed, name);
      },
      async delete(name) {
        await (await dbPromise).delete('secrets', name);
      },
      async has(name, boundTo) {
        const sealed = await (await dbPromise).get('secrets', name);
        return !!sealed && sealed.boundTo === boundTo;
      },
    },
    lock: {
      async state() {
        if (!(await lockRecord())) return 'off';
        return (await unlockedKey(session)) ? 'unlocked' : 'locked';
      },
      async enable(passphrase) {
        if (await lockRecord()) throw new Error('The passphrase lock is already on.');
        const from = await secretKey();
        const { record, key } = await newLock(passphrase, session);
        try {
          await reseal(from, key, (tx) => void tx.objectStore('checkpoints').put(record, LOCK_KEY));
        } catch (e) {
          await session.set(undefined);
          throw e;
        }
      },
      async disable(passphrase) {
        const record = await lockRecord();
        if (!record) return true;
        const from = await openLock(record, passphrase, session);
        if (!from) return false;
        await reseal(from, await secretKey(), (tx) => void tx.objectStore('checkpoints').delete(LOCK_KEY));
        await session.set(undefined);
        return true;
      },
      async unlock(passphrase) {
        const record = await lockRecord();
        return !record || !!(await openLock(record, passphrase, session));
      },
      async lock() {
        await session.set(undefined);
      },
    },
    snapshot: {
      async scan(visit) {
        // A page at a time, each in a transaction of its own: a visitor may take its time.
        let after: string | undefined;
        for (;;) {
          const range = after === undefined ? undefined : IDBKeyRange.lowerBound(after, true);
          const rows = await (await dbPromise).getAll('snapshot', range, SCAN_PAGE);
          for (const row of rows) {
            const entry = snapshotEntryOf(row);
            after = entry.jumpcloudId;
            visit(entry);
          }
          if (rows.length < SCAN_PAGE) return;
        }
      },
      async getMany(ids) {
        const tx = (await dbPromise).transaction('snapshot');
        const rows = await Promise.all(ids.map((id) => tx.store.get(id)));
        return rows.flatMap((r) => (r === undefined ? [] : [snapshotEntryOf(r)]));
      },
      async putMany(entries) {
        const tx = (await dbPromise).transaction('snapshot', 'readwrite');
        await Promise.all([...entries.map((e) => tx.store.put(e)), tx.done]);
      },
      async deleteMany(ids) {
        const tx = (await dbPromise).transaction('snapshot', 'readwrite');
        await Promise.all([...ids.map((id) => tx.store.delete(id)), tx.done]);
      },
      async clear() {
        await (await dbPromise).clear('snapshot');
      },
    },
    runs: {
      async put(run) {
        const record = runRecordSchema.parse(run);
        const tx = (await dbPromise).transaction('runs', 'readwrite');
        await tx.store.put(record);
        const excess = (await tx.store.count()) - RUN_HISTORY_LIMIT;
        if (excess > 0) {
          let cursor = await tx.store.index('byStartedAt').openCursor();
          for (let i = 0; i < excess && cursor; i++) {
            await cursor.delete();
            cursor = await cursor.continue();
          }
        }
        await tx.done;
      },
      async get(id) {
        const raw = await (await dbPromise).get('runs', id);
        return raw === undefined ? undefined : runRecordSchema.parse(raw);
      },
      async list(limit = RUN_HISTORY_LIMIT) {
        const tx = (await dbPromise).transaction('runs');
        const out = [];
        let cursor = await tx.store.index('byStartedAt').openCursor(null, 'prev');
        while (cursor && out.length < limit) {
          out.push(runRecordSchema.parse(cursor.value));
          cursor = await cursor.continue();
        }
        return out;
      },
    },
    checkpoints: {
      async get(key) {
        return (await dbPromise).get('checkpoints', key);
      },
      async put(key, value) {
        await (await dbPromise).put('checkpoints', value, key);
      },
      async delete(key) {
        await (await dbPromise).delete('checkpoints', key);
      },
    },
    close() {
      void dbPromise.then((db) => db.close());
    },
  };
}
