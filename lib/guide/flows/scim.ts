// The "Using SCIM" path of Zoho's guide (shared/seeds): a Custom Application in JumpCloud whose
// Identity Management pushes users to Zoho Directory's Sync endpoint. The guide fills what is safe
// to fill — the display label, the API type, the Base URL and Token Key (asked of the background one
// at a time, at the admin's click), a test address, the group-management checkbox and the chosen
// groups — and leaves Save Application, Test Connection, Activate and Save to the admin.
import { fill } from '../../dom/fill';
import { findContainer, surfaceOf } from '../../dom/context';
import { findByLabel, findByRole, findClickable, findText, pickOne, textLeaves } from '../../dom/find';
import { namesOf } from '../../dom/names';
import { candidates } from '../../dom/roles';
import { waitFor } from '../../dom/wait';
import { containsPhrase, nameMatches } from '../../dom/words';
import type { ActionResult, Flow, GuideContext } from '../types';
import { bindGroups, groupList } from './bind-groups';
import { WORDS } from './scim-words';
import { chooseIn, firstOf, isChecked, isCurrent, isDisabled, shownValue, tabBeside, textField } from './page';

export { WORDS };

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

const field = (c: GuideContext, names: readonly string[]) => findByLabel(names, c.doc);
const withoutSlash = (url: string) => url.trim().replace(/\/+$/, '');
const sameUrl = (a: string, b: string) => withoutSlash(a).toLowerCase() === withoutSlash(b).toLowerCase();

const idmTab = (c: GuideContext) => findByRole('tab', WORDS.identityManagement, c.doc) ?? findClickable(WORDS.identityManagement, c.doc);
const userGroupsTab = (c: GuideContext) => tabBeside(c.doc, WORDS.userGroups, WORDS.identityManagement);
const onApplication = (c: GuideContext) => !!idmTab(c);
const groupBox = (c: GuideContext) => findByRole('checkbox', WORDS.groupManagement, c.doc) ?? findByLabel(WORDS.groupManagement, c.doc);
const customApp = (c: GuideContext) => firstOf(WORDS.customApp, (n) => findClickable(n, c.doc));
/** The application catalog's search box (a newer catalog shows the custom integration only when searched for). */
const catalogSearch = (c: GuideContext): HTMLInputElement | null => {
  const boxes = [...candidates(c.doc, 'searchbox'), ...candidates(c.doc, 'textbox')].filter((el) =>
    namesOf(el).some((n) => containsPhrase(n, WORDS.catalogSearch)),
  );
  const box = pickOne(boxes);
  return box instanceof HTMLInputElement ? box : null;
};
/** In the catalog: its search is shown and the list's Add New button is not. */
const inCatalog = (c: GuideContext) => !!customApp(c) || (!!catalogSearch(c) && !findClickable(WORDS.addNew, c.doc));
const features = (c: GuideContext) => field(c, WORDS.exportFeature);
const baseUrlValue = (c: GuideContext) => shownValue(field(c, WORDS.baseUrl));
const saveButton = (c: GuideContext) => findByRole('button', WORDS.save, c.doc);

/** The Base URL is ours: the saved Sync endpoint, when the assistant knows it. */
function baseUrlIsOurs(c: GuideContext): boolean {
  const v = baseUrlValue(c);
  if (v === '' || v.endsWith('/')) return false;
  return c.known.syncEndpoint ? sameUrl(v, c.known.syncEndpoint) : true;
}
/** This form's Base URL is someone else's: another application's form, or another store. */
function foreignBaseUrl(c: GuideContext): boolean {
  const v = baseUrlValue(c);
  return !!c.known.syncEndpoint && v !== '' && !v.endsWith('/') && !sameUrl(v, c.known.syncEndpoint);
}

