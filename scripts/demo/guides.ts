// The four guides, walked in the built extension as an admin walks them: the JumpCloud API-key
// guide, the Zoho guide that saves the Sync endpoint and SCIM token, the JumpCloud SCIM guide that
// fills them into JumpCloud, and the Zoho guide that adds JumpCloud with the API key. The journeys
// are the end-to-end tests' own (tests/e2e/guide/): the demo plays the admin and, at every step
// the guide reaches, takes a screenshot for the report.
import type { BrowserContext, Page } from 'playwright-core';
import type { Sandbox } from '../../sandbox/index';
import { waitForText } from '../../tests/e2e/guide/check';
import type { GuideDriver } from '../../tests/e2e/guide/driver';
import { API_KEY_GUIDE, apiKeyJourney, openConsole, SCIM_GUIDE, scimJourney, signIn } from '../../tests/e2e/guide/journeys';
import { fillApiKey, mapFields, openZoho, reachJumpCloudStore, saveScimStore, saveSettings, ZOHO_API_GUIDE, ZOHO_SCIM_GUIDE } from '../../tests/e2e/guide/zoho-journeys';
import { assertNoSecrets, type Report, type Secret } from './report';

const VIEW = { width: 1280, height: 800 };

export interface GuideWalk {
  title: string;
  /** Distinct steps reached and shown. */
  steps: number;
  clicks: number;
  typed: number;
  secretsByHand: number;
  shots: number;
  masked: number;
}

export interface Walked {
  walks: GuideWalk[];
  /** The key JumpCloud generated in the API-key guide, saved in the assistant by it. */
  apiKey: string;
}

/**
 * Walks the four guides in order, each in its own tab, leaving in the assistant what they save:
 * the generated API key, the Sync endpoint and the SCIM token.
 */
export async function walkGuides(
  context: BrowserContext,
  sandbox: Sandbox,
  report: Report,
  groups: string[],
  watching: {
    secrets: () => Secret[];
    /** Told the key JumpCloud generated, the moment it is known, to be kept out of everything. */
    learnt: (key: string) => void;
    /** Done with a guide's tab. */
    keep: (page: Page) => Promise<void>;
  },
): Promise<Walked> {
  const { secrets, learnt, keep } = watching;
  const walks: GuideWalk[] = [];

  /** One guide: a section of the report, a screenshot per step reached, one more at the end. */
  async function walk(title: string, where: string, run: (watch: (g: GuideDriver) => GuideDriver) => Promise<{ g: GuideDriver; done: string }>): Promise<void> {
    const section = report.section(title, [where]);
    let last = '';
    const watch = (g: GuideDriver) => {
      g.onStep = async (d, step) => {
        // A step met again (after a reload, or on the next page of the same step) is shown once.
        if (step === last) return;
        last = step;
        assertNoSecrets(await d.panelText(), secrets(), `The guide's panel at "${step}"`);
        await report.shoot(section, d.page, step);
      };
      return g;
    };
    const { g, done } = await run(watch);
    await waitForText(() => g.panelText(), done);
    assertNoSecrets(await g.panelText(), secrets(), `The guide's panel at the end of "${title}"`);
    await report.shoot(section, g.page, `Done: “${done}”`);
    const { clicks, typed, secretsByHand } = g.tally;
    // The steps shown: each once, the ones the guide passed by itself (the page already there) not at all.
    const steps = section.shots.length - 1;
    section.notes.push(`${steps} steps shown, ${clicks} clicks by the admin, ${typed} characters typed, ${secretsByHand} secrets typed or pasted by hand.`);
    walks.push({ title, steps, clicks, typed, secretsByHand, shots: section.shots.length, masked: section.shots.filter((s) => s.masked).length });
    await keep(g.page);
  }

  let apiKey = '';
  await walk(API_KEY_GUIDE, 'In the JumpCloud console (console.jumpcloud.com): enable API access for the administrator, generate a key, save it in the assistant. The console reloads halfway; the guide comes back at its step.', async (watch) => {
    const g = watch(await openConsole(await context.newPage(), '#/home', VIEW));
    apiKey = await apiKeyJourney(g);
    learnt(apiKey);
    return { g, done: 'JumpCloud will not show it again' };
  });

  await walk(ZOHO_SCIM_GUIDE, 'In Zoho Directory (directory.zoho.com): Admin Panel, Directory Stores, Add Directory, JumpCloud, Using SCIM; the Sync endpoint and SCIM token saved at one click, then the mapping (Country, a hard-coded value) and the settings.', async (watch) => {
    const g = watch(await openZoho(await context.newPage(), 'directory.zoho.com', '', VIEW));
    await g.open(ZOHO_SCIM_GUIDE);
    await reachJumpCloudStore(g, /Admin Panel/);
    await saveScimStore(g, sandbox.scim.token);
    await mapFields(g, ['Country']);
    await saveSettings(g, []);
    return { g, done: 'The Sync endpoint and SCIM token are in the assistant' };
  });

  await walk(SCIM_GUIDE, 'In the JumpCloud console: a Custom Application with Identity Management, the Base URL and Token Key filled from what the Zoho guide saved, a test user, group management, Activate, Save, and the chosen user groups bound. The console reloads halfway.', async (watch) => {
    const page = await context.newPage();
    const g = watch(await openConsole(page, '#/home', VIEW));
    // The console model lists the user groups with the key, as a signed-in console would.
    await signIn(page, apiKey);
    await scimJourney(g, sandbox, groups, /SSO Applications/);
    return { g, done: 'Zoho Directory is set up in JumpCloud' };
  });

  await walk(ZOHO_API_GUIDE, 'In Zoho One (one.zoho.com), the one-thing-at-a-time layout: Directory, Directory Stores, Add Directory, JumpCloud, Using API; the saved key filled in, which Zoho checks with JumpCloud, then the mapping (Employee ID a custom attribute, Country a hard-coded value) and the settings page by page.', async (watch) => {
    const g = watch(await openZoho(await context.newPage(), 'one.zoho.com', '?layout=wizard', VIEW));
    await g.open(ZOHO_API_GUIDE);
    await reachJumpCloudStore(g, /Directory/);
    await fillApiKey(g, apiKey);
    await g.clickPointed(/Next/);
    await mapFields(g, ['Employee ID', 'Country']);
    await saveSettings(g, []);
    return { g, done: 'JumpCloud is added to Zoho with the API key' };
  });

  return { walks, apiKey };
}
