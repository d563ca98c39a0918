// The API-key path of Zoho's guide (shared/seeds): enable API access for the admin, then generate
// a key under the user profile menu and hand it to the assistant. The guide points and explains;
// the admin clicks Save and Generate New API Key, never the guide.
import { apiKeySchema } from '../../config/schema';
import { findContainer, findSurface, surfaceOf } from '../../dom/context';
import { findAnyByRole, findByLabel, findByRole, findClickable, findText } from '../../dom/find';
import { isVisible, visibleText } from '../../dom/visible';
import type { Flow, GuideContext } from '../types';
import { isChecked, isCurrent } from './page';

/** Every word this flow looks for on the page, in one place: a renamed label is a one-line fix. */
export const WORDS = {
  settings: ['Settings'],
  administrators: ['Administrators', 'Admins'],
  editAdministrator: ['Edit Administrator', 'Edit Admin', 'Administrator Details'],
  enableApiAccess: ['Enable API access', 'API access', 'Enable API'],
  save: ['Save', 'Save Changes', 'Update'],
  profileMenu: ['User Profile', 'Profile', 'User menu', 'Account', 'Account menu', 'My Profile'],
  myApiKey: ['My API Key', 'API Key', 'API Keys'],
  apiKeyDialog: ['API Key', 'My API Key', 'API Keys'],
  generate: ['Generate New API Key', 'Generate API Key', 'Generate Key', 'Generate New Key'],
  noPermission: ["You don't have permission to view or generate an API Key", "don't have permission", 'not authorized to view'],
} as const;

const KEY_SHAPE = /\b(jca_[A-Za-z0-9]{36}|[A-Za-z0-9]{40})\b/;
const NEW_KEY_SHAPE = /\b(jca_[A-Za-z0-9]{36})\b/;

/**
 * The administrator's edit pop-up or drawer: one titled so, or — when it is titled with the
 * administrator's name, as redesigns do — the pop-up or drawer that holds the API access control.
 */
const editSurface = (c: GuideContext) => {
  const titled = findSurface(WORDS.editAdministrator, c.doc);
  if (titled) return titled;
  const box = findByRole('checkbox', WORDS.enableApiAccess, c.doc);
  return box ? surfaceOf(box) : null;
};
const apiKeySurface = (c: GuideContext) => findSurface(WORDS.apiKeyDialog, c.doc);
const adminList = (c: GuideContext) => findContainer('table', WORDS.administrators, c.doc) ?? findContainer('list', WORDS.administrators, c.doc);
const apiAccessBox = (c: GuideContext) => {
  const surface = editSurface(c);
  return surface ? (findByRole('checkbox', WORDS.enableApiAccess, surface) ?? findByLabel(WORDS.enableApiAccess, surface)) : null;
};
const administratorsShown = (c: GuideContext) => !!adminList(c) || isCurrent(findClickable(WORDS.administrators, c.doc));

function keyIn(scope: ParentNode, shape: RegExp): { value: string; element: Element } | null {
  for (const input of Array.from(scope.querySelectorAll('input, textarea')) as (HTMLInputElement | HTMLTextAreaElement)[]) {
    const m = shape.exec(input.value);
    if (m && isVisible(input)) return { value: m[1]!, element: input };
  }
  for (const el of Array.from(scope.querySelectorAll('code, pre, span, p, div, output, strong'))) {
    if (el.children.length > 0 || !isVisible(el)) continue;
    const m = shape.exec(visibleText(el));
    if (m) return { value: m[1]!, element: el };
  }
  return null;
}

/**
 * The new key as the console shows it: in a field or as text, in the API key pop-up or drawer —
 * or, when no surface is titled so, anywhere on the page but only in the unmistakable jca_ form.
 * Read, never displayed by us.
 */
export function shownKey(c: GuideContext): { value: string; element: Element } | null {
  const surface = apiKeySurface(c);
  return surface ? keyIn(surface, KEY_SHAPE) : keyIn(c.doc, NEW_KEY_SHAPE);
}

