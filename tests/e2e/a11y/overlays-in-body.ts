// axe-core maps what is drawn where (for colour contrast, target sizes) from <body> down, and the
// assistant's overlays hang from <html>, outside the console's <body>, so that nothing a console
// does to its body reaches them. For the audit they are moved to the end of <body> and then put
// back where they were; everything drawn in their (lent) shadow roots must keep its box, so what
// axe measures is what the admin sees.
import type { Page } from 'playwright-core';

export async function withOverlaysInBody<T>(page: Page, audit: () => Promise<T>): Promise<T> {
  const moved = await page.evaluate(() => {
    const outside = [...document.documentElement.children].filter((e) => e !== document.head && e !== document.body && e.shadowRoot);
    // What is drawn: an empty wrapper (zero height) paints nothing, wherever it lies.
    const boxes = () =>
      JSON.stringify(outside.map((h) => [...h.shadowRoot!.querySelectorAll('*')].map((e) => e.getBoundingClientRect()).filter((r) => r.width > 0 && r.height > 0)));
    const before = boxes();
    const places = outside.map((h) => [h, h.nextSibling] as const);
    for (const h of outside) document.body.append(h);
    (window as unknown as { overlaysMoved: typeof places }).overlaysMoved = places;
    const after = boxes();
    return { count: outside.length, same: after === before, before, after };
  });
  try {
    if (!moved.same) throw new Error(`Moved into <body>, the overlays are drawn elsewhere (${moved.before} then ${moved.after}): the audit would not see what the admin sees.`);
    return await audit();
  } finally {
    if (moved.count) {
      await page.evaluate(() => {
        const w = window as unknown as { overlaysMoved?: (readonly [Element, ChildNode | null])[] };
        for (const [h, next] of w.overlaysMoved ?? []) document.documentElement.insertBefore(h, next && next.parentNode === document.documentElement ? next : null);
        delete w.overlaysMoved;
      });
    }
  }
}
