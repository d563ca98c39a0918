// The "Using SCIM" path of Zoho's guide (shared/seeds): a Custom Application in JumpCloud whose
// Identity Management pushes users to Zoho Directory's Sync endpoint. The guide fills what is safe
// to fill — the display label, the API type, the Base URL and Token Key (asked of the background one
// at a time, at the admin's click), a test address, the group-management checkbox and the chosen
// groups — and leaves Save Application, Test Connection, Activate and Save to the admin.
import { choose, fill } from '../../dom/fill';
import { findByLabel, findByRole, findClickable, findText, nameMatches } from '../../dom/find';
import type { ActionResult, Flow, GuideContext } from '../types';

/** Every word this flow looks for on the page, in one place: a renamed label is a one-line fix. */
export const WORDS = {
  applications: ['SSO Applications', 'Applications', 'SSO'],
  addNew: ['Add New Application', '+ Add New Application', 'Add Application'],
  customApp: ['Custom Application', 'Custom SAML App', 'Custom App'],
  next: ['Next'],
  ssoFeature: ['Manage Single Sign-On (SSO)', 'Manage Single Sign-On(SSO)'],
  importFeature: ['Import users from this app (Identity Management)'],
  exportFeature: ['Export users to this app (Identity Management)'],
  displayLabel: ['Display Label'],
  saveApplication: ['Save Application'],
  configure: ['Configure Application'],
  identityManagement: ['Identity Management'],
  apiType: ['API Type'],
  scimApi: ['SCIM API'],
  scimVersion: ['SCIM Version'],
  scim2: ['SCIM 2.0'],
  baseUrl: ['Base URL'],
  tokenKey: ['Token Key'],
  testEmail: ['Test User Email'],
  testConnection: ['Test Connection'],
  groupManagement: ['Enable management of User Groups and Group Membership in this application'],
  activate: ['Activate'],
  deactivate: ['Deactivate'],
  save: ['Save'],
  idmSaved: ['Identity Management settings saved', 'Application saved'],
  userGroups: ['User Groups'],
  groupsSaved: ['User group associations saved'],
  attributeMapping: ['Attribute Mapping', 'Attribute Mappings', 'Attributes'],
  addAttribute: ['Add Attribute', 'Add attribute'],
  connectionFailed: ['Connection failed', 'could not connect', 'Test connection failed'],
} as const;

/** What the admin labels the application in JumpCloud. */
export const DISPLAY_LABEL = 'Zoho Directory';

/**
 * A test address on .invalid, a top-level domain reserved never to exist (RFC 2606): it can be no
 * verified domain in Zoho Directory, which is what JumpCloud's Test User Email needs (the seed: a
 * dummy address on a domain that is not part of Zoho Directory), and no mail can ever reach it.
 */
export function testUserEmail(random: () => number = Math.random): string {
  return `jumpcloud-scim-test-${Math.floor(random() * 36 ** 6).toString(36)}@example.invalid`;
}

const isChecked = (el: Element | null) =>
  !!el && (el instanceof HTMLInputElement ? el.checked : el.getAttribute('aria-checked') === 'true');
const valueOf = (el: Element | null) =>
  el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement ? el.value.trim() : '';
const field = (c: GuideContext, names: readonly string[]) => findByLabel(names, c.doc);
const textField = (c: GuideContext, names: readonly string[]) => {
  const el = field(c, names);
  return el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement ? el : null;
};
const selectedText = (el: Element | null) => (el instanceof HTMLSelectElement ? (el.selectedOptions[0]?.text ?? '') : valueOf(el));
const onApplication = (c: GuideContext) => !!findByRole('tab', WORDS.identityManagement, c.doc);
const groupBox = (c: GuideContext) => findByRole('checkbox', WORDS.groupManagement, c.doc);
/** The User Groups tab's list: a table or group named User Groups with checkboxes in it. */
const groupList = (c: GuideContext): Element | null => {
  const list = findByRole('table', WORDS.userGroups, c.doc) ?? findByRole('group', WORDS.userGroups, c.doc);
  return list && list.querySelector('input[type="checkbox"], [role="checkbox"]') ? list : null;
};
const anyGroupTicked = (c: GuideContext) => {
  const list = groupList(c);
  return !!list && Array.from(list.querySelectorAll('input[type="checkbox"], [role="checkbox"]')).some(isChecked);
};

