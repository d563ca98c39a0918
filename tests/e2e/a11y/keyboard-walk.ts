// A person on the keyboard: from the top of the page, Tab again and again, noting where the focus
// lands (its role and accessible name, as a screen reader announces it) and whether a sighted
// person could see it there. What should be reachable comes from the browser's accessibility
// tree, not from a list kept by hand: every enabled control the page shows.
import type { Page } from 'playwright-core';
import { session } from '../closed-shadow';

/** Roles a person operates (Chromium's names for them: a <select> is a combobox). */
const CONTROL_ROLES = new Set([
  'button',
  'checkbox',
  'combobox',
  'link',
  'listbox',
  'menuitem',
  'menuitemcheckbox',
  'menuitemradio',
  'radio',
  'searchbox',
  'slider',
  'spinbutton',
  'switch',
  'tab',
  'textbox',
  'treeitem',
  // Date and time inputs, whose hours, minutes and picker button are the browser's own parts.
  'InputTime',
  'date',
  'DateTime',
]);

export interface Stop {
  role: string;
  name: string;
  /** An outline or a box-shadow drawn on the focused element. */
  focusShown: boolean;
  node: number;
}

export interface Control {
  role: string;
  name: string;
  node: number;
  /**
   * Radios of one name, or the tabs of one tablist: one Tab stop for the lot, the arrow keys
   * within (WAI-ARIA's roving focus). Reaching one reaches the group.
   */
  group: string | null;
  /** A native control with parts of its own (a time input's fields), which the browser focuses and draws. */
  hasParts: boolean;
}

export interface Walk {
  stops: Stop[];
  controls: Control[];
  /** Controls in the accessibility tree that the walk never reached. */
  unreached: Control[];
}

interface AxNode {
  nodeId: string;
  parentId?: string;
  ignored: boolean;
  role?: { value: string };
  name?: { value: string };
  properties?: { name: string; value: { value: unknown } }[];
  backendDOMNodeId?: number;
}

const prop = (n: AxNode, name: string) => n.properties?.find((p) => p.name === name)?.value.value;

export interface Scope {
  role: string;
  name: string;
}

const inScope = (byId: Map<string, AxNode>, n: AxNode, scope?: Scope) => {
  if (!scope) return true;
  for (let at: AxNode | undefined = n; at; at = at.parentId ? byId.get(at.parentId) : undefined) {
    if (at.role?.value === scope.role && at.name?.value === scope.name) return true;
  }
  return false;
};

/** Every enabled control the page shows (inside `scope` when given). */
export async function controls(page: Page, scope?: Scope): Promise<Control[]> {
  const cdp = await session(page);
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as unknown as { nodes: AxNode[] };
  const byId = new Map(nodes.map((n) => [n.nodeId, n]));
  const isControl = (n: AxNode) => !n.ignored && CONTROL_ROLES.has(n.role?.value ?? '') && prop(n, 'disabled') !== true && n.backendDOMNodeId !== undefined;
  /** The control this node is a part of (a time input's hours field is part of the input). */
  const partOf = (n: AxNode) => {
    for (let at = n.parentId ? byId.get(n.parentId) : undefined; at; at = at.parentId ? byId.get(at.parentId) : undefined) if (isControl(at)) return at;
    return undefined;
  };
  const found = nodes.filter((n) => isControl(n) && !partOf(n) && inScope(byId, n, scope));
  const withParts = new Set(nodes.filter((n) => isControl(n)).flatMap((n) => partOf(n)?.nodeId ?? []));
  const out: Control[] = [];
  for (const n of found) {
    const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: n.backendDOMNodeId! });
    const { result } = await cdp.send('Runtime.callFunctionOn', {
      objectId: object.objectId!,
      functionDeclaration: `function () {
        if (this instanceof HTMLInputElement && this.type === 'radio' && this.name) return 'radio ' + this.name;
        const list = this.getAttribute('role') === 'tab' ? this.closest('[role="tablist"]') : null;
        return list ? 'tablist ' + (list.getAttribute('aria-label') || list.id) : null;
      }`,
      returnByValue: true,
    });
    out.push({ role: n.role!.value, name: n.name?.value ?? '', node: n.backendDOMNodeId!, group: (result.value as string | null) ?? null, hasParts: withParts.has(n.nodeId) });
  }
  return out;
}

