// Zoho's Field Mapping and SETTINGS steps, walked with the assistant's own choices: for each Zoho
// field the assistant fills from a hard-coded value or a custom JumpCloud attribute, the guide
// points at the row's Edit (which Zoho shows on hover or focus), then fills the dialog's value at
// the admin's click; the admin clicks OK. For the settings it says the assistant's choices in
// Zoho's words and points at Zoho's own Save buttons, which it never clicks.
import { findSurface } from '../../dom/context';
import { fill } from '../../dom/fill';
import { findByRole, findClickable, pickOne } from '../../dom/find';
import { namesOf } from '../../dom/names';
import { candidates, selectorOf } from '../../dom/roles';
import { findRow, rowsOf } from '../../dom/rows';
import { isVisible, visibleText } from '../../dom/visible';
import { containsPhrase, nameMatches } from '../../dom/words';
import type { ActionResult, GuideContext, Step, ZohoMappingEntry, ZohoSettings } from '../types';
import { isChecked, isCurrent } from './page';
import { productOf, WORDS } from './zoho-words';

const kindWords = (e: ZohoMappingEntry) => (e.kind === 'hardcoded' ? WORDS.hardcoded : WORDS.attribute);
const kindName = (e: ZohoMappingEntry) => kindWords(e)[0];

/** The row of the mapping that shows this Zoho field's exact name. */
function fieldRow(c: GuideContext, field: string): Element | null {
  const found = findRow(c.doc.body, field);
  return 'row' in found ? found.row : null;
}

/** Mapped as the assistant maps it: the field's row shows the value. */
const reflected = (c: GuideContext, e: ZohoMappingEntry) => {
  const row = fieldRow(c, e.field);
  return !!row && containsPhrase(visibleText(row), [e.value]);
};

/** The entries this variant of the mapping can take, and the ones left to do on this page. */
const entries = (c: GuideContext, kinds: readonly ZohoMappingEntry['kind'][]) => (c.known.zohoMapping ?? []).filter((e) => kinds.includes(e.kind));
const pending = (c: GuideContext, kinds: readonly ZohoMappingEntry['kind'][]) => entries(c, kinds).filter((e) => !reflected(c, e));

/** The field's Edit dialog or popover: one titled with the field's name. */
const editorFor = (c: GuideContext, e: ZohoMappingEntry) => findSurface([e.field], c.doc);

/** The dialog's text field for this kind of value: named so, or the only one after the kind is chosen. */
function valueInput(editor: Element, e: ZohoMappingEntry): HTMLInputElement | HTMLTextAreaElement | null {
  const boxes = candidates(editor, 'textbox').filter((b) => b instanceof HTMLInputElement || b instanceof HTMLTextAreaElement);
  const named = boxes.filter((b) => namesOf(b).some((n) => nameMatches(n, kindWords(e))));
  const one = pickOne(named) ?? (boxes.length === 1 ? boxes[0]! : null);
  return one as HTMLInputElement | HTMLTextAreaElement | null;
}

/** Picks the kind of value in the dialog (a radio, a tab or a button): a choice, not a commitment. */
function chooseKind(editor: Element, e: ZohoMappingEntry): void {
  const radio = findByRole('radio', kindWords(e), editor);
  if (radio) {
    if (!isChecked(radio)) (radio as HTMLElement).click();
    return;
  }
  const tab = findByRole('tab', kindWords(e), editor) ?? findClickable(kindWords(e), editor);
  if (tab && !isCurrent(tab) && !isChecked(tab)) (tab as HTMLElement).click();
}

async function fillMapping(c: GuideContext, kinds: readonly ZohoMappingEntry['kind'][]): Promise<ActionResult> {
  const next = pending(c, kinds)[0];
  if (!next) return { ok: true, message: 'Every field the assistant sets is mapped.' };
  const editor = editorFor(c, next);
  if (!editor) return { ok: false, message: `Click Edit next to ${next.field} first (hover the row, or tab to it), then Fill again.` };
  chooseKind(editor, next);
  await new Promise((r) => setTimeout(r, 50));
  const input = valueInput(editor, next);
  if (!input) return { ok: false, message: `The guide cannot see the ${kindName(next)} field in the ${next.field} dialog: type "${next.value}" there yourself.` };
  fill(input, next.value);
  return { ok: true, message: `${next.field}: ${kindName(next)} "${next.value}". Check it, then click OK.` };
}

