// Encryption at rest for the API key and the SCIM token: AES-GCM under a non-extractable key that
// never leaves the browser's key store (IndexedDB holds the CryptoKey object, not its bytes), with
// a fresh 96-bit IV per value. Script in the extension can still decrypt; nothing can export the key.

export interface Sealed {
  iv: Uint8Array;
  data: ArrayBuffer;
}

export function generateSecretKey(subtle: SubtleCrypto = crypto.subtle): Promise<CryptoKey> {
  return subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

/** The secret's name is bound in as associated data, so a sealed token cannot be swapped in as the API key. */
export async function seal(key: CryptoKey, name: string, plaintext: string): Promise<Sealed> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(name) },
    key,
    new TextEncoder().encode(plaintext),
  );
  return { iv, data };
}

export async function unseal(key: CryptoKey, name: string, sealed: Sealed): Promise<string> {
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: sealed.iv as Uint8Array<ArrayBuffer>, additionalData: new TextEncoder().encode(name) },
    key,
    sealed.data,
  );
  return new TextDecoder().decode(plain);
}
