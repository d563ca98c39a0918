// Where the panel goes: beside what it points at, never over it (DESIGN.md principle 6). Floating
// UI computes each candidate placement (offset from the target, shifted into the viewport); the
// first that leaves the target's box uncovered wins. Where the admin moved the panel is kept while
// it covers nothing; when no placement fits, the caller folds the panel into its small bar.
import { computePosition, offset, shift, type Placement } from '@floating-ui/dom';

export interface Point {
  x: number;
  y: number;
}
/** Where the panel goes, and how tall it may be there (it scrolls inside when it must). */
export interface Spot extends Point {
  maxHeight?: number;
}
interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

const GAP = 12;
const MARGIN = 8;
/** The highlight drawn around a target is this much larger than the target itself. */
export const HIGHLIGHT_PAD = 4;
const PLACEMENTS: readonly Placement[] = ['right-start', 'left-start', 'bottom-start', 'top-start', 'right-end', 'left-end', 'bottom-end', 'top-end', 'bottom', 'top'];

const grow = (r: Box, by: number): Box => ({ left: r.left - by, top: r.top - by, right: r.right + by, bottom: r.bottom + by });
export const overlaps = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** The panel's size with all its content shown, whatever height it is held to now. */
function naturalSize(panel: HTMLElement): { width: number; height: number } {
  const { width, height } = panel.getBoundingClientRect();
  return { width, height: Math.max(height, panel.scrollHeight + (panel.offsetHeight - panel.clientHeight)) };
}

function boxAt(p: Point, panel: HTMLElement): Box {
  const { width, height } = naturalSize(panel);
  return { left: p.x, top: p.y, right: p.x + width, bottom: p.y + height };
}

function inView(b: Box, view: Window): boolean {
  return b.left >= 0 && b.top >= 0 && b.right <= view.innerWidth && b.bottom <= view.innerHeight;
}

/** The least height worth showing the panel in; less than that, it folds into its bar. */
const MIN_HEIGHT = 150;

/**
 * The free band above, below, left or right of the target with the most room for a panel this
 * wide, when none has room for the whole panel: the panel then scrolls inside that height.
 */
function freeBand(avoid: Box, width: number, view: Window): Spot | null {
  const vw = view.innerWidth;
  const vh = view.innerHeight;
  const x = Math.max(MARGIN, Math.min(avoid.left, vw - width - MARGIN));
  const bands: Spot[] = [
    { x, y: avoid.bottom + GAP, maxHeight: vh - MARGIN - avoid.bottom - GAP },
    { x, y: MARGIN, maxHeight: avoid.top - GAP - MARGIN },
    ...(avoid.right + GAP + width <= vw - MARGIN ? [{ x: avoid.right + GAP, y: MARGIN, maxHeight: vh - 2 * MARGIN }] : []),
    ...(avoid.left - GAP - width >= MARGIN ? [{ x: avoid.left - GAP - width, y: MARGIN, maxHeight: vh - 2 * MARGIN }] : []),
  ];
  const best = bands.filter((b) => b.maxHeight! >= MIN_HEIGHT).sort((a, b) => b.maxHeight! - a.maxHeight!)[0];
  return best ?? null;
}

/** The spot where `panel` covers nothing of `target` (null: nowhere); `preferred` first. */
export async function place(panel: HTMLElement, target: DOMRect | null, preferred?: Point): Promise<Spot | null> {
  const view = panel.ownerDocument.defaultView!;
  const avoid = target && target.width > 0 ? grow(target, HIGHLIGHT_PAD + 2) : null;
  const fits = (p: Point) => {
    const b = boxAt(p, panel);
    return inView(b, view) && (!avoid || !overlaps(b, avoid));
  };
  if (preferred && fits(preferred)) return preferred;
  const { width, height } = naturalSize(panel);
  const corners: Point[] = [
    { x: view.innerWidth - width - 16, y: view.innerHeight - height - 16 },
    { x: view.innerWidth - width - 16, y: 16 },
    { x: 16, y: view.innerHeight - height - 16 },
    { x: 16, y: 16 },
  ];
  if (!avoid) return corners.find(fits) ?? corners[0]!;
  const reference = { getBoundingClientRect: () => DOMRect.fromRect({ x: avoid.left, y: avoid.top, width: avoid.right - avoid.left, height: avoid.bottom - avoid.top }) };
  for (const placement of PLACEMENTS) {
    const p = await computePosition(reference, panel, { strategy: 'fixed', placement, middleware: [offset(GAP), shift({ padding: MARGIN, crossAxis: true })] });
    if (fits(p)) return { x: p.x, y: p.y };
  }
  return corners.find(fits) ?? freeBand(avoid, width, view);
}

/** A point kept inside the viewport, for a panel moved by the admin. */
export function clampToView(p: Point, panel: HTMLElement): Point {
  const view = panel.ownerDocument.defaultView!;
  const { width, height } = panel.getBoundingClientRect();
  return {
    x: Math.max(0, Math.min(p.x, view.innerWidth - width)),
    y: Math.max(0, Math.min(p.y, view.innerHeight - height)),
  };
}
