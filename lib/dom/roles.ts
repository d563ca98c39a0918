// The elements that can have each role, explicit or implicit. A finder filters these by name; the
// list is wide on purpose (a redesign swaps <button> for <div role="button">, a dialog for a
// drawer, a tab for a link with aria-current).
import { isVisible } from './visible';

const ROLE_SELECTORS = {
  button: 'button, [role="button"], input[type="button"], input[type="submit"], input[type="reset"], summary',
  link: 'a[href], [role="link"]',
  menuitem: '[role="menuitem"], [role="menuitemcheckbox"], [role="menuitemradio"]',
  tab: '[role="tab"]',
  option: '[role="option"]',
  checkbox: 'input[type="checkbox"], [role="checkbox"], [role="switch"], [role="menuitemcheckbox"]',
  radio: 'input[type="radio"], [role="radio"]',
  textbox:
    'input:not([type]), input[type="text"], input[type="email"], input[type="url"], input[type="password"], input[type="search"], ' +
    'input[type="tel"], textarea, [role="textbox"], [role="searchbox"], [contenteditable="true"]',
  searchbox: 'input[type="search"], [role="searchbox"]',
  combobox: 'select, [role="combobox"], [role="listbox"]',
  dialog: 'dialog, [role="dialog"], [role="alertdialog"]',
  heading: 'h1, h2, h3, h4, h5, h6, [role="heading"]',
  table: 'table, [role="table"], [role="grid"], [role="treegrid"]',
  list: 'ul, ol, [role="list"], [role="listbox"]',
  menu: '[role="menu"]',
  alert: '[role="alert"], [role="alertdialog"]',
  status: '[role="status"], [aria-live="polite"], [aria-live="assertive"], output',
  group: 'fieldset, [role="group"], [role="radiogroup"]',
  region: 'section[aria-label], section[aria-labelledby], [role="region"], aside, [role="complementary"]',
} as const;
export type Role = keyof typeof ROLE_SELECTORS;

/** Controls a person clicks to go somewhere or do something. */
export const CLICKABLE_ROLES: readonly Role[] = ['button', 'link', 'menuitem', 'tab', 'option'];

/** Form controls, whatever they look like. */
export const FORM_CONTROL =
  'input:not([type="hidden"]):not([type="button"]):not([type="submit"]), select, textarea, [role="checkbox"], [role="switch"], ' +
  '[role="textbox"], [role="searchbox"], [role="combobox"], [role="radio"], [contenteditable="true"], ' +
  // A custom select drawn as a button that opens a list of options (the APG select-only combobox).
  '[aria-haspopup="listbox"]';

export function selectorOf(role: Role): string {
  return ROLE_SELECTORS[role];
}

/** The visible elements under `root` that can have this role. */
export function candidates(root: ParentNode, role: Role): Element[] {
  return Array.from(root.querySelectorAll(ROLE_SELECTORS[role])).filter(isVisible);
}
