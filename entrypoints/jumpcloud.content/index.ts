import { defineContentScript } from 'wxt/utils/define-content-script';
import { jumpcloudConsoleMatches } from '@/lib/hosts';
import { markPresent } from '@/lib/dom/presence';

// The guide flows (lib/guide) attach here. While no guide runs, the script only marks that it is
// present: no observers, no timers, nothing the console pays for.
export default defineContentScript({
  matches: jumpcloudConsoleMatches,
  runAt: 'document_idle',
  main() {
    markPresent('jumpcloud');
  },
});
