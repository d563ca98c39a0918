// Talks to the built extension's background the way its own pages do: from an extension page,
// through chrome.runtime.sendMessage and the typed protocol.
import type { Page } from 'playwright-core';
import type { Request } from '@/lib/messages/protocol';

export async function ask<T = unknown>(page: Page, request: Request): Promise<{ ok: boolean; data?: T; error?: string; hint?: string }> {
  return page.evaluate((r) => chrome.runtime.sendMessage(r), request);
}

declare const chrome: { runtime: { sendMessage(message: unknown): Promise<never> } };
