// The benchmark's figures, as a table on the console, bench/results.json and bench/RESULTS.md:
// every number in them comes from the run that writes them.
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';

export interface Result {
  scenario: string;
  users: number;
  /** The run's own time, from its record (startedAt to endedAt). */
  wallMs: number;
  floorMs: number;
  ratio: number;
  /** The concurrency the floor's client sent at: the engine's configured peak. */
  floorConcurrency: number;
  /** The engine's peak concurrency, from its pool configuration (lib/sync/connect.ts). */
  engineMaxConcurrency: number;
  /** The most requests the sandbox held at once, during the floor and during the run. */
  floorPeakInFlight: number;
  enginePeakInFlight: number;
  jumpcloudRequests: number;
  scimReads: number;
  scimWrites: number;
  /** Requests the engine sent that the sandbox never received (retried after a lost connection). */
  requestsUnseen: number;
  peakRssMb: number;
  /** The command line's processor time, start to exit (user and system; Node's own start-up included). */
  engineCpuMs: number;
}

export interface Conditions {
  quick: boolean;
  latencyMs: number;
  /** The one-minute load average before and after the benchmark. */
  load: [number, number];
}

const OUT = resolve(import.meta.dirname, '../../bench');

export async function writeResults(all: Result[], c: Conditions): Promise<void> {
  await mkdir(OUT, { recursive: true });
  await writeFile(join(OUT, 'results.json'), JSON.stringify(all, null, 2) + '\n');
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}`;
  const rows = all.map(
    (r) =>
      `| ${r.scenario} | ${r.users} | ${r.wallMs} | ${r.floorMs} | ${r.ratio.toFixed(2)} | ${r.floorConcurrency} / ${r.engineMaxConcurrency} | ${r.floorPeakInFlight} / ${r.enginePeakInFlight} | ${r.jumpcloudRequests} | ${r.scimReads} | ${r.scimWrites} | ${r.peakRssMb} | ${r.engineCpuMs} |`,
  );
  const worst = Math.max(...all.map((r) => r.ratio));
  const peakRss = Math.max(...all.filter((r) => r.users >= 100_000).map((r) => r.peakRssMb), 0);
  await writeFile(
    join(OUT, 'RESULTS.md'),
    `# Benchmark results

Machine: ${machine}. Date: ${new Date().toISOString().slice(0, 10)}. Command: \`npm run bench${c.quick ? ' -- --quick' : ''}\`.
Load average (1 min) before and after: ${c.load[0].toFixed(2)} and ${c.load[1].toFixed(2)} (other work shares the machine).

Conditions: the sandbox (sandbox/) on loopback, with ${c.latencyMs} ms added to every JumpCloud and
SCIM request; the engine runs as the command line (.output/cli) in its own process, so its peak
RSS is its own (Node itself and its HTTP take some 60 MB of it). The scenarios run in order on one
sandbox and one state directory: the first sync into an empty directory, a re-sync with nothing
changed, a re-sync with 1% of the users changed in JumpCloud, and a run with \`--reconcile\`,
which also reads every user the directory holds.

The floor: while a run goes, the sandbox records every request it receives (method, path, a
write's body; no header). Right after the run, a bare client in a process of its own sends those
same requests again, through the command line's own HTTP (cli/node-fetch.ts: the same agents and
keep-alive), all the reads and then all the writes, each at the engine's peak concurrency
(\`floorConcurrency\`, read from lib/sync/connect.ts, as \`engineMaxConcurrency\`), with no parsing,
planning, snapshot or record. The first sync's floor is sent to an empty directory, which then
gets the first sync's users back. The ratio is the run's own time (its record's start to end)
over the floor's. "peak in flight" is the most requests the sandbox held at once, during the
floor and during the run.

| scenario | users | wall ms | floor ms | ratio | floor / engine concurrency | peak in flight, floor / run | JumpCloud requests | SCIM reads | SCIM writes | peak RSS MB | engine CPU ms |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

Goals: every scenario within 1.15 × its floor (the worst here: ${worst.toFixed(2)}); a re-sync
with no change makes zero SCIM writes, a 1% change exactly those writes; peak memory under
200 MB at 100,000 users (the most here: ${peakRss || 'not run'} MB).
`,
  );
  console.log(`Wrote ${join(OUT, 'results.json')} and RESULTS.md`);
}
