// The guide's panel, rendered by Preact inside a closed shadow root. Everything read from the page
// reaches the screen as text nodes through JSX; nothing is ever set as HTML.
import type { GuideState } from '@/lib/guide/runner';
import type { Flow } from '@/lib/guide/types';

export const LAUNCHER_LABEL = 'Open the Zoho setup guide';

export interface GuidePanelProps {
  state: GuideState | null;
  /** The guides to choose from, while the admin chooses; null otherwise. */
  choices: readonly Flow[] | null;
  onOpen(): void;
  onChoose(flowId: string): void;
  onClose(): void;
  onAction(): void;
  onRestart(): void;
}

export function GuidePanel({ state, choices, onOpen, onChoose, onClose, onAction, onRestart }: GuidePanelProps) {
  if (!state && choices) {
    return (
      <section class="panel" role="region" aria-label="Zoho setup guide">
        <header>
          <h2>Which guide?</h2>
          <button type="button" class="close" aria-label="Close the guide" onClick={onClose}>
            ×
          </button>
        </header>
        <div class="actions column">
          {choices.map((f) => (
            <button type="button" key={f.id} class="primary" onClick={() => onChoose(f.id)}>
              {f.title}
            </button>
          ))}
        </div>
      </section>
    );
  }
  if (!state) {
    return (
      <button type="button" class="launcher" onClick={onOpen}>
        {LAUNCHER_LABEL}
      </button>
    );
  }
  const { view, rect, result } = state;
  const { flow, step, problem } = view;
  const total = flow.steps.length;
  return (
    <>
      {rect && rect.width > 0 && (
        <div
          class="highlight"
          aria-hidden="true"
          style={{ top: `${rect.top - 4}px`, left: `${rect.left - 4}px`, width: `${rect.width + 8}px`, height: `${rect.height + 8}px` }}
        />
      )}
      <section class="panel" role="region" aria-label="Zoho setup guide">
        <header>
          <h2>{flow.title}</h2>
          <button type="button" class="close" aria-label="Close the guide" onClick={onClose}>
            ×
          </button>
        </header>
        {step ? (
          <>
            <p class="progress">
              Step {view.index + 1} of {total}: {step.title}
            </p>
            <p class="say" role="status">
              {step.say}
            </p>
            {step.why && <p class="why">{step.why}</p>}
            {!view.target && <p class="hint">The guide cannot see this on the page yet; follow the words above.</p>}
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
        {result && <p class={result.ok ? 'ok' : 'problem'}>{result.message}</p>}
        <div class="actions">
          {step?.action && (
            <button type="button" class="primary" onClick={onAction}>
              {step.action.label}
            </button>
          )}
          <button type="button" onClick={onRestart}>
            Start the guide over
          </button>
        </div>
      </section>
    </>
  );
}

export const GUIDE_CSS = `
:host { all: initial; }
* { box-sizing: border-box; }
.launcher, .panel { position: fixed; right: 16px; bottom: 16px; z-index: 2147483647; font: 14px/1.4 system-ui, sans-serif; }
.launcher { background: #0b5cad; color: #fff; border: 0; border-radius: 20px; padding: 8px 14px; cursor: pointer; box-shadow: 0 2px 8px rgb(0 0 0 / 0.25); }
.panel { width: 340px; background: #fff; color: #1b1b1b; border: 1px solid #c7c7c7; border-radius: 8px; padding: 12px 14px; box-shadow: 0 4px 18px rgb(0 0 0 / 0.25); }
header { display: flex; justify-content: space-between; align-items: center; gap: 8px; }
h2 { font-size: 15px; margin: 0; }
.close { border: 0; background: none; font-size: 20px; cursor: pointer; color: #444; }
.progress { color: #555; margin: 8px 0 4px; font-weight: 600; }
.say { margin: 4px 0; }
.why { margin: 4px 0; color: #444; font-size: 13px; }
.hint { margin: 4px 0; color: #6b5200; font-size: 13px; }
.problem { margin: 6px 0; color: #8a1c1c; background: #fdecec; padding: 6px 8px; border-radius: 4px; }
.ok { margin: 6px 0; color: #185c2a; background: #e8f5ec; padding: 6px 8px; border-radius: 4px; }
.actions { display: flex; gap: 8px; margin-top: 8px; flex-wrap: wrap; }
.actions button { border: 1px solid #888; background: #f4f4f4; border-radius: 4px; padding: 5px 10px; cursor: pointer; font: inherit; }
.actions.column { flex-direction: column; }
.actions .primary { background: #0b5cad; color: #fff; border-color: #0b5cad; }
.highlight { position: fixed; z-index: 2147483646; pointer-events: none; border: 3px solid #f5a300; border-radius: 6px; box-shadow: 0 0 0 4px rgb(245 163 0 / 0.3); }
`;
