// lib/dom in a real browser: the finders locate controls the ways a person names them, waitFor
// sees late content, and fill() gets past a framework's value tracking where `.value =` does not.
// No DOM library is installed for unit tests, so lib/dom is bundled and run in Chromium.
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath } from '@/sandbox/chromium';

let browser: Browser;
let page: Page;
let awkward: Page;
let paged: Page;

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

// Markup a redesign might have: icons in links, tooltips for names, headings not tied to their
// grids, checkboxes in the last column, tiles whose button says only "Select", floating labels.
const AWKWARD = `<!doctype html><html><body>
  <section id="awkward">
    <nav><a href="#/s" id="nav-settings"><span aria-hidden="true">S</span>Settings</a><a href="#/a" id="nav-apps"><i aria-hidden="true">▦</i> Applications</a></nav>
    <button id="avatar" title="User Profile">AM</button>
    <h2>Administrators</h2>
    <div><div role="grid" id="admins"><div role="row"><span role="columnheader">Name</span></div><div role="row"><span role="gridcell"><a href="#/x">Ada Admin</a></span></div></div></div>
    <h2>User Groups</h2>
    <input type="search" placeholder="Search groups" id="group-search">
    <div role="grid" id="groups">
      <div role="row"><span role="columnheader">Name</span><span role="columnheader">Select</span></div>
      <div role="row"><span role="gridcell">Engineering Managers</span><span role="gridcell"><span role="checkbox" aria-checked="false" tabindex="0" id="box-em"></span></span></div>
      <div role="row"><span role="gridcell">Engineering</span><span role="gridcell"><span role="checkbox" aria-checked="false" tabindex="0" id="box-e"></span></span></div>
      <div role="row"><span role="gridcell">Sales</span><span role="gridcell"><input type="checkbox" id="box-s1" aria-label="Select row"></span></div>
      <div role="row"><span role="gridcell">Sales</span><span role="gridcell"><input type="checkbox" id="box-s2" aria-label="Select row"></span></div>
      <div role="row"><span role="gridcell">  Spaced   Name </span><span role="gridcell"><input type="checkbox" id="box-sp" aria-label="Select row"></span></div>
    </div>
    <div class="tiles">
      <div class="tile"><h3>Slack</h3><p>Team chat</p><button id="pick-slack">Select</button></div>
      <div class="tile"><h3>Create a Custom Integration</h3><p>Any SAML or SCIM app</p><button id="pick-custom">Select</button></div>
    </div>
    <div class="field"><span class="float" id="base-url-label">Base URL</span><input id="floating" aria-describedby="base-url-label help"><small id="help">Without a trailing slash</small></div>
    <button id="plus">+ Add New Application</button>
    <button id="key">API Key</button>
    <button id="del1">Delete</button><button id="del2">Delete</button>
    <div role="table" id="mapping" style="display: grid; grid-template-columns: 120px 200px 60px">
      <div role="row" id="row-emp" style="display: contents"><div role="cell">Employee ID</div><div role="cell"><span>employeeNumber</span><span style="display: inline-block; margin-left: 6px">Custom attribute</span></div><div role="cell"><button>Edit</button></div></div>
      <div role="row" id="row-title" style="display: contents"><div role="cell">Job Title</div><div role="cell"><b>job</b>Title</div><div role="cell"><button>Edit</button></div></div>
    </div>
    <div style="position: fixed; right: 0; top: 0; width: 200px" id="drawer"><div><h2>Edit Administrator</h2></div><label><input type="checkbox" id="api"> Enable API access</label></div>
  </section>
</body></html>`;

