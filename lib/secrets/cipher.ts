// Encryption at rest for the API key and the SCIM token: AES-GCM under a non-extractable key that
// never leaves the browser's key store (IndexedDB holds the CryptoKey object, not its bytes), with
// a fresh 96-bit IV per value. Script in the extension can still decrypt; nothing can export the key.

export interface Sealed {
  iv: Uint8Array;
  data: ArrayBuffer;
  /** Where the secret may be used (the SCIM token: its Sync endpoint's origin), sealed in with it. */
  boundTo?: string;
}

export function generateSecretKey(subtle: SubtleCrypto = crypto.subtle): Promise<CryptoKey> {
  return subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

/**
 * The secret's name, and where it may be used, are bound in as associated data: a sealed token
 * cannot be swapped in as the API key, nor relabelled for another origin in the database.
 */
const associated = (name: string, boundTo?: string) => new TextEncoder().encode(boundTo === undefined ? name : `${name}\n${boundTo}`);

export async function seal(key: CryptoKey, name: string, plaintext: string, boundTo?: string): Promise<Sealed> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: associated(name, boundTo) }, key, new TextEncoder().encode(plaintext));
  return { iv, data, ...(boundTo === undefined ? {} : { boundTo }) };
}

/** Opens a secret for use at `boundTo` only: sealed for anywhere else, authentication fails. */
export async function unseal(key: CryptoKey, name: string, sealed: Sealed, boundTo?: string): Promise<string> {
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: sealed.iv as Uint8Array<ArrayBuffer>, additionalData: associated(name, boundTo) },
    key,
    sealed.data,
  );
  return new TextDecoder().decode(plain);
}
