// The guide's tabs, as the browser keeps them: the guide script injected with scripting (so a
// console page that never opens the guide pays nothing for it), and each tab's place in the guide
// in storage.session — the extension's memory, gone when the browser closes, never the page's.
import browser from 'webextension-polyfill';
import { guideSessionSchema, type GuideSession } from '../messages/protocol';
import type { GuideTabs } from '../messages/guide-handlers';

const keyOf = (tabId: number) => `guide.tab.${tabId}`;

export function browserGuideTabs(): GuideTabs {
  // A closed tab's place is of no more use.
  browser.tabs.onRemoved.addListener((tabId) => void browser.storage.session.remove(keyOf(tabId)));
  return {
    async inject(tabId, frameId) {
      await browser.scripting.executeScript({ target: { tabId, frameIds: [frameId] }, files: ['/guide.js'] });
    },
    async open(url, session) {
      const tab = await browser.tabs.create({ url });
      if (tab.id !== undefined) await browser.storage.session.set({ [keyOf(tab.id)]: session });
    },
    async get(tabId) {
      const stored = (await browser.storage.session.get(keyOf(tabId)))[keyOf(tabId)];
      const parsed = guideSessionSchema.safeParse(stored);
      return parsed.success ? parsed.data : null;
    },
    async set(tabId, session: GuideSession) {
      await browser.storage.session.set({ [keyOf(tabId)]: session });
    },
  };
}
