// The step engine. The flow's position lives in the page's sessionStorage under one key, so a
// hash-route change or a reload resumes at the same step; only the flow id, the step id and the
// flow's small flags are kept there, never a value read from the page.
import type { Flow, GuideContext, Memo, Problem, Step } from './types';

export const POSITION_KEY = 'jumpcloud-zoho-assistant.guide';

export interface Position {
  flow: string;
  step: string;
  memo: Memo;
}

export function loadPosition(storage: Pick<Storage, 'getItem'>): Position | null {
  try {
    const raw: unknown = JSON.parse(storage.getItem(POSITION_KEY) ?? 'null');
    if (!raw || typeof raw !== 'object') return null;
    const { flow, step, memo } = raw as Record<string, unknown>;
    if (typeof flow !== 'string' || typeof step !== 'string') return null;
    const flags: Memo = {};
    if (memo && typeof memo === 'object') {
      for (const [k, v] of Object.entries(memo)) if (typeof v === 'boolean') flags[k] = v;
    }
    return { flow, step, memo: flags };
  } catch {
    return null;
  }
}

export function savePosition(storage: Pick<Storage, 'setItem'>, position: Position): void {
  storage.setItem(POSITION_KEY, JSON.stringify(position));
}

export function clearPosition(storage: Pick<Storage, 'removeItem'>): void {
  storage.removeItem(POSITION_KEY);
}

/** The position of a flow whose every step is done. */
export const FINISHED = 'finished';

/** The index of a step id, or 0 when the flow no longer has it (a renamed step starts over). */
export function indexOf(flow: Flow, stepId: string | undefined): number {
  if (stepId === FINISHED) return flow.steps.length;
  const i = flow.steps.findIndex((s) => s.id === stepId);
  return i < 0 ? 0 : i;
}

/**
 * From `index`, jumps ahead to the furthest step the page shows the admin has already reached, then
 * moves past every step the page shows as done. Returns steps.length when all are. Never goes back.
 */
export function settle(flow: Flow, index: number, ctx: GuideContext): number {
  let i = index;
  for (let j = flow.steps.length - 1; j > i; j--) {
    if (flow.steps[j]!.arrived?.(ctx)) {
      i = j;
      break;
    }
  }
  while (i < flow.steps.length && flow.steps[i]!.done(ctx)) i++;
  return i;
}

export interface GuideView {
  flow: Flow;
  index: number;
  step: Step | undefined;
  problem: Problem | undefined;
  target: Element | null;
}

/** One look at the page: where the flow stands, what went wrong, what to point at. */
export function evaluate(flow: Flow, index: number, ctx: GuideContext): GuideView {
  const i = settle(flow, index, ctx);
  const step = flow.steps[i];
  const problem = flow.problems.find((p) => (!p.during || (!!step && p.during.includes(step.id))) && p.when(ctx));
  return { flow, index: i, step, problem, target: step?.target?.(ctx) ?? null };
}
