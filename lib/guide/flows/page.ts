// Reading and setting the console's controls for the flows, whatever the markup: a native select or
// a custom listbox, a field's value, a tab shown as current.
import { choose } from '../../dom/fill';
import { findByLabel, findByRole, findClickable, pickOne } from '../../dom/find';
import { isChecked } from '../../dom/rows';
import { candidates } from '../../dom/roles';
import { visibleText } from '../../dom/visible';
import { nameMatches } from '../../dom/words';
import { waitFor } from '../../dom/wait';

export { isChecked };

/** What a control shows: a field's value, a list's chosen option, a custom control's text. */
export function shownValue(el: Element | null): string {
  if (!el) return '';
  if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) return el.value.trim();
  if (el instanceof HTMLSelectElement) return el.selectedOptions[0]?.text.trim() ?? '';
  return (el.getAttribute('aria-valuetext') ?? visibleText(el)).trim();
}

export function textField(doc: Document, names: readonly string[]): HTMLInputElement | HTMLTextAreaElement | null {
  const el = findByLabel(names, doc);
  return el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement ? el : null;
}

/** True for a tab or a link that the page marks as the one shown. */
export function isCurrent(el: Element | null): boolean {
  if (!el) return false;
  const current = el.getAttribute('aria-current');
  return el.getAttribute('aria-selected') === 'true' || (!!current && current !== 'false');
}

/**
 * Chooses one of `names` in a list control, the way a person picks it: a native select through
 * its value setter; a custom listbox by opening it and clicking the option. Picking a list entry
 * is no irreversible act.
 */
export async function chooseIn(control: Element, names: readonly string[]): Promise<boolean> {
  if (control instanceof HTMLSelectElement) return choose(control, names, nameMatches);
  if (nameMatches(shownValue(control), names)) return true;
  (control as HTMLElement).click();
  const doc = control.ownerDocument;
  const option = await waitFor(() => pickOne(candidates(doc, 'option').filter((o) => nameMatches(visibleText(o), names))), {
    timeoutMs: 3000,
  }).catch(() => null);
  if (!option) return false;
  (option as HTMLElement).click();
  return true;
}

/** The first of several namings that finds something, tried in order (the most specific first). */
export function firstOf<T>(names: readonly string[], find: (one: readonly string[]) => T | null): T | null {
  for (const name of names) {
    const found = find([name]);
    if (found) return found;
  }
  return null;
}

/**
 * A control of one view's own navigation (an application's tabs), told apart from a same-named
 * item of the console's main menu: the one near a sibling control with `siblingNames`.
 */
export function tabBeside(doc: Document, names: readonly string[], siblingNames: readonly string[]): Element | null {
  const sibling = findClickable(siblingNames, doc) ?? findByRole('tab', siblingNames, doc);
  for (let scope = sibling?.parentElement ?? null, depth = 0; scope && depth < 4; scope = scope.parentElement, depth++) {
    const found = findClickable(names, scope);
    if (found) return found;
  }
  return null;
}

export const isDisabled = (el: Element | null) =>
  !!el && ((el as HTMLButtonElement).disabled === true || el.getAttribute('aria-disabled') === 'true');
