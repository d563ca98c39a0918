// The guide's panel, rendered by Preact inside a closed shadow root. Everything read from the page
// reaches the screen as text nodes through JSX; nothing is ever set as HTML. Every step can be
// moved on by the admin's word ("I've done this — next"), taken back, or shown where to look.
import type { Ref } from 'preact';
import type { GuideState } from '@/lib/guide/runner';
import type { Flow } from '@/lib/guide/types';
import { HIGHLIGHT_PAD, type Spot } from './placement';

export const GUIDE_NAME = 'Zoho setup guide';

export interface PanelActions {
  choose(flowId: string): void;
  close(): void;
  action(): void;
  next(): void;
  back(): void;
  pick(): void;
  cancelPick(): void;
  restart(): void;
  another(): void;
  toggleCollapsed(): void;
  /** Moves the panel by this much (arrow keys on the move handle). */
  moveBy(dx: number, dy: number): void;
  /** Starts moving the panel with the pointer (drag on the move handle). */
  drag(e: PointerEvent): void;
}

export interface GuidePanelProps {
  state: GuideState | null;
  /** The guides to choose from, while the admin chooses; null otherwise. */
  choices: readonly Flow[] | null;
  collapsed: boolean;
  /** Where the panel is drawn; null until it has been placed. */
  at: Spot | null;
  panelRef: Ref<HTMLElement>;
  on: PanelActions;
}

const ARROWS: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

function Tools({ collapsed, on }: { collapsed: boolean; on: PanelActions }) {
  return (
    <div class="tools">
      <button
        type="button"
        class="move"
        aria-label="Move the guide"
        title="Drag, or use the arrow keys, to move the guide"
        onPointerDown={(e) => on.drag(e)}
        onKeyDown={(e) => {
          const d = ARROWS[e.key];
          if (!d) return;
          e.preventDefault();
          const step = e.shiftKey ? 80 : 20;
          on.moveBy(d[0] * step, d[1] * step);
        }}
      >
        ✥
      </button>
      <button type="button" aria-label={collapsed ? 'Expand the guide' : 'Collapse the guide'} aria-expanded={!collapsed} onClick={on.toggleCollapsed}>
        {collapsed ? '▴' : '▾'}
      </button>
      <button type="button" aria-label="Close the guide" title="Close (the guide keeps its place)" onClick={on.close}>
        ×
      </button>
    </div>
  );
}

function Highlight({ rect }: { rect: DOMRect | null }) {
  if (!rect || rect.width <= 0) return null;
  const pad = HIGHLIGHT_PAD;
  return (
    <div
      class="highlight"
      aria-hidden="true"
      style={{ top: `${rect.top - pad}px`, left: `${rect.left - pad}px`, width: `${rect.width + 2 * pad}px`, height: `${rect.height + 2 * pad}px` }}
    />
  );
}

export function GuidePanel({ state, choices, collapsed, at, panelRef, on }: GuidePanelProps) {
  const style = at
    ? { left: `${at.x}px`, top: `${at.y}px`, ...(at.maxHeight ? { maxHeight: `${at.maxHeight}px` } : {}) }
    : { left: '0px', top: '0px' };
  const cls = (extra: string) => `panel ${extra} ${at ? '' : 'unplaced'}`;
  if (!state && choices) {
    return (
      <section ref={panelRef} class={cls('')} style={style} role="region" aria-label={GUIDE_NAME} tabIndex={-1}>
        <header>
          <h2>Which guide?</h2>
          <Tools key="tools" collapsed={false} on={on} />
        </header>
        <div class="actions column">
          {choices.map((f) => (
            <button type="button" key={f.id} class="primary" onClick={() => on.choose(f.id)}>
              {f.title}
            </button>
          ))}
        </div>
      </section>
    );
  }
  if (!state) return null;
  const { view, rect, result, said, picking } = state;
  const { flow, step, problem } = view;
  const progress = step ? `Step ${view.index + 1} of ${flow.steps.length}: ${step.title}` : 'Done';
  if (collapsed) {
    return (
      <>
        <Highlight rect={rect} />
        <section ref={panelRef} class={cls('bar')} style={style} role="region" aria-label={GUIDE_NAME} tabIndex={-1}>
          <header>
            <h2 class="progress">{progress}</h2>
            {step?.action && (
              <button type="button" class="primary" onClick={on.action}>
                {step.action.label}
              </button>
            )}
            <Tools key="tools" collapsed on={on} />
          </header>
        </section>
      </>
    );
  }
  return (
    <>
      <Highlight rect={rect} />
      <section ref={panelRef} class={cls('')} style={style} role="region" aria-label={GUIDE_NAME} tabIndex={-1}>
        <header>
          <h2>{flow.title}</h2>
          <Tools key="tools" collapsed={false} on={on} />
        </header>
        {step ? (
          <>
            <p class="progress">{progress}</p>
            <p class="say" role="status">
              {step.say}
            </p>
            {view.detail && <p class="detail">{view.detail}</p>}
            {picking && <p class="hint">Click the control on the page (or tab to it and press Enter). Press Escape to stop.</p>}
            {!picking && !view.target && (
              <p class="hint">The guide cannot see this on the page yet. Follow the words above, click "Show me where" to point it out, or "I’ve done this — next".</p>
            )}
            {!picking && view.shownByAdmin && <p class="hint">Pointing where you showed.</p>}
          </>
        ) : (
          <p class="say" role="status">
            {flow.finished}
          </p>
        )}
        {problem && (
          <p class="problem" role="alert">
            {problem.say}
          </p>
        )}
        {said && <p class={said.alert ? 'said problem' : 'said'}>{flow.console} says: “{said.text}”</p>}
        {result && <p class={result.ok ? 'ok' : 'problem'}>{result.message}</p>}
        <div class="actions">
          {step?.action && (
            <button type="button" class="primary" onClick={on.action}>
              {step.action.label}
            </button>
          )}
          {step && (
            <button type="button" onClick={on.next}>
              I’ve done this — next
            </button>
          )}
          {view.index > 0 && (
            <button type="button" onClick={on.back}>
              Back
            </button>
          )}
          {step && (
            <button type="button" onClick={picking ? on.cancelPick : on.pick}>
              {picking ? 'Stop showing' : 'Show me where'}
            </button>
          )}
          {step ? (
            <button type="button" onClick={on.restart}>
              Start the guide over
            </button>
          ) : (
            <button type="button" onClick={on.another}>
              Choose another guide
            </button>
          )}
        </div>
        {step?.why && <p class="why">{step.why}</p>}
      </section>
    </>
  );
}
