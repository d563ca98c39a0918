// History: the runs the background kept (the last 50), refreshed live as runs finish; a run's
// details with every user's outcome. Also where a sync is started by hand, and one user is
// provisioned on demand (./ProvisionOne.tsx): a sync of one, recorded in the list below.
import { useEffect, useState } from 'preact/hooks';
import { onAssistantEvent, send } from '@/lib/messages/client';
import type { RunProgress, RunSummary } from '@/lib/messages/protocol';
import { leadingRun } from '@/lib/store/records';
import { formatTime, phaseText, statusText, triggerText } from './labels';
import { failed, Notice, type NoticeValue } from './Notice';
import { ProvisionOne } from './ProvisionOne';
import { RunDetails } from './RunDetails';

const COLUMNS = ['read', 'created', 'updated', 'deactivated', 'deleted', 'failed'] as const;
const COLUMN_LABELS: Record<(typeof COLUMNS)[number], string> = {
  read: 'Read',
  created: 'Created',
  updated: 'Updated',
  deactivated: 'Deactivated',
  deleted: 'Deleted',
  failed: 'Failed',
};

/** A finished run in one line: good news as a status, a failure as an alert with what to do. */
function finishedNotice(run: RunSummary): NoticeValue {
  const what = `The ${run.dryRun ? 'dry run' : 'sync'} that started at ${formatTime(run.startedAt)}`;
  if (run.status === 'failed' || run.status === 'partial') {
    const first = run.errors?.[0];
    return {
      kind: 'error',
      error: `${what} ${run.status === 'failed' ? 'failed' : `finished, but ${run.counts?.failed ?? 'some'} ${run.counts?.failed === 1 ? 'user' : 'users'} could not be written`}${first ? `: ${first.message}` : '.'}`,
      hint: first?.hint ?? 'Open the run’s details below to see each failed user and how to fix it.',
    };
  }
  return { kind: 'ok', text: `${what} finished: ${statusText(run.status).toLowerCase()}.` };
}

/** "Details of the run at <time>", told apart by status (then by number) when runs share a second. */
function detailsNames(runs: RunSummary[]): Map<string, string> {
  const base = runs.map((r) => `Details of the run at ${formatTime(r.startedAt)}`);
  const named = runs.map((r, i) => (base.filter((b) => b === base[i]).length > 1 ? `${base[i]} (${statusText(r.status).toLowerCase()})` : base[i]!));
  const seen = new Map<string, number>();
  return new Map(
    runs.map((r, i) => {
      const n = (seen.get(named[i]!) ?? 0) + 1;
      seen.set(named[i]!, n);
      return [r.id, n > 1 ? `${named[i]} ${n}` : named[i]!];
    }),
  );
}

const detailsButtonId = (runId: string) => `run-details-${runId.replace(/[^A-Za-z0-9_-]/g, '-')}`;

type Runs = { state: 'loading' } | { state: 'ready'; runs: RunSummary[] } | { state: 'failed'; error: string; hint?: string };

