// A guided flow is data: steps in order, each saying where to look, what to do and why, and how to
// tell that the admin has done it. The engine (engine.ts) walks them; the overlay shows them.

/** What the flow may keep between page loads: small flags only, never a secret. */
export type Memo = Record<string, boolean>;

export interface GuideServices {
  /** Hands a JumpCloud API key to the assistant's background. */
  saveApiKey(value: string): Promise<{ ok: true } | { ok: false; error: string }>;
  /** One stored value for one console field, asked for at the admin's click and used at once. */
  fillValue(field: 'baseUrl' | 'tokenKey'): Promise<{ ok: true; value: string } | { ok: false; error: string }>;
  /** The names of the user groups chosen in the assistant, with what to do by hand if any. */
  groupsToBind(): Promise<{ ok: true; names: string[]; message?: string } | { ok: false; error: string }>;
}

export interface GuideContext {
  doc: Document;
  memo: Memo;
  services: GuideServices;
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
  /** The element to point at, if it is on screen. */
  target?(ctx: GuideContext): Element | null;
  /**
   * True when the page already shows this step's starting point (a pop-up it works in is open), so
   * an admin who went ahead of the guide is met where they are.
   */
  arrived?(ctx: GuideContext): boolean;
  /** True once the admin has done this step; the engine then moves on. */
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
  steps: readonly Step[];
  problems: readonly Problem[];
  /** Said when every step is done. */
  finished: string;
}
