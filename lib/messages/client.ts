// What pages use to talk to the background: send a typed request, get a checked response.
import browser from 'webextension-polyfill';
import { responseSchema, type Request, type Response } from './protocol';

export async function send(request: Request): Promise<Response> {
  const reply: unknown = await browser.runtime.sendMessage(request);
  const parsed = responseSchema.safeParse(reply);
  return parsed.success ? parsed.data : { ok: false, error: 'The assistant gave an answer this page cannot read' };
}
