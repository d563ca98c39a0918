// A run stopped half way by the browser, as Chromium's and Firefox's tests both stage it: users
// moved in JumpCloud, slow writes so the run is still applying when the background is stopped,
// then the same run carried on to its end by whatever wakes the background.
import { expect } from 'vitest';
import type { SystemUser } from '@/sandbox/jumpcloud/directory/model';
import type { Sandbox } from '@/sandbox/index';
import { ask } from './extension-messages';

type ExtensionPage = Parameters<typeof ask>[0];
const movedTitle = (u: SystemUser) => `Moved ${u._id.slice(-4)}`;

/** Moves `users` to a new job title and starts a sync; returns its id once it has written some. */
export async function startRunToInterrupt(home: ExtensionPage, sandbox: Sandbox, users: SystemUser[], latencyMs: number): Promise<string> {
  for (const u of users) sandbox.jumpcloud.directory.updateUser(u._id, { jobTitle: movedTitle(u) });
  sandbox.scim.faults.set({ latencyMs });
  const started = await ask<{ runId: string }>(home, { type: 'sync.start', dryRun: false });
  expect(started.ok).toBe(true);
  await expect
    .poll(async () => (await ask<{ running?: { phase: string; done: number } }>(home, { type: 'status' })).data?.running, { timeout: 60_000 })
    .toMatchObject({ phase: 'applying', done: expect.any(Number) });
  await expect.poll(async () => (await ask<{ running?: { done: number } }>(home, { type: 'status' })).data?.running?.done ?? 0).toBeGreaterThan(20);
  return started.data!.runId;
}

/** Some of the moved users are not written yet: the run was stopped before its end. */
export const someNotYetMoved = (sandbox: Sandbox, users: SystemUser[]) =>
  users.some((u) => sandbox.scim.store.findUsersByExternalId(u._id)[0]!.title !== movedTitle(u));

/** The same run ends succeeded, having resumed, with every moved user written once. */
export async function expectResumedToEnd(home: ExtensionPage, sandbox: Sandbox, runId: string, users: SystemUser[]): Promise<void> {
  sandbox.scim.faults.reset();
  // Anything that wakes the background (the watchdog alarm, or a page asking) carries the run on.
  await expect
    .poll(async () => ((await ask<{ id: string; status: string }[]>(home, { type: 'runs.list' })).data ?? [])[0], { timeout: 90_000 })
    .toMatchObject({ id: runId, status: 'succeeded' });
  for (const u of users) {
    const target = sandbox.scim.store.findUsersByExternalId(u._id);
    expect(target).toHaveLength(1);
    expect(target[0]!.title).toBe(movedTitle(u));
  }
  const run = await ask<{ warnings: string[] }>(home, { type: 'runs.get', id: runId });
  expect(run.data!.warnings.join(' ')).toMatch(/Resumed/);
}