// A group list as some consoles page it: three rows a page, no search box, the checkbox in the
// first column, the heading above it not tied to it, Previous/Next buttons named only by aria-label;
// and a custom select beside a text field, as a redesigned form has them.
const PAGED = `<!doctype html><html><body>
  <div><span id="type-label">API Type</span><button type="button" id="type" aria-haspopup="listbox" aria-labelledby="type-label type">Select…</button></div>
  <div><span>Base URL</span><input id="url"></div>
  <h3>User Groups</h3>
  <div id="holder"></div>
  <script>
    const names = ['Alpha', 'Engineering Managers', 'Beta', 'Gamma', 'Engineering', 'Delta', 'Epsilon', 'Sales', 'Zeta'];
    window.ticked = new Set();
    let at = 0;
    function paint() {
      const holder = document.getElementById('holder');
      holder.replaceChildren();
      const grid = document.createElement('div');
      grid.setAttribute('role', 'grid');
      for (const name of names.slice(at * 3, at * 3 + 3)) {
        const row = document.createElement('div');
        row.setAttribute('role', 'row');
        row.innerHTML = '<span role="gridcell"><span role="checkbox" tabindex="0"></span></span><span role="gridcell"></span>';
        row.lastChild.textContent = name;
        const box = row.querySelector('[role=checkbox]');
        box.setAttribute('aria-checked', String(ticked.has(name)));
        box.onclick = () => { ticked.has(name) ? ticked.delete(name) : ticked.add(name); box.setAttribute('aria-checked', String(ticked.has(name))); };
        grid.append(row);
      }
      const button = (label, disabled, to) => { const b = document.createElement('button'); b.setAttribute('aria-label', label); b.textContent = label === 'Next page' ? '›' : '‹'; b.disabled = disabled; b.onclick = () => setTimeout(() => { at = to; paint(); }, 50); return b; };
      holder.append(grid, button('Previous page', at === 0, at - 1), button('Next page', at === 2, at + 1));
    }
    paint();
  </script>
</body></html>`;

