// The sync engine behind a command, for admins who want a cron job, and for the benchmark.
import { setFlagsFromString } from 'node:v8';
import { readFile } from 'node:fs/promises';
import { ConfigError } from '../lib/config/parse';
import { apiKeySchema, scimTokenSchema } from '../lib/config/schema';
import { importSettings } from '../lib/config/transfer';
import { noteSecret, redactingLogger, safeErrorMessage } from '../lib/secrets/redact';
import { saveScimToken } from '../lib/secrets/scim-token';
import { latestHeldRun } from '../lib/sync/confirmation';
import { startFresh } from '../lib/sync/snapshot-owner';
import { openFileStore } from '../lib/store/file-store';
import { StateDirBusy } from '../lib/store/dir-lock';
import type { Store } from '../lib/store/types';
import type { Config } from '../lib/config/schema';
import { lastReadSize, runSync } from '../lib/sync/engine';
import { realWorld } from '../lib/world';
import { parseCliArgs, USAGE, UsageError, type CliArgs } from './args';
import { nodeFetch } from './node-fetch';
import { exitCode, formatRun } from './report';

// A sync of a large directory waits on the network more than on the processor: there V8 is told
// to favour memory over speed, so it collects before it grows the heap (at 100,000 users: 180 MB
// resident instead of 340-390 MB, for some more processor time; bench/RESULTS.md). A small one
// fits in memory either way, and the collections that flag adds were a quarter of a 10,000-user
// re-sync's processor time, so it is set only when the last read found more users than this, or
// when no run has read yet. The flag is read at every collection, so setting it before the run
// is enough.
const FAVOUR_MEMORY_ABOVE = 25_000;

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseCliArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`${e.message ? `${e.message}\n\n` : ''}${USAGE}\n`);
    return 64;
  }

  let settings;
  try {
    settings = importSettings(await readFile(args.config, 'utf8'));
  } catch (e) {
    process.stderr.write(`${e instanceof ConfigError ? e.message : `Cannot read ${args.config}: ${(e as Error).message}`}\n`);
    return 1;
  }
  const apiKey = process.env.JUMPCLOUD_API_KEY?.trim() || settings.secrets?.jumpcloudApiKey;
  const token = process.env.ZOHO_SCIM_TOKEN?.trim() || settings.secrets?.scimToken;
  // Known from here on to every message this process writes, whatever path it takes.
  noteSecret(apiKey);
  noteSecret(token);
  const keyCheck = apiKeySchema.safeParse(apiKey ?? '');
  const tokenCheck = scimTokenSchema.safeParse(token ?? '');
  if (!keyCheck.success || !tokenCheck.success) {
    const problems = [
      !keyCheck.success && `JUMPCLOUD_API_KEY: ${apiKey ? keyCheck.error.issues[0]?.message : 'not set'}`,
      !tokenCheck.success && `ZOHO_SCIM_TOKEN: ${token ? tokenCheck.error.issues[0]?.message : 'not set'}`,
    ].filter(Boolean);
    process.stderr.write(`${problems.join('\n')}\n`);
    return 1;
  }

  let store;
  try {
    store = await openFileStore(args.stateDir);
  } catch (e) {
    if (!(e instanceof StateDirBusy)) throw e;
    process.stderr.write(`${e.message}\n`);
    return 75;
  }
  const size = await lastReadSize(store);
  if (size === undefined || size > FAVOUR_MEMORY_ABOVE) setFlagsFromString('--optimize-for-size');
  try {
    return await syncWith(store, args, keyCheck.data, tokenCheck.data, settings.config);
  } finally {
    store.close();
  }
}

async function syncWith(store: Store, args: CliArgs, apiKey: string, token: string, config: Config): Promise<number> {
  await store.config.put(config);
  await store.secrets.put('jumpcloudApiKey', apiKey);
  if (config.target.syncEndpoint) await saveScimToken(store, config.target.syncEndpoint, token);
  const known = () => [apiKey, token];
  const log = redactingLogger(
    { info: (m) => process.stderr.write(`${m}\n`), warn: (m) => process.stderr.write(`${m}\n`), error: (m) => process.stderr.write(`${m}\n`) },
    known,
  );

  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort(new Error('interrupted')));
  process.once('SIGTERM', () => abort.abort(new Error('terminated')));

  if (args.startFresh) {
    await startFresh(store, config);
    process.stderr.write('Started fresh: the record of what was pushed is cleared; this sync links the users the directory already holds.\n');
  }
  // --confirm-removals confirms what the last held run (or preview) in this state directory held.
  const confirmRemovals = args.confirmRemovals ? await latestHeldRun(store) : undefined;
  if (args.confirmRemovals && !confirmRemovals) {
    process.stderr.write('No run in the state directory held removals back, so there is nothing to confirm. Run with --dry-run to see what a sync would remove.\n');
    return 1;
  }
  if (confirmRemovals) process.stderr.write(`Confirming the removals held by run ${confirmRemovals}.\n`);
  const { run } = await runSync(
    { world: { ...realWorld(log), fetch: nodeFetch }, store, jumpcloudApiBase: process.env.JUMPCLOUD_API_BASE || undefined },
    { trigger: 'command-line', dryRun: args.dryRun, reconcile: args.reconcile, ...(confirmRemovals ? { confirmRemovals } : {}), signal: abort.signal },
  );
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  // The processor time the whole command took (user and system), for the benchmark's account of where a run's time goes.
  const cpu = process.cpuUsage();
  const cpuMs = Math.round((cpu.user + cpu.system) / 1000);
  // The per-user outcomes stay in the run history under --state-dir; the summary goes to stdout.
  const { outcomes, ...summary } = run;
  const failed = outcomes.filter((o) => o.result === 'failed');
  const text = args.json ? JSON.stringify({ ...summary, failed, peakRssMb, cpuMs }) : formatRun(run);
  await new Promise<void>((done) => process.stdout.write(`${text}\n`, () => done()));
  return exitCode(run);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${safeErrorMessage(e)}\n`);
    process.exit(1);
  },
);
