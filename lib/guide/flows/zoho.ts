// The Zoho side of Zoho's guides (shared/seeds), in Zoho Directory (Admin Panel) and Zoho One
// (Directory): Directory Stores → Add Directory → Add next to JumpCloud, then either path.
// "Using SCIM": the guide reads the Sync endpoint and SCIM token at the admin's click and keeps
// them as the assistant's target, so the JumpCloud guide fills Base URL and Token Key from them.
// "Using API": the guide fills the API key saved from the JumpCloud guide. Both then walk the field
// mapping and the settings. It never clicks Next, Save and Next, Save and Close or Regenerate.
import { fill } from '../../dom/fill';
import { findByLabel, findByRole, findChoice, findClickable, findText, textLeaves } from '../../dom/find';
import { nameMatches } from '../../dom/words';
import type { Flow, GuideContext, Problem, Step } from '../types';
import { firstOf, isChecked, isCurrent, shownValue, textField } from './page';
import { readToken, syncEndpointShown } from './zoho-capture';
import { mappingShown, mappingStep, settingsShown, settingsStep } from './zoho-mapping';
import { WORDS } from './zoho-words';

export { WORDS };

const jumpcloudAdd = (c: GuideContext) => findClickable(WORDS.jumpcloud, c.doc);
/** The JumpCloud store's API INTEGRATION step is on screen. */
const integrationShown = (c: GuideContext) =>
  textLeaves(c.doc, WORDS.apiIntegration).length > 0 || !!choice(c, WORDS.usingScim) || !!apiKeyField(c) || !!syncEndpointShown(c.doc);
const choice = (c: GuideContext, names: readonly string[]) => findChoice(names, c.doc) ?? findClickable(names, c.doc);
const chosen = (el: Element | null) => isCurrent(el) || isChecked(el);
const apiKeyField = (c: GuideContext) => textField(c.doc, WORDS.apiKey);
const nextButton = (c: GuideContext) => findByRole('button', WORDS.next, c.doc);
const pastIntegration = (c: GuideContext) => mappingShown(c) || settingsShown(c);

/** Admin Panel (or Directory) → Directory Stores → Add Directory → Add next to JumpCloud. */
const reachSteps: Step[] = [
  {
    id: 'admin-panel',
    title: 'Open the Admin Panel',
    say: 'Click Admin Panel in the left menu (in Zoho One: Directory).',
    target: (c) => firstOf(WORDS.adminPanel, (n) => findClickable(n, c.doc)),
    done: (c) => !!findClickable(WORDS.directoryStores, c.doc) || !!findClickable(WORDS.addDirectory, c.doc) || integrationShown(c),
  },
  {
    id: 'directory-stores',
    title: 'Open Directory Stores',
    say: 'Click Directory Stores.',
    target: (c) => findClickable(WORDS.directoryStores, c.doc),
    done: (c) => !!findClickable(WORDS.addDirectory, c.doc) || !!jumpcloudAdd(c) || integrationShown(c),
  },
  {
    id: 'add-directory',
    title: 'Add a directory',
    say: 'Click Add Directory.',
    target: (c) => findClickable(WORDS.addDirectory, c.doc),
    done: (c) => !!jumpcloudAdd(c) || integrationShown(c),
  },
  {
    id: 'add-jumpcloud',
    title: 'Add JumpCloud',
    say: 'Click Add next to JumpCloud.',
    target: jumpcloudAdd,
    arrived: (c) => !!jumpcloudAdd(c) && !findClickable(WORDS.addDirectory, c.doc),
    done: integrationShown,
  },
];

const nextStep = (id: string, why?: string): Step => ({
  id,
  title: 'Click Next',
  say: 'Click Next. The guide does not click it for you.',
  ...(why ? { why } : {}),
  target: nextButton,
  done: pastIntegration,
});

const afterwards = (product: string) =>
  `Remember: only the users in the groups bound in JumpCloud sync; the Members tab of the JumpCloud store shows who arrived; ` +
  `attributes such as Location, Employee ID and Job Title reach ${product} only once you add each one to JumpCloud’s attribute mapping by hand.`;

