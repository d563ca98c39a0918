// A content script announces itself with one attribute on <html>: the page (and our end-to-end
// tests) can see the assistant is there, and a second injection after an extension update can
// tell that one is already running.
export const PRESENCE_ATTRIBUTE = 'data-jumpcloud-zoho-assistant';

export function markPresent(console: 'jumpcloud' | 'zoho', doc: Document = document): boolean {
  const root = doc.documentElement;
  if (root.hasAttribute(PRESENCE_ATTRIBUTE)) return false;
  root.setAttribute(PRESENCE_ATTRIBUTE, console);
  return true;
}
