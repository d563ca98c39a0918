// Everything in the extension's IndexedDB, as text, read from inside its service worker: for
// checking that a secret is nowhere in plain form.
import type { Worker } from 'playwright-core';

export function dumpDatabases(worker: Worker): Promise<string> {
  return worker.evaluate(async () => {
    const names = (await indexedDB.databases()).map((d) => d.name!);
    const out: string[] = [];
    for (const name of names) {
      const db: IDBDatabase = await new Promise((ok, no) => {
        const r = indexedDB.open(name);
        r.onsuccess = () => ok(r.result);
        r.onerror = () => no(r.error);
      });
      for (const store of Array.from(db.objectStoreNames)) {
        const tx = db.transaction(store);
        const [keys, values] = await Promise.all(
          [tx.objectStore(store).getAllKeys(), tx.objectStore(store).getAll()].map(
            (r) => new Promise<unknown[]>((ok) => (r.onsuccess = () => ok(r.result as unknown[]))),
          ),
        );
        out.push(JSON.stringify({ name, store, keys, values }, (_k, v: unknown) => (v instanceof ArrayBuffer || ArrayBuffer.isView(v) ? Array.from(new Uint8Array(v as ArrayBuffer)) : v)));
      }
      db.close();
    }
    return out.join('\n');
  });
}