/** Saved, by the console's word: a known message, or the console answered the admin's click on Save. */
const savedAfterClick = (c: GuideContext, words: readonly string[]) =>
  !!findText(words, c.doc) || (!!c.said && !c.said.alert && !!c.clicked && nameMatches(c.clicked, WORDS.save));

/** The application's own view: the drawer or panel holding its tabs, else the page. */
const applicationView = (c: GuideContext): ParentNode => {
  const tab = idmTab(c);
  return (tab && surfaceOf(tab)) ?? c.doc;
};
/** Active, by any of the signs an admin reads in the application's view (not a list behind it). */
const isActive = (c: GuideContext) => {
  const view = applicationView(c);
  return !!findClickable(WORDS.deactivate, view) || textLeaves(view, WORDS.active).length > 0 || isDisabled(findClickable(WORDS.activate, view));
};

async function searchCatalog(c: GuideContext): Promise<ActionResult> {
  if (customApp(c)) return { ok: true, message: 'The custom application is on screen: click it (or the Select button beside it).' };
  const search = catalogSearch(c);
  if (!search) return { ok: false, message: 'The guide cannot see the catalog’s search box. Open Add New Application first.' };
  fill(search, WORDS.customAppQuery);
  const found = await waitFor(() => customApp(c), { timeoutMs: 5000 }).catch(() => null);
  return found
    ? { ok: true, message: `Searched the catalog for "${WORDS.customAppQuery}": click it (or the Select button beside it).` }
    : { ok: false, message: `The catalog shows nothing for "${WORDS.customAppQuery}". Look for Custom Application, or search for "Custom" yourself.` };
}

async function fillBaseUrl(c: GuideContext): Promise<ActionResult> {
  const input = textField(c.doc, WORDS.baseUrl);
  if (!input) return { ok: false, message: 'The Base URL field is not on screen. Open the Identity Management tab first.' };
  if (foreignBaseUrl(c)) {
    return {
      ok: false,
      message:
        'This form already holds another Base URL: it may be another application’s. Open the Zoho Directory application you created; ' +
        'if this is it, clear the field yourself, then click Fill again.',
    };
  }
  const reply = await c.services.fillValue('baseUrl');
  if (!reply.ok) return { ok: false, message: reply.error };
  fill(input, withoutSlash(reply.value));
  return { ok: true, message: 'Base URL filled from the assistant.' };
}

async function fillToken(c: GuideContext): Promise<ActionResult> {
  const input = textField(c.doc, WORDS.tokenKey);
  if (!input) return { ok: false, message: 'The Token Key field is not on screen. Open the Identity Management tab first.' };
  // The background gives the token only for a form whose Base URL is the saved Sync endpoint.
  const reply = await c.services.fillValue('tokenKey', baseUrlValue(c));
  if (!reply.ok) return { ok: false, message: reply.error };
  // Used at once and kept nowhere: not in the memo, not in the panel.
  fill(input, reply.value);
  return { ok: true, message: 'Token Key filled from the assistant.' };
}

