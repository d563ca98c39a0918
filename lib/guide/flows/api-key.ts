// The API-key path of Zoho's guide (shared/seeds): enable API access for the admin, then generate
// a key under the user profile menu and hand it to the assistant. The guide points and explains;
// the admin clicks Save and Generate New API Key, never the guide.
import { apiKeySchema } from '../../config/schema';
import { findAnyByRole, findByLabel, findByRole, findClickable, findText } from '../../dom/find';
import type { Flow, GuideContext } from '../types';

/** Every word this flow looks for on the page, in one place: a renamed label is a one-line fix. */
export const WORDS = {
  settings: ['Settings'],
  administrators: ['Administrators'],
  editAdministrator: ['Edit Administrator'],
  enableApiAccess: ['Enable API access', 'Enable API Access'],
  save: ['Save'],
  profileMenu: ['User Profile', 'Profile', 'User menu', 'Account'],
  myApiKey: ['My API Key'],
  apiKeyDialog: ['API Key', 'My API Key'],
  generate: ['Generate New API Key', 'Generate API Key'],
  noPermission: ["You don't have permission to view or generate an API Key"],
} as const;

const KEY_SHAPE = /\b(jca_[A-Za-z0-9]{36}|[A-Za-z0-9]{40})\b/;

const editDialog = (c: GuideContext) => findByRole('dialog', WORDS.editAdministrator, c.doc);
const apiKeyDialog = (c: GuideContext) => findByRole('dialog', WORDS.apiKeyDialog, c.doc);
const apiAccessBox = (c: GuideContext) => {
  const dialog = editDialog(c);
  return dialog ? findByLabel(WORDS.enableApiAccess, dialog) : null;
};
const isChecked = (el: Element | null) =>
  !!el && (el instanceof HTMLInputElement ? el.checked : el.getAttribute('aria-checked') === 'true');

/** The new key as the API Key pop-up shows it: in a field or as text. Read, never displayed by us. */
export function shownKey(c: GuideContext): { value: string; element: Element } | null {
  const dialog = apiKeyDialog(c);
  if (!dialog) return null;
  for (const input of Array.from(dialog.querySelectorAll('input, textarea')) as (HTMLInputElement | HTMLTextAreaElement)[]) {
    const m = KEY_SHAPE.exec(input.value);
    if (m) return { value: m[1]!, element: input };
  }
  for (const el of Array.from(dialog.querySelectorAll('code, pre, span, p, div'))) {
    if (el.children.length > 0) continue;
    const m = KEY_SHAPE.exec(el.textContent ?? '');
    if (m) return { value: m[1]!, element: el };
  }
  return null;
}

