// The command line as an admin's cron job runs it: a child process, secrets from the environment.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '@/lib/config/defaults';
import { exportSettings } from '@/lib/config/transfer';
import { openFileStore } from '@/lib/store/file-store';
import { startSandbox, type Sandbox } from '@/sandbox/index';

const run = promisify(execFile);
const MAIN = resolve(import.meta.dirname, '../../cli/main.ts');
let sandbox: Sandbox;
let dir: string;
let settings: string;

beforeAll(async () => {
  sandbox = await startSandbox({ users: 40 });
  dir = await mkdtemp(join(tmpdir(), 'jca-cli-'));
  settings = join(dir, 'settings.json');
  const config = defaultConfig();
  config.target.syncEndpoint = sandbox.scim.syncEndpoint;
  await writeFile(settings, exportSettings(config));
});
afterAll(async () => {
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

function cli(args: string[], env: Record<string, string> = {}) {
  return run(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    env: {
      PATH: process.env.PATH ?? '',
      JUMPCLOUD_API_KEY: sandbox.jumpcloud.apiKey,
      ZOHO_SCIM_TOKEN: sandbox.scim.token,
      JUMPCLOUD_API_BASE: sandbox.jumpcloud.apiBase,
      ...env,
    },
  }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

describe('command line', () => {
  it('previews, then syncs, then finds nothing to do, keeping state in --state-dir', async () => {
    const state = ['--state-dir', join(dir, 'state')];
    const preview = await cli(['sync', '--config', settings, '--dry-run', ...state]);
    expect(preview.code).toBe(0);
    expect(preview.stdout).toMatch(/Preview .*previewed/);
    expect(sandbox.scim.store.userCount).toBe(0);

    const first = await cli(['sync', '--config', settings, '--json', ...state]);
    expect(first.code).toBe(0);
    const record = JSON.parse(first.stdout);
    expect(record.status).toBe('succeeded');
    expect(record.counts.created).toBe(sandbox.scim.store.userCount);

    const again = await cli(['sync', '--config', settings, '--json', ...state]);
    expect(JSON.parse(again.stdout).requests.scimWrites).toBe(0);
    expect(JSON.parse(again.stdout).reconciled).toBeUndefined();

    // --reconcile reads every directory user, and puts back what was changed there by hand.
    const [someone] = sandbox.scim.store.listUsers();
    sandbox.scim.store.replaceUser(someone!.id, { ...someone!, title: 'Changed by hand' });
    const reconciled = await cli(['sync', '--config', settings, '--json', '--reconcile', ...state]);
    expect(JSON.parse(reconciled.stdout)).toMatchObject({ status: 'succeeded', reconciled: true, counts: { updated: 1 } });
    expect(sandbox.scim.store.getUser(someone!.id)!.title).toBe(someone!.title);
  });

  it('refuses another organization’s settings on the same state directory, and starts fresh with --start-fresh', async () => {
    const state = ['--state-dir', join(dir, 'state')];
    const config = defaultConfig();
    config.target.syncEndpoint = sandbox.scim.syncEndpoint;
    config.jumpcloud.region = 'eu';
    const elsewhere = join(dir, 'settings-eu.json');
    await writeFile(elsewhere, exportSettings(config));
    const refused = await cli(['sync', '--config', elsewhere, '--json', ...state]);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout).errors[0].message).toMatch(/belongs to .*JumpCloud US.*JumpCloud EU/);
    const fresh = await cli(['sync', '--config', elsewhere, '--json', '--start-fresh', ...state]);
    expect(fresh.code).toBe(0);
    // Everyone is already in the directory: linked, none created twice.
    expect(JSON.parse(fresh.stdout).counts).toMatchObject({ created: 0, adopted: sandbox.scim.store.userCount });
  });

  it('confirms with --confirm-removals what the last held run held, and says when nothing was held', async () => {
    const state = ['--state-dir', join(dir, 'held')];
    const none = await cli(['sync', '--config', settings, '--confirm-removals', ...state]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/nothing to confirm/);
    expect((await cli(['sync', '--config', settings, ...state])).code).toBe(0);
    const gone = sandbox.jumpcloud.directory.users.filter((u) => u.state === 'ACTIVATED').slice(0, 8);
    for (const u of gone) sandbox.jumpcloud.directory.removeUser(u._id);
    const held = await cli(['sync', '--config', settings, '--json', ...state]);
    const heldRun = JSON.parse(held.stdout);
    expect(heldRun).toMatchObject({ status: 'awaiting-confirmation', counts: { deactivated: 0 } });
    const confirmed = await cli(['sync', '--config', settings, '--json', '--confirm-removals', ...state]);
    expect(confirmed.stderr).toContain(`Confirming the removals held by run ${heldRun.id}`);
    expect(JSON.parse(confirmed.stdout)).toMatchObject({ status: 'succeeded', counts: { deactivated: gone.length } });
  });

  it('refuses to run while another run holds the state directory, saying what to do, and runs once it is free', async () => {
    const stateDir = join(dir, 'busy');
    const holder = await openFileStore(stateDir);
    const refused = await cli(['sync', '--config', settings, '--dry-run', '--state-dir', stateDir]);
    expect(refused.code).toBe(75);
    expect(refused.stderr).toMatch(new RegExp(`Another run \\(process ${process.pid}\\) is using the state directory`));
    holder.close();
    expect((await cli(['sync', '--config', settings, '--dry-run', '--state-dir', stateDir])).code).toBe(0);
  });

  it('says what is missing, without echoing secrets', async () => {
    const noKey = await cli(['sync', '--config', settings], { JUMPCLOUD_API_KEY: '' });
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toMatch(/JUMPCLOUD_API_KEY: not set/);
    const badToken = await cli(['sync', '--config', settings, '--state-dir', join(dir, 'bad')], { ZOHO_SCIM_TOKEN: 'not-the-token-0123456789' });
    expect(badToken.code).toBe(1);
    expect(badToken.stdout + badToken.stderr).toMatch(/token/i);
    expect(badToken.stdout + badToken.stderr).not.toContain('not-the-token-0123456789');
  });

  it('explains its usage', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(64);
    expect(help.stderr).toMatch(/Usage: jumpcloud-zoho-assistant sync --config/);
    const wrong = await cli(['sync']);
    expect(wrong.code).toBe(64);
    expect(wrong.stderr).toMatch(/--config is required/);
  });
});