/** Where the focus is, through shadow roots (closed ones too, as the DevTools protocol sees them), or null on the page itself. */
export async function focused(page: Page): Promise<Stop | null> {
  const cdp = await session(page);
  let { result } = await cdp.send('Runtime.evaluate', {
    expression: 'document.activeElement === document.body || document.activeElement === document.documentElement ? null : document.activeElement',
  });
  for (let depth = 0; result.objectId && depth < 10; depth++) {
    const { node: host } = await cdp.send('DOM.describeNode', { objectId: result.objectId, depth: 1, pierce: true });
    const shadow = host.shadowRoots?.find((r) => r.shadowRootType !== 'user-agent');
    if (!shadow) break;
    const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: shadow.backendNodeId });
    const inner = await cdp.send('Runtime.callFunctionOn', { objectId: object.objectId!, functionDeclaration: 'function () { return this.activeElement; }' });
    if (!inner.result.objectId) break;
    result = inner.result;
  }
  if (!result.objectId) return null;
  const { node } = await cdp.send('DOM.describeNode', { objectId: result.objectId });
  const { nodes } = (await cdp.send('Accessibility.getPartialAXTree', { objectId: result.objectId, fetchRelatives: false })) as unknown as { nodes: AxNode[] };
  const ax = nodes.find((n) => n.backendDOMNodeId === node.backendNodeId);
  const { result: shown } = await cdp.send('Runtime.callFunctionOn', {
    objectId: result.objectId,
    functionDeclaration: `function () {
      const s = getComputedStyle(this);
      return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
    }`,
    returnByValue: true,
  });
  return { role: ax?.role?.value ?? '', name: ax?.name?.value ?? '', focusShown: shown.value === true, node: node.backendNodeId };
}

/** What the control looks like right now, with a few pixels around it (where a focus ring is drawn). */
async function picture(page: Page, node: number): Promise<Buffer> {
  const cdp = await session(page);
  await cdp.send('DOM.scrollIntoViewIfNeeded', { backendNodeId: node });
  const { model } = await cdp.send('DOM.getBoxModel', { backendNodeId: node });
  const [x1, y1, x2, , , y3] = model.border as number[];
  return page.screenshot({ clip: { x: x1! - 4, y: y1! - 4, width: x2! - x1! + 8, height: y3! - y1! + 8 } });
}

/**
 * Puts the keyboard at the top of the page, as a click on its empty top-left corner does (the
 * browser's sequential-focus starting point): the next Tab goes to the page's first control.
 */
export async function fromTheTop(page: Page): Promise<void> {
  await page.evaluate(() => scrollTo(0, 0));
  const there = await page.evaluate(() => document.elementFromPoint(1, 1)?.closest('a, button, input, select, textarea, label, [tabindex], [role]')?.outerHTML ?? null);
  if (there) throw new Error(`The top-left corner of ${page.url()} is a control (${there.slice(0, 80)}); the walk cannot start there.`);
  await page.mouse.click(1, 1);
}

/**
 * Tabs through the page from its top, once round. With a `scope` (a landmark of the assistant's on
 * someone else's page), the walk goes past the page's own controls to the scope and ends when
 * the focus leaves it.
 */
export async function tabThrough(page: Page, scope?: Scope): Promise<Walk> {
  const all = await controls(page, scope);
  const wanted = new Set(all.map((c) => c.node));
  await fromTheTop(page);
  // The focus on a native control's own part is drawn by the browser where no style can tell:
  // such a control counts as showing its focus when it looks different from its unfocused self.
  const unfocused = new Map<number, Buffer>();
  for (const c of all.filter((c) => c.hasParts)) unfocused.set(c.node, await picture(page, c.node));
  const stops: Stop[] = [];
  // Enough presses to cross the page's own controls twice; a walk that needs more is stuck.
  const limit = (scope ? (await controls(page)).length : all.length) * 2 + 20;
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const at = await focused(page);
    // On the page itself (between the last control and the browser's own), or passing the
    // page's own controls on the way to the scope.
    if (!at || (scope && !wanted.has(at.node) && stops.length === 0)) continue;
    if (stops[0]?.node === at.node) break;
    if (scope && !wanted.has(at.node)) break;
    const before = unfocused.get(at.node);
    if (!at.focusShown && before) at.focusShown = !before.equals(await picture(page, at.node));
    stops.push(at);
  }
  const reached = new Set(stops.map((s) => s.node));
  const groupsReached = new Set(all.filter((c) => reached.has(c.node) && c.group).map((c) => c.group));
  const unreached = all.filter((c) => !reached.has(c.node) && !(c.group && groupsReached.has(c.group)));
  return { stops, controls: all, unreached };
}

/** Tabs on from wherever the focus is until it reaches the control of this role and name. */
export async function tabTo(page: Page, role: string, name: string | RegExp): Promise<void> {
  const seen: string[] = [];
  for (let i = 0; i < 200; i++) {
    await page.keyboard.press('Tab');
    const at = await focused(page);
    if (at?.role === role && (typeof name === 'string' ? at.name === name : name.test(at.name))) return;
    seen.push(at ? `${at.role} "${at.name}"` : '(page)');
  }
  throw new Error(`Tab never reached the ${role} "${name}"; it went through ${seen.slice(0, 40).join(', ')}`);
}

/** What a keyboard user would trip on in this walk, one line each; none is the goal. */
export function keyboardProblems(walk: Walk): string[] {
  return [
    ...(walk.stops.length === 0 ? ['Tab reached nothing'] : []),
    ...walk.unreached.map((c) => `Tab never reaches the ${c.role} "${c.name}"`),
    ...walk.stops.filter((s) => !s.focusShown).map((s) => `no focus outline on the ${s.role} "${s.name}"`),
    ...walk.stops.filter((s) => CONTROL_ROLES.has(s.role) && !s.name.trim()).map((s) => `a ${s.role} without a name`),
  ];
}
