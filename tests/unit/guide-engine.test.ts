// The step engine without a page: steps move on when done or when the admin says so, and a saved
// position never resumes straight into a step that fills the page.
import { describe, expect, it } from 'vitest';
import { doneByAdmin, evaluate, FINISHED, indexOf, resumeIndex, settle } from '@/lib/guide/engine';
import { apiKeyFlow, WORDS } from '@/lib/guide/flows/api-key';
import type { Flow, GuideContext } from '@/lib/guide/types';

const page = { a: false, b: false, broken: false, cOpen: false };
const ctx = { doc: {} as Document, memo: {}, services: { saveApiKey: async () => ({ ok: true as const }), fillValue: async () => ({ ok: false as const, error: 'none' }), groupsToBind: async () => ({ ok: true as const, names: [] }), apiKeyForZoho: async () => ({ ok: false as const, error: 'none' }), saveTarget: async () => ({ ok: false as const, error: 'none' }) }, known: {} } satisfies GuideContext;
const flow: Flow = {
  id: 'test',
  title: 'Test',
  console: 'JumpCloud',
  steps: [
    { id: 'a', title: 'A', say: 'Do A', done: () => page.a },
    { id: 'b', title: 'B', say: 'Do B', done: () => page.b },
    { id: 'c', title: 'C', say: 'Do C', arrived: () => page.cOpen, done: (c) => c.memo.c === true },
  ],
  problems: [
    { id: 'broken', when: () => page.broken, say: 'Refresh' },
    { id: 'late', during: ['c'], when: () => true, say: 'Only during C' },
  ],
  finished: 'Done',
};

describe('the guide engine', () => {
  it('moves past the steps the page shows as done, and no further', () => {
    Object.assign(page, { a: false, b: false, broken: false });
    expect(settle(flow, 0, ctx)).toBe(0);
    page.a = true;
    expect(settle(flow, 0, ctx)).toBe(1);
    page.b = true;
    expect(evaluate(flow, 0, ctx)).toMatchObject({ index: 2, step: { id: 'c' }, problem: { id: 'late' }, target: null });
    expect(settle(flow, 2, { ...ctx, memo: { c: true } })).toBe(3);
    expect(evaluate(flow, 0, { ...ctx, memo: { c: true } }).step).toBeUndefined();
  });

  it('resumes from a later step without asking the earlier ones again', () => {
    Object.assign(page, { a: false, b: false });
    // After a reload the page no longer shows step A done; the saved position still counts.
    expect(settle(flow, indexOf(flow, 'b'), ctx)).toBe(1);
    expect(indexOf(flow, 'renamed-step')).toBe(0);
    expect(indexOf(flow, FINISHED)).toBe(flow.steps.length);
  });

  it('meets an admin who went ahead at the step they reached, and never goes back', () => {
    Object.assign(page, { a: false, b: false, cOpen: true });
    expect(settle(flow, 0, ctx)).toBe(2);
    page.cOpen = false;
    expect(settle(flow, 2, ctx)).toBe(2);
  });

  it('reports a problem during the steps it belongs to', () => {
    Object.assign(page, { a: false, b: false, cOpen: false, broken: true });
    expect(evaluate(flow, 0, ctx).problem?.id).toBe('broken');
    page.broken = false;
    expect(evaluate(flow, 0, ctx).problem).toBeUndefined();
    expect(evaluate(flow, 2, ctx).problem?.id).toBe('late');
  });

  it('counts a step the admin said is done, and resumes before a fill step, never into it', () => {
    Object.assign(page, { a: false, b: false, cOpen: false, broken: false });
    expect(settle(flow, 0, { ...ctx, memo: { [doneByAdmin('a')]: true } })).toBe(1);
    const filling: Flow = {
      ...flow,
      steps: [flow.steps[0]!, { ...flow.steps[1]!, action: { label: 'Fill B', run: async () => ({ ok: true, message: '' }) } }, flow.steps[2]!],
    };
    expect(resumeIndex(filling, 'b')).toBe(0);
    expect(resumeIndex(filling, 'c')).toBe(2);
    expect(resumeIndex(flow, 'b')).toBe(1);
  });
});

describe('the API-key flow', () => {
  it('follows the seed’s order and never offers to click the console’s irreversible buttons', () => {
    expect(apiKeyFlow.steps.map((s) => s.id)).toEqual([
      'settings',
      'administrators',
      'admin',
      'enable-api-access',
      'save-administrator',
      'profile-menu',
      'my-api-key',
      'generate',
      'save-key',
    ]);
    const actions = apiKeyFlow.steps.flatMap((s) => (s.action ? [s.action.label] : []));
    expect(actions).toEqual(['Save to assistant']);
    for (const words of [WORDS.generate, WORDS.save]) for (const w of words) expect(actions).not.toContain(w);
  });

  it('warns before Generate what a new key breaks', () => {
    const generate = apiKeyFlow.steps.find((s) => s.id === 'generate')!;
    expect(`${generate.say} ${generate.why}`).toMatch(/revokes your current one/);
    expect(generate.why).toMatch(/integration that still uses the old key/);
    expect(apiKeyFlow.finished).toMatch(/will not show it again/);
  });
});
