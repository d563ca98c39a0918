// The Store in a folder, for Node: the command line and the benchmark keep the snapshot between
// runs, so a cron job syncs incrementally as the extension does. Node only (node:fs).
//
// Secrets are never written here: the command line takes them from environment variables and
// holds them in memory for the run. The snapshot is an append-only journal (one JSON line per
// change), so a run killed half way loses at most the line being written. Only an index of the
// journal is kept in memory — which line holds each user's latest entry — and the entries are
// read back as a stream: at 100,000 users the entries themselves would take tens of megabytes.
// A run may read them light (Store.snapshot.scan): the head of each marked user's form only, and
// the whole entry of the few it acts on later (getMany), which parses only their lines. The
// journal is compacted when it grows to twice the live entries.
import { createReadStream, createWriteStream } from 'node:fs';
import { appendFile, chmod, mkdir, open, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { parseConfig } from '../config/parse';
import type { SecretName } from '../config/schema';
import { HEAD_PATHS, isSourceMark, RUN_HISTORY_LIMIT, runRecordSchema, snapshotEntryOf, type SnapshotEntry } from './records';
import type { Store } from './types';
import { lockStateDir } from './dir-lock';
import { noteSecret } from '../secrets/redact';
import { ascii, QUOTE, stringEnd, valueEnd } from '../http/json-scan';
import { isRecord } from '../is-record';
import { USER_NAME_PATH } from '../mapping/zoho-to-scim';

// The directory holds names, emails and phone numbers: it and its files are the owner's alone.
const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Write-then-rename, so a reader never sees half a file. */
let writes = 0;
const tmpName = (path: string) => `${path}.${process.pid}.${++writes}.tmp`;
async function writeAtomically(path: string, text: string): Promise<void> {
  const tmp = tmpName(path);
  await writeFile(tmp, text, { mode: FILE_MODE });
  await rename(tmp, path);
}

/**
 * A run record as JSON, written a thousand outcomes at a time, then renamed into place: a first
 * sync of 100,000 users has as many outcomes, and their JSON in one string would be tens of MB.
 */
async function writeRecordAtomically(path: string, record: Record<string, unknown>): Promise<void> {
  const { outcomes, ...rest } = record;
  const tmp = tmpName(path);
  const out = createWriteStream(tmp, { mode: FILE_MODE });
  const finished = once(out, 'finish');
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  const head = JSON.stringify(rest);
  if (!Array.isArray(outcomes)) await write(head);
  else {
    await write(`${head.slice(0, -1)}${Object.keys(rest).length ? ',' : ''}"outcomes":[`);
    for (let i = 0; i < outcomes.length; i += 1000) {
      await write((i ? ',' : '') + outcomes.slice(i, i + 1000).map((o) => JSON.stringify(o)).join(','));
    }
    await write(']}');
  }
  out.end();
  await finished;
  await rename(tmp, path);
}

type JournalLine = { put: SnapshotEntry } | { del: string };

/**
 * A line as append() writes it. A put says first which version of the line it is and how long it
 * is, in bytes: the index read at open takes the id and that length from the line's first bytes,
 * without parsing the line (keyOf), and a line cut short by a killed write is shorter than it
 * says. The form comes last, its HEAD_PATHS first, so that a light read (lightEntryOf) parses only
 * what comes before the rest of the form.
 */
function lineOf(line: JournalLine): string {
  if (!('put' in line)) return JSON.stringify({ del: line.del });
  const { jumpcloudId, scimId, updatedAt, source, pushed, light } = line.put;
  if (light) throw new Error('A snapshot entry read light has only the head of its form: it is never written back.');
  const head: Record<string, unknown> = {};
  for (const path of HEAD_PATHS) if (path in pushed) head[path] = pushed[path];
  const body = JSON.stringify({ jumpcloudId, scimId, updatedAt, source, pushed: { ...head, ...pushed } });
  return `${PUT_HEAD}${Buffer.byteLength(body)},"put":${body}}`;
}

/** One line of the journal, as bytes: valid only while it is visited. */
interface RawLine {
  bytes: Buffer;
  start: number;
  end: number;
}

/** Raised when the line's layout changes: lines of an earlier one are parsed to be read, and rewritten. */
const PUT_HEAD = '{"v":2,"bytes":';
const BYTES = Buffer.from(PUT_HEAD);
const PUT = Buffer.from(',"put":');
const ID = Buffer.from('{"jumpcloudId":"');
const DEL = Buffer.from('{"del":"');
const PUSHED = Buffer.from(',"pushed":{');
const COLON = 0x3a;
const COMMA = 0x2c;

/** Whether bytes[at…] begin with `prefix`: a loop, as a call into C++ (compare) costs more than these few bytes. */
function startsWith(bytes: Buffer, at: number, end: number, prefix: Buffer): boolean {
  if (end - at <= prefix.length) return false;
  for (let k = 0; k < prefix.length; k++) if (bytes[at + k] !== prefix[k]) return false;
  return true;
}

/** The id in the string whose text starts at `at`: where the string ends and the id, when it is plain ASCII. */
function idAt(bytes: Buffer, at: number, end: number): { id: string; after: number } | undefined {
  const after = stringEnd(bytes, at - 1);
  const id = after === -1 || after > end ? undefined : ascii(bytes, at, after - 1);
  return id === undefined ? undefined : { id, after };
}

/** A whole put line as append() writes it: its entry's id, where the entry starts and where its id ends. */
type PutKey = { put: string; body: number; after: number };

/**
 * Which entry a whole line as append() writes it puts or deletes, from its first bytes; else
 * undefined, and the line is parsed to know (a line an earlier build wrote, or a torn one).
 */
function keyOf({ bytes, start, end }: RawLine): PutKey | { del: string } | undefined {
  if (startsWith(bytes, start, end, DEL)) {
    const found = idAt(bytes, start + DEL.length, end);
    // The whole line is {"del":"<id>"}: a torn one lacks its end.
    return found && found.after + 1 === end && bytes[found.after] === 0x7d ? { del: found.id } : undefined;
  }
  if (!startsWith(bytes, start, end, BYTES)) return undefined;
  let at = start + BYTES.length;
  let length = 0;
  for (; at < end && bytes[at]! >= 0x30 && bytes[at]! <= 0x39 && at - start < BYTES.length + 9; at++) length = length * 10 + bytes[at]! - 0x30;
  const body = at + PUT.length;
  if (!startsWith(bytes, at, end, PUT) || !startsWith(bytes, body, end, ID) || body + length + 1 !== end || bytes[end - 1] !== 0x7d) return undefined;
  const found = idAt(bytes, body + ID.length, end);
  return found && { put: found.id, body, after: found.after };
}

/**
 * The entry of a whole put line, light: everything but the form, and of the form only its
 * HEAD_PATHS, which lineOf writes first, parsed in one piece. Undefined when the entry has no
 * source mark or the line is not laid out so; it is then parsed whole.
 */
function lightEntryOf({ bytes, end }: RawLine, { put, body, after }: PutKey): SnapshotEntry | undefined {
  // No `,"` is inside a JSON string (the quote would be escaped): the first is the form's key.
  const at = bytes.indexOf(PUSHED, after);
  if (at === -1 || at >= end) return undefined;
  const open = at + PUSHED.length;
  let last = open;
  for (let k = open; bytes[k] === QUOTE; ) {
    const keyEnd = stringEnd(bytes, k);
    const path = keyEnd === -1 ? undefined : ascii(bytes, k + 1, keyEnd - 1);
    if (path === undefined || !HEAD_PATHS.includes(path) || bytes[keyEnd] !== COLON) break;
    const valueAt = valueEnd(bytes, keyEnd + 1, end);
    if (valueAt === -1) return undefined;
    last = valueAt;
    if (bytes[valueAt] !== COMMA) break;
    k = valueAt + 1;
  }
  // The entry up to the head's last value, closed: one string and one parse a line, not two.
  const entry = parsed(`${bytes.toString('utf8', body, last)}}}`);
  if (!isRecord(entry) || Object.keys(entry).length !== 5 || entry.jumpcloudId !== put || typeof entry.scimId !== 'string' || typeof entry.updatedAt !== 'number' || !isSourceMark(entry.source)) return undefined;
  if (!isRecord(entry.pushed) || typeof entry.pushed[USER_NAME_PATH] !== 'string') return undefined;
  entry.light = true;
  return entry as SnapshotEntry;
}

const parsed = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};

