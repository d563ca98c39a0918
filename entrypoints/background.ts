import '@/lib/zod-jitless';
import { defineBackground } from 'wxt/utils/define-background';
import browser, { type Runtime } from 'webextension-polyfill';
import { createRunner } from '@/lib/background/runner';
import { armSchedule, runOwedSlot, SCHEDULE_ALARM, scheduleChanged } from '@/lib/background/schedule';
import { sessionSlot } from '@/lib/background/session-slot';
import { browserGuideTabs } from '@/lib/background/guide-tabs';
import { unusedOrigins } from '@/lib/background/host-permissions';
import { handleMessage } from '@/lib/messages/handler';
import type { AssistantEvent } from '@/lib/messages/protocol';
import { redactingLogger } from '@/lib/secrets/redact';
import { openBrowserStore } from '@/lib/store/idb-store';
import { realWorld } from '@/lib/world';

/** While a run goes on, this alarm wakes a stopped worker so the run carries on. */
const RESUME_ALARM = 'resume-run';

// Thin by design: the worker wires the browser to lib/. Listeners are registered synchronously in
// main() so that a worker woken by an event finds them in place.
export default defineBackground(() => {
  const store = openBrowserStore(sessionSlot(browser.storage.session));
  const world = {
    ...realWorld(
      redactingLogger(
        // eslint-disable-next-line no-console -- the worker's own console, every line redacted first
        { info: () => {}, warn: (m) => console.warn(m), error: (m) => console.error(m) },
        // redact() also knows every secret this worker has saved or decrypted (lib/secrets/redact.ts).
        () => [],
      ),
    ),
    // The SCIM token goes only to the manifest's hosts and those the admin granted, whatever the
    // saved config says: a server that merely answers CORS gets nothing.
    mayReach: (origin: string) => browser.permissions.contains({ origins: [`${origin}/*`] }),
  };
  const runner = createRunner({
    world,
    store,
    broadcast: (event: AssistantEvent) => void browser.runtime.sendMessage(event).catch(() => {}),
    notify: (title, message) =>
      void browser.notifications.create({ type: 'basic', iconUrl: browser.runtime.getURL('/icon-128.png'), title, message }),
    watchdog: {
      arm: () => void browser.alarms.create(RESUME_ALARM, { periodInMinutes: 0.5 }),
      disarm: () => void browser.alarms.clear(RESUME_ALARM),
    },
  });

  const ctx = {
    guideTabs: browserGuideTabs(),
    store,
    world,
    runner,
    extensionId: browser.runtime.id,
    extensionOrigin: browser.runtime.getURL('/'),
    openPage: async (path: string) => void (await browser.tabs.create({ url: browser.runtime.getURL(path as '/options.html') })),
    pending: {},
    nextRunAt: async () => (await browser.alarms.get(SCHEDULE_ALARM))?.scheduledTime,
    configChanged: async () => {
      await scheduleChanged(store, browser.alarms, world.now());
      await giveBackUnusedHosts();
    },
  };

  /** Hosts asked for an earlier Sync endpoint, given back once the saved one is elsewhere. */
  async function giveBackUnusedHosts(): Promise<void> {
    const required = browser.runtime.getManifest().host_permissions ?? [];
    const granted = (await browser.permissions.getAll()).origins ?? [];
    const unused = unusedOrigins(granted, required, (await store.config.get())?.target.syncEndpoint);
    if (unused.length) await browser.permissions.remove({ origins: unused }).catch(() => false);
  }

  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => handleMessage(message, sender, ctx));

  // A first install opens the welcome, as the admin expects of a new extension; an update or a
  // browser update does not (the admin is past setup, or on their way through it).
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'install') void browser.tabs.create({ url: browser.runtime.getURL('/setup.html') });
  });

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === RESUME_ALARM) void runner.resumeIfInterrupted();
    if (alarm.name === SCHEDULE_ALARM) void runScheduled();
  });

  async function runScheduled(): Promise<void> {
    await armSchedule(store, browser.alarms, world.now());
    await runOwedSlot(store, () => runner.start({ trigger: 'schedule' }).done, world.now());
  }

  // Every time the worker starts: carry on an interrupted run, re-create the alarm (alarms may not
  // survive a browser restart), and run once for a slot missed while the browser was closed.
  void (async () => {
    await runner.resumeIfInterrupted();
    await runScheduled();
  })();
});
