// axe-core walks shadow trees through `host.shadowRoot`, which a closed root hides from every
// script. The guide's panel and launcher live in closed roots, so, for the audit only, each closed
// root the DevTools protocol sees is handed to its host's `shadowRoot` in the page's main world.
// Nothing is copied or re-rendered: axe reads the panel the admin sees, with its own styles, where
// it is drawn, so colour contrast is measured on the real pixels. The guide's own isolated world
// and markup are untouched; the loan lasts until the page reloads (or the host is replaced), so
// every audit lends again.
import type { Page } from 'playwright-core';
import { session } from '../closed-shadow';

interface DomNode {
  backendNodeId: number;
  shadowRootType?: 'user-agent' | 'open' | 'closed';
  children?: DomNode[];
  shadowRoots?: DomNode[];
  contentDocument?: DomNode;
}

/** Lends every closed shadow root in the page (frames included) to its host; returns how many. */
export async function lendClosedShadowRoots(page: Page): Promise<number> {
  const cdp = await session(page);
  const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as unknown as { root: DomNode };
  const pairs: [host: number, shadow: number][] = [];
  const walk = (n: DomNode) => {
    for (const s of n.shadowRoots ?? []) if (s.shadowRootType === 'closed') pairs.push([n.backendNodeId, s.backendNodeId]);
    for (const c of [...(n.children ?? []), ...(n.shadowRoots ?? []), ...(n.contentDocument ? [n.contentDocument] : [])]) walk(c);
  };
  walk(root);
  for (const [host, shadow] of pairs) {
    const { object: hostObject } = await cdp.send('DOM.resolveNode', { backendNodeId: host });
    const { object: shadowObject } = await cdp.send('DOM.resolveNode', { backendNodeId: shadow });
    await cdp.send('Runtime.callFunctionOn', {
      objectId: hostObject.objectId!,
      functionDeclaration: 'function (root) { Object.defineProperty(this, "shadowRoot", { get: () => root, configurable: true }); }',
      arguments: [{ objectId: shadowObject.objectId! }],
    });
  }
  return pairs.length;
}
