// The step engine, pure: given a flow, where it stands and the page, where it stands now. The
// position it works from is the extension's (kept per tab by the background, never in the page's
// own storage), so a script on the console cannot place the guide at a step of its choosing.
import type { Flow, GuideContext, Memo, Problem, Step } from './types';

export interface Position {
  flow: string;
  step: string;
  memo: Memo;
}

/** The position of a flow whose every step is done. */
export const FINISHED = 'finished';

/** The memo flag of a step the admin said was done ("I've done this — next"). */
export const doneByAdmin = (stepId: string) => `done:${stepId}`;

export function isDone(step: Step, ctx: GuideContext): boolean {
  return ctx.memo[doneByAdmin(step.id)] === true || step.done(ctx);
}

/** A step whose action puts a value into the console. */
export const fills = (step: Step | undefined) => !!step?.action?.label.startsWith('Fill');

/** The index of a step id, or 0 when the flow no longer has it (a renamed step starts over). */
export function indexOf(flow: Flow, stepId: string | undefined): number {
  if (stepId === FINISHED) return flow.steps.length;
  const i = flow.steps.findIndex((s) => s.id === stepId);
  return i < 0 ? 0 : i;
}

/**
 * Where a saved position resumes: its step, unless that step fills a value into the page — then
 * the step before the fills begin, and the page itself has to show the admin is further on.
 */
export function resumeIndex(flow: Flow, stepId: string | undefined): number {
  let i = indexOf(flow, stepId);
  while (i > 0 && i < flow.steps.length && fills(flow.steps[i])) i--;
  return i;
}

/**
 * From `index`, jumps ahead to the furthest step the page shows the admin has already reached, then
 * moves past every step that is done. Returns steps.length when all are. Never goes back.
 */
export function settle(flow: Flow, index: number, ctx: GuideContext): number {
  let i = index;
  for (let j = flow.steps.length - 1; j > i; j--) {
    if (flow.steps[j]!.arrived?.(ctx)) {
      i = j;
      break;
    }
  }
  while (i < flow.steps.length && isDone(flow.steps[i]!, ctx)) i++;
  return i;
}

export interface GuideView {
  flow: Flow;
  index: number;
  step: Step | undefined;
  problem: Problem | undefined;
  target: Element | null;
  /** True when the element pointed at is the one the admin showed the guide. */
  shownByAdmin: boolean;
  /** The step's words for the page as it is now, if it has any. */
  detail: string | null;
}

/** The problems of the flow the page shows now, during this step. */
export function problemNow(flow: Flow, step: Step | undefined, ctx: GuideContext): Problem | undefined {
  return flow.problems.find((p) => (!p.during || (!!step && p.during.includes(step.id))) && p.when(ctx));
}

/**
 * One look at the page at step `index` (already settled): what went wrong, what to point at. An
 * element the admin showed for this step ("Show me where") is used while it is on the page.
 */
export function viewAt(flow: Flow, index: number, ctx: GuideContext, shown?: Element): GuideView {
  const step = flow.steps[index];
  const own = shown?.isConnected ? shown : undefined;
  const target = own ?? step?.target?.(ctx) ?? null;
  return { flow, index, step, problem: problemNow(flow, step, ctx), target, shownByAdmin: !!own, detail: step?.detail?.(ctx) ?? null };
}

/** One look at the page from `index`: where the flow stands, what went wrong, what to point at. */
export function evaluate(flow: Flow, index: number, ctx: GuideContext): GuideView {
  return viewAt(flow, settle(flow, index, ctx), ctx);
}
