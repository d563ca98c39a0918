// What a person can see: laid out, not hidden, and the words on screen without the glyphs that
// assistive technology is told to skip (aria-hidden icons).
import { boxOf, hasBox } from './box';

/** The tag of the assistant's own overlay host: never part of the console a finder looks at. */
export const OVERLAY_TAG = 'jumpcloud-zoho-assistant';

/** Shown on screen: laid out and not hidden by visibility. */
export function isVisible(el: Element): boolean {
  if (!hasBox(el)) return false;
  const style = el.ownerDocument.defaultView?.getComputedStyle(el);
  return style?.visibility !== 'hidden' && style?.visibility !== 'collapse';
}

const BLOCKS = ['DIV', 'P', 'LI', 'TD', 'TH', 'TR', 'BR', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6'];

/** Laid out as a box of its own rather than inline in the text around it. */
function boxed(el: Element): boolean {
  if (BLOCKS.includes(el.tagName)) return true;
  const display = el.ownerDocument.defaultView?.getComputedStyle(el).display ?? 'inline';
  return display !== 'inline' && display !== 'contents' && display !== '';
}

/** The text a person reads in `el`: hidden parts and aria-hidden icons left out. */
export function visibleText(el: Element): string {
  const parts: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      parts.push(node.textContent ?? '');
      return;
    }
    if (!(node instanceof Element)) return;
    if (node.getAttribute('aria-hidden') === 'true' || node.tagName === OVERLAY_TAG.toUpperCase()) return;
    if (['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT'].includes(node.tagName)) return;
    if (node !== el && node instanceof HTMLElement && node.hidden) return;
    if (node instanceof HTMLInputElement || node instanceof HTMLSelectElement || node instanceof HTMLTextAreaElement) return;
    // A box of its own (a block, a chip, a cell) ends a word, as the eye sees it: a value drawn
    // beside a badge with no space between them still reads as two words.
    const apart = node !== el && boxed(node);
    if (apart) parts.push(' ');
    for (const child of Array.from(node.childNodes)) walk(child);
    if (apart) parts.push(' ');
  };
  walk(el);
  return parts.join('').replace(/\s+/g, ' ').trim();
}

/**
 * True unless something else of the page covers the element's centre (a modal's backdrop, a
 * drawer): what a person could actually click. Our own overlay does not count, and an element
 * scrolled out of view is given the benefit of the doubt.
 */
export function isOnTop(el: Element): boolean {
  const doc = el.ownerDocument;
  const r = boxOf(el);
  const x = r.left + r.width / 2;
  const y = r.top + r.height / 2;
  const view = doc.defaultView;
  if (!view || x < 0 || y < 0 || x >= view.innerWidth || y >= view.innerHeight) return true;
  const hit = doc.elementsFromPoint(x, y).find((e) => e.tagName !== OVERLAY_TAG.toUpperCase());
  return !hit || el.contains(hit) || hit.contains(el) || !!hit.closest('label')?.contains(el);
}
