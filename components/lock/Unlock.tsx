// Shown while the passphrase lock is locked: why nothing that needs a secret can run, and the
// passphrase field that opens it again. Used by the popup and the settings page alike.
import { useState } from 'preact/hooks';
import { send } from '@/lib/messages/client';

export function Unlock({ waiting, onDone }: { waiting: boolean; onDone: () => void }) {
  const [passphrase, setPassphrase] = useState('');
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  async function unlock(e: Event) {
    e.preventDefault();
    setBusy(true);
    const reply = await send({ type: 'lock.unlock', passphrase });
    setBusy(false);
    setPassphrase('');
    if (!reply.ok) return setProblem(`${reply.error} ${reply.hint ?? ''}`.trim());
    setProblem(undefined);
    onDone();
  }
  return (
    <form class="warning" aria-labelledby="unlock-title" onSubmit={(e) => void unlock(e)}>
      <p id="unlock-title">
        <strong>The assistant is locked.</strong> Its API key and SCIM token stay sealed until you type the passphrase: syncs, previews and the
        guides’ Fill buttons wait{waiting ? ', and a scheduled sync is waiting to run' : ''}.
      </p>
      <label for="unlock-passphrase">Passphrase</label>
      <input id="unlock-passphrase" type="password" autocomplete="current-password" value={passphrase} onInput={(e) => setPassphrase(e.currentTarget.value)} />
      <button type="submit" disabled={busy || !passphrase}>
        Unlock
      </button>
      {problem && <p role="alert">{problem}</p>}
    </form>
  );
}
