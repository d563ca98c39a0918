import browser from 'webextension-polyfill';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { mountLauncher } from '@/components/guide/launcher';
import { jumpcloudConsoleMatches } from '@/lib/hosts';
import { markPresent } from '@/lib/dom/presence';

// What loads with every JumpCloud console page: a launcher button and nothing else — no observers,
// no timers, no framework. Its click asks the background to bring the guide into this tab
// (entrypoints/guide.ts); after a reload the background brings it back if it was open here.
export default defineContentScript({
  matches: jumpcloudConsoleMatches,
  runAt: 'document_idle',
  main(ctx) {
    if (!markPresent('jumpcloud')) return;
    const launcher = mountLauncher(document, () => void browser.runtime.sendMessage({ type: 'guide.open' }).catch(() => {}));
    ctx.onInvalidated(() => launcher.remove());
    void browser.runtime.sendMessage({ type: 'guide.resume' }).catch(() => {});
  },
});
