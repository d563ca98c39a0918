// The background as the extension wires it (entrypoints/background.ts), over the engine harness:
// a runner whose broadcasts, notifications and watchdog are recorded, and the handler's context.
import { createRunner, type RunnerDeps } from '@/lib/background/runner';
import type { HandlerContext } from '@/lib/messages/handler';
import type { EngineHarness } from './engine';

export const extensionId = 'abcdefghijklmnopabcdefghijklmnop';
export const extensionOrigin = `chrome-extension://${extensionId}/`;

export function backgroundContext(h: EngineHarness, hooks: Partial<Pick<RunnerDeps, 'broadcast' | 'notify' | 'watchdog'>> = {}): HandlerContext {
  const runner = createRunner({
    world: h.world,
    store: h.store,
    jumpcloudApiBase: h.sandbox.jumpcloud.apiBase,
    broadcast: hooks.broadcast ?? (() => {}),
    notify: hooks.notify ?? (() => {}),
    watchdog: hooks.watchdog ?? { arm: () => {}, disarm: () => {} },
  });
  return {
    store: h.store,
    world: h.world,
    runner,
    extensionId,
    extensionOrigin,
    jumpcloudApiBase: h.sandbox.jumpcloud.apiBase,
    nextRunAt: async () => undefined,
    configChanged: async () => {},
    pending: {},
  };
}
