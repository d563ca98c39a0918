// The background's status, kept fresh: read once, then updated from the progress and run-finished
// events the background broadcasts while the page is open.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { onAssistantEvent, send } from '@/lib/messages/client';
import type { Status } from '@/lib/messages/protocol';

export type StatusState = { kind: 'loading' } | { kind: 'error'; message: string; hint?: string } | { kind: 'ready'; status: Status };

export function useStatus(): [StatusState, () => void] {
  const [state, setState] = useState<StatusState>({ kind: 'loading' });
  const refresh = useCallback(() => {
    void send({ type: 'status' }).then((r) =>
      setState(r.ok ? { kind: 'ready', status: r.data } : { kind: 'error', message: r.error, hint: r.hint }),
    );
  }, []);
  useEffect(() => {
    refresh();
    return onAssistantEvent((event) => {
      if (event.event === 'run-finished') refresh();
      else
        setState((s) => (s.kind === 'ready' ? { kind: 'ready', status: { ...s.status, running: event.progress } } : s));
    });
  }, [refresh]);
  return [state, refresh];
}
