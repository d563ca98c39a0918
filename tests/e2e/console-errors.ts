// Collects every error any page, frame or the service worker prints, so a test can assert that
// the extension runs clean.
import type { BrowserContext, Page, Worker } from 'playwright-core';

export function collectErrors(context: BrowserContext, worker: Worker): string[] {
  const errors: string[] = [];
  const watchPage = (page: Page) => {
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`${page.url()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
  };
  context.pages().forEach(watchPage);
  context.on('page', watchPage);
  worker.on('console', (m) => {
    if (m.type() === 'error') errors.push(`service worker: ${m.text()}`);
  });
  return errors;
}
