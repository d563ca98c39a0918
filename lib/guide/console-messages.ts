// What the console says after the admin's click — an alert, a toast, a status line — shown verbatim
// (as text) in the panel, whatever its wording: the guide need not know every message in advance to
// let the admin see it. Only messages that appear after the admin acted count, so a banner that was
// already on the page is not repeated.
import { accessibleName } from '../dom/names';
import { isVisible, OVERLAY_TAG, visibleText } from '../dom/visible';
import { meant } from './picker';

const LIVE = '[role="alert"], [role="alertdialog"], [role="status"], [aria-live="polite"], [aria-live="assertive"], output';
/** A message is short; a live region holding a whole view is not one. */
const MESSAGE_LENGTH = 300;
/** How long after the admin's click a new message is taken as the console's answer to it. */
const ANSWER_WINDOW_MS = 15_000;

export interface ConsoleMessage {
  text: string;
  /** An alert (role alert or assertive), as opposed to a status or a toast. */
  alert: boolean;
}

function messagesOn(doc: Document): ConsoleMessage[] {
  const out: ConsoleMessage[] = [];
  for (const el of Array.from(doc.querySelectorAll(LIVE))) {
    if (el.closest(OVERLAY_TAG) || !isVisible(el)) continue;
    if (Array.from(el.querySelectorAll(LIVE)).some(isVisible)) continue;
    const text = visibleText(el);
    if (!text || text.length > MESSAGE_LENGTH) continue;
    const alert = el.matches('[role="alert"], [role="alertdialog"], [aria-live="assertive"]');
    out.push({ text, alert });
  }
  return out;
}

export interface MessageWatch {
  /** The newest message that appeared since the admin's last click, if any. */
  check(): ConsoleMessage | undefined;
  /** The accessible name of what the admin last clicked. */
  clicked(): string | undefined;
  stop(): void;
}

export function watchConsoleMessages(doc: Document, now: () => number = Date.now): MessageWatch {
  let seen = new Set(messagesOn(doc).map((m) => m.text));
  let actedAt = -Infinity;
  let latest: ConsoleMessage | undefined;
  let clicked: string | undefined;
  const acted = (e: Event) => {
    if (e.composedPath().some((n) => n instanceof Element && n.tagName === OVERLAY_TAG.toUpperCase())) return;
    if (e instanceof KeyboardEvent && e.key !== 'Enter' && e.key !== ' ') return;
    const on = e instanceof KeyboardEvent ? doc.activeElement : e.target;
    clicked = on instanceof Element ? accessibleName(meant(on)) : undefined;
    seen = new Set(messagesOn(doc).map((m) => m.text));
    actedAt = now();
    latest = undefined;
  };
  doc.addEventListener('pointerdown', acted, true);
  doc.addEventListener('keydown', acted, true);
  return {
    check() {
      if (now() - actedAt > ANSWER_WINDOW_MS) return latest;
      for (const m of messagesOn(doc)) {
        if (seen.has(m.text)) continue;
        seen.add(m.text);
        latest = m;
      }
      return latest;
    },
    clicked: () => clicked,
    stop() {
      doc.removeEventListener('pointerdown', acted, true);
      doc.removeEventListener('keydown', acted, true);
    },
  };
}
