// A page of JumpCloud's user list read as bytes, without parsing it: where each user's record
// starts and ends, its _id, and a fingerprint of its bytes. On a re-sync nearly every user is as it
// was, and the request (fields=, sort=_id) makes an unchanged user's record the same bytes: a user
// whose fingerprint is the one remembered with what was pushed need not be decoded, checked or
// mapped again (lib/sync/carry.ts). Decoding and parsing every page was a third of a 100,000-user
// re-sync's processor time, and most of its garbage.
//
// The scan is strict where it decides anything: the envelope ({ totalCount, results: [...] }) is
// checked token by token, each other top-level value is parsed, and within a record only its
// extent and its own top-level "_id" are read. Whatever it does not expect (another shape, an
// escaped key or id, an _id twice, bytes after the end) gives undefined, and the caller parses the
// page whole, which says what is wrong with it. A record's own contents are checked when it is
// parsed: a record is only ever skipped when its bytes are those of one parsed before.
import { ascii, BACKSLASH, fingerprintOf, isSpace, QUOTE, stringEnd, valueEnd } from '../http/json-scan';

export interface ScannedRecord {
  id: string;
  start: number;
  end: number;
  /** Two 32-bit hashes of the record's bytes and its length. */
  fingerprint: string;
}

export interface ScannedPage {
  totalCount: unknown;
  records: ScannedRecord[];
}

/** Whether bytes[start, end) hold `b` (a loop: indexOf would look on to the page's end). */
function hasByte(bytes: Uint8Array, start: number, end: number, b: number): boolean {
  for (let k = start; k < end; k++) if (bytes[k] === b) return true;
  return false;
}

/** One record, an object opening at `i`: its end and its _id, or undefined. */
function scanRecord(bytes: Uint8Array, i: number): { end: number; id: string } | undefined {
  let depth = 0;
  let expectKey = false;
  let idNext = false;
  let id: string | undefined;
  for (let k = i; k < bytes.length; ) {
    const b = bytes[k]!;
    if (b === QUOTE) {
      const end = stringEnd(bytes, k);
      if (end === -1) return undefined;
      if (depth === 1) {
        if (expectKey) {
          // An escaped key might spell "_id": not guessed at.
          if (hasByte(bytes, k + 1, end - 1, BACKSLASH)) return undefined;
          idNext = end - k === 5 && bytes[k + 1] === 0x5f && bytes[k + 2] === 0x69 && bytes[k + 3] === 0x64;
          if (idNext && id !== undefined) return undefined;
          expectKey = false;
        } else if (idNext) {
          id = ascii(bytes, k + 1, end - 1);
          if (id === undefined) return undefined;
          idNext = false;
        }
      }
      k = end;
      continue;
    }
    if (b === 0x7b || b === 0x5b) {
      // A value that is not a string where the _id is expected.
      if (depth === 1 && idNext) return undefined;
      depth++;
      if (depth === 1) expectKey = true;
    } else if (b === 0x7d || b === 0x5d) {
      depth--;
      if (depth === 0) return id === undefined || idNext ? undefined : { end: k + 1, id };
    } else if (depth === 1) {
      if (b === 0x2c) expectKey = true;
      else if (idNext && b !== 0x3a && !isSpace(b)) return undefined;
    }
    k++;
  }
  return undefined;
}

/**
 * The page's records and its totalCount (as parsed, for the caller's schema), or undefined when
 * the bytes are not a page of the expected shape.
 */
export function scanUserPage(bytes: Uint8Array, parse: (bytes: Uint8Array) => unknown): ScannedPage | undefined {
  const n = bytes.length;
  let i = 0;
  const skipSpace = () => {
    while (isSpace(bytes[i])) i++;
  };
  // A byte order mark, as response.text() would drop it.
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  /** Past a list's member: true past a comma (another member follows), false past its closing byte, undefined at anything else. */
  const another = (close: number): boolean | undefined => {
    skipSpace();
    const b = bytes[i++];
    return b === 0x2c ? true : b === close ? false : undefined;
  };
  skipSpace();
  if (bytes[i] !== 0x7b) return undefined;
  i++;
  let records: ScannedRecord[] | undefined;
  let totalCount: unknown;
  let hasTotal = false;
  skipSpace();
  if (bytes[i] === 0x7d) return undefined;
  for (;;) {
    skipSpace();
    if (bytes[i] !== QUOTE) return undefined;
    const keyEnd = stringEnd(bytes, i);
    if (keyEnd === -1) return undefined;
    const key = ascii(bytes, i + 1, keyEnd - 1);
    if (key === undefined) return undefined;
    i = keyEnd;
    skipSpace();
    if (bytes[i] !== 0x3a) return undefined;
    i++;
    skipSpace();
    if (key === 'results') {
      if (records || bytes[i] !== 0x5b) return undefined;
      records = [];
      i++;
      skipSpace();
      if (bytes[i] === 0x5d) i++;
      else
        for (;;) {
          skipSpace();
          if (bytes[i] !== 0x7b) return undefined;
          const record = scanRecord(bytes, i);
          if (!record) return undefined;
          records.push({ id: record.id, start: i, end: record.end, fingerprint: fingerprintOf(bytes, i, record.end) });
          i = record.end;
          const more = another(0x5d);
          if (more === undefined) return undefined;
          if (!more) break;
        }
    } else {
      // Any other value is small: parsed, which checks it (and gives totalCount).
      const end = valueEnd(bytes, i);
      if (end === -1 || end === i) return undefined;
      let value: unknown;
      try {
        value = parse(bytes.subarray(i, end));
      } catch {
        return undefined;
      }
      if (key === 'totalCount') {
        if (hasTotal) return undefined;
        hasTotal = true;
        totalCount = value;
      }
      i = end;
    }
    const more = another(0x7d);
    if (more === undefined) return undefined;
    if (!more) break;
  }
  skipSpace();
  if (i !== n || !records || !hasTotal) return undefined;
  return { totalCount, records };
}
