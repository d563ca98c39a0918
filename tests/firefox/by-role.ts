// Finding things on a page in Firefox as a person does, by role and accessible name: Puppeteer's
// aria/ selectors, which WebDriver BiDi answers from Firefox's own accessibility tree.
import type { ElementHandle, Page } from 'puppeteer-core';
import { expect } from 'vitest';

const selector = (role: string, name?: string) => `aria/${name ?? ''}[role="${role}"]`;

/** Every element with this role (and exactly this accessible name). */
export const allByRole = (page: Page, role: string, name?: string): Promise<ElementHandle[]> => page.$$(selector(role, name));

/** The text of the first element with this role (and name), or '' while there is none. */
export async function textByRole(page: Page, role: string, name?: string): Promise<string> {
  const [el] = await allByRole(page, role, name);
  return el ? ((await el.evaluate((e) => e.textContent)) ?? '') : '';
}

/**
 * Clicks the one element with this role and name once it is there. Polled rather than
 * waitForSelector: a wait begun before an extension page reloads is not carried to the new page.
 */
export async function clickByRole(page: Page, role: string, name: string): Promise<void> {
  await expect.poll(async () => (await allByRole(page, role, name)).length, { message: `one ${role} named "${name}"` }).toBe(1);
  const [el] = await allByRole(page, role, name);
  await el!.click();
}
