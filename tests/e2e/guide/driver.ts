// An admin working through a guide, as a person does: reading the panel, clicking what it points
// at (the control under its highlight, checked to be the one the step names), pressing the panel's
// own buttons by name. Every click and typed character is counted, and at every step the panel's
// box is checked against the highlight's: the guide must never cover what it points at. It needs
// no test runner: the end-to-end tests drive it under Vitest, the demo (npm start) in plain Node.
import type { Locator, Page } from 'playwright-core';
import { axBox, axClick, axText, classBoxes, type Box } from '../closed-shadow';
import { assert, waitUntil } from './check';
import { wordsAt } from './words-at';

export const GUIDE = 'Zoho setup guide';
export const LAUNCHER = 'Open the Zoho setup guide';

export interface Tally {
  clicks: number;
  typed: number;
  /** Secrets the admin typed or pasted: the goal is none. */
  secretsByHand: number;
  steps: number;
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Looks at the panel as it stands (an accessibility audit): at every step, and before each press. */
export type PanelHook = (g: GuideDriver) => Promise<void>;

/** Called once a step is reached and the panel placed, with the step's line ("Step 2 of 9: …"). */
export type StepHook = (g: GuideDriver, step: string) => Promise<void>;

export class GuideDriver {
  readonly tally: Tally = { clicks: 0, typed: 0, secretsByHand: 0, steps: 0 };
  /** Every step seen, each checked with the panel apart from the highlight. */
  readonly seen: { step: string; apart: boolean }[] = [];

  constructor(
    readonly page: Page,
    private readonly onPanel?: PanelHook,
    /** Set by whoever watches the journey (the demo takes a screenshot of each step). */
    public onStep?: StepHook,
  ) {}

  panelText = async () => (await axText(this.page, 'region', GUIDE)) ?? '';
  stepText = async () => (await axText(this.page, 'region', GUIDE, '.progress')) ?? '';
  alertText = async () => (await axText(this.page, 'region', GUIDE, '[role="alert"]')) ?? '';

  /** Clicks one of the guide's own buttons (or the launcher) once it is there. */
  async press(name: string): Promise<void> {
    await waitUntil(async () => !!(await axBox(this.page, 'button', name)), Boolean, { timeout: 15_000, message: `the guide's "${name}" button` }).catch(async (e: unknown) => {
        await this.page.screenshot({ path: `test-results/screenshots/missing-${name.replace(/\W+/g, '-')}.png` }).catch(() => {});
        throw e;
      });
    await this.onPanel?.(this);
    await axClick(this.page, 'button', name);
    this.tally.clicks++;
  }

  async open(flowTitle: string): Promise<void> {
    await this.press(LAUNCHER);
    await this.press(flowTitle);
  }

  /** Waits for the step, then checks the panel leaves the highlighted element uncovered. */
  async at(title: string | RegExp): Promise<void> {
    const shot = () => this.page.screenshot({ path: `test-results/screenshots/stuck-${Date.now()}.png` }).catch(() => {});
    const expected = typeof title === 'string' ? new RegExp(`: ${escape(title)}$`) : title;
    await waitUntil(() => this.stepText(), (step) => expected.test(step), { timeout: 15_000, message: `the step ${expected}` }).catch(async (e: unknown) => {
      await shot();
      throw e;
    });
    this.tally.steps++;
    await this.checkApart();
    await this.onStep?.(this, await this.stepText());
  }

  async checkApart(): Promise<void> {
    const step = await this.stepText();
    // The panel is placed a frame after the step is drawn: give it that long, no more.
    let boxes = '';
    for (const until = Date.now() + 3000; ; ) {
      const panel = await axBox(this.page, 'region', GUIDE);
      const highlights = await classBoxes(this.page, 'highlight');
      if (panel && highlights.every((h) => !overlaps(panel, h))) break;
      boxes = `panel ${JSON.stringify(panel)}, highlight ${JSON.stringify(highlights)}`;
      if (Date.now() > until) assert.fail(`at "${step}" the panel covers what it points at: ${boxes}`);
      await this.page.waitForTimeout(100);
    }
    this.seen.push({ step, apart: true });
    await this.onPanel?.(this);
  }

  /** The box of what the guide points at, or null when it points at nothing. */
  async highlight(): Promise<Box | null> {
    const [h] = await classBoxes(this.page, 'highlight');
    return h ?? null;
  }

  /**
   * Clicks the middle of what the guide highlights, after checking that the control there is
   * the one the step is about (its name, tooltip or text matches `expected`).
   */
  async clickPointed(expected: RegExp): Promise<void> {
    const { x, y, words } = await this.pointed();
    assert.match(words, expected, `what the guide points at reads "${words}"`);
    await this.page.mouse.click(x, y);
    this.tally.clicks++;
  }

  /** Moves the pointer onto what the guide highlights, as a person does to reveal a row's actions. */
  async hoverPointed(): Promise<void> {
    const { x, y } = await this.pointed();
    await this.page.mouse.move(x, y);
  }

  /** The middle of what the guide highlights, and the words a person reads on the control there. */
  async pointed(): Promise<{ x: number; y: number; words: string }> {
    // A person waits for what is pointed at to stop moving (a drawer sliding in) before clicking it.
    let last = '';
    await waitUntil(
      async () => {
        const now = JSON.stringify(await this.highlight());
        const still = now !== 'null' && now === last;
        last = now;
        return still;
      },
      Boolean,
      { timeout: 15_000, interval: 150, message: 'the guide points at something that stays put' },
    ).catch(async (e: unknown) => {
      await this.page.screenshot({ path: `test-results/screenshots/unpointed-${Date.now()}.png` }).catch(() => {});
      throw new Error(`at "${await this.stepText()}" (${await this.panelText()}) the highlight is ${last}`, { cause: e });
    });
    const h = JSON.parse(last) as Box;
    const x = h.x + h.width / 2;
    const y = h.y + h.height / 2;
    const words = await this.page.evaluate(wordsAt, { x, y });
    return { x, y, words };
  }

  /** Clicks the control named so inside what the guide highlights (a row's Edit), as a person picks the one in front of them. */
  async clickInPointed(role: 'button' | 'link', name: string): Promise<void> {
    const h = (await this.highlight())!;
    const inside: Locator[] = [];
    for (const control of await this.page.getByRole(role, { name, exact: true }).all()) {
      const b = await control.boundingBox();
      if (b && b.x >= h.x && b.y >= h.y && b.x + b.width <= h.x + h.width && b.y + b.height <= h.y + h.height) inside.push(control);
    }
    assert.equal(inside.length, 1, `one "${name}" ${role} in what the guide points at`);
    await this.click(inside[0]!);
  }

  /** A click of the admin's own, on something the guide does not point at (their name in a list). */
  async click(locator: Locator): Promise<void> {
    await locator.click();
    this.tally.clicks++;
  }

  async type(locator: Locator, text: string, secret = false): Promise<void> {
    await locator.pressSequentially(text);
    this.tally.typed += text.length;
    if (secret) this.tally.secretsByHand++;
  }
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
