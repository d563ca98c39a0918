// Values before and after, over real HTTP: a change made in the sandbox's JumpCloud shows in the
// dry run's record and in the sync's, attribute by attribute, and the record passes the protocol
// the pages read it through.
import { afterEach, describe, expect, it } from 'vitest';
import { handleMessage } from '@/lib/messages/handler';
import { responseData } from '@/lib/messages/protocol';
import { CHANGE_VALUE_LIMIT, truncatedMarker } from '@/lib/sync/diffs';
import type { SyncRunRecord } from '@/lib/sync/run-record';
import { backgroundContext, extensionId, extensionOrigin } from '../support/background';
import { engineHarness, type EngineHarness } from '../support/engine';

let h: EngineHarness;
afterEach(async () => h?.close());

const active = (h: EngineHarness) =>
  h.sandbox.jumpcloud.directory.users.filter((u) => u.state === 'ACTIVATED' && u.email.trim() !== '' && u.jobTitle.trim() !== '');

describe('values before and after in the run record', () => {
  it('shows a changed JumpCloud attribute before and after, in the preview and in the sync', async () => {
    h = await engineHarness({ users: 40 });
    expect((await h.sync()).run.status).toBe('succeeded');
    const [promoted, leaving] = active(h);
    const was = promoted!.jobTitle;
    const dir = h.sandbox.jumpcloud.directory;
    dir.updateUser(promoted!._id, { jobTitle: 'Senior engineer' });
    dir.updateUser(leaving!._id, { state: 'SUSPENDED' });

    const preview = await h.sync({ dryRun: true });
    const planned = preview.run.outcomes.find((o) => o.jumpcloudId === promoted!._id)!;
    expect(planned).toMatchObject({ action: 'update', result: 'planned', changed: ['title'], changes: [{ path: 'title', before: was, after: 'Senior engineer' }] });
    expect(preview.run.outcomes.find((o) => o.jumpcloudId === leaving!._id)).toMatchObject({
      action: 'deactivate',
      changes: [{ path: 'active', before: true, after: false }],
    });

    const { run } = await h.sync();
    expect(run.status).toBe('succeeded');
    expect(h.targetUsers(promoted!._id)[0]!.title).toBe('Senior engineer');
    // As the history keeps it and the pages receive it.
    const stored = (await h.store.runs.get(run.id)) as SyncRunRecord;
    const sent = responseData['runs.get'].parse({ ...stored, outcomes: stored.outcomes });
    expect(sent.outcomes.find((o) => o.jumpcloudId === promoted!._id)).toMatchObject({
      action: 'update',
      result: 'done',
      changes: [{ path: 'title', before: was, after: 'Senior engineer' }],
    });
    expect(sent.outcomes.find((o) => o.jumpcloudId === leaving!._id)).toMatchObject({
      action: 'deactivate',
      result: 'done',
      changes: [{ path: 'active', before: true, after: false }],
    });
  });

  it('lists a new user’s values with nothing before them', async () => {
    h = await engineHarness({ users: 10 });
    const { run } = await h.sync();
    const user = active(h)[0]!;
    const created = run.outcomes.find((o) => o.jumpcloudId === user._id)!;
    expect(created.action).toBe('create');
    expect(created.changes).toContainEqual({ path: 'userName', after: user.email.trim().toLowerCase() });
    expect(created.changes).toContainEqual({ path: 'externalId', after: user._id });
    expect(created.changes!.every((c) => !('before' in c))).toBe(true);
  });

  it('cuts long values, keeps hostile ones as data, and never keeps the API key', async () => {
    h = await engineHarness({ users: 20 });
    await h.sync();
    const [long, hostile, pasted] = active(h);
    const dir = h.sandbox.jumpcloud.directory;
    dir.updateUser(long!._id, { jobTitle: 'x'.repeat(5000) });
    dir.updateUser(hostile!._id, { jobTitle: '<img src=x onerror=alert(1)>\u202E=cmd|\' /C calc\'!A0' });
    dir.updateUser(pasted!._id, { jobTitle: `key: ${h.sandbox.jumpcloud.apiKey}` });
    const { run } = await h.sync();
    expect(run.status).toBe('succeeded');
    const after = (id: string) => run.outcomes.find((o) => o.jumpcloudId === id)!.changes!.find((c) => c.path === 'title')!.after as string;
    expect(after(long!._id)).toBe('x'.repeat(CHANGE_VALUE_LIMIT) + truncatedMarker(5000 - CHANGE_VALUE_LIMIT));
    expect(h.targetUsers(long!._id)[0]!.title).toBe('x'.repeat(5000));
    expect(after(hostile!._id)).toBe('<img src=x onerror=alert(1)>\u202E=cmd|\' /C calc\'!A0');
    expect(after(pasted!._id)).toBe('key: [redacted]');
    expect(JSON.stringify(await h.store.runs.get(run.id))).not.toContain(h.sandbox.jumpcloud.apiKey);
  });

  it('shows, in the mapping preview, what an edited mapping would change of what was last synced', async () => {
    h = await engineHarness({ users: 20 });
    await h.sync();
    const ctx = backgroundContext(h);
    const config = structuredClone(h.config);
    config.mapping.fields.designation = { from: 'hardcoded', value: 'Contractor' };
    const reply = await handleMessage({ type: 'mapping.preview', config }, { id: extensionId, url: `${extensionOrigin}options.html` }, ctx);
    expect(reply.ok).toBe(true);
    const { users } = responseData['mapping.preview'].parse(reply.ok ? reply.data : undefined);
    const synced = users.filter((u) => u.changes);
    expect(synced.length).toBeGreaterThan(0);
    for (const u of synced) {
      const title = h.sandbox.jumpcloud.directory.users.find((j) => j.email.trim().toLowerCase() === u.label.toLowerCase())?.jobTitle.trim();
      expect(u.changes).toEqual(title === 'Contractor' ? [] : [{ path: 'title', ...(title ? { before: title } : {}), after: 'Contractor' }]);
    }
  });
});
