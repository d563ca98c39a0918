// The box a person sees for an element. A row of a CSS-grid table is often `display: contents`:
// it has no box of its own, and what shows of it is its cells' boxes, so its box is their union.
// Text directly inside such an element is measured too (a Range), so no part of it is left out.

const boxless = (el: Element) => el.ownerDocument.defaultView?.getComputedStyle(el).display === 'contents';

function parts(el: Element): DOMRect[] {
  if (!boxless(el)) return Array.from(el.getClientRects()).filter((r) => r.width > 0 || r.height > 0);
  const rects: DOMRect[] = [];
  for (const child of Array.from(el.childNodes)) {
    if (child instanceof Element) rects.push(...parts(child));
    else if (child.nodeType === Node.TEXT_NODE && child.textContent?.trim()) {
      const range = el.ownerDocument.createRange();
      range.selectNodeContents(child);
      rects.push(...Array.from(range.getClientRects()));
    }
  }
  return rects;
}

/** The element's box on screen: its own, or for a box-less wrapper the union of what it shows. */
export function boxOf(el: Element): DOMRect {
  if (!boxless(el)) return el.getBoundingClientRect();
  const rects = parts(el);
  if (rects.length === 0) return new DOMRect(0, 0, 0, 0);
  const left = Math.min(...rects.map((r) => r.left));
  const top = Math.min(...rects.map((r) => r.top));
  const right = Math.max(...rects.map((r) => r.right));
  const bottom = Math.max(...rects.map((r) => r.bottom));
  return new DOMRect(left, top, right - left, bottom - top);
}

/** Laid out at all: a box of its own, or, box-less, something inside that has one. */
export const hasBox = (el: Element): boolean => (boxless(el) ? parts(el).length > 0 : el.getClientRects().length > 0);

/** Scrolls the element into view; a box-less wrapper scrolls by its first child that has a box. */
export function scrollToShow(el: Element, block: ScrollLogicalPosition): void {
  const shown = boxless(el) ? Array.from(el.children).find((c) => hasBox(c)) : el;
  (shown ?? el).scrollIntoView({ block, inline: 'nearest' });
}
