// An admin working through a guide in Firefox, as tests/e2e/guide/driver.ts does in Chromium:
// reading the panel, pressing its buttons by name and clicking what it points at, after checking
// that the control there is the one the step names. Only the way into the closed shadow roots
// differs (WebDriver BiDi here, the DevTools protocol there); the words are the same.
import type { Page } from 'puppeteer-core';
import { expect } from 'vitest';
import { GUIDE, LAUNCHER } from '../e2e/guide/driver';
import { wordsAt } from '../e2e/guide/words-at';
import { axBox, axClick, axText, classBoxes } from './closed-shadow';

export class FirefoxGuide {
  constructor(readonly page: Page) {}

  panelText = async () => (await axText(this.page, 'region', GUIDE)) ?? '';
  stepText = async () => (await axText(this.page, 'region', GUIDE, '.progress')) ?? '';

  /** Clicks one of the guide's own buttons (or the launcher) once it is there. */
  async press(name: string): Promise<void> {
    await expect
      .poll(async () => !!(await axBox(this.page, 'button', name)), { timeout: 15_000, message: `the guide's "${name}" button` })
      .toBe(true);
    await axClick(this.page, 'button', name);
  }

  async open(flowTitle: string): Promise<void> {
    await this.press(LAUNCHER);
    await this.press(flowTitle);
  }

  /** Waits for the step whose title ends the panel's progress line. */
  async at(title: string): Promise<void> {
    await expect.poll(() => this.stepText(), { timeout: 15_000 }).toMatch(new RegExp(`: ${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
  }

  /** Clicks the middle of what the guide highlights, once it stays put and reads as `expected`. */
  async clickPointed(expected: RegExp): Promise<void> {
    let last = '';
    await expect
      .poll(
        async () => {
          const [h] = await classBoxes(this.page, 'highlight');
          const now = JSON.stringify(h ?? null);
          const still = now !== 'null' && now === last;
          last = now;
          return still;
        },
        { timeout: 15_000, interval: 150, message: 'the guide points at something that stays put' },
      )
      .toBe(true);
    const h = JSON.parse(last) as { x: number; y: number; width: number; height: number };
    const point = { x: h.x + h.width / 2, y: h.y + h.height / 2 };
    expect(await this.page.evaluate(wordsAt, point), 'what the guide points at').toMatch(expected);
    await this.page.mouse.click(point.x, point.y);
  }
}
