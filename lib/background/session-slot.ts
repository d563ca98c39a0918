// The passphrase lock's key while unlocked, in the extension's session storage: it survives the
// worker being stopped and started again, is gone when the browser closes, and is out of reach of
// content scripts (session storage is for trusted contexts unless the extension opens it wider).
import type { Storage } from 'webextension-polyfill';
import type { SessionSlot } from '../secrets/passphrase';

const KEY = 'passphrase-lock-key';

export function sessionSlot(area: Storage.StorageArea): SessionSlot {
  return {
    async get() {
      const value = (await area.get(KEY))[KEY];
      return typeof value === 'string' ? value : undefined;
    },
    async set(value) {
      if (value === undefined) await area.remove(KEY);
      else await area.set({ [KEY]: value });
    },
  };
}
