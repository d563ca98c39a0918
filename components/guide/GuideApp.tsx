// The guide in a console tab: the panel wired to the step engine, to the background (which keeps
// the guide's place in this tab) and to the placement that keeps the panel off what it points at.
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { GuideSession } from '@/lib/messages/protocol';
import { startGuide, type GuideRun, type GuideState } from '@/lib/guide/runner';
import type { GuideLine } from '@/lib/guide/services';
import type { Flow, Known } from '@/lib/guide/types';
import { boxOf, scrollToShow } from '@/lib/dom/box';
import { GuidePanel, type PanelActions } from './GuidePanel';
import { clampToView, place, type Point, type Spot } from './placement';

export interface GuideAppProps {
  flows: readonly Flow[];
  line: GuideLine;
  /** Called when the admin closes the guide (the launcher shows again); `hadFocus`: the panel had the focus. */
  onClosed(hadFocus: boolean): void;
  /** Lets the host reopen a closed guide (the launcher was clicked again), taking the focus or not. */
  reopen: { current: ((takeFocus: boolean) => void) | null };
  /** The panel takes the focus once it is drawn (opened from the launcher). */
  takeFocus?: boolean;
}

const CLOSED: GuideSession = { position: null, open: false, collapsed: false };

/** Whether the focus is somewhere in the panel's (closed) shadow root. */
const focusIn = (el: HTMLElement | null) => {
  const root = el?.getRootNode();
  return root instanceof ShadowRoot && root.activeElement !== null;
};

export function GuideApp({ flows, line, onClosed, reopen, takeFocus = false }: GuideAppProps) {
  const byId = new Map(flows.map((f) => [f.id, f]));
  const [session, setSession] = useState<GuideSession | null>(null);
  const [state, setState] = useState<GuideState | null>(null);
  const [at, setAt] = useState<Spot | null>(null);
  /** The target for which the panel folded itself, finding no free place beside it. */
  const [foldedFor, setFoldedFor] = useState<Element | null>(null);
  const run = useRef<GuideRun | null>(null);
  const known = useRef<Known>({});
  const panel = useRef<HTMLElement>(null);
  const current = useRef<GuideSession>(CLOSED);
  const lastTarget = useRef<Element | null>(null);
  /** The panel should take the focus as soon as it is drawn. */
  const wantFocus = useRef(false);
  // Read before this render changes the panel: a focused button that the render removes (a guide
  // chosen, Back on the second step, the panel folded) would drop the focus to the console's page.
  const focusWasIn = focusIn(panel.current);

  const keep = (next: GuideSession) => {
    current.current = next;
    setSession(next);
    void line.saveSession(next);
  };

  const startFlow = (flow: Flow, resumeAt?: string, memo?: Record<string, boolean>) => {
    run.current?.stop();
    run.current = startGuide({
      flow,
      doc: document,
      services: line,
      known: known.current,
      ...(resumeAt ? { resumeAt } : {}),
      ...(memo ? { memo } : {}),
      onChange: setState,
      keep: (position) => keep({ ...current.current, position }),
    });
  };

  const open = async (focus: boolean) => {
    wantFocus.current = focus;
    const [saved, k] = await Promise.all([line.loadSession(), line.known()]);
    known.current = k;
    const s = { ...(saved ?? CLOSED), open: true };
    keep(s);
    const flow = s.position && byId.get(s.position.flow);
    if (flow && s.position) startFlow(flow, s.position.step, s.position.memo);
    else setState(null);
  };

  useEffect(() => {
    reopen.current = (focus) => void open(focus);
    void open(takeFocus);
    return () => run.current?.stop();
  }, []);

  const target = state?.view.target ?? null;
  const collapsed = !!session?.collapsed || (!!target && foldedFor === target);

  // Place the panel after each render: beside its target, where the admin moved it if that covers
  // nothing, folded into its bar when no place beside the target is free.
  useLayoutEffect(() => {
    const el = panel.current;
    if (!el) return;
    if (target && target !== lastTarget.current) {
      lastTarget.current = target;
      // Out of view: brought to the middle. Partly in view (a button half below the fold): scrolled
      // just enough to show it whole, which leaves the most room beside it for the panel.
      const r = boxOf(target);
      const out = r.bottom < 0 || r.top > innerHeight || r.right < 0 || r.left > innerWidth;
      const cut = r.height <= innerHeight && r.width <= innerWidth && (r.top < 0 || r.bottom > innerHeight || r.left < 0 || r.right > innerWidth);
      if (out) scrollToShow(target, 'center');
      else if (cut) scrollToShow(target, 'nearest');
    }
    let live = true;
    void place(el, state?.rect ?? null, session?.at).then((p) => {
      if (!live) return;
      // Folded for this target, the panel stays folded until the target changes: unfolding would
      // only cover it again.
      if (p) setAt((old) => (old && old.x === p.x && old.y === p.y && old.maxHeight === p.maxHeight ? old : p));
      else if (!collapsed && target) setFoldedFor(target);
    });
    return () => {
      live = false;
    };
  });

  // The panel keeps the focus it had, and takes it when asked to; an unplaced panel is hidden
  // and cannot take it yet.
  useLayoutEffect(() => {
    const el = panel.current;
    if (!el || !at) return;
    if (wantFocus.current || (focusWasIn && !focusIn(el))) {
      wantFocus.current = false;
      el.focus();
    }
  });

  if (!session?.open) return null;

  const closeGuide = () => {
    const hadFocus = focusIn(panel.current);
    run.current?.stop();
    run.current = null;
    setState(null);
    keep({ ...current.current, open: false });
    onClosed(hadFocus);
  };

  /** `save`: keep the place with the extension (once a drag ends, not at every pointer move). */
  const moveTo = (p: Point, save = true) => {
    if (!panel.current) return;
    const clamped = clampToView(p, panel.current);
    setAt(clamped);
    if (save) keep({ ...current.current, at: clamped });
    else setSession({ ...current.current, at: clamped });
  };

  const on: PanelActions = {
    choose: (id) => {
      const flow = byId.get(id);
      if (flow) startFlow(flow);
    },
    close: closeGuide,
    action: () => void run.current?.runAction(),
    next: () => run.current?.next(),
    back: () => run.current?.back(),
    pick: () => run.current?.pick(),
    cancelPick: () => run.current?.cancelPick(),
    restart: () => run.current?.restart(),
    another: () => {
      run.current?.stop();
      run.current = null;
      setState(null);
      keep({ ...current.current, position: null });
    },
    toggleCollapsed: () => {
      setFoldedFor(null);
      keep({ ...current.current, collapsed: !collapsed });
    },
    moveBy: (dx, dy) => at && moveTo({ x: at.x + dx, y: at.y + dy }),
    drag: (e) => {
      if (!at || e.button !== 0) return;
      const handle = e.currentTarget as HTMLElement;
      const from = { x: e.clientX - at.x, y: e.clientY - at.y };
      handle.setPointerCapture(e.pointerId);
      const point = (m: PointerEvent) => ({ x: m.clientX - from.x, y: m.clientY - from.y });
      const moved = (m: PointerEvent) => moveTo(point(m), false);
      const up = (m: PointerEvent) => {
        handle.removeEventListener('pointermove', moved);
        handle.removeEventListener('pointerup', up);
        moveTo(point(m));
      };
      handle.addEventListener('pointermove', moved);
      handle.addEventListener('pointerup', up);
    },
  };

  return <GuidePanel state={state} choices={state ? null : flows} collapsed={collapsed} at={at} panelRef={panel} on={on} />;
}
