// The Store in a folder, for Node: the command line and the benchmark keep the snapshot between
// runs, so a cron job syncs incrementally as the extension does. Node only (node:fs).
//
// Secrets are never written here: the command line takes them from environment variables and
// holds them in memory for the run. The snapshot is an append-only journal (one JSON line per
// change), so a run killed half way loses at most the line being written, and is compacted when
// it grows to twice the live entries.
import { createReadStream } from 'node:fs';
import { appendFile, mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { parseConfig } from '../config/parse';
import type { SecretName } from '../config/schema';
import { RUN_HISTORY_LIMIT, runRecordSchema, snapshotEntrySchema, type SnapshotEntry } from './records';
import type { Store } from './types';

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
async function writeAtomically(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.${++writes}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, path);
}

type JournalLine = { put: SnapshotEntry } | { del: string };

async function* readJournal(path: string): AsyncGenerator<string> {
  let input;
  try {
    input = createReadStream(path, { encoding: 'utf8' });
    yield* createInterface({ input, crlfDelay: Infinity });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  } finally {
    input?.destroy();
  }
}

export async function openFileStore(dir: string): Promise<Store> {
  await mkdir(join(dir, 'runs'), { recursive: true });
  await mkdir(join(dir, 'checkpoints'), { recursive: true });
  const journal = join(dir, 'snapshot.jsonl');
  const snapshot = new Map<string, SnapshotEntry>();
  let journalLines = 0;
  // Line by line: the journal of a 100,000-user directory is tens of megabytes, and reading it
  // whole would briefly take several times that in memory.
  for await (const line of readJournal(journal)) {
    if (!line.trim()) continue;
    let parsed: JournalLine;
    try {
      parsed = JSON.parse(line) as JournalLine;
    } catch {
      continue; // the torn last line of a killed run
    }
    journalLines++;
    if ('put' in parsed) snapshot.set(parsed.put.jumpcloudId, snapshotEntrySchema.parse(parsed.put));
    else snapshot.delete(parsed.del);
  }

  const secrets = new Map<SecretName, string>();
  let queue = Promise.resolve();
  const serial = (work: () => Promise<void>) => (queue = queue.then(work, work));

  async function append(lines: JournalLine[]): Promise<void> {
    if (!lines.length) return;
    await appendFile(journal, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    journalLines += lines.length;
    if (journalLines > 2 * snapshot.size + 1000) {
      await writeAtomically(journal, [...snapshot.values()].map((e) => JSON.stringify({ put: e })).join('\n') + '\n');
      journalLines = snapshot.size;
    }
  }

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
      get: async (name) => secrets.get(name),
      put: async (name, value) => void secrets.set(name, value),
      delete: async (name) => void secrets.delete(name),
      has: async (name) => secrets.has(name),
    },
    snapshot: {
      getAll: async () => [...snapshot.values()],
      putMany: (entries) =>
        serial(async () => {
          for (const e of entries) snapshot.set(e.jumpcloudId, e);
          await append(entries.map((put) => ({ put })));
        }),
      deleteMany: (ids) =>
        serial(async () => {
          for (const id of ids) snapshot.delete(id);
          await append(ids.map((del) => ({ del })));
        }),
      clear: () =>
        serial(async () => {
          snapshot.clear();
          await rm(journal, { force: true });
          journalLines = 0;
        }),
    },
    runs: {
      async put(run) {
        const record = runRecordSchema.parse(run);
        const name = runFileName(record.startedAt, record.id);
        await writeAtomically(join(runsDir, name), JSON.stringify(record));
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
    close() {},
  };
}