/** The line parsed; undefined when it is not one (the torn end of a killed run). */
function parseLine({ bytes, start, end }: RawLine): JournalLine | undefined {
  return parsed(bytes.toString('utf8', start, end)) as JournalLine | undefined;
}

/** Which entry a line puts or deletes, as its parse says. */
function parsedKeyOf(raw: RawLine): { put: string } | { del: string } | undefined {
  const line = parseLine(raw);
  if (!line) return undefined;
  return 'put' in line ? (typeof line.put?.jumpcloudId === 'string' ? { put: line.put.jumpcloudId } : undefined) : typeof line.del === 'string' ? line : undefined;
}

/**
 * The journal's bytes eight megabytes at a time, into one buffer: a run reads the snapshot while
 * JumpCloud's pages arrive, and each read waits its turn behind them. Read a megabyte at a time, a
 * 100,000-user snapshot took some 90 turns and was read whole only after three quarters of the
 * pages, and 28,000 users whose entries came too late went the full way (lib/sync/carry.ts). One
 * buffer for the whole read leaves no garbage either.
 */
const CHUNK = 8 << 20;

/**
 * Visits each line of the journal with its number. Lines are cut from the bytes and decoded only
 * when asked (parseLine): decoding a whole chunk makes one long string, two bytes a character as
 * soon as one name has an accent, and splitting it was most of a 100,000-user snapshot's reading
 * time (readline does that). A visitor, not an async generator: a promise per line was a good part
 * of what was left. A visitor that returns a promise (waiting on a write) is waited for. A line's
 * bytes are the buffer's (`held`, reused by the next read), refilled after the visit: a visitor
 * keeps nothing of them but copies.
 */
