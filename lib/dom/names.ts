// Accessible names from dom-accessibility-api, the W3C accessible-name computation that Testing
// Library uses, rather than a partial copy of our own. A person also knows a control by what its
// tooltip says (title) and by a floating label tied to it only by aria-describedby, which the W3C
// algorithm files under the description: namesOf() adds those.
import { computeAccessibleName } from 'dom-accessibility-api';
import { visibleText } from './visible';

// One look at the page computes each element's names once: the cache lives until the current task
// ends (a microtask clears it), so a later look sees a changed page.
let cache: WeakMap<Element, string[]> | null = null;
function looked(): WeakMap<Element, string[]> {
  if (!cache) {
    cache = new WeakMap();
    queueMicrotask(() => (cache = null));
  }
  return cache;
}

export function accessibleName(el: Element): string {
  return computeAccessibleName(el);
}

/** Every name a person may know this element by, the accessible name first. */
export function namesOf(el: Element): string[] {
  const seen = looked().get(el);
  if (seen) return seen;
  const names = [accessibleName(el)];
  const title = el.getAttribute('title');
  if (title) names.push(title);
  const placeholder = el.getAttribute('placeholder');
  if (placeholder) names.push(placeholder);
  for (const id of (el.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean)) {
    const described = el.ownerDocument.getElementById(id);
    if (described) names.push(visibleText(described));
  }
  const out = names.map((n) => n.trim()).filter(Boolean);
  looked().set(el, out);
  return out;
}