export const scimFlow: Flow = {
  id: 'scim',
  title: 'Set up SCIM provisioning to Zoho Directory',
  console: 'JumpCloud',
  steps: [
    {
      id: 'applications',
      title: 'Open SSO Applications',
      say: 'Click SSO Applications in the left menu (newer consoles call it Applications, or SSO).',
      why: 'Zoho Directory is added to JumpCloud as an application whose Identity Management pushes users to Zoho.',
      target: (c) => firstOf(WORDS.applications, (n) => findClickable(n, c.doc)),
      done: (c) => !!findClickable(WORDS.addNew, c.doc) || !!customApp(c) || !!features(c),
    },
    {
      id: 'add-new',
      title: 'Add a new application',
      say: 'Click Add New Application.',
      target: (c) => findClickable(WORDS.addNew, c.doc),
      done: (c) => inCatalog(c) || !!features(c),
    },
    {
      id: 'custom-app',
      title: 'Choose Custom Application',
      say:
        'Choose Custom Application — newer consoles show it in the catalog as "Create a Custom Integration" (if you do not see it, type ' +
        'that in the catalog’s search box or click "Fill catalog search") — then click Next if the console asks.',
      target: (c) => {
        const tile = customApp(c);
        if (!tile) return catalogSearch(c);
        return isChecked(tile) ? (findClickable(WORDS.next, c.doc) ?? tile) : tile;
      },
      arrived: inCatalog,
      done: (c) => !!features(c) || !!field(c, WORDS.displayLabel),
      action: { label: 'Fill catalog search', run: searchCatalog },
    },
    {
      id: 'features',
      title: 'Select the features',
      say:
        'Select "Import users from this app (Identity Management)" and "Export users to this app (Identity Management)" — and ' +
        '"Manage Single Sign-On (SSO)" if you also want single sign-on — then click Next.',
      why: 'Identity Management is what lets JumpCloud create, update and deactivate users in Zoho Directory.',
      target: (c) => {
        const both = isChecked(field(c, WORDS.importFeature)) && isChecked(features(c));
        return both ? (findClickable(WORDS.next, c.doc) ?? features(c)) : features(c);
      },
      arrived: (c) => !!features(c),
      done: (c) => !!field(c, WORDS.displayLabel),
    },
    {
      id: 'display-label',
      title: 'Name the application',
      say: `Click "Fill display label" to name it "${DISPLAY_LABEL}", or type a name of your own.`,
      target: (c) => field(c, WORDS.displayLabel),
      arrived: (c) => !!field(c, WORDS.displayLabel),
      done: (c) => shownValue(field(c, WORDS.displayLabel)) !== '',
      action: {
        label: 'Fill display label',
        async run(c) {
          const input = textField(c.doc, WORDS.displayLabel);
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
      target: (c) => idmTab(c),
      done: (c) => !!field(c, WORDS.baseUrl) || isCurrent(idmTab(c)),
    },
    {
      id: 'api-type',
      title: 'Choose SCIM 2.0',
      say: 'Set API Type to SCIM API and SCIM Version to SCIM 2.0 — or click "Fill API type and SCIM version".',
      why: 'Zoho Directory’s Sync endpoint speaks SCIM 2.0.',
      target: (c) => field(c, WORDS.apiType),
      arrived: (c) => !!field(c, WORDS.baseUrl),
      done: (c) => nameMatches(shownValue(field(c, WORDS.apiType)), WORDS.scimApi) && nameMatches(shownValue(field(c, WORDS.scimVersion)), WORDS.scim2),
      action: {
        label: 'Fill API type and SCIM version',
        async run(c) {
          const type = field(c, WORDS.apiType);
          if (!type || !(await chooseIn(type, WORDS.scimApi))) return { ok: false, message: 'The guide cannot set API Type here: choose SCIM API yourself.' };
          // The version list may appear, or be drawn again, once the type is chosen.
          await new Promise((r) => setTimeout(r, 50));
          const version = field(c, WORDS.scimVersion);
          if (!version || !(await chooseIn(version, WORDS.scim2))) return { ok: false, message: 'Choose SCIM 2.0 as the SCIM Version yourself.' };
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
      done: baseUrlIsOurs,
      action: { label: 'Fill Base URL', run: fillBaseUrl },
    },
    {
      id: 'token-key',
      title: 'Fill the Token Key',
      say: 'Click "Fill Token Key": the guide pastes the SCIM token saved in the assistant into this one field.',
      why: 'The token is decrypted only for this field, at your click, and only for the form whose Base URL is your Sync endpoint.',
      target: (c) => field(c, WORDS.tokenKey),
      done: (c) => shownValue(field(c, WORDS.tokenKey)) !== '',
      action: { label: 'Fill Token Key', run: fillToken },
    },
    {
      id: 'test-email',
      title: 'Fill a test user email',
      say: 'Click "Fill Test User Email" for a made-up address, or type any address on a domain that is not in Zoho Directory.',
      why:
        'JumpCloud tests the connection with this address. The guide uses a domain under .invalid, which is reserved never to ' +
        'exist: it cannot be one of your Zoho domains, and no mail can reach it.',
      target: (c) => field(c, WORDS.testEmail),
      done: (c) => shownValue(field(c, WORDS.testEmail)) !== '',
      action: {
        label: 'Fill Test User Email',
        async run(c) {
          const input = textField(c.doc, WORDS.testEmail);
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
      done: (c) => !!groupBox(c) || (!!findText(WORDS.connected, c.doc) && !findText(WORDS.connectionFailed, c.doc)),
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
      done: (c) => isActive(c) || !!groupList(c),
    },
    {
      id: 'save-identity-management',
      title: 'Save',
      say: 'Click Save.',
      target: saveButton,
      done: (c) => savedAfterClick(c, WORDS.idmSaved) || !!groupList(c),
    },
    {
      id: 'user-groups-tab',
      title: 'Open User Groups',
      say: 'Click the User Groups tab.',
      target: userGroupsTab,
      done: (c) => !!groupList(c),
    },
    {
      id: 'bind-groups',
      title: 'Choose the groups to sync',
      say: 'Click "Fill group selection" to tick the groups chosen in the assistant, or tick the groups you want yourself.',
      why: 'JumpCloud syncs only groups of users, not single users: only the members of the groups ticked here reach Zoho Directory.',
      target: (c) => groupList(c),
      arrived: (c) => !!groupList(c),
      done: (c) => c.memo.groupsFilled === true,
      action: { label: 'Fill group selection', run: bindGroups },
    },
    {
      id: 'save-groups',
      title: 'Save the groups',
      say: 'Tick any other group you want in Zoho Directory, then click Save yourself.',
      why: 'The sync starts as soon as you save.',
      target: saveButton,
      done: (c) => savedAfterClick(c, WORDS.groupsSaved),
    },
    {
      id: 'attribute-mapping',
      title: 'Add the attributes you need',
      say:
        'Open the Identity Management tab again and find Attribute Mapping. Attributes such as Location, Employee ID and Job Title ' +
        'reach Zoho Directory only if you add each one there by hand (Add Attribute), then Save.',
      why: 'JumpCloud sends only the attributes mapped here; the others stay empty in Zoho Directory.',
      target: (c) => findContainer('region', WORDS.attributeMapping, c.doc) ?? findByRole('heading', WORDS.attributeMapping, c.doc) ?? idmTab(c),
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
      when: (c) => baseUrlValue(c).endsWith('/'),
      say: 'The Base URL ends with a slash, which JumpCloud refuses: remove it, or click "Fill Base URL" again.',
    },
    {
      id: 'another-application',
      during: ['base-url', 'token-key'],
      when: foreignBaseUrl,
      say:
        'This form’s Base URL is not the Sync endpoint saved in the assistant: it may be another application’s Identity Management. ' +
        'The guide fills nothing here. Open the Zoho Directory application (SSO Applications → its name), or correct the Base URL.',
    },
    {
      id: 'connection-failed',
      during: ['test-connection'],
      when: (c) => !!findText(WORDS.connectionFailed, c.doc) || (!!c.said?.alert && !!c.clicked && nameMatches(c.clicked, WORDS.testConnection)),
      say:
        'JumpCloud could not connect. Check that the Base URL is the Sync endpoint from Zoho Directory (no trailing slash), that the ' +
        'Token Key is the SCIM token of the same store, and that API Type is SCIM API with SCIM 2.0; then click Test Connection again.',
    },
  ],
  finished:
    'Zoho Directory is set up in JumpCloud. Remember: only the members of the groups bound on the User Groups tab sync, never single ' +
    'users; add any attribute you need in Zoho (Location, Employee ID, Job Title…) to the attribute mappings by hand.',
};
