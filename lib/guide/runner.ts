// Runs one flow on the live page. Nothing here exists until the admin opens the guide (or a page
// load finds a flow in progress): then one MutationObserver, a hashchange listener and scroll and
// resize listeners re-read the page, at most once per animation frame. stop() removes them all.
import { clearPosition, evaluate, FINISHED, indexOf, savePosition, type GuideView } from './engine';
import type { ActionResult, Flow, GuideContext, GuideServices, Memo } from './types';

export interface GuideState {
  view: GuideView;
  rect: DOMRect | null;
  /** The outcome of the last guide action. */
  result?: ActionResult;
}

export interface GuideRun {
  runAction(): Promise<void>;
  restart(): void;
  stop(): void;
}

export function startGuide(options: {
  flow: Flow;
  doc: Document;
  storage: Storage;
  services: GuideServices;
  resumeAt?: string;
  memo?: Memo;
  onChange(state: GuideState): void;
}): GuideRun {
  const { flow, doc, storage, onChange } = options;
  const win = doc.defaultView!;
  const ctx: GuideContext = { doc, memo: { ...options.memo }, services: options.services };
  let index = indexOf(flow, options.resumeAt);
  let result: ActionResult | undefined;
  let frame = 0;
  let busy = false;

  /** `keep`: the guide's own action just ran, so its outcome stays shown on the step it led to. */
  function look(keep = false) {
    frame = 0;
    const view = evaluate(flow, index, ctx);
    if (view.index !== index && !keep) result = undefined;
    index = view.index;
    const step = flow.steps[index];
    savePosition(storage, { flow: flow.id, step: step?.id ?? FINISHED, memo: ctx.memo });
    onChange({ view, rect: view.target?.getBoundingClientRect() ?? null, ...(result ? { result } : {}) });
  }
  const schedule = () => {
    if (!frame) frame = win.requestAnimationFrame(() => look());
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
  look();

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
    restart() {
      index = 0;
      ctx.memo = {};
      result = undefined;
      look();
    },
    stop() {
      observer.disconnect();
      win.removeEventListener('hashchange', schedule);
      win.removeEventListener('resize', schedule);
      win.removeEventListener('scroll', schedule, { capture: true });
      doc.removeEventListener('change', schedule, true);
      doc.removeEventListener('input', schedule, true);
      if (frame) win.cancelAnimationFrame(frame);
      clearPosition(storage);
    },
  };
}
