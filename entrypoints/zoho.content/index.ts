import { defineContentScript } from 'wxt/utils/define-content-script';
import { zohoConsoleMatches } from '@/lib/hosts';
import { markPresent } from '@/lib/dom/presence';

// On Zoho Directory and Zoho One the assistant reads the Sync endpoint page; until a flow runs it
// only marks that it is present.
export default defineContentScript({
  matches: zohoConsoleMatches,
  runAt: 'document_idle',
  main() {
    markPresent('zoho');
  },
});
