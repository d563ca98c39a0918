// Rows of a table, grid or list, and the control that belongs to a row. A row is chosen by the
// exact name it shows — never a prefix ("Engineering" is not "Engineering Managers") — and its
// control is the one inside that row, wherever the checkbox column sits.
import { isVisible, visibleText } from './visible';
import { exactly, matchLevel } from './words';

const ROW = 'tr, [role="row"], li, [role="listitem"], [role="option"]';
const CELL = 'td, th, [role="gridcell"], [role="cell"], [role="rowheader"]';
const HEADER_CELL = 'th, [role="columnheader"]';
const TOGGLE = 'input[type="checkbox"], [role="checkbox"], [role="switch"]';

/** The rows of a list that hold data (header rows left out), innermost rows only. */
export function rowsOf(container: Element): Element[] {
  const rows = Array.from(container.querySelectorAll(ROW)).filter(isVisible);
  return rows.filter((r) => {
    const cells = Array.from(r.querySelectorAll(`${CELL}, ${HEADER_CELL}`));
    const header = cells.length > 0 && cells.every((c) => c.matches(HEADER_CELL)) && !r.querySelector('[role="rowheader"]');
    return !header && !rows.some((o) => o !== r && r.contains(o));
  });
}

/** The texts a row shows for its name: each cell's, or the row's own text when it has no cells. */
function rowTexts(row: Element): string[] {
  const cells = Array.from(row.querySelectorAll(CELL));
  const texts = (cells.length ? cells : [row]).map(visibleText);
  // A cell may hold the name beside a badge or an icon: its short inner texts count too.
  for (const cell of cells.length ? cells : [row]) {
    for (const inner of Array.from(cell.querySelectorAll('a, span, label, strong, p, div'))) texts.push(visibleText(inner));
  }
  return texts.filter((t) => t !== '');
}

export type RowLookup = { row: Element } | { problem: 'absent' | 'ambiguous'; count: number };

/** The one row showing exactly `name` (whitespace aside); a lenient match only if no exact one. */
export function findRow(container: Element, name: string): RowLookup {
  const rows = rowsOf(container);
  const exact = rows.filter((r) => rowTexts(r).some((t) => exactly(t) === exactly(name)));
  const pool = exact.length > 0 ? exact : rows.filter((r) => rowTexts(r).some((t) => matchLevel(t, name) > 0));
  if (pool.length === 1) return { row: pool[0]! };
  return { problem: pool.length === 0 ? 'absent' : 'ambiguous', count: pool.length };
}

/** The row's only checkbox or switch; null when it has none or several. */
export function rowToggle(row: Element): Element | null {
  const toggles = Array.from(row.querySelectorAll(TOGGLE)).filter(isVisible);
  return toggles.length === 1 ? toggles[0]! : null;
}

export function isChecked(el: Element | null): boolean {
  if (!el) return false;
  if (el instanceof HTMLInputElement) return el.checked;
  return el.getAttribute('aria-checked') === 'true' || el.getAttribute('aria-pressed') === 'true' || el.getAttribute('aria-selected') === 'true';
}
