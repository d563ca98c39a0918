// The SCIM token belongs to one Zoho Directory store: it is sealed with its Sync endpoint's origin,
// read back only for that origin, dropped when the endpoint moves to another origin without a new
// token in the same action, and sent only where the browser lets the extension reach.
import type { Config } from '../config/schema';
import type { Store } from '../store/types';

export function originOf(endpoint: string | undefined): string | undefined {
  if (!endpoint) return undefined;
  try {
    return new URL(endpoint).origin;
  } catch {
    return undefined;
  }
}

/** The token saved for this endpoint's origin; none for any other, nor without an endpoint. */
export async function readScimToken(store: Store, endpoint: string | undefined): Promise<string | undefined> {
  const origin = originOf(endpoint);
  return origin ? store.secrets.get('scimToken', origin) : undefined;
}

export async function hasScimToken(store: Store, endpoint: string | undefined): Promise<boolean> {
  const origin = originOf(endpoint);
  return origin ? store.secrets.has('scimToken', origin) : false;
}

export async function saveScimToken(store: Store, endpoint: string, token: string): Promise<void> {
  const origin = originOf(endpoint);
  if (!origin) throw new Error('The SCIM token is kept for a Sync endpoint: save the Sync endpoint first.');
  await store.secrets.put('scimToken', token, origin);
}

/**
 * Saves a config; when its Sync endpoint leaves the origin the token was saved for, the token goes
 * with the old endpoint (unless `token` is the new one, saved in the same action). Returns whether
 * a token was dropped, for the caller to say so.
 */
export async function saveConfigKeepingToken(store: Store, config: Config, token?: string): Promise<{ tokenDropped: boolean }> {
  const before = originOf((await store.config.get())?.target.syncEndpoint);
  const after = originOf(config.target.syncEndpoint);
  const hadToken = !!before && (await store.secrets.has('scimToken', before));
  await store.config.put(config);
  if (token && config.target.syncEndpoint) {
    await saveScimToken(store, config.target.syncEndpoint, token);
    return { tokenDropped: false };
  }
  if (before === after) return { tokenDropped: false };
  await store.secrets.delete('scimToken');
  return { tokenDropped: hadToken };
}
