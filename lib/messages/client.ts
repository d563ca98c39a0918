// What pages use to talk to the background: send a typed request, get a checked reply.
import browser from 'webextension-polyfill';
import { eventSchema, failureSchema, responseData, type AssistantEvent, type Reply, type Request, type RequestType } from './protocol';

export async function send<R extends Request>(request: R): Promise<Reply<R['type']>> {
  let raw: unknown;
  try {
    raw = await browser.runtime.sendMessage(request);
  } catch (e) {
    return { ok: false, error: `The assistant's background did not answer (${e instanceof Error ? e.message : String(e)}). Reload the page.` };
  }
  const failure = failureSchema.safeParse(raw);
  if (failure.success) return failure.data;
  const envelope = raw as { ok?: unknown; data?: unknown } | undefined;
  const data = (responseData[request.type as RequestType] as { safeParse(v: unknown): { success: boolean; data?: unknown } }).safeParse(envelope?.data);
  if (envelope?.ok === true && data.success) return { ok: true, data: data.data } as Reply<R['type']>;
  return { ok: false, error: 'The assistant gave an answer this page cannot read. Reload the extension.' };
}

/** Calls `listener` for each event the background broadcasts; returns the unsubscribe function. */
export function onAssistantEvent(listener: (event: AssistantEvent) => void): () => void {
  const handler = (message: unknown) => {
    const parsed = eventSchema.safeParse(message);
    if (parsed.success) listener(parsed.data);
  };
  browser.runtime.onMessage.addListener(handler);
  return () => browser.runtime.onMessage.removeListener(handler);
}
