import { defineBackground } from 'wxt/utils/define-background';
import browser, { type Runtime } from 'webextension-polyfill';
import { handleMessage } from '@/lib/messages/handler';
import { openBrowserStore } from '@/lib/store/idb-store';

// Thin by design: the worker wires the browser to lib/. Listeners are registered synchronously
// in main() so a worker woken by an event finds them in place.
export default defineBackground(() => {
  const store = openBrowserStore();
  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) =>
    handleMessage(message, sender, { store, extensionId: browser.runtime.id }),
  );
});
