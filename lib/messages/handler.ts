// The background's answer to each request. Senders other than this extension's own pages and
// content scripts are refused before the message is even parsed.
import type { Store } from '../store/types';
import { safeErrorMessage } from '../secrets/redact';
import { requestSchema, type Response, type Status } from './protocol';

export interface Sender {
  id?: string;
  url?: string;
}

export interface HandlerContext {
  store: Store;
  extensionId: string;
}

export async function readStatus(store: Store): Promise<Status> {
  const [config, apiKey, token] = await Promise.all([
    store.config.get(),
    store.secrets.has('jumpcloudApiKey'),
    store.secrets.has('scimToken'),
  ]);
  const missing: Status['missing'] = [];
  if (!apiKey) missing.push('apiKey');
  if (!config?.target.syncEndpoint) missing.push('syncEndpoint');
  if (!token) missing.push('scimToken');
  return { configured: missing.length === 0, missing };
}

export async function handleMessage(message: unknown, sender: Sender, ctx: HandlerContext): Promise<Response> {
  if (sender.id !== ctx.extensionId) return { ok: false, error: 'Refused: the message did not come from this extension' };
  const request = requestSchema.safeParse(message);
  if (!request.success) return { ok: false, error: 'Refused: not a message this extension understands' };
  try {
    switch (request.data.type) {
      case 'status':
        return { ok: true, status: await readStatus(ctx.store) };
    }
  } catch (e) {
    return { ok: false, error: safeErrorMessage(e) };
  }
}
