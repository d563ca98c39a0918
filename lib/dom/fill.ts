// Filling a field the way typing does, so a framework that tracks the input's value (React and its
// kin replace the instance's `value` property) sees the change: the prototype's native setter, then
// real input and change events that bubble.
export function fill(input: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  const view = input.ownerDocument.defaultView ?? window;
  const proto = input instanceof view.HTMLTextAreaElement ? view.HTMLTextAreaElement.prototype : view.HTMLInputElement.prototype;
  const setter = Object.getOwnPropertyDescriptor(proto, 'value')?.set;
  input.focus();
  if (setter) setter.call(input, value);
  else input.value = value;
  input.dispatchEvent(new view.Event('input', { bubbles: true }));
  input.dispatchEvent(new view.Event('change', { bubbles: true }));
}

/** Chooses the option of a <select> whose text is one of `names`, the way picking it does. */
export function choose(select: HTMLSelectElement, names: readonly string[], matches: (text: string, names: readonly string[]) => boolean): boolean {
  const option = Array.from(select.options).find((o) => matches(o.text, names) || matches(o.value, names));
  if (!option) return false;
  const view = select.ownerDocument.defaultView ?? window;
  const setter = Object.getOwnPropertyDescriptor(view.HTMLSelectElement.prototype, 'value')?.set;
  select.focus();
  if (setter) setter.call(select, option.value);
  else select.value = option.value;
  select.dispatchEvent(new view.Event('input', { bubbles: true }));
  select.dispatchEvent(new view.Event('change', { bubbles: true }));
  return true;
}
