// The guide lives in a closed shadow root, which Playwright's locators (and the page's own
// scripts) cannot enter. The accessibility tree can: these helpers find the guide's controls by
// role and accessible name there, as a screen reader does, and click them where they are drawn.
import type { CDPSession, Page } from 'playwright-core';

const sessions = new WeakMap<Page, CDPSession>();

/** One DevTools protocol session per page, shared by every helper that reaches into the guide. */
export async function session(page: Page): Promise<CDPSession> {
  let s = sessions.get(page);
  if (!s) {
    s = await page.context().newCDPSession(page);
    sessions.set(page, s);
  }
  return s;
}

/** Every node of the accessibility tree with this role and name (shadow roots included). */
async function query(page: Page, role: string, name?: string): Promise<number[]> {
  const cdp = await session(page);
  const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
  const { nodes } = await cdp.send('Accessibility.queryAXTree', {
    backendNodeId: root.backendNodeId,
    role,
    ...(name !== undefined ? { accessibleName: name } : {}),
  });
  return nodes.flatMap((n) => (n.backendDOMNodeId !== undefined && !n.ignored ? [n.backendDOMNodeId] : []));
}

/**
 * The text of the first node with this role and name (or of its first descendant matching
 * `selector`), or null when there is none.
 */
export async function axText(page: Page, role: string, name?: string, selector?: string): Promise<string | null> {
  const [id] = await query(page, role, name);
  if (id === undefined) return null;
  const cdp = await session(page);
  const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: id });
  const { result } = await cdp.send('Runtime.callFunctionOn', {
    objectId: object.objectId!,
    functionDeclaration: 'function (s) { const el = s ? this.querySelector(s) : this; return el ? el.textContent : null; }',
    arguments: [{ value: selector ?? null }],
    returnByValue: true,
  });
  return (result.value as string | null) ?? null;
}

/** Clicks the first node with this role and name with the mouse, at its centre. */
export async function axClick(page: Page, role: string, name: string): Promise<void> {
  const [id] = await query(page, role, name);
  if (id === undefined) throw new Error(`No ${role} named "${name}" in the accessibility tree`);
  const cdp = await session(page);
  // As a person scrolls a panel to reach its button.
  await cdp.send('DOM.scrollIntoViewIfNeeded', { backendNodeId: id });
  const { quads } = await cdp.send('DOM.getContentQuads', { backendNodeId: id });
  const q = quads[0]!;
  const x = (q[0]! + q[2]! + q[4]! + q[6]!) / 4;
  const y = (q[1]! + q[3]! + q[5]! + q[7]!) / 4;
  await page.mouse.click(x, y);
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

async function boxOfNode(cdp: CDPSession, backendNodeId: number): Promise<Box | null> {
  try {
    const { model } = await cdp.send('DOM.getBoxModel', { backendNodeId });
    const [x1, y1, x2, , , y3] = model.border;
    return { x: x1!, y: y1!, width: x2! - x1!, height: y3! - y1! };
  } catch {
    return null;
  }
}

/** The box of the first node with this role and name, where it is drawn. */
export async function axBox(page: Page, role: string, name: string): Promise<Box | null> {
  const [id] = await query(page, role, name);
  return id === undefined ? null : boxOfNode(await session(page), id);
}

interface DomNode {
  backendNodeId: number;
  attributes?: string[];
  children?: DomNode[];
  shadowRoots?: DomNode[];
}

/**
 * Boxes of the elements with this class anywhere, closed shadow roots included: the DevTools
 * protocol's DOM domain sees into them (for what the accessibility tree leaves out, such as the
 * guide's aria-hidden highlight).
 */
export async function classBoxes(page: Page, className: string): Promise<Box[]> {
  const cdp = await session(page);
  const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as unknown as { root: DomNode };
  const found: number[] = [];
  const walk = (n: DomNode) => {
    const attrs = n.attributes ?? [];
    for (let i = 0; i < attrs.length; i += 2) {
      if (attrs[i] === 'class' && attrs[i + 1]!.split(/\s+/).includes(className)) found.push(n.backendNodeId);
    }
    for (const c of [...(n.children ?? []), ...(n.shadowRoots ?? [])]) walk(c);
  };
  walk(root);
  const boxes = await Promise.all(found.map((id) => boxOfNode(cdp, id)));
  return boxes.filter((b): b is Box => !!b && b.width > 0);
}
