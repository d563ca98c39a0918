// The guide lives in closed shadow roots, out of reach of the page's scripts and of Puppeteer's
// selectors. WebDriver BiDi reaches them: it names a host's shadow root even when closed, and
// locates nodes by role and accessible name from there, as a screen reader finds them. The
// Firefox counterpart of tests/e2e/closed-shadow.ts (which does this over Chromium's DevTools
// protocol).
import type { Page } from 'puppeteer-core';
import { bidi } from '@/sandbox/firefox';
import type { Box } from '../e2e/closed-shadow';

/** The element that holds each of the extension's shadow roots (the launcher's, the guide's). */
const HOST = 'jumpcloud-zoho-assistant';

interface NodeRef {
  sharedId: string;
}
interface NodeValue {
  sharedId: string;
  value?: { shadowRoot?: { sharedId: string } | null };
}

// Puppeteer's frame id over BiDi is the browsing context's id.
const contextOf = (page: Page) => (page.mainFrame() as unknown as { _id: string })._id;
const connection = (page: Page) => bidi(page.browser());

async function locate(page: Page, locator: object, startNodes?: NodeRef[]): Promise<NodeValue[]> {
  const { result } = await connection(page).send('browsingContext.locateNodes', {
    context: contextOf(page),
    locator,
    ...(startNodes ? { startNodes } : {}),
  });
  return result.nodes as NodeValue[];
}

async function shadowRoots(page: Page): Promise<NodeRef[]> {
  const hosts = await locate(page, { type: 'css', value: HOST });
  return hosts.flatMap((h) => (h.value?.shadowRoot ? [{ sharedId: h.value.shadowRoot.sharedId }] : []));
}

/** Every node inside the extension's shadow roots with this role (and exactly this accessible name). */
async function query(page: Page, role: string, name?: string): Promise<NodeRef[]> {
  const roots = await shadowRoots(page);
  if (!roots.length) return [];
  const nodes = await locate(page, { type: 'accessibility', value: { role, ...(name !== undefined ? { name } : {}) } }, roots);
  return nodes.map((n) => ({ sharedId: n.sharedId }));
}

/** Calls `fn` in the page with the node as its argument, and returns what it returns (JSON-like). */
async function call<T>(page: Page, node: NodeRef, fn: string, extra: (string | null)[] = []): Promise<T> {
  const { result } = await connection(page).send('script.callFunction', {
    functionDeclaration: fn,
    target: { context: contextOf(page) },
    arguments: [node, ...extra.map((value) => (value === null ? { type: 'null' } : { type: 'string', value }))],
    awaitPromise: true,
    serializationOptions: { maxObjectDepth: 2 },
  });
  if (result.type === 'exception') throw new Error(`In the page: ${JSON.stringify(result.exceptionDetails)}`);
  return fromRemote((result.result as Remote) ?? { type: 'undefined' }) as T;
}

type Remote = { type: string; value?: unknown };
function fromRemote(r: Remote): unknown {
  if (r.type === 'null' || r.type === 'undefined') return null;
  if (r.type === 'string' || r.type === 'number' || r.type === 'boolean') return r.value;
  if (r.type === 'object') return Object.fromEntries((r.value as [string, Remote][]).map(([k, v]) => [k, fromRemote(v)]));
  if (r.type === 'array') return (r.value as Remote[]).map(fromRemote);
  return null;
}

const RECT = 'function (el) { const r = el.getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; }';

/** The text of the first node with this role and name (or of its first descendant matching `selector`), or null. */
export async function axText(page: Page, role: string, name?: string, selector?: string): Promise<string | null> {
  const [node] = await query(page, role, name);
  if (!node) return null;
  return call<string | null>(
    page,
    node,
    'function (el, s) { const t = s ? el.querySelector(s) : el; return t ? t.textContent : null; }',
    [selector ?? null],
  );
}

/** The box of the first node with this role and name, where it is drawn, or null. */
export async function axBox(page: Page, role: string, name: string): Promise<Box | null> {
  const [node] = await query(page, role, name);
  return node ? call<Box>(page, node, RECT) : null;
}

/** Clicks the first node with this role and name with the mouse, at its centre. */
export async function axClick(page: Page, role: string, name: string): Promise<void> {
  const [node] = await query(page, role, name);
  if (!node) throw new Error(`No ${role} named "${name}" in the extension's shadow roots`);
  // As a person scrolls a panel to reach its button.
  await call(page, node, 'function (el) { el.scrollIntoView({ block: "nearest" }); }');
  const b = await call<Box>(page, node, RECT);
  await page.mouse.click(b.x + b.width / 2, b.y + b.height / 2);
}

/** Boxes of the elements with this class inside the extension's shadow roots (the aria-hidden highlight). */
export async function classBoxes(page: Page, className: string): Promise<Box[]> {
  const roots = await shadowRoots(page);
  if (!roots.length) return [];
  const nodes = await locate(page, { type: 'css', value: `.${className}` }, roots);
  const boxes = await Promise.all(nodes.map((n) => call<Box>(page, { sharedId: n.sharedId }, RECT)));
  return boxes.filter((b) => b.width > 0);
}
