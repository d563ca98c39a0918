// Reading what Zoho's API INTEGRATION step shows, as a person reads it: the Sync endpoint beside
// its label (as text or in a read-only field), and the SCIM token — which Zoho may show masked, so
// the guide reveals it with the console's own Show control, reads it, and masks it again. Nothing
// is guessed: a value the guide cannot see plainly is not read.
import { findClickable, textLeaves } from '../../dom/find';
import { FORM_CONTROL, selectorOf } from '../../dom/roles';
import { isVisible, visibleText } from '../../dom/visible';
import { waitFor } from '../../dom/wait';
import { nameMatches } from '../../dom/words';
import { WORDS } from './zoho-words';

const MASKED = /^[•●∙·*]{4,}$/;
const SHAPE = /^\S{8,}$/;
/** How far above its label a value's container may be. */
const LEVELS = 3;
const BUTTONS = selectorOf('button');

/** The values a container shows besides its label: read-only fields' values and plain text leaves. */
function shownValues(scope: Element, labels: readonly string[]): { value: string; element: Element }[] {
  const out: { value: string; element: Element }[] = [];
  for (const input of Array.from(scope.querySelectorAll(FORM_CONTROL)) as HTMLInputElement[]) {
    if (isVisible(input) && typeof input.value === 'string' && input.value.trim() !== '') out.push({ value: input.value.trim(), element: input });
  }
  for (const el of Array.from(scope.querySelectorAll('*'))) {
    if (el.children.length > 0 || !isVisible(el) || el.closest(BUTTONS)) continue;
    const text = visibleText(el);
    if (text === '' || nameMatches(text, labels)) continue;
    out.push({ value: text, element: el });
  }
  return out;
}

/**
 * The one value shown with a label: the nearest container of the label holding exactly one
 * value besides it. Null when there is none or more than one (never a guess between two).
 */
export function valueBeside(doc: Document, labels: readonly string[]): { value: string; element: Element; scope: Element } | null {
  const found: { value: string; element: Element; scope: Element }[] = [];
  for (const label of textLeaves(doc, labels)) {
    for (let scope = label.parentElement, depth = 0; scope && depth < LEVELS; scope = scope.parentElement, depth++) {
      const values = shownValues(scope, labels).filter((v) => !v.element.contains(label));
      if (values.length === 1) {
        found.push({ ...values[0]!, scope });
        break;
      }
      if (values.length > 1) break;
    }
  }
  return found.length === 1 ? found[0]! : null;
}

export function syncEndpointShown(doc: Document): string | null {
  const shown = valueBeside(doc, WORDS.syncEndpoint);
  return shown && /^https:\/\/\S+$/.test(shown.value) ? shown.value : null;
}

const NOT_A_TOKEN = 'What Zoho shows as the SCIM token does not look like one.';
/** Shown as dots, or in a password field: a person sees no token there. */
const masked = (v: { value: string; element: Element }) =>
  MASKED.test(v.value) || (v.element instanceof HTMLInputElement && v.element.type === 'password');

export type TokenRead = { token: string } | { problem: string };

/** The SCIM token as the page shows it, revealed for the moment of reading if Zoho masks it. */
export async function readToken(doc: Document): Promise<TokenRead> {
  const shown = valueBeside(doc, WORDS.scimToken);
  if (!shown) return { problem: 'The guide cannot see the SCIM token on this page. Choose Using SCIM under API INTEGRATION first.' };
  if (!masked(shown)) return SHAPE.test(shown.value) ? { token: shown.value } : { problem: NOT_A_TOKEN };
  // Masked: reveal it with the console's own control, the way a person would.
  const reveal = findClickable(WORDS.reveal, shown.scope);
  if (!reveal) return { problem: 'Zoho shows the SCIM token masked and the guide cannot see its Show control: click Show yourself, then Save to assistant again.' };
  (reveal as HTMLElement).click();
  const revealed = await waitFor(
    () => {
      const now = valueBeside(doc, WORDS.scimToken);
      return now && !masked(now) ? now : null;
    },
    { timeoutMs: 3000 },
  ).catch(() => null);
  // Leave the page as the admin had it: masked again.
  const hide = findClickable(WORDS.hide, revealed?.scope ?? shown.scope);
  const value = revealed?.value ?? null;
  if (hide) (hide as HTMLElement).click();
  if (!value) return { problem: 'Zoho did not show the SCIM token when asked: click Show yourself, then Save to assistant again.' };
  return SHAPE.test(value) ? { token: value } : { problem: NOT_A_TOKEN };
}