export function HistoryTab({ active }: { active: boolean }) {
  const [runs, setRuns] = useState<Runs>({ state: 'loading' });
  const [progress, setProgress] = useState<RunProgress>();
  const [selected, setSelected] = useState<string>();
  // Bumped when a run finishes, so open details of a resumed or joined run are read again.
  const [finished, setFinished] = useState(0);
  const [reconciling, setReconciling] = useState(false);
  const [notice, setNotice] = useState<NoticeValue>();

  const load = async () => {
    const reply = await send({ type: 'runs.list' });
    setRuns(reply.ok ? { state: 'ready', runs: reply.data } : { state: 'failed', error: reply.error, ...(reply.hint ? { hint: reply.hint } : {}) });
  };

  useEffect(() => {
    void load();
    void send({ type: 'status' }).then((r) => r.ok && setProgress(r.data.running));
    return onAssistantEvent((event) => {
      if (event.event === 'progress') setProgress(event.progress);
      else {
        setProgress(undefined);
        setFinished((n) => n + 1);
        setNotice(finishedNotice(event.run));
        void load();
      }
    });
  }, []);

  // Coming back to the tab reads the list again, in case a run finished while the page slept.
  useEffect(() => {
    if (active) void load();
  }, [active]);

  const start = async (options: { dryRun?: boolean; confirmRemovals?: string }) => {
    setNotice({ kind: 'busy', text: options.dryRun ? 'Starting a dry run…' : 'Starting the sync…' });
    const reply = await send({
      type: 'sync.start',
      dryRun: !!options.dryRun,
      reconcile: reconciling && !options.confirmRemovals,
      ...(options.confirmRemovals ? { confirmRemovals: options.confirmRemovals } : {}),
    });
    if (!reply.ok) return setNotice(failed(reply));
    setNotice({
      kind: 'busy',
      text: reply.data.joined ? 'A sync was already running: following it.' : options.dryRun ? 'Dry run started: nothing is written.' : 'Sync started.',
    });
  };

  const closeDetails = () => {
    const id = selected;
    setSelected(undefined);
    // Back to the button that opened them.
    if (id) setTimeout(() => document.getElementById(detailsButtonId(id))?.focus(), 0);
  };

  const list = runs.state === 'ready' ? runs.runs : [];
  const latest = leadingRun(list);
  const names = detailsNames(list);

  return (
    <div class="stack">
      <section class="card" aria-labelledby="run-heading">
        <h2 id="run-heading">Sync</h2>
        <p class="hint">Runs the sync now with the saved settings. A dry run works out every change without writing any.</p>
        <label class="choice">
          <input type="checkbox" checked={reconciling} onChange={(e) => setReconciling(e.currentTarget.checked)} aria-describedby="reconcile-hint" />
          <span>Reconcile with Zoho Directory</span>
        </label>
        <p class="hint" id="reconcile-hint">
          Also reads every user in the directory: attributes changed there by hand are put back (marked "drift"), users JumpCloud
          confirms are deleted are deactivated even if this browser never synced them, and users JumpCloud does not know are listed,
          never touched. Removals wait for your confirmation past the deletion threshold, as always.
        </p>
        <div class="actions">
          <button type="button" class="primary" onClick={() => void start({})} disabled={!!progress}>
            Sync now
          </button>
          <button type="button" onClick={() => void start({ dryRun: true })} disabled={!!progress}>
            Dry run
          </button>
        </div>
        {progress && (
          <div class="progress" role="status">
            <p>
              {progress.dryRun ? 'Dry run' : 'Sync'} under way: {phaseText(progress.phase)}
              {progress.total > 0 ? ` (${progress.done} of ${progress.total})` : ''}…
            </p>
            <progress max={progress.total || 1} value={progress.total ? progress.done : undefined} aria-label="Sync progress" />
          </div>
        )}
        {!progress && <Notice value={notice} />}
        {latest?.status === 'awaiting-confirmation' && !progress && (
          <div class="notice notice-warn" role="note">
            <span aria-hidden="true" class="notice-icon">
              !
            </span>
            <div>
              <p class="notice-title">The last sync held removals back.</p>
              {latest.removalsHeld && <p>{latest.removalsHeld}</p>}
              <p>Check the users in the run’s details. If the removals are right, apply them:</p>
              <button type="button" onClick={() => void start({ confirmRemovals: latest.id })}>
                Sync and apply the held removals
              </button>
            </div>
          </div>
        )}
      </section>

      <ProvisionOne onRecorded={() => void load()} />

      <section class="card" aria-labelledby="history-heading">
        <h2 id="history-heading">History</h2>
        {runs.state === 'loading' && <p class="hint">Loading the history…</p>}
        {runs.state === 'failed' && <Notice value={{ kind: 'error', error: runs.error, hint: runs.hint }} />}
        {runs.state === 'ready' && list.length === 0 && <p>No sync has run yet. Press Sync now, or turn on a schedule under Settings.</p>}
        {list.length > 0 && (
          <div class="table-scroll">
            <table class="data runs">
              <caption class="visually-hidden">Sync runs, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Trigger</th>
                  <th scope="col">Status</th>
                  {COLUMNS.map((c) => (
                    <th scope="col" class="num" key={c}>
                      {COLUMN_LABELS[c]}
                    </th>
                  ))}
                  <th scope="col">
                    <span class="visually-hidden">Details</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((run) => (
                  <tr key={run.id} class={run.id === selected ? 'selected' : ''}>
                    <td>{formatTime(run.startedAt)}</td>
                    <td>{triggerText(run.trigger)}</td>
                    <td>
                      <span class={`status status-${run.status}`}>{statusText(run.status)}</span>
                    </td>
                    {COLUMNS.map((c) => (
                      <td class="num" key={c}>
                        {run.counts?.[c] ?? '–'}
                      </td>
                    ))}
                    <td>
                      <button
                        type="button"
                        class="subtle"
                        id={detailsButtonId(run.id)}
                        aria-label={names.get(run.id)}
                        aria-pressed={run.id === selected}
                        onClick={() => setSelected(run.id === selected ? undefined : run.id)}
                      >
                        Details
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {selected && <RunDetails key={selected} id={selected} version={finished} onClose={closeDetails} />}
    </div>
  );
}
