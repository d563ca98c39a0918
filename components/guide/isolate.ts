// The panel is not part of the console. A console's popover or menu closes when something outside
// it is pressed (a capture listener on the document for mousedown, pointerdown, click, touch or
// focusin), so a press on the panel — "Fill" next to an open Edit dialog — would close the very
// dialog the panel is about. The console never sees what happens in the panel: presses on it stop
// at the window, before any of the console's listeners, and the panel's own listeners get a copy
// that stays inside its closed shadow root. Keys typed in the panel stay in it too.

/** Presses a console may read as "outside": none reach it. */
const SWALLOWED = ['mousedown', 'mouseup', 'touchstart', 'touchend', 'focusin', 'focusout'] as const;
/** What the panel itself listens to: stopped for the console, handed to the panel as a copy. */
const HANDED_ON = ['pointerdown', 'pointerup', 'pointermove', 'click'] as const;
const KEYS = ['keydown', 'keyup', 'keypress'] as const;

function copyOf(e: MouseEvent): MouseEvent {
  const mouse: MouseEventInit = {
    bubbles: true,
    cancelable: e.cancelable,
    composed: false,
    detail: e.detail,
    clientX: e.clientX,
    clientY: e.clientY,
    screenX: e.screenX,
    screenY: e.screenY,
    button: e.button,
    buttons: e.buttons,
    ctrlKey: e.ctrlKey,
    shiftKey: e.shiftKey,
    altKey: e.altKey,
    metaKey: e.metaKey,
  };
  if (typeof PointerEvent !== 'undefined' && e instanceof PointerEvent) {
    return new PointerEvent(e.type, { ...mouse, pointerId: e.pointerId, pointerType: e.pointerType, isPrimary: e.isPrimary, pressure: e.pressure });
  }
  return new MouseEvent(e.type, mouse);
}

/** Keeps presses and keys on `host` (whose closed shadow root is `shadow`) away from the console. */
export function keepEventsInOverlay(host: HTMLElement, shadow: ShadowRoot): () => void {
  const win = host.ownerDocument.defaultView!;
  const ours = (e: Event) => e.target === host;
  const swallow = (e: Event) => {
    if (ours(e)) e.stopPropagation();
  };
  // While a button is held, moves and the release go where the press went, as pointer capture
  // would send them (a drag of the panel's handle that outruns the handle).
  let pressed: Element | null = null;
  const handOn = (e: Event) => {
    if (!ours(e) || !(e instanceof MouseEvent)) return;
    e.stopPropagation();
    const held = pressed && (e.type === 'pointerup' || (e.type === 'pointermove' && e.buttons !== 0));
    // A keyboard "click" (Enter on a button) has no point: it goes to what has the focus.
    const at =
      held ? pressed
      : e.detail === 0 && e.type === 'click' ? shadow.activeElement
      : shadow.elementFromPoint(e.clientX, e.clientY);
    if (e.type === 'pointerdown') pressed = at;
    if (e.type === 'pointerup') pressed = null;
    if (!at || !shadow.contains(at)) return;
    const copy = copyOf(e);
    at.dispatchEvent(copy);
    if (copy.defaultPrevented) e.preventDefault();
  };
  const keys = (e: Event) => e.stopPropagation();
  for (const t of SWALLOWED) win.addEventListener(t, swallow, true);
  for (const t of HANDED_ON) win.addEventListener(t, handOn, true);
  for (const t of KEYS) host.addEventListener(t, keys);
  return () => {
    for (const t of SWALLOWED) win.removeEventListener(t, swallow, true);
    for (const t of HANDED_ON) win.removeEventListener(t, handOn, true);
    for (const t of KEYS) host.removeEventListener(t, keys);
  };
}
