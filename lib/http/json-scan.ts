// JSON read as bytes, without decoding or parsing it: where strings and values end, and a
// fingerprint of a stretch of bytes. For finding one's way through a large document and parsing
// only parts of it (a JumpCloud page, lib/jumpcloud/page-scan.ts; a line of the snapshot journal,
// lib/store/file-store.ts). Nothing here checks JSON: a caller parses what it relies on.
export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const isSpace = (b: number | undefined) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/**
 * The index just past the string that opens at `i` (a quote), or -1 if it does not close. A loop,
 * not indexOf: on a Buffer, indexOf is a call into C++ for every string, most of them short.
 */
export function stringEnd(bytes: Uint8Array, i: number): number {
  const n = bytes.length;
  for (let k = i + 1; k < n; k++) {
    const b = bytes[k];
    if (b === QUOTE) return k + 1;
    if (b === BACKSLASH) k++;
  }
  return -1;
}

/**
 * The ASCII text of bytes[start, end) (keys and ids are compared as such), made in one piece: a
 * string built a character at a time is a chain of pieces until something flattens it.
 */
export function ascii(bytes: Uint8Array, start: number, end: number): string | undefined {
  for (let k = start; k < end; k++) {
    const b = bytes[k]!;
    if (b >= 0x80 || b === BACKSLASH) return undefined;
  }
  return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
}

/** Two 32-bit hashes of bytes[start, end) and its length, as text. */
export function fingerprintOf(bytes: Uint8Array, start: number, end: number): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c;
  for (let k = start; k < end; k++) {
    const b = bytes[k]!;
    h1 = Math.imul(h1 ^ b, 0x01000193);
    h2 = Math.imul(h2 ^ b, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  return `${(h1 >>> 0).toString(36)}.${(h2 >>> 0).toString(36)}.${(end - start).toString(36)}`;
}

/**
 * The index just past the value that starts at `i` and ends by `limit` (any JSON value, found by
 * its brackets and strings: its parse checks the rest), or -1.
 */
export function valueEnd(bytes: Uint8Array, i: number, limit = bytes.length): number {
  let depth = 0;
  for (let k = i; k < limit; ) {
    const b = bytes[k]!;
    if (b === QUOTE) {
      k = stringEnd(bytes, k);
      if (k === -1 || k > limit) return -1;
      if (depth === 0) return k;
      continue;
    }
    if (b === 0x7b || b === 0x5b) depth++;
    else if (b === 0x7d || b === 0x5d) {
      if (depth === 0) return k;
      if (--depth === 0) return k + 1;
    } else if (depth === 0 && (b === 0x2c || isSpace(b))) return k;
    k++;
  }
  return depth === 0 ? limit : -1;
}