async function readJournal(path: string, held: { buffer?: Buffer }, visit: (n: number, line: RawLine) => void | Promise<void>): Promise<void> {
  let file;
  try {
    file = await open(path, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  let n = 0;
  const line = (bytes: Buffer, start: number, end: number): RawLine => {
    if (end > start && bytes[end - 1] === 13) end -= 1; // \r\n, from an editor
    return { bytes, start, end };
  };
  try {
    const size = Math.min(CHUNK, Math.max(1 << 16, (await file.stat()).size + 1));
    let buffer = held.buffer && held.buffer.length >= size ? held.buffer : Buffer.allocUnsafe(size);
    held.buffer = buffer;
    /** Bytes of a line cut in two by the last read, moved to the buffer's start. */
    let kept = 0;
    for (;;) {
      if (kept === buffer.length) {
        // A line longer than the buffer: a larger one.
        const larger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(larger, 0, 0, kept);
        buffer = held.buffer = larger;
      }
      const { bytesRead } = await file.read(buffer, kept, buffer.length - kept, null);
      if (bytesRead === 0) break;
      const filled = buffer.subarray(0, kept + bytesRead);
      let start = 0;
      for (let end = filled.indexOf(10, start); end !== -1; end = filled.indexOf(10, start)) {
        const waiting = visit(n++, line(filled, start, end));
        if (waiting) await waiting;
        start = end + 1;
      }
      kept = filled.length - start;
      filled.copy(buffer, 0, start, filled.length);
    }
    if (kept) await visit(n++, line(buffer, 0, kept));
  } finally {
    await file.close();
  }
}

/** The journal ends with a newline, so the next append starts a line of its own even after a torn write. */
async function endWithNewline(path: string): Promise<void> {
  const size = await stat(path).then((s) => s.size, () => 0);
  if (size === 0) return;
  const stream = createReadStream(path, { start: size - 1 });
  let last = '';
  for await (const chunk of stream) last = String(chunk);
  if (last !== '\n') await appendFile(path, '\n', { mode: FILE_MODE });
}

export async function openFileStore(dir: string): Promise<Store> {
  for (const d of [dir, join(dir, 'runs'), join(dir, 'checkpoints')]) {
    await mkdir(d, { recursive: true, mode: DIR_MODE });
    // A directory made before, or by hand, is tightened too.
    await chmod(d, DIR_MODE);
  }
  const unlock = lockStateDir(dir);
  for (const d of [dir, join(dir, 'runs'), join(dir, 'checkpoints')]) {
    for (const f of await readdir(d, { withFileTypes: true })) if (f.isFile()) await chmod(join(d, f.name), FILE_MODE);
  }
  const journal = join(dir, 'snapshot.jsonl');
  /** The buffer the journal is read into, one read at a time (serial), kept for the next: a run reads it twice or more. */
  const reading: { buffer?: Buffer } = {};
  /** JumpCloud id → the journal line of its latest entry. */
  let latest = new Map<string, number>();
  let journalLines = 0;
  const note = (n: number, key: { put: string } | { del: string } | undefined) => {
    if (!key) return;
    if ('put' in key) latest.set(key.put, n);
    else latest.delete(key.del);
  };
  await endWithNewline(journal);
  /** Lines that had to be parsed to be indexed: an earlier build's, or torn ones. */
  let parsedToIndex = 0;
  await readJournal(journal, reading, (n, line) => {
    let key: { put: string } | { del: string } | undefined = keyOf(line);
    if (!key) {
      parsedToIndex++;
      key = parsedKeyOf(line);
    }
    note(n, key);
    journalLines = n + 1;
  });

  const secrets = new Map<SecretName, { value: string; boundTo: string | undefined }>();
  let queue = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const result = queue.then(work, work);
    queue = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  };

  interface ScanOptions {
    light?: boolean;
    /** Only these entries: the others' lines are not parsed. */
    only?: ReadonlySet<string>;
  }

  /**
   * Line `n`'s entry, when it puts its entry's latest form; light when asked for and the line
   * allows it. Each line is parsed once at most, and only a live one as this build writes it.
   */
  function livePut(n: number, raw: RawLine, { light, only }: ScanOptions = {}): SnapshotEntry | undefined {
    const key = keyOf(raw);
    if (key && !('put' in key && latest.get(key.put) === n && (!only || only.has(key.put)))) return undefined;
    if (light && key && 'put' in key) {
      const entry = lightEntryOf(raw, key);
      if (entry) return entry;
    }
    const line = parseLine(raw);
    if (!line || !('put' in line) || latest.get(line.put?.jumpcloudId) !== n || (only && !only.has(line.put.jumpcloudId))) return undefined;
    return snapshotEntryOf(line.put);
  }

  /** Every live entry, in journal order. */
  async function scan(visit: (entry: SnapshotEntry) => void, options?: ScanOptions): Promise<void> {
    await readJournal(journal, reading, (n, raw) => {
      const entry = livePut(n, raw, options);
      if (entry) visit(entry);
    });
  }

  /** Rewrites the journal with its live lines only, streaming; the index follows once it is in place. */
  async function compact(): Promise<void> {
    const tmp = tmpName(journal);
    const out = createWriteStream(tmp, { mode: FILE_MODE });
    const renumbered = new Map<string, number>();
    await readJournal(journal, reading, (n, raw) => {
      const put = livePut(n, raw);
      if (!put) return;
      renumbered.set(put.jumpcloudId, renumbered.size);
      if (!out.write(lineOf({ put }) + '\n')) return once(out, 'drain').then(() => undefined);
    });
    out.end();
    await once(out, 'finish');
    await rename(tmp, journal);
    latest = renumbered;
    journalLines = renumbered.size;
  }

  async function append(lines: JournalLine[]): Promise<void> {
    if (!lines.length) return;
    await appendFile(journal, lines.map(lineOf).join('\n') + '\n', { mode: FILE_MODE });
    for (const line of lines) note(journalLines++, 'put' in line ? { put: line.put.jumpcloudId } : line);
    if (journalLines > 2 * latest.size + 1000) await compact();
  }

  // A journal an earlier build wrote is rewritten once as this one writes it, rather than parsed
  // whole at every open.
  if (parsedToIndex > 1000) await compact();

  const checkpointFile = (key: string) => join(dir, 'checkpoints', `${encodeURIComponent(key)}.json`);
  // Run files are named <startedAt>-<id>.json, so the history is listed and pruned from the names
  // alone: a first sync of 100,000 users leaves a large record, and pruning must not parse them all.
  const runsDir = join(dir, 'runs');
  const runFileName = (startedAt: number, id: string) => `${String(startedAt).padStart(15, '0')}-${encodeURIComponent(id)}.json`;
  const runFiles = async () => (await readdir(runsDir)).filter((n) => n.endsWith('.json')).sort().reverse();
  const readRun = async (name: string) => runRecordSchema.parse(JSON.parse(await readFile(join(runsDir, name), 'utf8')));

  return {
    config: {
      async get() {
        const text = await readText(join(dir, 'config.json'));
        return text === undefined ? undefined : parseConfig(JSON.parse(text), 'The saved configuration');
      },
      async put(config) {
        await writeAtomically(join(dir, 'config.json'), JSON.stringify(parseConfig(config), null, 2));
      },
    },
    secrets: {
      get: async (name, boundTo) => {
        const held = secrets.get(name);
        return held && held.boundTo === boundTo ? held.value : undefined;
      },
      put: async (name, value, boundTo) => {
        noteSecret(value);
        secrets.set(name, { value, boundTo });
      },
      delete: async (name) => void secrets.delete(name),
      has: async (name, boundTo) => secrets.get(name)?.boundTo === boundTo && secrets.has(name),
    },
    snapshot: {
      scan: (visit, options) => serial(() => scan(visit, { light: !!options?.light })),
      getMany: (ids) =>
        serial(async () => {
          const only = new Set(ids.filter((id) => latest.has(id)));
          const found: SnapshotEntry[] = [];
          if (only.size) await scan((e) => void found.push(e), { only });
          return found;
        }),
      putMany: (entries) => serial(() => append(entries.map((put) => ({ put })))),
      deleteMany: (ids) => serial(() => append(ids.filter((id) => latest.has(id)).map((del) => ({ del })))),
      clear: () =>
        serial(async () => {
          latest.clear();
          await rm(journal, { force: true });
          journalLines = 0;
        }),
    },
    runs: {
      async put(run) {
        const record = runRecordSchema.parse(run);
        const name = runFileName(record.startedAt, record.id);
        await writeRecordAtomically(join(runsDir, name), record);
        for (const old of (await runFiles()).slice(RUN_HISTORY_LIMIT)) await rm(join(runsDir, old), { force: true });
      },
      async get(id) {
        const name = (await runFiles()).find((n) => n.endsWith(`-${encodeURIComponent(id)}.json`));
        return name === undefined ? undefined : readRun(name);
      },
      async list(limit = RUN_HISTORY_LIMIT) {
        const runs = [];
        for (const name of (await runFiles()).slice(0, limit)) runs.push(await readRun(name));
        return runs;
      },
    },
    checkpoints: {
      async get(key) {
        const text = await readText(checkpointFile(key));
        return text === undefined ? undefined : (JSON.parse(text) as unknown);
      },
      put: (key, value) => writeAtomically(checkpointFile(key), JSON.stringify(value)),
      delete: (key) => rm(checkpointFile(key), { force: true }),
    },
    close() {
      unlock();
    },
  };
}
