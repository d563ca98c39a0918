// What a person reads on the control at a point of the page: its name, tooltip, placeholder, text
// and labels. Run in the page (passed to evaluate) by the Chromium and the Firefox guide drivers
// alike, to check that what the guide points at is the control the step is about.
export function wordsAt({ x, y }: { x: number; y: number }): string {
  const hit = document.elementsFromPoint(x, y).find((e) => e.tagName !== 'JUMPCLOUD-ZOHO-ASSISTANT');
  const control = hit?.closest('button, a, input, select, textarea, label, [role], [tabindex]') ?? hit;
  if (!control) return '';
  const labelled = control.getAttribute('aria-labelledby')?.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '') ?? [];
  const input = control instanceof HTMLInputElement ? Array.from(control.labels ?? [], (l) => l.textContent ?? '') : [];
  const placeholder = control.getAttribute('placeholder');
  return [control.getAttribute('aria-label'), control.getAttribute('title'), placeholder, control.textContent, ...labelled, ...input]
    .filter(Boolean)
    .join(' | ');
}
