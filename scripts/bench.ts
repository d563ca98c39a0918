// npm run bench [-- --quick]: the sync engine against the sandbox over loopback, with 20 ms added to
// every request, for 10,000 and 100,000 users, in the scenarios below. The engine runs as the
// command line in a child process, so its peak memory is its own. Each run's floor is measured
// right after it (scripts/bench/floor.ts). Prints a table; writes bench/results.json and
// bench/RESULTS.md.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultConfig } from '../lib/config/defaults';
import { exportSettings } from '../lib/config/transfer';
import { MAX_CONCURRENCY } from '../lib/sync/connect';
import { startSandbox, type Sandbox } from '../sandbox/index';
import { fromEmptyDirectory, measureFloor } from './bench/floor';
import { writeResults, type Result } from './bench/report';
import { timelineOf } from './bench/timeline';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    latency: { type: 'string', default: '20' },
    /** A folder for the engine's CPU profiles (node --cpu-prof), one per run. */
    profile: { type: 'string' },
  },
});
const sizes = values.quick ? [10_000] : [10_000, 100_000];
const latencyMs = Number(values.latency);
const CLI = resolve(import.meta.dirname, '../.output/cli/jumpcloud-zoho-assistant.mjs');

interface Scenario {
  name: string;
  /** What the scenario changes before its run; returns words for its name, if any. */
  before?: (sandbox: Sandbox) => string | void;
  /** Options for `sync` beyond --config, --state-dir and --json. */
  args?: string[];
  /** The run found the directory empty, and so must its floor. */
  floorFromEmpty?: boolean;
}

/** In order, on one sandbox and one state directory: each run starts where the one before left off. */
const SCENARIOS: Scenario[] = [
  {
    name: 'first sync',
    before: (sandbox) => {
      sandbox.scim.store.clear();
    },
    floorFromEmpty: true,
  },
  { name: 're-sync, no change' },
  {
    name: 're-sync, 1% changed',
    before: (sandbox) => {
      const directory = sandbox.jumpcloud.directory;
      const changed = directory.users.filter((u, i) => i % 100 === 0 && u.state === 'ACTIVATED' && u.email);
      changed.forEach((u, i) => directory.updateUser(u._id, { jobTitle: `Benchmark title ${i}` }));
      return `${changed.length} users`;
    },
  },
  { name: 'reconciliation', args: ['--reconcile'] },
];

interface CliRun {
  status: string;
  startedAt: number;
  endedAt: number;
  requests: { jumpcloud: number; scimReads: number; scimWrites: number };
  peakRssMb: number;
  cpuMs: number;
  errors: { message: string }[];
}

function runCli(sandbox: Sandbox, args: string[]): Promise<CliRun> {
  return new Promise((done, fail) => {
    const profile = values.profile ? ['--cpu-prof', '--cpu-prof-dir', resolve(values.profile)] : [];
    const child = spawn(process.execPath, [...profile, CLI, 'sync', ...args, '--json'], {
      env: {
        ...process.env,
        JUMPCLOUD_API_KEY: sandbox.jumpcloud.apiKey,
        ZOHO_SCIM_TOKEN: sandbox.scim.token,
        JUMPCLOUD_API_BASE: sandbox.jumpcloud.apiBase,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', () => {
      try {
        const run = JSON.parse(out) as CliRun;
        if (run.status !== 'succeeded') fail(new Error(`sync ${run.status}: ${run.errors.map((e) => e.message).join('; ')}`));
        else done(run);
      } catch (e) {
        fail(new Error(`the command line printed no run record: ${(e as Error).message}\n${out}`));
      }
    });
  });
}

async function runScenarios(users: number): Promise<Result[]> {
  const sandbox = await startSandbox({ users, groups: 20, seed: 7 });
  sandbox.jumpcloud.handler.faults.set({ latencyMs });
  sandbox.scim.faults.set({ latencyMs });
  const dir = await mkdtemp(join(tmpdir(), 'jca-bench-'));
  const configFile = join(dir, 'settings.json');
  const config = defaultConfig();
  config.target.syncEndpoint = sandbox.scim.syncEndpoint;
  await writeFile(configFile, exportSettings(config));
  const results: Result[] = [];
  try {
    for (const scenario of SCENARIOS) {
      const detail = scenario.before?.(sandbox);
      sandbox.requests.start();
      const run = await runCli(sandbox, ['--config', configFile, '--state-dir', join(dir, 'state'), ...(scenario.args ?? [])]);
      const { requests, maxInFlight, spans } = sandbox.requests.stop();
      const timeline = timelineOf(spans, run.startedAt, run.endedAt, MAX_CONCURRENCY);
      // The floor is made of this run's requests, as the sandbox saw them. The engine counts every
      // attempt it sends: one that never reached the sandbox (a connection reset, then retried) is
      // in the run's time and not in the floor's, and is reported; one more than the engine sent is
      // a fault of the measurement.
      const counted = run.requests.jumpcloud + run.requests.scimReads + run.requests.scimWrites;
      const unseen = counted - requests.length;
      if (unseen < 0 || unseen > Math.max(2, counted / 1000)) throw new Error(`${scenario.name}: the engine counted ${counted} requests, the sandbox recorded ${requests.length}`);
      if (unseen) console.log(`  ${unseen} of the run's ${counted} requests never reached the sandbox (retried); the floor sends the ${requests.length} it saw`);
      const floor = async () => {
        sandbox.requests.start();
        const ms = await measureFloor(sandbox, requests, MAX_CONCURRENCY, dir);
        return { ms, maxInFlight: sandbox.requests.stop().maxInFlight };
      };
      const measured = scenario.floorFromEmpty ? await fromEmptyDirectory(sandbox, floor) : await floor();
      const floorMs = measured.ms;
      const wallMs = run.endedAt - run.startedAt;
      const result: Result = {
        scenario: detail ? `${scenario.name} (${detail})` : scenario.name,
        users,
        wallMs: Math.round(wallMs),
        floorMs: Math.round(floorMs),
        ratio: Number((wallMs / Math.max(1, floorMs)).toFixed(2)),
        floorConcurrency: MAX_CONCURRENCY,
        engineMaxConcurrency: MAX_CONCURRENCY,
        floorPeakInFlight: measured.maxInFlight,
        enginePeakInFlight: maxInFlight,
        jumpcloudRequests: run.requests.jumpcloud,
        scimReads: run.requests.scimReads,
        scimWrites: run.requests.scimWrites,
        requestsUnseen: unseen,
        peakRssMb: Math.round(run.peakRssMb),
        engineCpuMs: run.cpuMs,
      };
      results.push(result);
      console.log(JSON.stringify(result));
      console.log(`  the run's time: ${JSON.stringify(timeline)}`);
    }
  } finally {
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  }
  return results;
}

const loadBefore = loadavg()[0]!;
const all: Result[] = [];
for (const users of sizes) all.push(...(await runScenarios(users)));
console.table(all);
await writeResults(all, { quick: values.quick, latencyMs, load: [loadBefore, loadavg()[0]!] });
