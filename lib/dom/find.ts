// Finding things in someone else's page as a person does (DESIGN.md principle 5): by the words on
// the screen — a control's accessible name or tooltip, a label, the heading above a table, the
// text of the card or row a control sits in — never by class names the console's build generates.
// Every finder takes a list of names, so each naming seen in the wild is found, and every finder
// that picks one element refuses (null) when the page offers two it cannot tell apart.
import { namesOf } from './names';
import { candidates, CLICKABLE_ROLES, FORM_CONTROL, selectorOf, type Role } from './roles';
import { isOnTop, isVisible, visibleText } from './visible';
import { containsPhrase, matchLevel, nameMatches, normalize } from './words';

export { normalize, nameMatches } from './words';
export { accessibleName } from './names';
export { isVisible } from './visible';
export type { Role } from './roles';

/** How well the element's names match: 2 exactly, 1 as a person reads them, 0 not at all. */
function bestMatch(el: Element, names: readonly string[]): number {
  let best = 0;
  for (const n of namesOf(el)) for (const want of names) best = Math.max(best, matchLevel(n, want));
  return best;
}

/**
 * The one element a person would mean among several that carry the words: an exact wording over a
 * lenient one, the innermost of nested matches, the ones not covered by something else. More than
 * one left is ambiguous: null.
 */
export function pickOne(found: readonly Element[], names?: readonly string[]): Element | null {
  let left = [...new Set(found)];
  if (left.length <= 1) return left[0] ?? null;
  left = left.filter((el) => !left.some((other) => other !== el && el.contains(other)));
  if (names) {
    const top = Math.max(...left.map((el) => bestMatch(el, names)));
    left = left.filter((el) => bestMatch(el, names) === top);
  }
  if (left.length > 1) {
    const reachable = left.filter(isOnTop);
    if (reachable.length > 0) left = reachable;
  }
  return left.length === 1 ? left[0]! : null;
}

/** Every visible element with this role whose names include one of `names`. */
export function findAllByRole(role: Role, names: readonly string[], root: ParentNode = document): Element[] {
  return candidates(root, role).filter((el) => bestMatch(el, names) > 0);
}

/** The one visible element with this role and one of these names; null when none or ambiguous. */
export function findByRole(role: Role, names: readonly string[], root: ParentNode = document): Element | null {
  return pickOne(findAllByRole(role, names, root), names);
}

/** The first visible element with this role, whatever its name. */
export function findAnyByRole(role: Role, root: ParentNode = document): Element | null {
  return candidates(root, role)[0] ?? null;
}

const clickables = (root: ParentNode) => CLICKABLE_ROLES.flatMap((r) => candidates(root, r));

/**
 * Something to click with these words: a button, link, menu item, tab or option named so — or,
 * failing that, the only button or link of the card, row or list item that shows the words (a
 * catalog tile whose button reads "Select" beside the application's name).
 */
export function findClickable(names: readonly string[], root: ParentNode = document): Element | null {
  const named = clickables(root).filter((el) => bestMatch(el, names) > 0);
  if (named.length > 0) return pickOne(named, names);
  return pickOne(textLeaves(root, names).flatMap((leaf) => onlyControlAround(leaf, clickables) ?? []));
}

/** A cheap first look at raw text (icons glued to words included) before the careful one. */
function mayContain(raw: string, names: readonly string[]): boolean {
  const squeezed = normalize(raw).replace(/ /g, '');
  return names.some((n) => squeezed.includes(normalize(n).replace(/ /g, '')));
}

const CLICKABLE = CLICKABLE_ROLES.map(selectorOf).join(', ');
/** A label or a card's title is short; longer text is a paragraph, not a name. */
const NAME_LENGTH = 200;

/** Elements whose own visible text (not a control's) reads exactly one of the names. */
export function textLeaves(root: ParentNode, names: readonly string[]): Element[] {
  const out: Element[] = [];
  for (const el of Array.from(root.querySelectorAll('*'))) {
    const raw = el.textContent ?? '';
    if (raw.length === 0 || raw.length > NAME_LENGTH || !mayContain(raw, names)) continue;
    if (!isVisible(el) || el.closest(CLICKABLE) || el.closest(FORM_CONTROL)) continue;
    if (!nameMatches(visibleText(el), names)) continue;
    if (Array.from(el.children).some((c) => nameMatches(visibleText(c), names))) continue;
    out.push(el);
  }
  return out;
}

/** Walking up from `leaf` a few levels, the first container holding exactly one such control. */
function onlyControlAround(leaf: Element, controlsIn: (root: ParentNode) => Element[], levels = 4): Element | null {
  let scope: Element | null = leaf.parentElement;
  for (let depth = 0; scope && depth < levels; scope = scope.parentElement, depth++) {
    const controls = controlsIn(scope);
    if (controls.length === 1) return controls[0]!;
    if (controls.length > 1) return null;
  }
  return null;
}

const ITEM = 'tr, [role="row"], li, [role="listitem"], [role="option"]';

/**
 * A form control by what a person reads beside it: its accessible name, tooltip or floating label
 * (aria-describedby), and failing those the nearest control after a short text with these words —
 * never crossing the row or list item the text is in.
 */
export function findByLabel(names: readonly string[], root: ParentNode = document): Element | null {
  const controls = Array.from(root.querySelectorAll(FORM_CONTROL)).filter(isVisible);
  const named = controls.filter((el) => bestMatch(el, names) > 0);
  if (named.length > 0) return pickOne(named, names);
  const near: Element[] = [];
  for (const text of textLeaves(root, names)) {
    const item = text.closest(ITEM);
    for (let scope = text.parentElement, depth = 0; scope && depth < 2; scope = scope.parentElement, depth++) {
      const next = Array.from(scope.querySelectorAll(FORM_CONTROL)).find(
        (c) => isVisible(c) && (!item || item.contains(c)) && text.compareDocumentPosition(c) & Node.DOCUMENT_POSITION_FOLLOWING,
      );
      if (next) {
        near.push(next);
        break;
      }
      if (item && scope === item) break;
    }
  }
  return pickOne(near);
}

const CHOICE_ROLES: readonly Role[] = ['radio', 'tab', 'option'];

/**
 * A choice among several (a radio, a radio card, a tab, an option) by its words: named so, or
 * holding a short text with exactly these words beside a longer description, as radio cards do.
 */
export function findChoice(names: readonly string[], root: ParentNode = document): Element | null {
  const choices = CHOICE_ROLES.flatMap((r) => candidates(root, r));
  const named = choices.filter((el) => bestMatch(el, names) > 0);
  if (named.length > 0) return pickOne(named, names);
  return pickOne(choices.filter((el) => Array.from(el.querySelectorAll('*')).some((inner) => isVisible(inner) && nameMatches(visibleText(inner), names))));
}

const MESSAGE = 'p, div, span, li, h1, h2, h3, h4, strong, [role="alert"], [role="status"], output';

/** The smallest visible element whose text contains one of these phrases (for messages and errors). */
export function findText(phrases: readonly string[], root: ParentNode = document): Element | null {
  let best: Element | null = null;
  for (const el of Array.from(root.querySelectorAll(MESSAGE))) {
    if (!isVisible(el) || !containsPhrase(visibleText(el), phrases)) continue;
    if (!best || best.contains(el)) best = el;
  }
  return best;
}
