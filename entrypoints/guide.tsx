import '@/lib/zod-jitless';
import { render } from 'preact';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { GuideApp } from '@/components/guide/GuideApp';
import { GUIDE_CSS } from '@/components/guide/guide-css';
import { foundLauncher } from '@/components/guide/launcher';
import { keepEventsInOverlay } from '@/components/guide/isolate';
import { OVERLAY_TAG } from '@/lib/dom/visible';
import { apiKeyFlow } from '@/lib/guide/flows/api-key';
import { scimFlow } from '@/lib/guide/flows/scim';
import { zohoApiFlow, zohoScimFlow } from '@/lib/guide/flows/zoho';
import { isZohoConsoleUrl } from '@/lib/hosts';
import { guideLine } from '@/lib/guide/services';

// The guide itself, injected by the background into a console tab when the admin opens it (or
// after a reload while it was open), into the same isolated world as the launcher. Injected again
// into a tab that has it, it only opens the panel it already has.
const GUIDE_KEY = Symbol.for('jumpcloud-zoho-assistant.guide');
type Registry = Record<symbol, { reopen(takeFocus: boolean): void } | undefined>;

export default defineUnlistedScript(() => {
  const registry = globalThis as unknown as Registry;
  const launcher = foundLauncher();
  // Opened from the launcher (which now hides), the panel takes the focus, so a keyboard or screen
  // reader user lands in it; brought back by a reload or started from the popup, it leaves the
  // focus where the admin has it.
  const takeFocus = launcher?.focused() ?? false;
  launcher?.hide();
  const existing = registry[GUIDE_KEY];
  if (existing) return existing.reopen(takeFocus);

  const host = document.createElement(OVERLAY_TAG);
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent = GUIDE_CSS;
  const root = document.createElement('div');
  shadow.append(style, root);
  keepEventsInOverlay(host, shadow);
  document.documentElement.append(host);
  const reopen: { current: ((takeFocus: boolean) => void) | null } = { current: null };
  registry[GUIDE_KEY] = { reopen: (focus) => reopen.current?.(focus) };
  // The background injects this only into JumpCloud and Zoho console tabs; each gets its own guides.
  const flows = isZohoConsoleUrl(location.href) ? [zohoScimFlow, zohoApiFlow] : [apiKeyFlow, scimFlow];
  const onClosed = (hadFocus: boolean) => {
    launcher?.show();
    // Closed from the keyboard, the focus goes back to where the guide was opened from.
    if (hadFocus) launcher?.focus();
  };
  render(<GuideApp flows={flows} line={guideLine} reopen={reopen} takeFocus={takeFocus} onClosed={onClosed} />, root);
});
