// Settings → Connection: the optional passphrase lock. Without it the secrets' key sits beside them
// in the browser profile (anyone who can read the profile can decrypt them); with it, they open only
// after the admin types the passphrase, once per browser session.
import { useState } from 'preact/hooks';
import { Unlock } from '@/components/lock/Unlock';
import { send } from '@/lib/messages/client';
import type { Status } from '@/lib/messages/protocol';
import { MIN_PASSPHRASE } from '@/lib/secrets/passphrase';
import { failed, Notice, type NoticeValue } from './Notice';

export function PassphraseLock({ status, onChanged }: { status: Pick<Status, 'lock' | 'scheduleWaiting'>; onChanged: () => void }) {
  const [passphrase, setPassphrase] = useState('');
  const [again, setAgain] = useState('');
  const [notice, setNotice] = useState<NoticeValue>();

  const act = async (request: Parameters<typeof send>[0], done: string) => {
    const reply = await send(request);
    setPassphrase('');
    setAgain('');
    setNotice(reply.ok ? { kind: 'ok', text: done } : failed(reply));
    onChanged();
  };
  const onTurnOn = (e: Event) => {
    e.preventDefault();
    if (passphrase !== again) return setNotice({ kind: 'error', error: 'The two passphrases differ.', hint: 'Type the same passphrase in both fields.' });
    void act({ type: 'lock.enable', passphrase }, 'The passphrase lock is on. The assistant stays unlocked until the browser closes or you lock it.');
  };

  return (
    <section class="card" aria-labelledby="lock-heading">
      <h2 id="lock-heading">Passphrase lock</h2>
      <p class="hint" id="lock-hint">
        The API key and SCIM token are encrypted in this browser, but the key that opens them is kept beside them: anyone who can read
        this browser profile can decrypt them. With a passphrase, they open only after you type it, once per browser session; while
        locked, scheduled syncs wait. A forgotten passphrase cannot be recovered: you would enter the key and token again.
      </p>
      {status.lock === 'locked' && <Unlock waiting={!!status.scheduleWaiting} onDone={onChanged} />}
      {status.lock === 'off' && (
        <form onSubmit={onTurnOn} aria-describedby="lock-hint">
          <div class="field">
            <label for="lock-new">New passphrase (at least {MIN_PASSPHRASE} characters)</label>
            <input id="lock-new" type="password" autocomplete="new-password" value={passphrase} onInput={(e) => setPassphrase(e.currentTarget.value)} />
          </div>
          <div class="field">
            <label for="lock-again">The same passphrase again</label>
            <input id="lock-again" type="password" autocomplete="new-password" value={again} onInput={(e) => setAgain(e.currentTarget.value)} />
          </div>
          <div class="actions">
            <button type="submit" class="primary" disabled={!passphrase}>
              Turn on the passphrase lock
            </button>
          </div>
        </form>
      )}
      {status.lock === 'unlocked' && (
        <div class="stack">
          <div class="actions">
            <button type="button" onClick={() => void act({ type: 'lock.lock' }, 'Locked. Type the passphrase to unlock.')}>
              Lock now
            </button>
          </div>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void act({ type: 'lock.disable', passphrase }, 'The passphrase lock is off.');
            }}
          >
            <div class="field">
              <label for="lock-off">Passphrase, to turn the lock off</label>
              <input id="lock-off" type="password" autocomplete="current-password" value={passphrase} onInput={(e) => setPassphrase(e.currentTarget.value)} />
            </div>
            <button type="submit" disabled={!passphrase}>
              Turn off the passphrase lock
            </button>
          </form>
        </div>
      )}
      <Notice value={notice} />
    </section>
  );
}