const generateControl = (c: GuideContext) => {
  const surface = apiKeySurface(c);
  return (surface && findClickable(WORDS.generate, surface)) || findClickable(WORDS.generate, c.doc);
};
const myApiKeyItem = (c: GuideContext) => findByRole('menuitem', WORDS.myApiKey, c.doc) ?? findClickable(['My API Key'], c.doc);
const profileButton = (c: GuideContext) => findByRole('button', WORDS.profileMenu, c.doc);

export const apiKeyFlow: Flow = {
  id: 'api-key',
  title: 'Get a JumpCloud API key',
  console: 'JumpCloud',
  steps: [
    {
      id: 'settings',
      title: 'Open Settings',
      say: 'Click Settings in the left menu.',
      why: 'The API key belongs to an administrator, and administrators are managed under Settings.',
      target: (c) => findClickable(WORDS.settings, c.doc),
      done: (c) => !!findClickable(WORDS.administrators, c.doc) || administratorsShown(c) || !!editSurface(c),
    },
    {
      id: 'administrators',
      title: 'Open Administrators',
      say: 'Click Administrators.',
      target: (c) => findClickable(WORDS.administrators, c.doc),
      done: (c) => administratorsShown(c) || !!editSurface(c),
    },
    {
      id: 'admin',
      title: 'Open your administrator',
      say: 'Click the name of the administrator who will perform this integration — usually yourself.',
      why: 'The key will act with this administrator’s rights.',
      target: (c) => adminList(c),
      done: (c) => !!editSurface(c),
    },
    {
      id: 'enable-api-access',
      title: 'Enable API access',
      say: 'In the Edit Administrator pop-up, below the Role field, select Enable API access.',
      why: 'Without it JumpCloud will not let this administrator generate an API key.',
      target: (c) => apiAccessBox(c),
      arrived: (c) => !!editSurface(c),
      done: (c) => isChecked(apiAccessBox(c)),
    },
    {
      id: 'save-administrator',
      title: 'Save the administrator',
      say: 'Click Save. The guide does not click it for you.',
      target: (c) => {
        const surface = editSurface(c);
        return surface ? findByRole('button', WORDS.save, surface) : null;
      },
      done: (c) => !editSurface(c),
    },
    {
      id: 'profile-menu',
      title: 'Open the user profile menu',
      say: 'Click the User Profile icon (your initials) in the top-right corner.',
      target: (c) => profileButton(c),
      done: (c) => !!myApiKeyItem(c) || !!apiKeySurface(c) || !!generateControl(c),
    },
    {
      id: 'my-api-key',
      title: 'Open My API Key',
      say: 'Click My API Key.',
      target: (c) => myApiKeyItem(c) ?? profileButton(c),
      arrived: (c) => !!myApiKeyItem(c),
      done: (c) => !!generateControl(c) || !!shownKey(c),
    },
    {
      id: 'generate',
      title: 'Generate a new API key',
      say: 'When you are ready, click Generate New API Key yourself.',
      why:
        'Generating a new key revokes your current one at once: every integration that still uses the old key — scripts, ' +
        'other directory syncs, a Zoho Directory store already connected by API — stops working until it is given the new key.',
      target: (c) => generateControl(c) ?? myApiKeyItem(c),
      arrived: (c) => !!generateControl(c),
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
          if (!shown) return { ok: false, message: 'No API key is on screen. Generate one first, then save it while the console shows it.' };
          const parsed = apiKeySchema.safeParse(shown.value);
          if (!parsed.success) return { ok: false, message: `That does not look like a JumpCloud API key: ${parsed.error.issues[0]?.message ?? 'wrong form'}.` };
          const saved = await c.services.saveApiKey(parsed.data);
          if (!saved.ok) return { ok: false, message: `The assistant did not save the key: ${saved.error}` };
          if (saved.awaiting) {
            return {
              ok: true,
              message:
                'The assistant already has a key. Confirm the replacement on the assistant’s page that just opened (the console cannot do it for you), ' +
                'then come back and click "I’ve done this — next".',
            };
          }
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
      when: (c) => !apiKeySurface(c) && !generateControl(c) && !!findAnyByRole('alert', c.doc),
      say: 'JumpCloud showed an error instead of the API key. Refresh the page once, then open the user profile menu and My API Key again.',
    },
  ],
  finished:
    'The API key is saved in the assistant. JumpCloud will not show it again: if you lose it, you can only generate a new one, which revokes this one.',
};
