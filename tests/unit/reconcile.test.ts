// The observed snapshot, as a pure function: who is linked how, what counts as drift, and what a
// read that cannot be proven whole may not conclude.
import { describe, expect, it } from 'vitest';
import type { ScimUser } from '@/lib/scim/client';
import type { SnapshotEntry } from '@/lib/store/records';
import type { PreparedUser } from '@/lib/sync/prepare';
import { listedUserOf, type ListedUser } from '@/lib/sync/listed-user';
import { reconcile, reconcileDue, Reconciler } from '@/lib/sync/reconcile';

const A = 'a'.repeat(24);
const B = 'b'.repeat(24);
const C = 'c'.repeat(24);
const prepared = (id: string, userName: string, extra: Record<string, string | boolean> = {}): PreparedUser => ({
  id,
  label: userName,
  verdict: { included: true },
  mapped: { userName, attributes: { externalId: id, userName, active: true, ...extra } },
} as unknown as PreparedUser);
const entry = (jumpcloudId: string, scimId: string, pushed: Record<string, unknown>): SnapshotEntry => ({ jumpcloudId, scimId, pushed, updatedAt: 1 });
// A directory user as a run keeps it from its page (lib/sync/listed-user.ts).
const scim = (id: string, fields: Partial<ScimUser> & { userName: string }): ListedUser => listedUserOf({ id, ...fields } as ScimUser);

describe('reconcile', () => {
  const users = [prepared(A, 'ada@example.com', { title: 'CTO' }), prepared(B, 'bo@example.com')];
  const stored = new Map([
    [A, entry(A, 's-a', { externalId: A, userName: 'ada@example.com', active: true, title: 'CTO' })],
    [B, entry(B, 's-b', { externalId: B, userName: 'bo@example.com', active: true })],
  ]);

  it('links by externalId or by the recorded SCIM id; a sign-in name differing only in case is no drift', () => {
    const listed = [
      scim('s-a', { externalId: A, userName: 'ADA@example.com', active: true, title: 'Chief' }),
      scim('s-b', { userName: 'bo@example.com', active: true, title: 'Set by hand' } as ScimUser),
    ];
    const r = reconcile(listed, 2, stored, users, 5);
    expect(r.complete).toBe(true);
    expect(r.drift.get(A)).toEqual(['title']);
    expect(r.snapshot.get(A)?.pushed).toMatchObject({ userName: 'ada@example.com', title: 'Chief' });
    // B carries no externalId in the directory (removed by hand): still B's, by its SCIM id, and that
    // is drift; so is a title set by hand where JumpCloud has none (the mapping writes titles).
    expect(r.snapshot.get(B)?.scimId).toBe('s-b');
    expect(r.drift.get(B)).toEqual(['externalId', 'title']);
    expect(r.changes.deletes).toEqual([]);
  });

  it('takes no one as missing from a read that did not reach the count it declared', () => {
    const listed = [scim('s-a', { externalId: A, userName: 'ada@example.com', active: true, title: 'CTO' })];
    const partial = reconcile(listed, 2, stored, users, 5);
    expect(partial.complete).toBe(false);
    expect(partial.snapshot.get(B)).toBe(stored.get(B));
    expect(partial.missing).toBe(0);
    const whole = reconcile(listed, 1, stored, users, 5);
    expect(whole.snapshot.has(B)).toBe(false);
    expect(whole.changes.deletes).toEqual([B]);
  });

  it('lists only the directory users no JumpCloud user explains, and never links a claimed id twice', () => {
    const listed = [
      scim('s-a', { externalId: A, userName: 'ada@example.com', active: true, title: 'CTO' }),
      scim('s-a2', { externalId: A, userName: 'ada.two@example.com', active: true }),
      scim('s-x', { externalId: 'payroll-1', userName: 'stranger@example.com' }),
      scim('s-b2', { userName: 'BO@example.com' }),
      scim('s-c', { externalId: C, userName: 'cy@example.com', active: true }),
    ];
    const r = reconcile(listed, 5, new Map(), users, 5);
    expect([...r.ambiguous]).toEqual([[A, ['s-a', 's-a2']]]);
    expect(r.snapshot.has(A)).toBe(false);
    expect(r.unknown).toEqual([{ scimId: 's-x', userName: 'stranger@example.com' }]);
    // C is a JumpCloud id JumpCloud's read did not return: observed whole, for the engine to confirm gone.
    expect(r.snapshot.get(C)).toMatchObject({ scimId: 's-c', pushed: { externalId: C, userName: 'cy@example.com', active: true } });
  });

  it('keeps, of each user as its page is read, the whole only where no JumpCloud id claims it', () => {
    const reconciler = new Reconciler(stored, users, 5);
    // The first claimant of A drifts; a second claimant, pages later, makes A ambiguous and the drift void.
    expect(reconciler.add(scim('s-a', { externalId: A, userName: 'ada@example.com', active: true, title: 'Chief' }))).not.toHaveProperty('flat');
    const stranger = reconciler.add(scim('s-x', { userName: 'stranger@example.com', title: 'Temp' }));
    expect(stranger).toMatchObject({ id: 's-x', flat: { userName: 'stranger@example.com', title: 'Temp' } });
    expect(reconciler.add(scim('s-b', { externalId: B, userName: 'bo@example.com', active: true }))).toEqual({ id: 's-b', userName: 'bo@example.com', externalId: B });
    reconciler.add(scim('s-a2', { externalId: A, userName: 'ada.two@example.com' }));
    const r = reconciler.finish(4);
    expect([...r.ambiguous]).toEqual([[A, ['s-a', 's-a2']]]);
    expect(r.drift.size).toBe(0);
    expect(r.snapshot.get(A)).toBe(stored.get(A));
    // B is as pushed: the stored entry itself, and nothing for the store to take.
    expect(r.snapshot.get(B)).toBe(stored.get(B));
    expect(r.changes).toEqual({ puts: [], deletes: [] });
  });

  it('is due on the admin’s interval, at once when never done, and never on "never"', () => {
    const day = 86_400_000;
    expect(reconcileDue('weekly', undefined, 0)).toBe(true);
    expect(reconcileDue('weekly', 0, 6 * day)).toBe(false);
    expect(reconcileDue('weekly', 0, 7 * day)).toBe(true);
    expect(reconcileDue('daily', 0, day)).toBe(true);
    expect(reconcileDue('monthly', 0, 29 * day)).toBe(false);
    expect(reconcileDue('never', undefined, 99 * day)).toBe(false);
  });
});
