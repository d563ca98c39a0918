// The passphrase lock, in the extension's own IndexedDB store (fake-indexeddb) and through the
// background's messages: sealed under the passphrase's key, the secrets cannot be opened by another
// instance of the store on the same database (a browser restart, or someone holding a copy of the
// profile) until the right passphrase is typed; while locked, a scheduled sync waits and runs on
// the unlock; the passphrase never comes back in a reply.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { runOwedSlot } from '@/lib/background/schedule';
import { handleMessage, type HandlerContext, type Sender } from '@/lib/messages/handler';
import type { Request } from '@/lib/messages/protocol';
import { LockedError, memorySlot } from '@/lib/secrets/passphrase';
import { openIdbStore } from '@/lib/store/idb-store';
import type { Store } from '@/lib/store/types';
import { backgroundContext, extensionId, extensionOrigin } from '../support/background';
import { engineHarness, type EngineHarness } from '../support/engine';

const PASSPHRASE = 'correct horse battery staple';
const page: Sender = { id: extensionId, url: `${extensionOrigin}options.html` };
const consoleScript: Sender = { id: extensionId, url: 'https://console.jumpcloud.com/#/home', tab: { id: 3 } };

const opened: Store[] = [];
const open = (name: string) => {
  const store = openIdbStore(name, memorySlot());
  opened.push(store);
  return store;
};
let h: EngineHarness | undefined;
afterEach(async () => {
  for (const s of opened.splice(0)) s.close();
  await h?.close();
  h = undefined;
});

describe('the passphrase lock', () => {
  it('seals the secrets under the passphrase: another session of the same profile cannot open them until it is typed', async () => {
    const name = `lock-${Math.random().toString(36).slice(2)}`;
    const store = open(name);
    await store.secrets.put('jumpcloudApiKey', 'k'.repeat(40));
    await store.secrets.put('scimToken', 'token-value-1234567890', 'https://directory.zoho.example');
    expect(await store.lock!.state()).toBe('off');
    // Off: the profile's own key, which any session of the profile has.
    expect(await open(name).secrets.get('jumpcloudApiKey')).toBe('k'.repeat(40));

    await store.lock!.enable(PASSPHRASE);
    expect(await store.lock!.state()).toBe('unlocked');
    expect(await store.secrets.get('jumpcloudApiKey')).toBe('k'.repeat(40));

    const later = open(name);
    expect(await later.lock!.state()).toBe('locked');
    await expect(later.secrets.get('jumpcloudApiKey')).rejects.toBeInstanceOf(LockedError);
    await expect(later.secrets.put('jumpcloudApiKey', 'x'.repeat(40))).rejects.toBeInstanceOf(LockedError);
    // What is saved is still known to be there: the checklist does not ask for it again.
    expect(await later.secrets.has('jumpcloudApiKey')).toBe(true);
    expect(await later.lock!.unlock('wrong passphrase!')).toBe(false);
    expect(await later.lock!.state()).toBe('locked');
    expect(await later.lock!.unlock(PASSPHRASE)).toBe(true);
    expect(await later.secrets.get('scimToken', 'https://directory.zoho.example')).toBe('token-value-1234567890');

    // Off again: back under the profile's key, for every session.
    expect(await later.lock!.disable('wrong passphrase!')).toBe(false);
    expect(await later.lock!.disable(PASSPHRASE)).toBe(true);
    expect(await open(name).secrets.get('jumpcloudApiKey')).toBe('k'.repeat(40));
  });

  it('keeps a scheduled sync waiting while locked, says so, and runs it on the unlock', async () => {
    h = await engineHarness({ users: 10 });
    const ctx: HandlerContext = backgroundContext(h);
    const ask = (r: Request, sender: Sender = page) => handleMessage(r, sender, ctx);
    await h.saveConfig((c) => (c.settings.schedule = { ...c.settings.schedule, enabled: true, frequency: 'hourly', everyHours: 1 }));

    expect(await ask({ type: 'lock.enable', passphrase: 'short' })).toMatchObject({ ok: false });
    const on = await ask({ type: 'lock.enable', passphrase: PASSPHRASE });
    expect(on).toEqual({ ok: true, data: { lock: 'unlocked' } });
    expect(await ask({ type: 'lock.lock' })).toEqual({ ok: true, data: { lock: 'locked' } });

    // The alarm fires while locked: no run is recorded, the slot waits, the popup is told why.
    const start = () => ctx.runner.start({ trigger: 'schedule' }).done;
    expect(await runOwedSlot(h.store, start, h.world.now() + 2 * 3_600_000)).toBe('waiting');
    expect(await h.store.runs.list()).toEqual([]);
    const status = await ask({ type: 'status' });
    expect(status).toMatchObject({ ok: true, data: { lock: 'locked', scheduleWaiting: true } });

    // A sync asked for while locked fails with what to do, writing nothing.
    const manual = await h.sync();
    expect(manual.run.status).toBe('failed');
    expect(manual.run.errors[0]).toMatchObject({ message: expect.stringContaining('locked'), hint: expect.stringContaining('passphrase') });
    expect(h.sandbox.scim.store.userCount).toBe(0);

    // A wrong passphrase says so and leaves it locked; the reply never carries what was typed.
    const wrong = await ask({ type: 'lock.unlock', passphrase: 'not the passphrase' });
    expect(wrong).toMatchObject({ ok: false, error: expect.stringContaining('does not unlock') });
    expect(JSON.stringify(wrong)).not.toContain('not the passphrase');

    expect(await ask({ type: 'lock.unlock', passphrase: PASSPHRASE })).toEqual({ ok: true, data: { lock: 'unlocked' } });
    await expect.poll(async () => (await h!.store.runs.list()).find((r) => r.trigger === 'schedule')?.status, { timeout: 20_000 }).toBe('succeeded');
    expect(h.sandbox.scim.store.userCount).toBeGreaterThan(0);
    expect(await ask({ type: 'status' })).toMatchObject({ ok: true, data: { lock: 'unlocked' } });
    expect(((await ask({ type: 'status' })) as { data: { scheduleWaiting?: boolean } }).data.scheduleWaiting).toBeUndefined();
  });

  it('takes lock requests only from the assistant’s own pages', async () => {
    h = await engineHarness({ users: 1 });
    const ctx = backgroundContext(h);
    for (const r of [{ type: 'lock.enable', passphrase: PASSPHRASE }, { type: 'lock.unlock', passphrase: PASSPHRASE }, { type: 'lock.lock' }] as Request[]) {
      expect(await handleMessage(r, consoleScript, ctx)).toMatchObject({ ok: false, error: expect.stringMatching(/^Refused/) });
    }
    expect(await h.store.lock!.state()).toBe('off');
  });
});
