// Opens a run's two connections from the saved config and secrets: the JumpCloud API and the
// target's SCIM endpoint, sharing one write pool that slows down when the target throttles.
import type { Config } from '../config/schema';
import { createJumpCloudClient, type JumpCloudClient } from '../jumpcloud/client';
import { createScimClient, type ScimClient } from '../scim/client';
import type { Store } from '../store/types';
import type { World } from '../world';
import { AdaptivePool } from './pool';

/** Writes in flight at the start of a run; the pool halves it on 429 and grows it back. */
export const DEFAULT_CONCURRENCY = 8;

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

export async function connect(opts: EngineOptions): Promise<Connection> {
  const config = await opts.store.config.get();
  const [apiKey, token] = await Promise.all([opts.store.secrets.get('jumpcloudApiKey'), opts.store.secrets.get('scimToken')]);
  if (!apiKey) throw new SetupError('No JumpCloud API key is saved.', 'Add the API key in the assistant’s settings (JumpCloud console → your profile → My API Key).');
  if (!config?.target.syncEndpoint || !token) {
    throw new SetupError('No Sync endpoint and SCIM token are saved.', 'Copy both from Zoho Directory → Admin Panel → Directory Stores → JumpCloud into the assistant’s settings.');
  }
  const concurrency = opts.concurrency ?? DEFAULT_CONCURRENCY;
  const pool = new AdaptivePool(concurrency);
  return {
    config,
    pool,
    jumpcloud: createJumpCloudClient({
      world: opts.world,
      apiKey,
      region: config.jumpcloud.region,
      baseUrl: opts.jumpcloudApiBase,
      orgId: config.jumpcloud.orgId,
      concurrency,
    }),
    scim: createScimClient({
      world: opts.world,
      baseUrl: config.target.syncEndpoint,
      token,
      onRetry: (e) => e.kind === 'throttled' && pool.throttled(),
    }),
  };
}

