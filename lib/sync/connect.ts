// Opens a run's two connections from the saved config and secrets: the JumpCloud API and the
// target's SCIM endpoint, sharing one write pool that slows down when the target throttles.
import type { Config } from '../config/schema';
import { createJumpCloudClient, type JumpCloudClient } from '../jumpcloud/client';
import { createScimClient, type ScimClient } from '../scim/client';
import { originOf, readScimToken } from '../secrets/scim-token';
import type { Store } from '../store/types';
import type { World } from '../world';
import { AdaptivePool } from './pool';
import { Gate } from '../http/bounded';

/** Writes in flight at the start of a run; the pool halves it on 429 and grows it back. */
export const DEFAULT_CONCURRENCY = 8;
/**
 * The most requests a run has in flight: JumpCloud's pages, and the pages of the directory's list
 * of users, are read this many at a time (each waits out its own 429s), and the write pool grows
 * to it while the target keeps up. The
 * benchmark sends its floor at it (scripts/bench/floor.ts).
 */
export const MAX_CONCURRENCY = 2 * DEFAULT_CONCURRENCY;

export interface EngineOptions {
  world: World;
  store: Store;
  /** Overrides the region's API host: the sandbox on loopback, in tests and the benchmark. */
  jumpcloudApiBase?: string;
  concurrency?: number;
}

export interface Connection {
  config: Config;
  jumpcloud: JumpCloudClient;
  scim: ScimClient;
  pool: AdaptivePool;
}

/** Setup is incomplete: no run can start. */
export class SetupError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'SetupError';
  }
}

/**
 * The saved Sync endpoint and the token saved for it, once the runtime confirms the token may go
 * there: whatever the config says, the extension sends it only to its own hosts and those the
 * admin granted.
 */
export async function scimTarget(store: Store, world: World, config: Config | undefined): Promise<{ config: Config; endpoint: string; token: string }> {
  const endpoint = config?.target.syncEndpoint;
  const token = await readScimToken(store, endpoint);
  if (!config || !endpoint || !token) {
    throw new SetupError(
      'No Sync endpoint and SCIM token are saved for it.',
      'Save both as Zoho Directory shows them (Admin Panel → Directory Stores → JumpCloud): the guide in the Zoho console does it at one click.',
    );
  }
  const origin = originOf(endpoint)!;
  if (world.mayReach && !(await world.mayReach(origin))) {
    throw new SetupError(
      `The assistant may not reach ${origin}, so it does not send the SCIM token there.`,
      'Save the Sync endpoint again on the Connection tab and allow the assistant to reach that host when the browser asks.',
    );
  }
  return { config, endpoint, token };
}

export async function connect(opts: EngineOptions): Promise<Connection> {
  const apiKey = await opts.store.secrets.get('jumpcloudApiKey');
  if (!apiKey) throw new SetupError('No JumpCloud API key is saved.', 'Add the API key in the assistant’s settings (JumpCloud console → your profile → My API Key).');
  const { config, endpoint, token } = await scimTarget(opts.store, opts.world, await opts.store.config.get());
  const concurrency = opts.concurrency ?? DEFAULT_CONCURRENCY;
  const peak = Math.max(concurrency, MAX_CONCURRENCY);
  const pool = new AdaptivePool(concurrency, peak);
  // JumpCloud's pages and the directory's, read at the same time, keep together to the peak.
  const reads = new Gate(peak);
  return {
    config,
    pool,
    jumpcloud: createJumpCloudClient({
      world: opts.world,
      apiKey,
      region: config.jumpcloud.region,
      baseUrl: opts.jumpcloudApiBase,
      orgId: config.jumpcloud.orgId,
      concurrency: peak,
      gate: reads,
    }),
    scim: createScimClient({
      world: opts.world,
      baseUrl: endpoint,
      token,
      concurrency: peak,
      gate: reads,
      onRetry: (e) => e.kind === 'throttled' && pool.throttled(),
    }),
  };
}

