import { defineContentScript } from 'wxt/utils/define-content-script';
import { jumpcloudConsoleMatches } from '@/lib/hosts';
import { markPresent } from '@/lib/dom/presence';
import { mountGuide } from './overlay';

// The guide (lib/guide) in the JumpCloud console. While no guide runs, the page only gets a
// launcher button in a closed shadow root: no observers, no timers, nothing the console pays for.
export default defineContentScript({
  matches: jumpcloudConsoleMatches,
  runAt: 'document_idle',
  main(ctx) {
    if (!markPresent('jumpcloud')) return;
    mountGuide(ctx);
  },
});
