// What several of the background's handlers share: the two clients, built from the saved settings
// and secrets, and a failure in plain words with no secret in it.
import { LockedError } from '../secrets/passphrase';
import { defaultConfig } from '../config/defaults';
import { ConfigError } from '../config/parse';
import { createJumpCloudClient, JumpCloudError } from '../jumpcloud/client';
import { createScimClient } from '../scim/client';
import { ScimError } from '../scim/errors';
import { redact, safeErrorMessage } from '../secrets/redact';
import { scimTarget, SetupError } from '../sync/connect';
import type { HandlerContext } from './handler';
import type { Failure } from './protocol';

export function failure(e: unknown, secrets: (string | undefined)[] = []): Failure {
  if (e instanceof ConfigError) return { ok: false, error: safeErrorMessage(e, secrets), issues: e.issues };
  if (e instanceof JumpCloudError || e instanceof ScimError || e instanceof SetupError || e instanceof LockedError) {
    return { ok: false, error: safeErrorMessage(e, secrets), hint: redact(e.hint, secrets) };
  }
  return { ok: false, error: safeErrorMessage(e, secrets) };
}

export async function jumpcloudClient(ctx: HandlerContext) {
  const [config, apiKey] = await Promise.all([ctx.store.config.get(), ctx.store.secrets.get('jumpcloudApiKey')]);
  if (!apiKey) throw new SetupError('No JumpCloud API key is saved.', 'Paste the API key in the field above and save it.');
  const c = config ?? defaultConfig();
  return createJumpCloudClient({ world: ctx.world, apiKey, region: c.jumpcloud.region, orgId: c.jumpcloud.orgId, baseUrl: ctx.jumpcloudApiBase });
}

export async function scimClient(ctx: HandlerContext) {
  const { endpoint, token } = await scimTarget(ctx.store, ctx.world, await ctx.store.config.get());
  return createScimClient({ world: ctx.world, baseUrl: endpoint, token });
}