beforeAll(async () => {
  const bundle = await build({
    stdin: {
      contents: `export { bindGroups } from './lib/guide/flows/bind-groups'; export * from './lib/dom/find'; export * from './lib/dom/wait'; export * from './lib/dom/fill'; export * from './lib/dom/context'; export * from './lib/dom/rows'; export * from './lib/dom/visible'; export * from './lib/dom/box';`,
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
  paged = await browser.newPage();
  await paged.setContent(PAGED);
  await paged.addScriptTag({ content: bundle.outputFiles[0]!.text });
  awkward = await browser.newPage();
  await awkward.setContent(AWKWARD);
  await awkward.addScriptTag({ content: bundle.outputFiles[0]!.text });
});

afterAll(async () => browser?.close());

const idIn = (p: Page, expression: string) =>
  p.evaluate((e) => (new Function('dom', `return ${e}`)((window as never as { dom: unknown }).dom) as Element | null)?.id ?? null, expression);
const awkwardId = (expression: string) => idIn(awkward, expression);
const idOf = (expression: string) => idIn(page, expression);

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

  it('names controls by the W3C computation, their tooltip and a floating label tied by aria-describedby', async () => {
    expect(await awkwardId(`dom.findClickable(['Settings'])`)).toBe('nav-settings');
    expect(await awkwardId(`dom.findClickable(['Applications'])`)).toBe('nav-apps');
    expect(await awkwardId(`dom.findByRole('button', ['User Profile'])`)).toBe('avatar');
    expect(await awkward.evaluate(() => (window as never as { dom: typeof import('@/lib/dom/find') }).dom.accessibleName(document.getElementById('nav-settings')!))).toBe('Settings');
    expect(await awkwardId(`dom.findByLabel(['Base URL'])`)).toBe('floating');
    expect(await awkwardId(`dom.findByLabel(['Search groups'])`)).toBe('group-search');
  });

  it('matches leniently — case, "+", icons, the order of a short label — but never a different or ambiguous one', async () => {
    expect(await awkwardId(`dom.findClickable(['add new application'])`)).toBe('plus');
    expect(await awkwardId(`dom.findByRole('button', ['Key API'])`)).toBe('key');
    expect(await awkwardId(`dom.findByRole('button', ['Delete'])`)).toBeNull();
    expect(await awkwardId(`dom.findClickable(['Add New'])`)).toBeNull();
  });

  it('finds a container by the heading above it, a drawer by its title, and a tile’s only button by the tile’s text', async () => {
    expect(await awkwardId(`dom.findContainer('table', ['Administrators'])`)).toBe('admins');
    expect(await awkwardId(`dom.findContainer('table', ['User Groups'])`)).toBe('groups');
    expect(await awkwardId(`dom.findSurface(['Edit Administrator'])`)).toBe('drawer');
    expect(await awkwardId(`dom.findByRole('checkbox', ['Enable API access'], dom.findSurface(['Edit Administrator']))`)).toBe('api');
    expect(await awkwardId(`dom.findClickable(['Create a Custom Integration'])`)).toBe('pick-custom');
    expect(await awkwardId(`dom.findClickable(['Slack'])`)).toBe('pick-slack');
  });

  it('acts only within the row that shows the exact name, wherever its checkbox sits; refuses a name shown twice or not at all', async () => {
    const toggle = (name: string) =>
      awkward.evaluate((n) => {
        const d = (window as never as { dom: typeof import('@/lib/dom/rows') & typeof import('@/lib/dom/context') }).dom;
        const found = d.findRow(d.findContainer('table', ['User Groups'])!, n);
        return 'row' in found ? (d.rowToggle(found.row)?.id ?? 'no toggle') : found.problem;
      }, name);
    expect(await toggle('Engineering')).toBe('box-e');
    expect(await toggle('Engineering Managers')).toBe('box-em');
    expect(await toggle('Spaced Name')).toBe('box-sp');
    expect(await toggle('Sales')).toBe('ambiguous');
    expect(await toggle('Engineer')).toBe('absent');
    expect(await toggle('Name')).toBe('absent');
  });

  it('sees a grid row drawn with display: contents as the box of its cells, and a value beside a badge as two words', async () => {
    const row = (name: string) =>
      awkward.evaluate((n) => {
        const d = (window as never as { dom: typeof import('@/lib/dom/rows') & typeof import('@/lib/dom/visible') & typeof import('@/lib/dom/box') }).dom;
        const found = d.findRow(document.getElementById('mapping')!, n);
        if (!('row' in found)) return found.problem;
        const box = d.boxOf(found.row);
        return { id: found.row.id, visible: d.isVisible(found.row), text: d.visibleText(found.row), width: Math.round(box.width), height: Math.round(box.height) };
      }, name);
    const emp = await row('Employee ID');
    expect(emp).toMatchObject({ id: 'row-emp', visible: true, text: 'Employee ID employeeNumber Custom attribute Edit', width: 380 });
    expect(typeof emp === 'object' && emp.height).toBeGreaterThan(0);
    // Inline markup inside a word stays one word.
    expect(await row('Job Title')).toMatchObject({ id: 'row-title', text: 'Job Title jobTitle Edit' });
  });

  it('takes a custom select drawn as a button for the field after its label, never the next field', async () => {
    expect(await idIn(paged, `dom.findByLabel(['API Type'])`)).toBe('type');
    expect(await idIn(paged, `dom.findByLabel(['Base URL'])`)).toBe('url');
  });

  it('pages through a list without a search box, from the first page, to tick each exact name; says which it could not find', async () => {
    const outcome = await paged.evaluate(async () => {
      const d = (window as never as { dom: typeof import('@/lib/guide/flows/bind-groups') }).dom;
      const services = { groupsToBind: async () => ({ ok: true as const, names: ['Zeta', 'Engineering', 'Nobody'] }) };
      const result = await d.bindGroups({ doc: document, memo: {}, known: {}, services: services as never });
      return { result, ticked: [...(window as never as { ticked: Set<string> }).ticked].sort() };
    });
    expect(outcome.ticked).toEqual(['Engineering', 'Zeta']);
    expect(outcome.result).toEqual({ ok: false, message: '2 of 3 chosen groups ticked. Not on this list: Nobody.' });
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
