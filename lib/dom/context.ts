// Context a person uses but the markup may not state: the heading above a table, the title of a
// drawer that is no dialog, the row that holds a name.
import { namesOf } from './names';
import { candidates, selectorOf, type Role } from './roles';
import { isVisible, visibleText } from './visible';
import { nameMatches } from './words';
import { pickOne } from './find';

const HEADING = selectorOf('heading');
/** How far back a heading may sit before the thing it titles, in elements. */
const HEADING_REACH = 60;

/** The nearest visible heading before `el` in reading order, within reach. */
export function precedingHeading(el: Element): Element | null {
  const doc = el.ownerDocument;
  const walker = doc.createTreeWalker(doc.body ?? doc.documentElement, NodeFilter.SHOW_ELEMENT);
  walker.currentNode = el;
  for (let steps = 0; steps < HEADING_REACH; steps++) {
    const node = walker.previousNode() as Element | null;
    if (!node) return null;
    if (node.contains(el)) continue;
    if (node.matches(HEADING) && isVisible(node)) return node;
  }
  return null;
}

/** A table, list, group or region named so — by its own accessible name or the heading above it. */
export function findContainer(role: Role, names: readonly string[], root: ParentNode = document): Element | null {
  const all = candidates(root, role);
  const named = all.filter((el) => namesOf(el).some((n) => nameMatches(n, names)));
  if (named.length > 0) return pickOne(named);
  return pickOne(
    all.filter((el) => {
      const heading = precedingHeading(el);
      return !!heading && nameMatches(visibleText(heading), names) && !all.some((o) => o !== el && o.contains(el));
    }),
  );
}

const SURFACE = `${selectorOf('dialog')}, aside, [role="complementary"], [role="region"], section, form, [aria-modal="true"]`;

function layered(el: Element): boolean {
  const position = el.ownerDocument.defaultView?.getComputedStyle(el).position;
  return position === 'fixed' || position === 'absolute' || position === 'sticky';
}

/** The pop-up, drawer or panel `el` sits in: its nearest dialog-like or layered ancestor. */
export function surfaceOf(el: Element): Element | null {
  for (let up = el.parentElement; up && up !== up.ownerDocument.body; up = up.parentElement) {
    if (up.matches(SURFACE) || layered(up)) return up;
  }
  return null;
}

/**
 * A pop-up, drawer or panel a person knows by its title: a dialog named so, or the container of a
 * heading with these words — the nearest dialog-like ancestor, else the nearest layered one (a
 * drawer made of plain divs sits fixed or absolute over the page).
 */
export function findSurface(names: readonly string[], root: ParentNode = document): Element | null {
  const dialogs = candidates(root, 'dialog').filter((d) => namesOf(d).some((n) => nameMatches(n, names)));
  if (dialogs.length > 0) return pickOne(dialogs);
  const found: Element[] = [];
  for (const heading of candidates(root, 'heading')) {
    if (!nameMatches(visibleText(heading), names)) continue;
    const surface = surfaceOf(heading);
    if (surface) found.push(surface);
  }
  return pickOne(found);
}
