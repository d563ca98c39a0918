// The command line's words: `sync --config exported.json [--dry-run] [--confirm-removals]
// [--reconcile] [--start-fresh] [--state-dir DIR] [--json]`. Secrets come from the environment, never from arguments (which
// other users of the machine can read in the process list).
import { parseArgs } from 'node:util';

export const USAGE = `Usage: jumpcloud-zoho-assistant sync --config settings.json [options]

Syncs JumpCloud users and groups into a Zoho Directory store (or any SCIM 2.0 directory), with the
settings exported from the extension (Settings → Backup → Export).

Options:
  --config FILE          the exported settings (required)
  --dry-run              plan and print the changes; write nothing
  --confirm-removals     go ahead with the removals the last held run (or preview) held back
  --reconcile            also read every user in the directory: put back attributes changed there
                         by hand, remove users JumpCloud confirms are deleted (under the threshold),
                         list users JumpCloud does not know (never touched). The first sync, and a
                         run when the settings' reconcile interval (default weekly) is past, do it anyway
  --start-fresh          the settings point at another directory or JumpCloud organization than the
                         state directory's record: clear the record and link what the directory holds
  --state-dir DIR        where the snapshot and run history are kept (default: ./.jumpcloud-zoho-state)
  --json                 print the run record as JSON

Environment:
  JUMPCLOUD_API_KEY      the JumpCloud API key (or in the settings file, if exported with secrets)
  ZOHO_SCIM_TOKEN        the SCIM token of the Zoho Directory store (likewise)
  JUMPCLOUD_API_BASE     another JumpCloud API base URL, e.g. a local sandbox (optional)

Exit status: 0 done or previewed, 1 failed, 2 partly done or waiting for confirmation, 64 bad usage,
75 another run is using the state directory.`;

export interface CliArgs {
  command: 'sync';
  config: string;
  dryRun: boolean;
  confirmRemovals: boolean;
  reconcile: boolean;
  startFresh: boolean;
  stateDir: string;
  json: boolean;
}

export class UsageError extends Error {}

export function parseCliArgs(argv: string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        config: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        'confirm-removals': { type: 'boolean', default: false },
        reconcile: { type: 'boolean', default: false },
        'start-fresh': { type: 'boolean', default: false },
        'state-dir': { type: 'string', default: '.jumpcloud-zoho-state' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) throw new UsageError('');
  if (positionals[0] !== 'sync' || positionals.length > 1) throw new UsageError('The command is "sync".');
  if (!values.config) throw new UsageError('--config is required: the settings file exported from the extension.');
  return {
    command: 'sync',
    config: values.config,
    dryRun: values['dry-run'],
    confirmRemovals: values['confirm-removals'],
    reconcile: values.reconcile,
    startFresh: values['start-fresh'],
    stateDir: values['state-dir'],
    json: values.json,
  };
}
