// "Show me where": when the guide cannot find what a step points at, the admin clicks it (or tabs
// to it and presses Enter) and the guide uses that element for the step. The click only shows; it
// is kept from the console, so showing the guide a button never presses it. Escape gives up.
import { OVERLAY_TAG } from '../dom/visible';

const INTERACTIVE =
  'button, a[href], input, select, textarea, summary, [role="button"], [role="link"], [role="menuitem"], [role="tab"], ' +
  '[role="checkbox"], [role="switch"], [role="option"], [role="textbox"], [role="combobox"], [role="row"], [role="gridcell"]';

const ours = (e: Event) => e.composedPath().some((n) => n instanceof Element && n.tagName === OVERLAY_TAG.toUpperCase());

/** The control a click on `el` means: the nearest interactive ancestor, else the element itself. */
export function meant(el: Element): Element {
  return el.closest(INTERACTIVE) ?? el;
}

export function pickElement(doc: Document, onPicked: (el: Element | null) => void): () => void {
  const swallow = (e: Event) => {
    if (ours(e)) return;
    e.preventDefault();
    e.stopImmediatePropagation();
  };
  const click = (e: MouseEvent) => {
    if (ours(e)) return;
    swallow(e);
    if (e.target instanceof Element) finish(meant(e.target));
  };
  const key = (e: KeyboardEvent) => {
    if (ours(e)) return;
    if (e.key === 'Escape') {
      swallow(e);
      finish(null);
    } else if (e.key === 'Enter' || e.key === ' ') {
      swallow(e);
      const active = doc.activeElement;
      finish(active && active !== doc.body ? meant(active) : null);
    }
  };
  const types = ['pointerdown', 'mousedown', 'pointerup', 'mouseup'] as const;
  for (const t of types) doc.addEventListener(t, swallow, true);
  doc.addEventListener('click', click, true);
  doc.addEventListener('keydown', key, true);
  let done = false;
  function stop() {
    for (const t of types) doc.removeEventListener(t, swallow, true);
    doc.removeEventListener('click', click, true);
    doc.removeEventListener('keydown', key, true);
  }
  function finish(el: Element | null) {
    if (done) return;
    done = true;
    stop();
    onPicked(el);
  }
  return () => {
    done = true;
    stop();
  };
}
