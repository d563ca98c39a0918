// Shown when the record of what was pushed belongs to another directory or JumpCloud organization
// than the settings point at: syncs refuse, and the admin chooses to start fresh with this one
// (the record is cleared; the next sync links the users the directory already holds).
import { useState } from 'preact/hooks';
import { send } from '@/lib/messages/client';

export function StartFresh({ was, now, onDone }: { was: string; now: string; onDone: () => void }) {
  const [problem, setProblem] = useState<string>();
  async function startFresh() {
    const reply = await send({ type: 'sync.startFresh' });
    if (!reply.ok) setProblem(`${reply.error} ${reply.hint ?? ''}`.trim());
    onDone();
  }
  return (
    <div class="warning" role="group" aria-labelledby="fresh-title">
      <p id="fresh-title">
        <strong>The settings point at another directory.</strong> What the assistant pushed was to {was}; the settings now name {now}. Syncs wait
        until you choose.
      </p>
      <button type="button" onClick={() => void startFresh()}>
        Start fresh with this directory
      </button>
      {problem && <p role="alert">{problem}</p>}
    </div>
  );
}
