// A guided flow is data: steps in order, each saying where to look, what to do and why, and how to
// tell that the admin has done it. The engine (engine.ts) walks them; the overlay shows them.
import type { z } from 'zod';
import type { ConsoleMessage } from './console-messages';
import type { zohoSettingsSchema } from '../messages/protocol';

export type ZohoSettings = z.infer<typeof zohoSettingsSchema>;

/** What the flow may keep between page loads: small flags only, never a secret. */
export type Memo = Record<string, boolean>;

export type Failure = { ok: false; error: string };

export interface GuideServices {
  /** Hands a JumpCloud API key to the assistant's background. */
  /** awaiting: another key is saved, and the admin confirms the replacement on an extension page. */
  saveApiKey(value: string): Promise<{ ok: true; awaiting?: boolean } | Failure>;
  /**
   * One stored value for one console field, asked for at the admin's click and used at once. The
   * Token Key is given only for the form whose Base URL (`formBaseUrl`) is the saved Sync endpoint.
   */
  fillValue(field: 'baseUrl' | 'tokenKey', formBaseUrl?: string): Promise<{ ok: true; value: string } | Failure>;
  /** The names of the user groups chosen in the assistant, with what to do by hand if any. */
  groupsToBind(): Promise<{ ok: true; names: string[]; message?: string } | Failure>;
  /** On the Zoho console: the saved JumpCloud API key, for Zoho's API INTEGRATION field, at the admin's click. */
  apiKeyForZoho(): Promise<{ ok: true; value: string } | Failure>;
  /** On the Zoho console: the store's Sync endpoint and SCIM token, read at the admin's click, as the assistant's target. */
  saveTarget(syncEndpoint: string, token: string): Promise<{ ok: true } | Failure>;
}

/** One Zoho field the assistant maps otherwise than to a JumpCloud field: what Zoho's Edit dialog should hold. */
export interface ZohoMappingEntry {
  /** The field's name in Zoho, e.g. "Country". */
  field: string;
  kind: 'hardcoded' | 'attribute';
  value: string;
}

/** What the assistant knows that is no secret and that a flow compares the page with. */
export interface Known {
  /** The saved Sync endpoint, without a trailing slash. */
  syncEndpoint?: string;
  /** The assistant's mapping where Zoho's Edit dialog needs a value. */
  zohoMapping?: ZohoMappingEntry[];
  /** The assistant's sync settings, as Zoho's settings step offers them. */
  zohoSettings?: ZohoSettings;
}

export interface GuideContext {
  doc: Document;
  memo: Memo;
  services: GuideServices;
  known: Known;
  /** What the console said after the admin's last click, verbatim. */
  said?: ConsoleMessage;
  /** The accessible name of the control the admin last clicked on the page. */
  clicked?: string;
}

export interface ActionResult {
  ok: boolean;
  message: string;
}

export interface StepAction {
  /** The button's accessible name; fill actions begin with "Fill". */
  label: string;
  run(ctx: GuideContext): Promise<ActionResult>;
}

export interface Step {
  id: string;
  title: string;
  /** What to do, in the console's own words. */
  say: string;
  /** Why, or what to watch out for. */
  why?: string;
  /** What this step means on the page as it is now (the next field to map, the choices to make). */
  detail?(ctx: GuideContext): string | null;
  /** The element to point at, if it is on screen. */
  target?(ctx: GuideContext): Element | null;
  /**
   * True when the page already shows this step's starting point (a pop-up it works in is open), so
   * an admin who went ahead of the guide is met where they are.
   */
  arrived?(ctx: GuideContext): boolean;
  /**
   * True once the page shows the admin has done this step — judged by what the admin can see, with
   * several signs (a field's value, a status, the next view open), never one exact message.
   */
  done(ctx: GuideContext): boolean;
  action?: StepAction;
}

export interface Problem {
  id: string;
  /** The steps during which to look for it; every step when absent. */
  during?: readonly string[];
  when(ctx: GuideContext): boolean;
  say: string;
}

export interface Flow {
  id: string;
  title: string;
  /** The console the flow runs in, as the panel names it ("JumpCloud says: …"). */
  console: 'JumpCloud' | 'Zoho';
  steps: readonly Step[];
  problems: readonly Problem[];
  /** Said when every step is done. */
  finished: string;
}
