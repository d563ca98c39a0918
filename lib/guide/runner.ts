// Runs one flow on the live page. Nothing here exists until the admin opens the guide: then one
// MutationObserver, listeners for hash changes, scrolling, resizing and transitions, and a slow
// check that the target has not moved re-read the page, at most once per animation frame.
// stop() removes them all; the position stays with the extension.
import { doneByAdmin, FINISHED, resumeIndex, settle, viewAt, type GuideView, type Position } from './engine';
import { watchConsoleMessages, type ConsoleMessage } from './console-messages';
import { pickElement } from './picker';
import type { ActionResult, Flow, GuideContext, GuideServices, Known, Memo } from './types';
import { boxOf } from '../dom/box';

/** How often the guide checks that what it points at has not moved (a sliding drawer). */
const FOLLOW_MS = 250;
/** How long after a transition or animation starts the guide follows its target frame by frame. */
const TRACK_MS = 1000;

export interface GuideState {
  view: GuideView;
  rect: DOMRect | null;
  /** The outcome of the last guide action. */
  result?: ActionResult;
  /** What the console said after the admin's last click, verbatim. */
  said?: ConsoleMessage;
  /** True while the guide waits for the admin to show it an element. */
  picking: boolean;
  /** True when the admin went back and the guide waits instead of moving on by itself. */
  held: boolean;
}

export interface GuideRun {
  runAction(): Promise<void>;
  /** "I've done this — next": the admin's word moves the guide on. */
  next(): void;
  back(): void;
  /** "Show me where": the next click on the page shows the guide the element for this step. */
  pick(): void;
  cancelPick(): void;
  restart(): void;
  stop(): void;
}

export function startGuide(options: {
  flow: Flow;
  doc: Document;
  services: GuideServices;
  known?: Known;
  resumeAt?: string;
  memo?: Memo;
  onChange(state: GuideState): void;
  /** Called with the position whenever it changes, to keep it with the extension. */
  keep(position: Position): void;
}): GuideRun {
  const { flow, doc, onChange } = options;
  const win = doc.defaultView!;
  const ctx: GuideContext = { doc, memo: { ...options.memo }, services: options.services, known: options.known ?? {} };
  let index = resumeIndex(flow, options.resumeAt);
  /** After Back: the step shown, and where the page alone would have put the guide then. */
  let hold: { index: number; unheld: number } | null = null;
  let result: ActionResult | undefined;
  let frame = 0;
  let busy = false;
  let picking: (() => void) | null = null;
  let kept = '';
  /** Elements the admin showed, per step, for this page's life; never stored, never sent. */
  const shown = new Map<string, Element>();
  const messages = watchConsoleMessages(doc);

  function where(): number {
    if (!hold) return settle(flow, index, ctx);
    const unheld = settle(flow, hold.index, ctx);
    if (unheld === hold.unheld) return hold.index;
    // The page changed since Back: the admin acted, and the guide follows the page again.
    hold = null;
    return unheld;
  }

  /** `keep`: the guide's own action just ran, so its outcome stays shown on the step it led to. */
  function look(keepResult = false) {
    frame = 0;
    const said = messages.check();
    ctx.said = said;
    ctx.clicked = messages.clicked();
    const i = where();
    if (i !== index && !keepResult) result = undefined;
    index = i;
    const step = flow.steps[index];
    const view = viewAt(flow, index, ctx, step && shown.get(step.id));
    const position: Position = { flow: flow.id, step: step?.id ?? FINISHED, memo: ctx.memo };
    const serial = JSON.stringify(position);
    if (serial !== kept) {
      kept = serial;
      options.keep(position);
    }
    target = view.target ?? null;
    const rect = (target ? boxOf(target) : null);
    drawnAt = rect ? JSON.stringify(rect) : '';
    onChange({
      view,
      rect,
      picking: !!picking,
      held: !!hold,
      ...(result ? { result } : {}),
      ...(said ? { said } : {}),
    });
  }
  const schedule = () => {
    if (!frame) frame = win.requestAnimationFrame(() => look());
  };

  // A drawer that slides in moves its controls without a change to the DOM: while a transition or
  // animation runs, follow what the guide points at frame by frame; at other times, check now and
  // then that it has not moved since it was drawn.
  let target: Element | null = null;
  let drawnAt = '';
  const moved = () => !!target && JSON.stringify(boxOf(target)) !== drawnAt;
  const follow = win.setInterval(() => moved() && schedule(), FOLLOW_MS);
  let trackUntil = 0;
  let tracker = 0;
  const trackFrame = (now: number) => {
    tracker = 0;
    if (moved()) look();
    if (now < trackUntil) tracker = win.requestAnimationFrame(trackFrame);
  };
  const track = () => {
    trackUntil = win.performance.now() + TRACK_MS;
    if (!tracker) tracker = win.requestAnimationFrame(trackFrame);
  };

  const observer = new MutationObserver(schedule);
  observer.observe(doc.documentElement, { subtree: true, childList: true, attributes: true, characterData: true });
  win.addEventListener('hashchange', schedule);
  win.addEventListener('resize', schedule);
  win.addEventListener('scroll', schedule, { capture: true, passive: true });
  // A checkbox's `checked` and a field's value are properties, not attributes: listen for the
  // admin's own input too.
  doc.addEventListener('change', schedule, true);
  doc.addEventListener('input', schedule, true);
  doc.addEventListener('transitionrun', track, true);
  doc.addEventListener('animationstart', track, true);
  doc.addEventListener('transitionend', schedule, true);
  doc.addEventListener('animationend', schedule, true);
  look();

  const move = (to: number, held: boolean) => {
    index = Math.max(0, Math.min(to, flow.steps.length));
    hold = held ? { index, unheld: settle(flow, index, ctx) } : null;
    result = undefined;
    look();
  };

  return {
    async runAction() {
      const action = flow.steps[index]?.action;
      if (!action || busy) return;
      busy = true;
      try {
        result = await action.run(ctx);
      } catch (e) {
        result = { ok: false, message: e instanceof Error ? e.message : String(e) };
      } finally {
        busy = false;
      }
      look(true);
    },
    next() {
      const step = flow.steps[index];
      if (!step) return;
      ctx.memo[doneByAdmin(step.id)] = true;
      move(index + 1, false);
    },
    back() {
      if (index === 0) return;
      delete ctx.memo[doneByAdmin(flow.steps[index - 1]!.id)];
      move(index - 1, true);
    },
    pick() {
      const step = flow.steps[index];
      if (!step || picking) return;
      picking = pickElement(doc, (el) => {
        picking = null;
        if (el) shown.set(step.id, el);
        look();
      });
      look();
    },
    cancelPick() {
      picking?.();
      picking = null;
      look();
    },
    restart() {
      ctx.memo = {};
      shown.clear();
      move(0, false);
    },
    stop() {
      picking?.();
      picking = null;
      messages.stop();
      observer.disconnect();
      win.removeEventListener('hashchange', schedule);
      win.removeEventListener('resize', schedule);
      win.removeEventListener('scroll', schedule, { capture: true });
      doc.removeEventListener('change', schedule, true);
      doc.removeEventListener('input', schedule, true);
      doc.removeEventListener('transitionrun', track, true);
      doc.removeEventListener('animationstart', track, true);
      doc.removeEventListener('transitionend', schedule, true);
      doc.removeEventListener('animationend', schedule, true);
      win.clearInterval(follow);
      if (tracker) win.cancelAnimationFrame(tracker);
      if (frame) win.cancelAnimationFrame(frame);
    },
  };
}
