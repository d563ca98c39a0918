import browser from 'webextension-polyfill';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { mountLauncher } from '@/components/guide/launcher';
import { zohoConsoleMatches } from '@/lib/hosts';
import { markPresent } from '@/lib/dom/presence';

// What loads with every Zoho Directory and Zoho One page: the same launcher as on JumpCloud and
// nothing else. Its click asks the background to bring the guide into this tab, where it offers the
// Zoho guides; after a reload the background brings it back if it was open here.
export default defineContentScript({
  matches: zohoConsoleMatches,
  runAt: 'document_idle',
  main(ctx) {
    if (!markPresent('zoho')) return;
    const launcher = mountLauncher(document, () => void browser.runtime.sendMessage({ type: 'guide.open' }).catch(() => {}));
    ctx.onInvalidated(() => launcher.remove());
    void browser.runtime.sendMessage({ type: 'guide.resume' }).catch(() => {});
  },
});
