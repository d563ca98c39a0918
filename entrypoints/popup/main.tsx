import '@/lib/zod-jitless';
import { render } from 'preact';
import { useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { Progress } from '@/components/popup/Progress';
import { RunSummary, when } from '@/components/popup/RunSummary';
import { StartFresh } from '@/components/popup/StartFresh';
import { Unlock } from '@/components/lock/Unlock';
import { SetupStatus } from '@/components/SetupStatus';
import { useStatus } from '@/components/useAssistant';
import { send } from '@/lib/messages/client';
import '@/components/theme.css';
import './popup.css';

function Popup() {
  const [state, refresh] = useStatus();
  const [problem, setProblem] = useState<{ message: string; hint?: string }>();

  async function start(dryRun: boolean, confirmRemovals?: string) {
    setProblem(undefined);
    const reply = await send({ type: 'sync.start', dryRun, confirmRemovals });
    if (!reply.ok) setProblem({ message: reply.error, hint: reply.hint });
    refresh();
  }

  if (state.kind === 'loading') return <main><p role="status">Checking setup…</p></main>;
  if (state.kind === 'error') return <main><p role="alert">{state.message}</p></main>;
  const { status } = state;
  const running = status.running;
  return (
    <main>
      <h1>JumpCloud assistant for Zoho Directory</h1>
      {status.lock === 'locked' && <Unlock waiting={!!status.scheduleWaiting} onDone={refresh} />}
      <SetupStatus status={status} onChanged={refresh} />
      {status.configured && (
        <section aria-labelledby="sync-heading">
          <h2 id="sync-heading">Sync</h2>
          {status.snapshotMismatch && <StartFresh {...status.snapshotMismatch} onDone={refresh} />}
          {running ? <Progress progress={running} /> : status.lastRun ? <RunSummary run={status.lastRun} /> : <p>No sync has run yet.</p>}
          <p>{status.nextRunAt ? `Next scheduled sync: ${when(status.nextRunAt)}.` : 'No sync is scheduled.'}</p>
          <div class="actions">
            <button type="button" onClick={() => void start(false)} disabled={!!running}>
              Sync now
            </button>
            <button type="button" onClick={() => void start(true)} disabled={!!running}>
              Preview changes
            </button>
            {status.lastRun?.status === 'awaiting-confirmation' && !running && (
              <button type="button" onClick={() => void start(false, status.lastRun!.id)}>
                Confirm removals and sync
              </button>
            )}
          </div>
        </section>
      )}
      {problem && (
        <p role="alert" class="error">
          {problem.message} {problem.hint}
        </p>
      )}
      <nav aria-label="More">
        <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>
          Open settings
        </button>
        <button type="button" onClick={() => void browser.tabs.create({ url: 'https://console.jumpcloud.com/' })}>
          Open the JumpCloud console guide
        </button>
      </nav>
    </main>
  );
}

render(<Popup />, document.getElementById('app')!);
