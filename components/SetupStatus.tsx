// Where setup stands, and the one next step. Shared by the popup and the options page.
import { useEffect, useState } from 'preact/hooks';
import { send } from '@/lib/messages/client';
import type { Status } from '@/lib/messages/protocol';

const NEXT_STEP: Record<Status['missing'][number], string> = {
  apiKey: 'Add your JumpCloud API key (JumpCloud console → your profile → My API Key).',
  syncEndpoint: 'Add the Sync endpoint that Zoho Directory shows under Directory Stores → JumpCloud.',
  scimToken: 'Add the SCIM token that Zoho Directory shows next to the Sync endpoint.',
};

type State = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; status: Status };

export function SetupStatus() {
  const [state, setState] = useState<State>({ kind: 'loading' });
  useEffect(() => {
    send({ type: 'status' }).then(
      (r) => setState(r.ok ? { kind: 'ready', status: r.status } : { kind: 'error', message: r.error }),
      (e: unknown) => setState({ kind: 'error', message: e instanceof Error ? e.message : String(e) }),
    );
  }, []);

  if (state.kind === 'loading') return <p role="status">Checking setup…</p>;
  if (state.kind === 'error') return <p role="alert">{state.message}</p>;
  const { status } = state;
  const next = status.missing[0];
  return (
    <section aria-labelledby="setup-heading">
      <h2 id="setup-heading">Setup</h2>
      {status.configured || !next ? (
        <p role="status">Ready: JumpCloud and Zoho Directory are connected.</p>
      ) : (
        <p role="status">
          <strong>Next step:</strong> {NEXT_STEP[next]}
        </p>
      )}
    </section>
  );
}