/** The Field Mapping step; Zoho's SCIM store offers only hard-coded values. */
export function mappingStep(kinds: readonly ZohoMappingEntry['kind'][]): Step {
  return {
    id: 'mapping',
    title: 'Map the fields',
    say:
      'For each field below, hover its row and click Edit (it shows when the pointer is on the row), then click "Fill mapping value" ' +
      'and OK. Skip any field you want to leave ' +
      'as Zoho maps it ("I’ve done this — next").',
    why: 'The assistant’s mapping sets these fields; Zoho maps the others to JumpCloud’s own fields already.',
    detail: (c) => {
      const left = pending(c, kinds);
      const skipped = kinds.includes('attribute') ? [] : entries(c, ['attribute']);
      const parts = [
        left.length ? `Next: ${left[0]!.field} — ${kindName(left[0]!)} "${left[0]!.value}"${left.length > 1 ? ` (then ${left.length - 1} more)` : ''}.` : 'Nothing left to map here: click Next.',
        ...(skipped.length ? [`Zoho’s SCIM store takes no custom attributes: ${skipped.map((e) => e.field).join(', ')} stay as Zoho maps them.`] : []),
      ];
      return parts.join(' ');
    },
    target: (c) => {
      const next = pending(c, kinds)[0];
      if (!next) return findClickable(WORDS.next, c.doc);
      const editor = editorFor(c, next);
      if (editor) {
        // Filled: what is left is the dialog's OK, the admin's to click.
        const input = valueInput(editor, next);
        return input && input.value === next.value ? (findClickable(WORDS.ok, editor) ?? input) : (input ?? editor);
      }
      // The whole row: its Edit may show only while the row is hovered, and a panel placed beside
      // the Edit alone could come under the pointer and take the hover away.
      return fieldRow(c, next.field);
    },
    arrived: (c) => mappingShown(c),
    done: (c) => !mappingShown(c) && settingsShown(c),
    action: { label: 'Fill mapping value', run: (c) => fillMapping(c, kinds) },
  };
}

/**
 * The mapping step is on screen: a heading or the current step of a stepper reads Field Mapping,
 * or a row shows a Zoho field beside an Edit (shown, or waiting for the row's hover).
 */
export function mappingShown(c: GuideContext): boolean {
  const titled = candidates(c.doc, 'heading').some((h) => nameMatches(visibleText(h), WORDS.fieldMapping));
  const current = Array.from(c.doc.querySelectorAll('[aria-current]')).some(
    (el) => el.getAttribute('aria-current') !== 'false' && isVisible(el) && nameMatches(visibleText(el), WORDS.fieldMapping),
  );
  return titled || current || rowsOf(c.doc.body).some((r) => !!findClickable(WORDS.edit, r) || hasHiddenEdit(r));
}

/** A row action that appears on hover: in the row, named Edit, hidden until then. */
const hasHiddenEdit = (row: Element) =>
  Array.from(row.querySelectorAll(selectorOf('button'))).some((b) => nameMatches(b.textContent, WORDS.edit) || nameMatches(b.getAttribute('aria-label'), WORDS.edit));

export const settingsShown = (c: GuideContext) =>
  [WORDS.passwordNotification, WORDS.statusSync, WORDS.syncCriteria, WORDS.scheduledSync].some(
    (w) => candidates(c.doc, 'heading').some((h) => nameMatches(visibleText(h), w)) || !!findByRole('group', w, c.doc) || !!findByRole('radio', w, c.doc),
  ) || !!findClickable(WORDS.saveAndClose, c.doc) || !!findClickable(WORDS.saveAndNext, c.doc);

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** The assistant's settings in Zoho's words, one line per setting. */
export function settingsInZohoWords(s: ZohoSettings, product: string): string[] {
  const password = { user: 'Send email OTP to user', admin: 'Send email OTP to Admin', none: 'Don’t notify anyone' }[s.password];
  const sc = s.schedule;
  const when =
    !sc.enabled ? 'off'
    : sc.frequency === 'weekly' ? `Weekly, on ${sc.weekdays.map((d) => DAYS[d]).join(', ')}, at ${sc.time}`
    : sc.frequency === 'monthly' ? `Monthly, on day ${sc.monthDates.join(', ')}, at ${sc.time}`
    : sc.frequency === 'hourly' ? `Daily at ${sc.time} (Zoho has no hourly schedule; the assistant’s own runs stay hourly)`
    : `Daily at ${sc.time}`;
  return [
    `Password Notification: ${s.mail === 'notify' ? password : 'Don’t notify anyone (mail notification is off)'}`,
    `Status Sync: ${s.status === 'mirror' ? `Change in ${product}` : 'Do nothing'}`,
    `Sync Criteria: ${s.criteria === 'all' ? 'All users' : `Users matching the criteria (the assistant has ${s.criteriaCount} rule${s.criteriaCount === 1 ? '' : 's'}; set them the same way)`}`,
    `Scheduled Sync: ${when}`,
  ];
}

const saveNext = (c: GuideContext) => findClickable(WORDS.saveAndNext, c.doc);
const saveClose = (c: GuideContext) => findClickable(WORDS.saveAndClose, c.doc);

export const settingsStep: Step = {
  id: 'settings',
  title: 'Choose the settings',
  say:
    'Under SETTINGS, choose as the assistant suggests below. If Zoho shows one setting at a time, click Save and Next after each; ' +
    'at the end click Save and Close. The guide does not click them for you.',
  why: 'Password Notification reaches only users whose email address is on a verified domain.',
  detail: (c) => (c.known.zohoSettings ? settingsInZohoWords(c.known.zohoSettings, productOf(c.doc)).join(' · ') : null),
  target: (c) => saveNext(c) ?? saveClose(c),
  arrived: settingsShown,
  done: (c) => !settingsShown(c) && !mappingShown(c) && storeListed(c),
};

/** Back on Directory Stores, with JumpCloud listed. */
export const storeListed = (c: GuideContext) =>
  (candidates(c.doc, 'heading').some((h) => nameMatches(visibleText(h), WORDS.directoryStores)) &&
    rowsOf(c.doc.body).some((r) => containsPhrase(visibleText(r), WORDS.jumpcloud))) ||
  !!findClickable(WORDS.members, c.doc);
