// Finding things in someone else's page as a person does (DESIGN.md principle 5): by the words on
// the screen — a label, a button's text, a role and its accessible name — never by class names the
// console's build generates. Every finder takes a list of names, so both namings of a renamed label
// ("SSO Applications" / "Applications") are found.

/** Visible words compared as a person reads them: case, spacing and trailing punctuation ignored. */
export function normalize(text: string | null | undefined): string {
  return (text ?? '')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\s:*.…]+$/, '')
    .toLowerCase();
}

export function nameMatches(text: string | null | undefined, names: readonly string[]): boolean {
  const t = normalize(text);
  return t !== '' && names.some((n) => normalize(n) === t);
}

const ROLE_SELECTORS: Record<string, string> = {
  button: 'button, [role="button"], input[type="button"], input[type="submit"]',
  link: 'a[href], [role="link"]',
  menuitem: '[role="menuitem"], [role="menuitemcheckbox"], [role="menuitemradio"]',
  tab: '[role="tab"]',
  checkbox: 'input[type="checkbox"], [role="checkbox"], [role="switch"]',
  textbox: 'input:not([type]), input[type="text"], input[type="email"], input[type="url"], input[type="password"], textarea, [role="textbox"]',
  dialog: 'dialog, [role="dialog"], [role="alertdialog"]',
  heading: 'h1, h2, h3, h4, h5, h6, [role="heading"]',
  table: 'table, [role="table"], [role="grid"]',
  menu: '[role="menu"]',
  alert: '[role="alert"]',
  group: 'fieldset, [role="group"]',
  region: 'section[aria-label], section[aria-labelledby], [role="region"]',
};
export type Role = keyof typeof ROLE_SELECTORS;

const FORM_CONTROL = 'input:not([type="hidden"]), select, textarea, [role="checkbox"], [role="switch"], [role="textbox"], [role="combobox"]';

function byIds(doc: Document, ids: string): string {
  return ids
    .split(/\s+/)
    .map((id) => doc.getElementById(id)?.textContent ?? '')
    .join(' ');
}

/** The element's accessible name, after the order the accessibility tree uses (simplified). */
export function accessibleName(el: Element): string {
  const doc = el.ownerDocument;
  const labelledBy = el.getAttribute('aria-labelledby');
  if (labelledBy) {
    const text = byIds(doc, labelledBy).trim();
    if (text) return text;
  }
  const aria = el.getAttribute('aria-label');
  if (aria?.trim()) return aria;
  if (el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement) {
    const labels = el.labels ? Array.from(el.labels, (l) => l.textContent ?? '').join(' ') : '';
    if (labels.trim()) return labels;
    if (el instanceof HTMLInputElement && ['button', 'submit'].includes(el.type)) return el.value;
    return el.getAttribute('title') ?? el.getAttribute('placeholder') ?? '';
  }
  if (el.tagName === 'TABLE') {
    const caption = (el as HTMLTableElement).caption?.textContent;
    if (caption?.trim()) return caption;
  }
  if (el.matches('dialog, [role="dialog"], [role="alertdialog"]')) {
    return el.querySelector('h1, h2, h3, [role="heading"]')?.textContent ?? el.getAttribute('title') ?? '';
  }
  return el.textContent || el.getAttribute('title') || '';
}

/** Shown on screen: laid out and not hidden by visibility. */
export function isVisible(el: Element): boolean {
  if (el.getClientRects().length === 0) return false;
  const style = el.ownerDocument.defaultView?.getComputedStyle(el);
  return style?.visibility !== 'hidden';
}

function visibleIn(root: ParentNode, selector: string): Element[] {
  return Array.from(root.querySelectorAll(selector)).filter(isVisible);
}

/** The first visible element with this role whose accessible name is one of `names`. */
export function findByRole(role: Role, names: readonly string[], root: ParentNode = document): Element | null {
  return visibleIn(root, ROLE_SELECTORS[role]!).find((el) => nameMatches(accessibleName(el), names)) ?? null;
}

/** The first visible element with this role, whatever its name. */
export function findAnyByRole(role: Role, root: ParentNode = document): Element | null {
  return visibleIn(root, ROLE_SELECTORS[role]!)[0] ?? null;
}

/** Something to click with these words: a button, a link, a menu item or a tab. */
export function findClickable(names: readonly string[], root: ParentNode = document): Element | null {
  for (const role of ['button', 'menuitem', 'tab', 'link'] as const) {
    const found = findByRole(role, names, root);
    if (found) return found;
  }
  return null;
}

/**
 * A form control by its visible label: label[for], a wrapping label, aria-label, aria-labelledby,
 * and failing those the nearest control after a short text with these words.
 */
export function findByLabel(names: readonly string[], root: ParentNode = document): Element | null {
  const controls = visibleIn(root, FORM_CONTROL);
  const named = controls.find((el) => nameMatches(accessibleName(el), names));
  if (named) return named;
  // Nearby text: a leaf element with the words, then the first control that follows it in its
  // parent (or its parent's parent).
  for (const text of visibleIn(root, 'label, span, div, p, dt, th, td, legend, strong')) {
    if (text.children.length > 0 || !nameMatches(text.textContent, names)) continue;
    for (let scope = text.parentElement, depth = 0; scope && depth < 2; scope = scope.parentElement, depth++) {
      const next = Array.from(scope.querySelectorAll(FORM_CONTROL)).find(
        (c) => isVisible(c) && text.compareDocumentPosition(c) & Node.DOCUMENT_POSITION_FOLLOWING,
      );
      if (next) return next;
    }
  }
  return null;
}

/** The smallest visible element whose text contains one of these phrases (for messages and errors). */
export function findText(phrases: readonly string[], root: ParentNode = document): Element | null {
  const wanted = phrases.map(normalize).filter(Boolean);
  let best: Element | null = null;
  for (const el of visibleIn(root, 'p, div, span, li, h1, h2, h3, h4, strong, [role="alert"], [role="status"]')) {
    const text = normalize(el.textContent);
    if (wanted.some((w) => text.includes(w)) && (!best || best.contains(el))) best = el;
  }
  return best;
}
