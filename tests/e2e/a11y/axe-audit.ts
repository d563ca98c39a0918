// One audit of a page (or of the parts of it that are the assistant's) against WCAG 2.2 A and AA
// with axe-core, through @axe-core/playwright: the same engine the browsers' own accessibility
// tools and most CI audits use, maintained against the W3C rules (ACT), run in the real page of
// the production build rather than on markup rendered apart from its styles.
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { lendClosedShadowRoots } from './lend-shadow-roots';
import { withOverlaysInBody } from './overlays-in-body';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export interface Audit {
  /** One line per failing element: rule, what it asks, which element, why it fails. */
  violations: string[];
  /** Rules that held on at least one element. */
  passed: number;
  /** What axe could not decide on its own (a person should look), one line per element. */
  incomplete: string[];
}

/**
 * Audits the page, or only the elements matching `include` (with their shadow trees). The
 * guide's closed roots are lent to axe first (lend-shadow-roots.ts), and its overlays hung inside
 * <body> while axe looks (overlays-in-body.ts).
 */
export async function audit(page: Page, include?: string): Promise<Audit> {
  await lendClosedShadowRoots(page);
  // Legacy mode runs axe in the page itself: the default mode finishes each audit in a new blank
  // tab, which would take the focus (and the front) from the page under test.
  let builder = new AxeBuilder({ page }).withTags(WCAG_TAGS).setLegacyMode();
  if (include) builder = builder.include(include);
  const result = await withOverlaysInBody(page, () => builder.analyze());
  const lines = (rules: typeof result.violations) =>
    rules.flatMap((r) => r.nodes.map((n) => `${r.id}: ${r.help} — ${JSON.stringify(n.target)} — ${(n.failureSummary ?? '').replace(/\s+/g, ' ').trim()}`));
  return { violations: lines(result.violations), passed: result.passes.length, incomplete: lines(result.incomplete) };
}

/** What each audit found, by name, in the shape the README's figures read. */
export function auditFigures(audits: Record<string, Audit>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(audits).map(([name, a]) => [name, { violations: a.violations.length, rulesPassed: a.passed, needsReview: a.incomplete }]),
  );
}
