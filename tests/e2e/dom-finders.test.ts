// lib/dom in a real browser: the finders locate controls the ways a person names them, waitFor
// sees late content, and fill() gets past a framework's value tracking where `.value =` does not.
// No DOM library is installed for unit tests, so lib/dom is bundled and run in Chromium.
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath } from '@/sandbox/chromium';

let browser: Browser;
let page: Page;

const PAGE = `<!doctype html><html><body>
  <label for="a">Base URL</label><input id="a">
  <label>Token Key <input id="b"></label>
  <input id="c" aria-label="Test User Email">
  <span id="d-label">Display Label</span><input id="d" aria-labelledby="d-label">
  <div><span>Description</span><div><textarea id="e"></textarea></div></div>
  <label><input type="checkbox" id="f"> Enable management of User Groups and Group Membership in this application</label>
  <a href="#/sso" id="g">Applications</a>
  <div role="button" id="h" class="x7f1a">  Add New Application </div>
  <button id="i" style="display:none">Save</button><button id="j">Save</button>
  <input id="tracked">
</body></html>`;

beforeAll(async () => {
  const bundle = await build({
    stdin: {
      contents: `export * from './lib/dom/find'; export * from './lib/dom/wait'; export * from './lib/dom/fill';`,
      resolveDir: process.cwd(),
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    globalName: 'dom',
    write: false,
  });
  browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), '--disable-gpu'],
  });
  page = await browser.newPage();
  await page.setContent(PAGE);
  await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
});

afterAll(async () => browser?.close());

const idOf = (expression: string) => page.evaluate((e) => (new Function('dom', `return ${e}`)((window as never as { dom: unknown }).dom) as Element | null)?.id ?? null, expression);

describe('lib/dom in Chromium', () => {
  it('finds form controls by label[for], a wrapping label, aria-label, aria-labelledby and nearby text', async () => {
    expect(await idOf(`dom.findByLabel(['Base URL'])`)).toBe('a');
    expect(await idOf(`dom.findByLabel(['Token Key:'])`)).toBe('b');
    expect(await idOf(`dom.findByLabel(['test user email'])`)).toBe('c');
    expect(await idOf(`dom.findByLabel(['Display Label'])`)).toBe('d');
    expect(await idOf(`dom.findByLabel(['Description'])`)).toBe('e');
    expect(await idOf(`dom.findByRole('checkbox', ['Enable management of User Groups and Group membership in this application'])`)).toBe('f');
    expect(await idOf(`dom.findByLabel(['Nothing like this'])`)).toBeNull();
  });

  it('finds buttons and links by their words, either naming, visible ones only', async () => {
    expect(await idOf(`dom.findClickable(['SSO Applications', 'Applications'])`)).toBe('g');
    expect(await idOf(`dom.findByRole('button', ['Add New Application'])`)).toBe('h');
    expect(await idOf(`dom.findByRole('button', ['Save'])`)).toBe('j');
  });

  it('waits for content that appears late, and gives up on a timeout or an abort', async () => {
    const found = await page.evaluate(async () => {
      const d = (window as never as { dom: typeof import('@/lib/dom/find') & typeof import('@/lib/dom/wait') }).dom;
      setTimeout(() => document.body.insertAdjacentHTML('beforeend', '<div role="dialog" aria-label="Edit Administrator" id="late">x</div>'), 200);
      const el = await d.waitFor(() => d.findByRole('dialog', ['Edit Administrator']), { timeoutMs: 3000 });
      const timedOut = await d.waitFor(() => d.findByRole('dialog', ['Never']), { timeoutMs: 100 }).catch((e: Error) => e.name);
      const controller = new AbortController();
      const aborted = d.waitFor(() => null, { signal: controller.signal }).catch(() => 'aborted');
      controller.abort();
      return [el.id, timedOut, await aborted];
    });
    expect(found).toEqual(['late', 'WaitTimeout', 'aborted']);
  });

  it('fills an input whose value a framework tracks, where a plain assignment is lost', async () => {
    const result = await page.evaluate(() => {
      const d = (window as never as { dom: typeof import('@/lib/dom/fill') }).dom;
      const input = document.getElementById('tracked') as HTMLInputElement;
      // Value tracking as React does it: the instance's own `value` property remembers every
      // assignment, and an input event whose value equals the remembered one is ignored.
      let state = '';
      let tracked = '';
      const native = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!;
      Object.defineProperty(input, 'value', {
        configurable: true,
        get() {
          return native.get!.call(this);
        },
        set(v: string) {
          tracked = v;
          native.set!.call(this, v);
        },
      });
      input.addEventListener('input', () => {
        const now = native.get!.call(input) as string;
        if (now !== tracked) {
          tracked = now;
          state = now;
        }
      });
      let changes = 0;
      input.addEventListener('change', () => changes++);
      input.value = 'naive';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      const afterNaive = state;
      d.fill(input, 'https://directory.zoho.com/scim/v2');
      return { afterNaive, state, changes };
    });
    expect(result).toEqual({ afterNaive: '', state: 'https://directory.zoho.com/scim/v2', changes: 1 });
  });
});