export const zohoScimFlow: Flow = {
  id: 'zoho-scim',
  title: 'Save the Sync endpoint and SCIM token in the assistant',
  console: 'Zoho',
  steps: [
    ...reachSteps,
    {
      id: 'using-scim',
      title: 'Choose Using SCIM',
      say: 'Under API INTEGRATION, choose Using SCIM.',
      target: (c) => choice(c, WORDS.usingScim),
      arrived: integrationShown,
      done: (c) => !!syncEndpointShown(c.doc) || chosen(choice(c, WORDS.usingScim)),
    },
    {
      id: 'save-target',
      title: 'Save the Sync endpoint and SCIM token',
      say:
        'Click "Save to assistant": the guide reads the Sync endpoint and the SCIM token here — showing the token for a moment ' +
        'with Zoho’s own Show control — and keeps them in the assistant, the token encrypted. Do not click Regenerate.',
      why: 'The JumpCloud guide then fills Base URL and Token Key from them, and the assistant can sync to this store: nothing is copied by hand. Regenerating the token breaks every connection that uses it.',
      target: (c) => textLeaves(c.doc, WORDS.scimToken)[0] ?? null,
      arrived: (c) => !!syncEndpointShown(c.doc),
      done: (c) => c.memo.targetSaved === true,
      action: {
        label: 'Save to assistant',
        async run(c) {
          const endpoint = syncEndpointShown(c.doc);
          if (!endpoint) return { ok: false, message: 'The guide cannot see the Sync endpoint. Choose Using SCIM under API INTEGRATION first.' };
          const read = await readToken(c.doc);
          if ('problem' in read) return { ok: false, message: read.problem };
          const saved = await c.services.saveTarget(endpoint, read.token);
          if (!saved.ok) return { ok: false, message: `The assistant did not save them: ${saved.error}` };
          c.memo.targetSaved = true;
          return { ok: true, message: 'Saved: the Sync endpoint, and the SCIM token encrypted.' };
        },
      },
    },
    nextStep('next-integration'),
    mappingStep(['hardcoded']),
    settingsStep,
  ],
  problems: [],
  finished:
    'The Sync endpoint and SCIM token are in the assistant. Open the JumpCloud console and start "Set up SCIM provisioning to Zoho ' +
    'Directory": it fills Base URL and Token Key from them — or let the assistant sync from its popup. ' + afterwards('Zoho Directory'),
};

const invalidKey: Problem = {
  id: 'invalid-key',
  during: ['fill-api-key', 'next-api'],
  when: (c) => !!findText(WORDS.invalidKey, c.doc) || (!!c.said?.alert && !!c.clicked && nameMatches(c.clicked, WORDS.next)),
  say:
    'Zoho did not accept the API key. Generate a new one with the guide "Get a JumpCloud API key" in the JumpCloud console ' +
    '(the administrator needs Enable API access), then click "Fill API key" again.',
};

export const zohoApiFlow: Flow = {
  id: 'zoho-api',
  title: 'Add JumpCloud to Zoho with the API key',
  console: 'Zoho',
  steps: [
    ...reachSteps,
    {
      id: 'using-api',
      title: 'Choose Using API',
      say: 'Under API INTEGRATION, choose Using API.',
      target: (c) => choice(c, WORDS.usingApi),
      arrived: integrationShown,
      done: (c) => !!apiKeyField(c),
    },
    {
      id: 'fill-api-key',
      title: 'Fill the API key',
      say: 'Click "Fill API key": the guide puts the API key saved from the JumpCloud console into this field.',
      why: 'The key is decrypted only for this field, at your click; it is never shown.',
      target: apiKeyField,
      done: (c) => shownValue(apiKeyField(c)) !== '',
      action: {
        label: 'Fill API key',
        async run(c) {
          const input = apiKeyField(c) ?? findByLabel(WORDS.apiKey, c.doc);
          if (!(input instanceof HTMLInputElement || input instanceof HTMLTextAreaElement)) {
            return { ok: false, message: 'The API key field is not on screen. Choose Using API under API INTEGRATION first.' };
          }
          const reply = await c.services.apiKeyForZoho();
          if (!reply.ok) return { ok: false, message: reply.error };
          // Used at once and kept nowhere: not in the memo, not in the panel.
          fill(input, reply.value);
          return { ok: true, message: 'API key filled from the assistant.' };
        },
      },
    },
    nextStep('next-api', 'Zoho checks the key with JumpCloud.'),
    mappingStep(['hardcoded', 'attribute']),
    settingsStep,
  ],
  problems: [invalidKey],
  finished: 'JumpCloud is added to Zoho with the API key: Zoho pulls the users on its schedule. ' + afterwards('Zoho Directory'),
};

