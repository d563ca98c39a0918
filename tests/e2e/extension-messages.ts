// Talks to the built extension's background the way its own pages do: from an extension page,
// through chrome.runtime.sendMessage and the typed protocol. The page may be Playwright's
// (Chromium) or Puppeteer's (Firefox, which answers to chrome.* as well): both can evaluate.
import type { Request } from '@/lib/messages/protocol';

interface ExtensionPage {
  evaluate<R>(fn: (request: Request) => Promise<R>, request: Request): Promise<R>;
}

export async function ask<T = unknown>(page: ExtensionPage, request: Request): Promise<{ ok: boolean; data?: T; error?: string; hint?: string }> {
  return page.evaluate((r) => chrome.runtime.sendMessage(r), request);
}

declare const chrome: { runtime: { sendMessage(message: unknown): Promise<never> } };
