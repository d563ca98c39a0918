// JSON from a response's bytes, without decoding them as UTF-8 first. V8 decodes UTF-8 text with a
// few accented names in it some thirty times slower than ISO-8859-1 (latin1) text, and every user
// of every run comes through here: a JumpCloud page of 100 users took 0.6 ms to decode and 0.3 ms
// to parse. So the bytes are read as latin1, one character per byte, and parsed; then the strings
// holding bytes of multi-byte characters, the few that do, are decoded as UTF-8 from those same
// bytes. This gives what decoding first would (tests/unit/json-bytes.test.ts), as long as no \u
// escape put a character above 0x7F into a string (its one character would be taken for a byte):
// text with an escape is decoded first, as before. In a browser (no Buffer) the bytes are decoded
// first.
const HIGH = /[\u0080-\u00ff]/;

/** UTF-8 as response.text() decodes it: a byte order mark dropped, a bad sequence as U+FFFD. */
const utf8 = new TextDecoder();

/** The bytes as text, as response.text() gives them (for messages). */
export const textOf = (bytes: Uint8Array): string => utf8.decode(bytes);

/** A string read as latin1, decoded from its bytes as UTF-8. */
const decoded = (s: string): string => utf8.decode(Buffer.from(s, 'latin1'));

// Defined, not assigned: a key "__proto__" from JSON is an own property, and assigning to it would set the prototype.
const define = (record: Record<string, unknown>, key: string, v: unknown) =>
  Object.defineProperty(record, key, { value: v, writable: true, enumerable: true, configurable: true });

/** Decodes, in place, the strings (and keys) of a value parsed from latin1 text. */
function decodeStrings(value: object): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (typeof v === 'string') {
        if (HIGH.test(v)) value[i] = decoded(v);
      } else if (typeof v === 'object' && v !== null) decodeStrings(v);
    }
    return;
  }
  const record = value as Record<string, unknown>;
  let keyToDecode = false;
  // for…in: the own keys JSON.parse made, without an array of them per object.
  for (const key in record) {
    const v = record[key];
    if (typeof v === 'string') {
      if (HIGH.test(v)) define(record, key, decoded(v));
    } else if (typeof v === 'object' && v !== null) decodeStrings(v);
    if (!keyToDecode && HIGH.test(key)) keyToDecode = true;
  }
  if (!keyToDecode) return;
  // A key to decode: all are put back in their order.
  const entries = Object.keys(record).map((k) => [HIGH.test(k) ? decoded(k) : k, record[k]] as const);
  for (const k of Object.keys(record)) delete record[k];
  for (const [k, v] of entries) define(record, k, v);
}

/** JSON.parse of the bytes read as UTF-8, as JSON.parse(await response.text()) gives it; throws a SyntaxError as that does. */
export function parseJsonBytes(bytes: Uint8Array): unknown {
  if (typeof Buffer === 'undefined') return JSON.parse(textOf(bytes));
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset + bom, bytes.byteLength - bom).toString('latin1');
  // All ASCII: latin1 and UTF-8 read it alike.
  if (!HIGH.test(text)) return JSON.parse(text);
  if (text.includes('\\u')) return JSON.parse(textOf(bytes));
  const value: unknown = JSON.parse(text);
  if (typeof value === 'string') return HIGH.test(value) ? decoded(value) : value;
  if (typeof value === 'object' && value !== null) decodeStrings(value);
  return value;
}

/** Whether the bytes, read as text, are empty or white space only, as text.trim() === '' says, without decoding them all. */
export function isBlank(bytes: Uint8Array): boolean {
  for (const b of bytes) {
    if (b === 0x20 || (b >= 0x09 && b <= 0x0d)) continue;
    // Past ASCII, trim() knows more white space (a byte order mark, NBSP, …): ask it.
    return b < 0x80 ? false : textOf(bytes).trim() === '';
  }
  return true;
}
