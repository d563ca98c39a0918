// The only thing the assistant puts on a console page while no guide runs: one button in a closed
// shadow root, in plain DOM (no framework, no schema library), so the page pays next to nothing.
// The guide itself is brought in by the background when the admin opens it.
import { OVERLAY_TAG } from '@/lib/dom/visible';

export const LAUNCHER_LABEL = 'Open the Zoho setup guide';
/** Where the launcher is found by the guide script injected later into the same isolated world. */
export const LAUNCHER_KEY = Symbol.for('jumpcloud-zoho-assistant.launcher');

export interface Launcher {
  show(): void;
  hide(): void;
  remove(): void;
  /** Whether the launcher has the focus (it was just pressed, or tabbed to). */
  focused(): boolean;
  focus(): void;
}

const CSS = `
:host { all: initial; }
button { position: fixed; right: 0; top: 45%; z-index: 2147483647; font: 600 13px/1.3 system-ui, sans-serif; background: #0b5cad;
  color: #fff; border: 0; border-radius: 8px 0 0 8px; padding: 8px 10px; cursor: pointer; box-shadow: 0 2px 8px rgb(0 0 0 / 0.25); max-width: 9rem; }
button:focus-visible { outline: 3px solid #b86e00; outline-offset: 2px; box-shadow: 0 0 0 2px #fff; }
[hidden] { display: none; }
`;

export function mountLauncher(doc: Document, onOpen: () => void): Launcher {
  const host = doc.createElement(OVERLAY_TAG);
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = doc.createElement('style');
  style.textContent = CSS;
  const button = doc.createElement('button');
  button.type = 'button';
  button.setAttribute('aria-label', LAUNCHER_LABEL);
  button.textContent = 'Zoho setup guide';
  button.addEventListener('click', onOpen);
  shadow.append(style, button);
  doc.documentElement.append(host);
  const launcher: Launcher = {
    show: () => void (button.hidden = false),
    hide: () => void (button.hidden = true),
    remove: () => host.remove(),
    focused: () => shadow.activeElement === button,
    focus: () => button.focus(),
  };
  (globalThis as Record<symbol, unknown>)[LAUNCHER_KEY] = launcher;
  return launcher;
}

export function foundLauncher(): Launcher | undefined {
  return (globalThis as Record<symbol, Launcher | undefined>)[LAUNCHER_KEY];
}