export const apiKeyFlow: Flow = {
  id: 'api-key',
  title: 'Get a JumpCloud API key',
  steps: [
    {
      id: 'settings',
      title: 'Open Settings',
      say: 'Click Settings in the left menu.',
      why: 'The API key belongs to an administrator, and administrators are managed under Settings.',
      target: (c) => findClickable(WORDS.settings, c.doc),
      done: (c) => !!findClickable(WORDS.administrators, c.doc) || !!editDialog(c),
    },
    {
      id: 'administrators',
      title: 'Open Administrators',
      say: 'Click Administrators.',
      target: (c) => findClickable(WORDS.administrators, c.doc),
      done: (c) => !!findByRole('table', WORDS.administrators, c.doc) || !!editDialog(c),
    },
    {
      id: 'admin',
      title: 'Open your administrator',
      say: 'Click the name of the administrator who will perform this integration — usually yourself.',
      why: 'The key will act with this administrator’s rights.',
      target: (c) => findByRole('table', WORDS.administrators, c.doc),
      done: (c) => !!editDialog(c),
    },
    {
      id: 'enable-api-access',
      title: 'Enable API access',
      say: 'In the Edit Administrator pop-up, below the Role field, select Enable API access.',
      why: 'Without it JumpCloud will not let this administrator generate an API key.',
      target: (c) => apiAccessBox(c) ?? findByRole('table', WORDS.administrators, c.doc),
      arrived: (c) => !!editDialog(c),
      done: (c) => isChecked(apiAccessBox(c)),
    },
    {
      id: 'save-administrator',
      title: 'Save the administrator',
      say: 'Click Save. The guide does not click it for you.',
      target: (c) => {
        const dialog = editDialog(c);
        return dialog ? findByRole('button', WORDS.save, dialog) : null;
      },
      done: (c) => !editDialog(c),
    },
    {
      id: 'profile-menu',
      title: 'Open the user profile menu',
      say: 'Click the User Profile icon in the top-right corner.',
      target: (c) => findByRole('button', WORDS.profileMenu, c.doc),
      done: (c) => !!findByRole('menuitem', WORDS.myApiKey, c.doc) || !!apiKeyDialog(c),
    },
    {
      id: 'my-api-key',
      title: 'Open My API Key',
      say: 'Click My API Key.',
      target: (c) => findByRole('menuitem', WORDS.myApiKey, c.doc) ?? findByRole('button', WORDS.profileMenu, c.doc),
      arrived: (c) => !!findByRole('menuitem', WORDS.myApiKey, c.doc),
      done: (c) => {
        const dialog = apiKeyDialog(c);
        return !!dialog && (!!findClickable(WORDS.generate, dialog) || !!shownKey(c));
      },
    },
    {
      id: 'generate',
      title: 'Generate a new API key',
      say: 'When you are ready, click Generate New API Key yourself.',
      why:
        'Generating a new key revokes your current one at once: every integration that still uses the old key — scripts, ' +
        'other directory syncs, a Zoho Directory store already connected by API — stops working until it is given the new key.',
      target: (c) => {
        const dialog = apiKeyDialog(c);
        return (dialog && findClickable(WORDS.generate, dialog)) || findByRole('menuitem', WORDS.myApiKey, c.doc);
      },
      arrived: (c) => {
        const dialog = apiKeyDialog(c);
        return !!dialog && !!findClickable(WORDS.generate, dialog);
      },
      done: (c) => !!shownKey(c),
    },
    {
      id: 'save-key',
      title: 'Save the key in the assistant',
      say: 'Click "Save to assistant": the key is checked, then stored encrypted in this browser.',
      why: 'JumpCloud shows this key only once, now.',
      target: (c) => shownKey(c)?.element ?? null,
      done: (c) => c.memo.keySaved === true,
      action: {
        label: 'Save to assistant',
        async run(c) {
          const shown = shownKey(c);
          if (!shown) return { ok: false, message: 'No API key is on screen. Generate one first, then save it while the pop-up shows it.' };
          const parsed = apiKeySchema.safeParse(shown.value);
          if (!parsed.success) return { ok: false, message: `That does not look like a JumpCloud API key: ${parsed.error.issues[0]?.message ?? 'wrong form'}.` };
          const saved = await c.services.saveApiKey(parsed.data);
          if (!saved.ok) return { ok: false, message: `The assistant did not save the key: ${saved.error}` };
          c.memo.keySaved = true;
          return { ok: true, message: 'Saved in the assistant, encrypted.' };
        },
      },
    },
  ],
  problems: [
    {
      id: 'no-permission',
      when: (c) => !!findText(WORDS.noPermission, c.doc),
      say:
        'JumpCloud says you may not view or generate an API key. An Administrator with Billing has to open Settings → Administrators → ' +
        'your name, select Enable API access and Save; then open My API Key again.',
    },
    {
      id: 'error-instead-of-pop-up',
      during: ['my-api-key', 'generate'],
      when: (c) => !apiKeyDialog(c) && !!findAnyByRole('alert', c.doc),
      say: 'JumpCloud showed an error instead of the API Key pop-up. Refresh the page once, then open the user profile menu and My API Key again.',
    },
  ],
  finished:
    'The API key is saved in the assistant. JumpCloud will not show it again: if you lose it, you can only generate a new one, which revokes this one.',
};
