// The browser's prompt for a Sync endpoint on a host the manifest does not name: asked in the
// admin's click (the prompt needs its user gesture), before anything is awaited.
import browser from 'webextension-polyfill';
import { syncEndpointSchema } from '@/lib/config/schema';
import { isGrantedHost } from '@/lib/hosts';
import type { NoticeValue } from './Notice';

/**
 * Starts the browser's permission prompt for a Sync endpoint on a host the manifest does not grant.
 * Must run synchronously inside the click handler: the prompt needs the click's user gesture.
 */
export function requestHostPermission(endpoint: string): { origin: string; granted: Promise<boolean> } | undefined {
  const parsed = syncEndpointSchema.safeParse(endpoint);
  if (!parsed.success) return undefined;
  const url = new URL(parsed.data);
  // Plain http is allowed only on loopback, which optional_host_permissions (https) cannot cover.
  if (url.protocol !== 'https:' || isGrantedHost(url)) return undefined;
  return { origin: url.origin, granted: browser.permissions.request({ origins: [`${url.origin}/*`] }).catch(() => false) };
}

export const askingFor = (origin: string): NoticeValue => ({
  kind: 'busy',
  text: `Waiting for your answer in the browser’s prompt: allow the assistant to reach ${origin}, or it cannot sync there.`,
});