async function fillFrom(c: GuideContext, names: readonly string[], what: 'baseUrl' | 'tokenKey', label: string): Promise<ActionResult> {
  const input = textField(c, names);
  if (!input) return { ok: false, message: `The ${label} field is not on screen. Open the Identity Management tab first.` };
  const reply = await c.services.fillValue(what);
  if (!reply.ok) return { ok: false, message: reply.error };
  // Used at once and kept nowhere: not in the memo, not in the panel.
  fill(input, what === 'baseUrl' ? reply.value.replace(/\/+$/, '') : reply.value);
  return { ok: true, message: `${label} filled from the assistant.` };
}

export const scimFlow: Flow = {
  id: 'scim',
  title: 'Set up SCIM provisioning to Zoho Directory',
  steps: [
    {
      id: 'applications',
      title: 'Open SSO Applications',
      say: 'Click SSO Applications in the left menu (newer consoles call it Applications).',
      why: 'Zoho Directory is added to JumpCloud as an application whose Identity Management pushes users to Zoho.',
      target: (c) => findClickable(WORDS.applications, c.doc),
      done: (c) => !!findClickable(WORDS.addNew, c.doc),
    },
    {
      id: 'add-new',
      title: 'Add a new application',
      say: 'Click Add New Application.',
      target: (c) => findClickable(WORDS.addNew, c.doc),
      done: (c) => !!findClickable(WORDS.customApp, c.doc),
    },
    {
      id: 'custom-app',
      title: 'Choose Custom Application',
      say: 'Select Custom Application, then click Next.',
      target: (c) => findClickable(WORDS.customApp, c.doc),
      arrived: (c) => !!findClickable(WORDS.customApp, c.doc),
      done: (c) => !!findByLabel(WORDS.exportFeature, c.doc),
    },
    {
      id: 'features',
      title: 'Select the features',
      say:
        'Select "Import users from this app (Identity Management)" and "Export users to this app (Identity Management)" — and ' +
        '"Manage Single Sign-On (SSO)" if you also want single sign-on — then click Next.',
      why: 'Identity Management is what lets JumpCloud create, update and deactivate users in Zoho Directory.',
      target: (c) => findByLabel(WORDS.exportFeature, c.doc),
      arrived: (c) => !!findByLabel(WORDS.exportFeature, c.doc),
      done: (c) => !!findByLabel(WORDS.displayLabel, c.doc),
    },
    {
      id: 'display-label',
      title: 'Name the application',
      say: `Click "Fill display label" to name it "${DISPLAY_LABEL}", or type a name of your own.`,
      target: (c) => field(c, WORDS.displayLabel),
      arrived: (c) => !!field(c, WORDS.displayLabel),
      done: (c) => valueOf(field(c, WORDS.displayLabel)) !== '',
      action: {
        label: 'Fill display label',
        async run(c) {
          const input = textField(c, WORDS.displayLabel);
          if (!input) return { ok: false, message: 'The Display Label field is not on screen.' };
          fill(input, DISPLAY_LABEL);
          return { ok: true, message: `Display Label set to "${DISPLAY_LABEL}".` };
        },
      },
    },
    {
      id: 'save-application',
      title: 'Save the application',
      say: 'Check the general info, then click Save Application. The guide does not click it for you.',
      target: (c) => findClickable(WORDS.saveApplication, c.doc),
      done: (c) => !!findClickable(WORDS.configure, c.doc) || onApplication(c),
    },
    {
      id: 'configure',
      title: 'Configure the application',
      say: 'Click Configure Application. You can set up single sign-on there too, if you want.',
      target: (c) => findClickable(WORDS.configure, c.doc),
      arrived: (c) => !!findClickable(WORDS.configure, c.doc),
      done: (c) => onApplication(c),
    },
    {
      id: 'identity-management',
      title: 'Open Identity Management',
      say: 'Click the Identity Management tab.',
      target: (c) => findByRole('tab', WORDS.identityManagement, c.doc),
      done: (c) => !!field(c, WORDS.baseUrl),
    },
    {
      id: 'api-type',
      title: 'Choose SCIM 2.0',
      say: 'Set API Type to SCIM API and SCIM Version to SCIM 2.0 — or click "Fill API type and SCIM version".',
      why: 'Zoho Directory’s Sync endpoint speaks SCIM 2.0.',
      target: (c) => field(c, WORDS.apiType),
      arrived: (c) => !!field(c, WORDS.baseUrl),
      done: (c) =>
        nameMatches(selectedText(field(c, WORDS.apiType)), WORDS.scimApi) && nameMatches(selectedText(field(c, WORDS.scimVersion)), WORDS.scim2),
      action: {
        label: 'Fill API type and SCIM version',
        async run(c) {
          const type = field(c, WORDS.apiType);
          const version = field(c, WORDS.scimVersion);
          if (!(type instanceof HTMLSelectElement) || !(version instanceof HTMLSelectElement)) {
            return { ok: false, message: 'The guide cannot set these lists here: choose SCIM API and SCIM 2.0 yourself.' };
          }
          if (!choose(type, WORDS.scimApi, nameMatches)) return { ok: false, message: 'This console offers no "SCIM API" type: choose it yourself.' };
          // The version list may appear only once the type is chosen.
          await Promise.resolve();
          const versionNow = field(c, WORDS.scimVersion);
          if (!(versionNow instanceof HTMLSelectElement) || !choose(versionNow, WORDS.scim2, nameMatches)) {
            return { ok: false, message: 'Choose SCIM 2.0 as the SCIM Version yourself.' };
          }
          return { ok: true, message: 'API Type: SCIM API; SCIM Version: SCIM 2.0.' };
        },
      },
    },
    {
      id: 'base-url',
      title: 'Fill the Base URL',
      say: 'Click "Fill Base URL": the guide pastes the Sync endpoint saved in the assistant, without a trailing slash.',
      why: 'JumpCloud refuses a Base URL that ends with a slash.',
      target: (c) => field(c, WORDS.baseUrl),
      done: (c) => {
        const v = valueOf(field(c, WORDS.baseUrl));
        return v !== '' && !v.endsWith('/');
      },
      action: { label: 'Fill Base URL', run: (c) => fillFrom(c, WORDS.baseUrl, 'baseUrl', 'Base URL') },
    },
    {
      id: 'token-key',
      title: 'Fill the Token Key',
      say: 'Click "Fill Token Key": the guide pastes the SCIM token saved in the assistant into this one field.',
      why: 'The token is decrypted only for this field, at your click, and shown nowhere else.',
      target: (c) => field(c, WORDS.tokenKey),
      done: (c) => valueOf(field(c, WORDS.tokenKey)) !== '',
      action: { label: 'Fill Token Key', run: (c) => fillFrom(c, WORDS.tokenKey, 'tokenKey', 'Token Key') },
    },
    {
      id: 'test-email',
      title: 'Fill a test user email',
      say: 'Click "Fill Test User Email" for a made-up address, or type any address on a domain that is not in Zoho Directory.',
      why:
        'JumpCloud tests the connection with this address. The guide uses a domain under .invalid, which is reserved never to ' +
        'exist: it cannot be one of your Zoho domains, and no mail can reach it.',
      target: (c) => field(c, WORDS.testEmail),
      done: (c) => valueOf(field(c, WORDS.testEmail)) !== '',
      action: {
        label: 'Fill Test User Email',
        async run(c) {
          const input = textField(c, WORDS.testEmail);
          if (!input) return { ok: false, message: 'The Test User Email field is not on screen.' };
          const email = testUserEmail();
          fill(input, email);
          return { ok: true, message: `Test User Email set to ${email}.` };
        },
      },
    },
    {
      id: 'test-connection',
      title: 'Test the connection',
      say: 'Click Test Connection yourself.',
      why: 'JumpCloud checks the Base URL and Token Key against Zoho Directory.',
      target: (c) => findClickable(WORDS.testConnection, c.doc),
      done: (c) => !!groupBox(c),
    },
    {
      id: 'group-management',
      title: 'Manage groups in Zoho Directory',
      say: 'Make sure "Enable management of User Groups and Group Membership in this application" is selected — click "Fill group management checkbox".',
      why: 'Zoho’s guide requires it: JumpCloud syncs groups, and their members, to Zoho Directory. Ticking it is not irreversible, so the guide may do it.',
      target: (c) => groupBox(c),
      arrived: (c) => !!groupBox(c),
      done: (c) => isChecked(groupBox(c)),
      action: {
        label: 'Fill group management checkbox',
        async run(c) {
          const box = groupBox(c);
          if (!box) return { ok: false, message: 'The checkbox appears after a successful Test Connection.' };
          if (!isChecked(box)) (box as HTMLElement).click();
          return isChecked(box) ? { ok: true, message: 'Group management is enabled.' } : { ok: false, message: 'Select the checkbox yourself.' };
        },
      },
    },
    {
      id: 'activate',
      title: 'Activate',
      say: 'Click Activate yourself.',
      why: 'From then on JumpCloud pushes the users of the groups you bind to Zoho Directory.',
      target: (c) => findClickable(WORDS.activate, c.doc),
      done: (c) => !!findClickable(WORDS.deactivate, c.doc) || !!groupList(c),
    },
    {
      id: 'save-identity-management',
      title: 'Save',
      say: 'Click Save.',
      target: (c) => findByRole('button', WORDS.save, c.doc),
      done: (c) => !!findText(WORDS.idmSaved, c.doc) || !!groupList(c),
    },
    {
      id: 'user-groups-tab',
      title: 'Open User Groups',
      say: 'Click the User Groups tab.',
      target: (c) => findByRole('tab', WORDS.userGroups, c.doc),
      done: (c) => !!groupList(c),
    },
    {
      id: 'bind-groups',
      title: 'Choose the groups to sync',
      say: 'Click "Fill group selection" to tick the groups chosen in the assistant, or tick the groups you want yourself.',
      why: 'JumpCloud syncs only groups of users, not single users: only the members of the groups ticked here reach Zoho Directory.',
      target: (c) => groupList(c),
      arrived: (c) => !!groupList(c),
      done: (c) => c.memo.groupsFilled === true || anyGroupTicked(c),
      action: {
        label: 'Fill group selection',
        async run(c) {
          const list = groupList(c);
          if (!list) return { ok: false, message: 'Open the User Groups tab first.' };
          const reply = await c.services.groupsToBind();
          if (!reply.ok) return { ok: false, message: reply.error };
          const missing: string[] = [];
          let ticked = 0;
          for (const name of reply.names) {
            const box = findByLabel([name], list);
            if (!box) {
              missing.push(name);
              continue;
            }
            if (!isChecked(box)) (box as HTMLElement).click();
            ticked++;
          }
          const parts = [
            ...(reply.names.length ? [`${ticked} of ${reply.names.length} chosen groups ticked.`] : []),
            ...(missing.length ? [`Not on this list: ${missing.join(', ')}.`] : []),
            ...(reply.message ? [reply.message] : []),
          ];
          if (ticked > 0) c.memo.groupsFilled = true;
          return { ok: ticked > 0 && missing.length === 0, message: parts.join(' ') };
        },
      },
    },
    {
      id: 'save-groups',
      title: 'Save the groups',
      say: 'Tick any other group you want in Zoho Directory, then click Save yourself.',
      why: 'The sync starts as soon as you save.',
      target: (c) => findByRole('button', WORDS.save, c.doc),
      done: (c) => !!findText(WORDS.groupsSaved, c.doc),
    },
    {
      id: 'attribute-mapping',
      title: 'Add the attributes you need',
      say:
        'Open the Identity Management tab again and find Attribute Mapping. Attributes such as Location, Employee ID and Job Title ' +
        'reach Zoho Directory only if you add each one there by hand (Add Attribute), then Save.',
      why: 'JumpCloud sends only the attributes mapped here; the others stay empty in Zoho Directory.',
      target: (c) => findByRole('region', WORDS.attributeMapping, c.doc) ?? findByRole('tab', WORDS.identityManagement, c.doc),
      done: (c) => c.memo.attributesDone === true,
      action: {
        label: 'I have added the attributes I need',
        async run(c) {
          c.memo.attributesDone = true;
          return { ok: true, message: 'Done.' };
        },
      },
    },
  ],
  problems: [
    {
      id: 'trailing-slash',
      during: ['base-url', 'token-key', 'test-email', 'test-connection'],
      when: (c) => valueOf(field(c, WORDS.baseUrl)).endsWith('/'),
      say: 'The Base URL ends with a slash, which JumpCloud refuses: remove it, or click "Fill Base URL" again.',
    },
    {
      id: 'connection-failed',
      during: ['test-connection'],
      when: (c) => !!findText(WORDS.connectionFailed, c.doc),
      say:
        'JumpCloud could not connect. Check that the Base URL is the Sync endpoint from Zoho Directory (no trailing slash), that the ' +
        'Token Key is the SCIM token of the same store, and that API Type is SCIM API with SCIM 2.0; then click Test Connection again.',
    },
  ],
  finished:
    'Zoho Directory is set up in JumpCloud. Remember: only the members of the groups bound on the User Groups tab sync, never single ' +
    'users; add any attribute you need in Zoho (Location, Employee ID, Job Title…) to the attribute mappings by hand.',
};
