// "Fill group selection" on the application's User Groups tab: ticks exactly the groups chosen in
// the assistant, each in the row that shows its exact name — on this page, through the list's own
// search box, or page by page — and refuses, by name, any group it finds twice or not at all.
import { findContainer } from '../../dom/context';
import { findByLabel, findByRole, findClickable } from '../../dom/find';
import { fill } from '../../dom/fill';
import { findRow, rowToggle, rowsOf } from '../../dom/rows';
import { waitFor } from '../../dom/wait';
import type { ActionResult, GuideContext } from '../types';
import { isChecked, isDisabled } from './page';
import { WORDS } from './scim-words';

const TOGGLE = 'input[type="checkbox"], [role="checkbox"], [role="switch"]';
/** A list of groups longer than this many pages is not paged through by the guide. */
const MAX_PAGES = 50;
const SETTLE_MS = 3000;

/** The User Groups tab's list: a table, grid, list or group titled User Groups, with checkboxes. */
export function groupList(c: GuideContext): Element | null {
  for (const role of ['table', 'list', 'group'] as const) {
    const list = findContainer(role, WORDS.userGroups, c.doc);
    if (list && list.querySelector(TOGGLE)) return list;
  }
  return null;
}

/** The list's own search box: inside it, or in the few levels around it. */
function searchBox(list: Element): HTMLInputElement | null {
  for (let scope: Element | null = list, depth = 0; scope && depth < 4; scope = scope.parentElement, depth++) {
    const box = findByRole('searchbox', WORDS.groupSearch, scope) ?? findByLabel(WORDS.groupSearch, scope);
    if (box instanceof HTMLInputElement) return box;
  }
  return null;
}

/** The list's own page control with these names, in the few levels around it. */
function pager(list: Element, names: readonly string[]): Element | null {
  for (let scope: Element | null = list.parentElement, depth = 0; scope && depth < 3; scope = scope.parentElement, depth++) {
    const control = findClickable(names, scope);
    if (control) return control;
  }
  return null;
}

/** Clicks the list's page control while it is there and enabled, at most MAX_PAGES times. */
async function turnPages(c: GuideContext, names: readonly string[], until: () => boolean): Promise<boolean> {
  for (let page = 0; page < MAX_PAGES; page++) {
    const list = groupList(c);
    const control = list && pager(list, names);
    if (!control || isDisabled(control)) return false;
    await afterChange(c, () => (control as HTMLElement).click());
    if (until()) return true;
  }
  return false;
}

/** A change of the list's rows after `act`, or the same rows once the list has had time to settle. */
async function afterChange(c: GuideContext, act: () => void): Promise<void> {
  const before = rowsOf(groupList(c) ?? c.doc.body).map((r) => r.textContent).join('\n');
  act();
  await waitFor(
    () => {
      const list = groupList(c);
      return !!list && rowsOf(list).map((r) => r.textContent).join('\n') !== before;
    },
    { timeoutMs: SETTLE_MS },
  ).catch(() => undefined);
}

type Found = { toggle: Element } | { problem: 'absent' | 'ambiguous' | 'no checkbox' };

function lookHere(c: GuideContext, name: string): Found {
  const list = groupList(c);
  if (!list) return { problem: 'absent' };
  const found = findRow(list, name);
  if ('problem' in found) return { problem: found.problem };
  const toggle = rowToggle(found.row);
  return toggle ? { toggle } : { problem: 'no checkbox' };
}

/** Finds the group's row on this page, then by the list's search, then page by page. */
async function locate(c: GuideContext, name: string): Promise<Found> {
  const here = lookHere(c, name);
  if (!('problem' in here) || here.problem !== 'absent') return here;
  const list = groupList(c);
  const search = list && searchBox(list);
  if (search) {
    await afterChange(c, () => fill(search, name));
    return lookHere(c, name);
  }
  // Page by page from the first: an earlier group may have left the list on a later page.
  const settled = () => {
    const found = lookHere(c, name);
    return !('problem' in found) || found.problem !== 'absent';
  };
  if ((await turnPages(c, WORDS.previousPage, settled)) || (await turnPages(c, WORDS.nextPage, settled))) return lookHere(c, name);
  return { problem: 'absent' };
}

export async function bindGroups(c: GuideContext): Promise<ActionResult> {
  if (!groupList(c)) return { ok: false, message: 'Open the User Groups tab first.' };
  const reply = await c.services.groupsToBind();
  if (!reply.ok) return { ok: false, message: reply.error };
  const missing: string[] = [];
  const twice: string[] = [];
  let ticked = 0;
  for (const name of reply.names) {
    const found = await locate(c, name);
    if ('problem' in found) {
      (found.problem === 'ambiguous' ? twice : missing).push(name);
      continue;
    }
    if (!isChecked(found.toggle)) (found.toggle as HTMLElement).click();
    if (isChecked(found.toggle)) ticked++;
    else missing.push(name);
  }
  // Leave the list as the admin had it: no filter left in its search box.
  const list = groupList(c);
  const search = list && searchBox(list);
  if (search && search.value !== '') await afterChange(c, () => fill(search, ''));
  const parts = [
    ...(reply.names.length ? [`${ticked} of ${reply.names.length} chosen groups ticked.`] : []),
    ...(missing.length ? [`Not on this list: ${missing.join(', ')}.`] : []),
    ...(twice.length ? [`Shown more than once, so left for you to tick: ${twice.join(', ')}.`] : []),
    ...(reply.message ? [reply.message] : []),
  ];
  if (ticked > 0) c.memo.groupsFilled = true;
  return { ok: ticked > 0 && missing.length === 0 && twice.length === 0, message: parts.join(' ') };
}
