// One run in full: what it did to each user and why, its errors with how to fix them, and its
// outcomes as CSV for a spreadsheet. Each changed attribute shows its value before and after.
import { useEffect, useRef, useState } from 'preact/hooks';
import { send } from '@/lib/messages/client';
import type { ResponseData } from '@/lib/messages/protocol';
import { ChangeList } from './ChangeList';
import { outcomesCsv } from './csv';
import { downloadText, fileStamp } from './download';
import { actionText, countText, formatTime, resultText, statusText, triggerText } from './labels';
import { failed, Notice, type NoticeValue } from './Notice';

type Run = ResponseData<'runs.get'>;
type Outcome = Run['outcomes'][number];

const PAGE = 200;

/** `version` changes when a run finishes: the open run is read again (it may be the one that ended). */
export function RunDetails({ id, version, onClose }: { id: string; version: number; onClose: () => void }) {
  const [run, setRun] = useState<Run | NoticeValue>({ kind: 'busy', text: 'Loading the run…' });
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let current = true;
    void send({ type: 'runs.get', id }).then((reply) => current && setRun(reply.ok ? reply.data : failed(reply)));
    return () => {
      current = false;
    };
  }, [id, version]);
  // Opening a run takes the focus there, so a keyboard user lands on what they asked for.
  useEffect(() => {
    heading.current?.focus();
  }, [id]);

  const loaded = 'outcomes' in run ? run : undefined;
  return (
    <section class="card" aria-labelledby="run-details-heading">
      <div class="card-head">
        <h2 id="run-details-heading" tabIndex={-1} ref={heading}>
          {loaded ? `Run at ${formatTime(loaded.startedAt)}` : 'Run details'}
        </h2>
        <button type="button" class="subtle" onClick={onClose}>
          Close details
        </button>
      </div>
      {loaded ? <Loaded run={loaded} /> : <Notice value={run as NoticeValue} />}
    </section>
  );
}

function Loaded({ run }: { run: Run }) {
  const [search, setSearch] = useState('');
  const [errorsOnly, setErrorsOnly] = useState(false);
  const [limit, setLimit] = useState(PAGE);

  const needle = search.trim().toLocaleLowerCase();
  const matches = run.outcomes.filter(
    (o) =>
      (!errorsOnly || o.result === 'failed') &&
      (!needle || o.userName.toLocaleLowerCase().includes(needle) || o.jumpcloudId.toLocaleLowerCase().includes(needle)),
  );
  const shown = matches.slice(0, limit);
  const counts = Object.entries(run.counts ?? {}).filter(([, n]) => n > 0);
  const duration = run.endedAt ? Math.max(0, Math.round((run.endedAt - run.startedAt) / 1000)) : undefined;

  const exportCsv = () => {
    downloadText(`jumpcloud-sync-${fileStamp(new Date(run.startedAt))}.csv`, outcomesCsv(run.outcomes), 'text/csv;charset=utf-8');
  };

  return (
    <div class="stack">
      <dl class="facts">
        <div>
          <dt>Status</dt>
          <dd>
            <span class={`status status-${run.status}`}>{statusText(run.status)}</span>
          </dd>
        </div>
        <div>
          <dt>Trigger</dt>
          <dd>{triggerText(run.trigger)}</dd>
        </div>
        {duration !== undefined && (
          <div>
            <dt>Took</dt>
            <dd>{duration < 90 ? `${duration} s` : `${Math.round(duration / 60)} min`}</dd>
          </div>
        )}
        {counts.map(([key, n]) => (
          <div key={key}>
            <dt>{countText(key)}</dt>
            <dd>{n}</dd>
          </div>
        ))}
        {run.requests && (
          <div>
            <dt>Requests</dt>
            <dd>
              {run.requests.jumpcloud} to JumpCloud, {run.requests.scimReads + run.requests.scimWrites} to Zoho
            </dd>
          </div>
        )}
      </dl>

      {run.removalsHeld && (
        <div class="notice notice-warn" role="note">
          <span aria-hidden="true" class="notice-icon">
            !
          </span>
          <p>{run.removalsHeld}</p>
        </div>
      )}
      {run.errors && run.errors.length > 0 && (
        <div>
          <h3>Errors</h3>
          <ul class="problems">
            {run.errors.map((e, i) => (
              <li key={i}>
                <strong>{e.message}</strong>
                {e.hint && (
                  <>
                    <br />
                    How to fix: {e.hint}
                  </>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      {run.warnings && run.warnings.length > 0 && (
        <div>
          <h3>Warnings</h3>
          <ul class="problems">
            {run.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </div>
      )}

      <h3>Users</h3>
      {run.outcomes.length === 0 ? (
        <p>This run changed no user.</p>
      ) : (
        <>
          <div class="toolbar">
            <div class="field">
              <label for="outcome-search">Search users</label>
              <input
                id="outcome-search"
                type="search"
                placeholder="Email or JumpCloud ID"
                value={search}
                onInput={(e) => {
                  setSearch(e.currentTarget.value);
                  setLimit(PAGE);
                }}
              />
            </div>
            <label class="choice">
              <input
                type="checkbox"
                checked={errorsOnly}
                onChange={(e) => {
                  setErrorsOnly(e.currentTarget.checked);
                  setLimit(PAGE);
                }}
              />
              <span>Errors only</span>
            </label>
            <button type="button" onClick={exportCsv}>
              Export CSV
            </button>
          </div>
          <p class="hint" aria-live="polite">
            {matches.length === 0
              ? 'No user matches. Clear the search or untick Errors only.'
              : matches.length === run.outcomes.length
                ? `Showing ${shown.length} of ${run.outcomes.length}.`
                : `Showing ${shown.length} of ${matches.length} matching (${run.outcomes.length} in all).`}{' '}
            The CSV holds all {run.outcomes.length}, with a row for each changed attribute.
          </p>
          {matches.length > 0 && (
            <div class="table-scroll">
              <table class="data outcomes">
                <caption class="visually-hidden">What the run did to each user</caption>
                <thead>
                  <tr>
                    <th scope="col">User</th>
                    <th scope="col">Action</th>
                    <th scope="col">Result</th>
                    <th scope="col">Details</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((o, i) => (
                    <OutcomeRow key={`${o.jumpcloudId}:${o.action}:${i}`} outcome={o} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {matches.length > shown.length && (
            <button type="button" onClick={() => setLimit(limit + PAGE)}>
              Show {Math.min(PAGE, matches.length - shown.length)} more
            </button>
          )}
        </>
      )}
    </div>
  );
}

function OutcomeRow({ outcome: o }: { outcome: Outcome }) {
  return (
    <tr class={o.result === 'failed' ? 'row-failed' : ''}>
      <th scope="row">
        {o.userName || <span class="muted">(no email)</span>}
        <code class="path">{o.jumpcloudId}</code>
      </th>
      <td>{actionText(o.action)}</td>
      <td>
        <span class={`status status-${o.result}`}>{resultText(o.result)}</span>
      </td>
      <td class="details">
        {o.error && <p class="error-text">{o.error}</p>}
        {o.hint && <p>How to fix: {o.hint}</p>}
        {o.reason && <p>{o.reason}</p>}
        {o.changes && o.changes.length > 0 ? (
          <ChangeList changes={o.changes} created={o.action === 'create'} />
        ) : (
          o.changed && o.changed.length > 0 && <p class="muted">Changed: {o.changed.join(', ')}</p>
        )}
      </td>
    </tr>
  );
}
