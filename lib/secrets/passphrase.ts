// The optional passphrase lock. Without it, the key that opens the secrets sits in the same
// IndexedDB as they do: anyone who can read the browser profile can decrypt them. With it, the
// secrets are sealed under a key derived (PBKDF2-SHA-256) from a passphrase the admin types; the
// database keeps only the salt and a verifier, and the derived key lives in memory while unlocked —
// in the extension's session storage, which outlives the worker's restarts and is gone when the
// browser closes.
import { seal, unseal, type Sealed } from './cipher';

/** OWASP's 2023 figure for PBKDF2-HMAC-SHA-256. */
export const PBKDF2_ITERATIONS = 600_000;
export const MIN_PASSPHRASE = 10;
const VERIFIER_NAME = 'passphrase-lock';
const VERIFIER_TEXT = 'unlocked';

export interface LockRecord {
  salt: Uint8Array;
  iterations: number;
  /** A known text sealed under the derived key: a wrong passphrase fails to open it. */
  verifier: Sealed;
}

/** Where the derived key is kept while unlocked (the raw bytes, base64): browser.storage.session in the extension. */
export interface SessionSlot {
  get(): Promise<string | undefined>;
  set(value: string | undefined): Promise<void>;
}

export const memorySlot = (): SessionSlot => {
  let value: string | undefined;
  return { get: async () => value, set: async (v) => void (value = v) };
};

export class LockedError extends Error {
  readonly hint = 'Unlock the assistant with its passphrase in the popup (or in Settings → Connection); scheduled syncs wait until then.';
  constructor() {
    super('The assistant is locked: its API key and SCIM token cannot be opened until you type the passphrase.');
  }
}

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

async function deriveRaw(passphrase: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(passphrase), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: salt as Uint8Array<ArrayBuffer>, iterations }, material, 256);
  return new Uint8Array(bits);
}

const importRaw = (raw: Uint8Array) => crypto.subtle.importKey('raw', raw as Uint8Array<ArrayBuffer>, 'AES-GCM', false, ['encrypt', 'decrypt']);

/** The key kept in `slot`, or undefined when locked. */
export async function unlockedKey(slot: SessionSlot): Promise<CryptoKey | undefined> {
  const raw = await slot.get();
  return raw ? importRaw(fromBase64(raw)) : undefined;
}

/** A new lock for `passphrase`: its record, and its key (already kept in `slot`). */
export async function newLock(passphrase: string, slot: SessionSlot): Promise<{ record: LockRecord; key: CryptoKey }> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const raw = await deriveRaw(passphrase, salt, PBKDF2_ITERATIONS);
  const key = await importRaw(raw);
  const record = { salt, iterations: PBKDF2_ITERATIONS, verifier: await seal(key, VERIFIER_NAME, VERIFIER_TEXT) };
  await slot.set(toBase64(raw));
  return { record, key };
}

/** The lock's key for `passphrase`, kept in `slot`; undefined (and nothing kept) when it is the wrong one. */
export async function openLock(record: LockRecord, passphrase: string, slot: SessionSlot): Promise<CryptoKey | undefined> {
  const raw = await deriveRaw(passphrase, record.salt, record.iterations);
  const key = await importRaw(raw);
  const opened = await unseal(key, VERIFIER_NAME, record.verifier).catch(() => undefined);
  if (opened !== VERIFIER_TEXT) return undefined;
  await slot.set(toBase64(raw));
  return key;
}

/** A stored lock record, checked: storage is a boundary too. */
export function asLockRecord(raw: unknown): LockRecord | undefined {
  const r = raw as Partial<LockRecord> | undefined;
  const ok = !!r && r.salt instanceof Uint8Array && typeof r.iterations === 'number' && r.iterations >= 100_000 && !!r.verifier && r.verifier.iv instanceof Uint8Array;
  return ok ? (r as LockRecord) : undefined;
}
