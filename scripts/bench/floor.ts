// The floor a run cannot beat, measured right after it: the very requests the run made (the
// sandbox recorded them: sandbox/request-log.ts), sent again by a bare client in a process of its
// own (./floor-client.ts), through the command line's HTTP, at the engine's peak concurrency.
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Sandbox } from '../../sandbox/index';
import type { LoggedRequest } from '../../sandbox/request-log';
import type { FloorJob } from './floor-client';

const CLIENT = resolve(import.meta.dirname, 'floor-client.ts');

export async function measureFloor(sandbox: Sandbox, requests: LoggedRequest[], concurrency: number, workDir: string): Promise<number> {
  const job: FloorJob = {
    concurrency,
    origins: { jumpcloud: new URL(sandbox.jumpcloud.apiBase).origin, scim: new URL(sandbox.scim.syncEndpoint).origin },
    requests,
  };
  const file = join(workDir, 'floor-job.json');
  await writeFile(file, JSON.stringify(job));
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLIENT, file], {
      env: { ...process.env, JUMPCLOUD_API_KEY: sandbox.jumpcloud.apiKey, ZOHO_SCIM_TOKEN: sandbox.scim.token },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => {
      if (code !== 0) return fail(new Error(`the floor's client exited with ${code}`));
      done((JSON.parse(out) as { ms: number }).ms);
    });
  });
}

/**
 * Runs `measure` against the directory as a first sync found it, empty, then puts back what the
 * first sync made (same ids), so the re-syncs after it find the directory as the engine left it.
 */
export async function fromEmptyDirectory<T>(sandbox: Sandbox, measure: () => Promise<T>): Promise<T> {
  const store = sandbox.scim.store;
  const kept = store.listUsers();
  store.clear();
  try {
    return await measure();
  } finally {
    store.clear();
    for (const user of kept) store.createUser(user, { id: user.id });
  }
}
