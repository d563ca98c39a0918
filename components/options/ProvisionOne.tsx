// Provision one user on demand (lib/sync/on-demand.ts): an email or JumpCloud id, a Check that
// goes through every step and shows the SCIM request it would send while writing nothing, then
// "Provision this user", offered only once a check of that same user found something to do. Each
// step is shown with its outcome in words; the request as method, path and JSON body — the
// background never hands over a header, so no token or API key can appear here.
import { useState } from 'preact/hooks';
import { send } from '@/lib/messages/client';
import type { ResponseData } from '@/lib/messages/protocol';
import { failed, Notice, type NoticeValue } from './Notice';
import './provision.css';

type Result = ResponseData<'sync.provision'>;
type StepName = Result['steps'][number]['step'];

const STEPS: readonly { step: StepName; label: string }[] = [
  { step: 'read', label: 'Read from JumpCloud' },
  { step: 'criteria', label: 'Sync criteria' },
  { step: 'mapping', label: 'Field mapping' },
  { step: 'match', label: 'Match in Zoho Directory' },
  { step: 'action', label: 'Action' },
];

/** What a check found that a provisioning would carry out. */
const ACTIONABLE = new Set<Result['action']>(['create', 'update', 'deactivate', 'link']);

interface Shown {
  who: string;
  dryRun: boolean;
  result: Result;
}

function outcomeOf(step: StepName, result: Result): { text: string; tone: 'ok' | 'bad' | 'held' | 'none' } {
  const done = result.steps.find((s) => s.step === step);
  if (!done) return { text: 'Not reached', tone: 'none' };
  if (done.ok) return { text: 'Passed', tone: 'ok' };
  if (step === 'action' && result.held) return { text: 'Held', tone: 'held' };
  if (step === 'criteria') return { text: 'Out of scope', tone: 'bad' };
  return { text: 'Stopped here', tone: 'bad' };
}

/** One line for the screen reader and the eye: how the check or the provisioning ended. */
function summary({ who, dryRun, result }: Shown): string {
  if (result.errors.length) return `${dryRun ? 'The check of' : 'Provisioning'} ${who} stopped: ${result.errors[0]!.message}`;
  const last = result.steps.at(-1);
  if (!dryRun) return `${who}: ${last?.detail ?? 'done.'}`;
  if (ACTIONABLE.has(result.action) && !result.held) return `Checked ${who}: ${last?.detail ?? ''} Nothing was written. Provision this user to send it.`;
  return `Checked ${who}: ${last?.detail ?? ''} Nothing was written.`;
}

export function ProvisionOne({ onRecorded }: { onRecorded?: () => void }) {
  const [who, setWho] = useState('');
  const [busy, setBusy] = useState<'check' | 'provision'>();
  const [shown, setShown] = useState<Shown>();
  const [problem, setProblem] = useState<NoticeValue>();

  const wanted = who.trim();
  // Provisioning follows a check of this same user that found something to do (and nothing held).
  const checked = shown?.dryRun && shown.who === wanted ? shown.result : undefined;
  const mayProvision = !!checked && checked.status === 'checked' && ACTIONABLE.has(checked.action) && !checked.held && !busy;
  const why = busy
    ? undefined
    : !wanted
      ? 'Type an email or JumpCloud user ID, then Check.'
      : !checked
        ? shown && !shown.dryRun && shown.who === wanted
          ? 'Done. To provision this user again, check first: the check shows what would be sent now.'
          : 'Check this user first: the check shows what would be sent.'
        : checked.errors.length
          ? 'The check stopped, so there is nothing to provision. Fix what it says and check again.'
          : checked.held
            ? 'The check found a change that waits for your confirmation: it is not provisioned from here.'
            : !ACTIONABLE.has(checked.action)
              ? 'The check found nothing to send for this user.'
              : undefined;

  const run = async (dryRun: boolean) => {
    if (!wanted) {
      setProblem({ kind: 'error', error: 'Type the user’s email or JumpCloud user ID first.', hint: 'For example ada@example.com, or the 24 characters at the end of the user’s address in the JumpCloud console.' });
      document.getElementById('provision-who')?.focus();
      return;
    }
    setProblem(undefined);
    setBusy(dryRun ? 'check' : 'provision');
    const reply = await send({ type: 'sync.provision', who: wanted, dryRun });
    setBusy(undefined);
    if (!reply.ok) {
      setShown(undefined);
      return setProblem(failed(reply));
    }
    setShown({ who: wanted, dryRun, result: reply.data });
    if (reply.data.runId) onRecorded?.();
  };

  const result = shown?.result;
  return (
    <section class="card" aria-labelledby="provision-heading">
      <h2 id="provision-heading">Provision one user</h2>
      <p class="hint">
        Syncs one user now, without waiting for a full sync, and shows each step: what was read from JumpCloud, whether the sync
        criteria let the user in, how the fields map, whom it matches in Zoho Directory, and what is done. Check first: it shows
        the request that would be sent and writes nothing.
      </p>
      <form
        class="provision-form"
        onSubmit={(e) => {
          e.preventDefault();
          void run(true);
        }}
      >
        <div class="field">
          <label for="provision-who">Email or JumpCloud user ID</label>
          <p class="hint" id="provision-who-hint">
            For example ada@example.com, or the 24 characters at the end of the user’s address in the JumpCloud console.
          </p>
          <input
            id="provision-who"
            type="text"
            autocomplete="off"
            spellcheck={false}
            value={who}
            aria-describedby="provision-who-hint"
            onInput={(e) => setWho(e.currentTarget.value)}
          />
        </div>
        <div class="actions">
          <button type="submit" disabled={!!busy}>
            Check
          </button>
          <button
            type="button"
            class="primary"
            disabled={!mayProvision}
            aria-describedby={why ? 'provision-why' : undefined}
            onClick={() => void run(false)}
          >
            Provision this user
          </button>
        </div>
        {why && (
          <p class="hint" id="provision-why">
            {why}
          </p>
        )}
      </form>

      {busy && <Notice value={{ kind: 'busy', text: busy === 'check' ? `Checking ${wanted}…` : `Provisioning ${wanted}…` }} />}
      {!busy && <Notice value={problem} />}
      {!busy && shown && result && (
        <div class="provision-result">
          <p role="status" class="provision-summary">
            {summary(shown)}
          </p>
          <h3 id="provision-steps-heading">{shown.dryRun ? `Check of ${shown.who}` : `Provisioning of ${shown.who}`}</h3>
          <ol class="provision-steps" aria-labelledby="provision-steps-heading">
            {STEPS.map(({ step, label }) => {
              const outcome = outcomeOf(step, result);
              const detail = result.steps.find((s) => s.step === step)?.detail;
              return (
                <li key={step} class={`provision-step provision-step-${outcome.tone}`}>
                  <span class="provision-step-name">{label}:</span> <span class={`provision-outcome provision-outcome-${outcome.tone}`}>{outcome.text}</span>
                  {detail && <p class="provision-detail">{detail}</p>}
                </li>
              );
            })}
          </ol>
          {result.errors.map((e) => (
            <Notice key={e.message} value={{ kind: 'error', error: e.message, ...(e.hint ? { hint: e.hint } : {}) }} />
          ))}
          {result.held && (
            <div class="notice notice-warn" role="note">
              <span aria-hidden="true" class="notice-icon">
                !
              </span>
              <div>
                <p class="notice-title">Waiting for your confirmation.</p>
                <p>{result.held}</p>
                {!shown.dryRun && (
                  <p>
                    The run is in the history below: check it there, and apply the held change with the rest of a sync.
                  </p>
                )}
              </div>
            </div>
          )}
          {result.warnings.length > 0 && (
            <ul class="provision-warnings" aria-label="Warnings">
              {result.warnings.map((w) => (
                <li key={w} class="warn-text">
                  {w}
                </li>
              ))}
            </ul>
          )}
          <h3 id="provision-request-heading">{shown.dryRun ? 'SCIM request that would be sent' : 'SCIM request sent'}</h3>
          {result.requests.length === 0 ? (
            <p>{shown.dryRun ? 'None: a provisioning would send no write to the directory.' : 'None: nothing was written to the directory.'}</p>
          ) : (
            result.requests.map((r, i) => (
              <div class="provision-request" key={`${r.method} ${r.path} ${i}`}>
                <p>
                  <code class="provision-request-line">
                    {r.method} {r.path}
                  </code>
                </p>
                {r.body !== undefined && (
                  <pre class="provision-body" tabIndex={0} aria-label={`Body of ${r.method} ${r.path}`}>
                    {JSON.stringify(r.body, null, 2)}
                  </pre>
                )}
              </div>
            ))
          )}
          <p class="hint">
            Headers are not shown: the SCIM token goes only in the request’s Authorization header, and no page ever sees it.
            {result.runId && (
              <>
                {' '}
                Recorded in the history below as “One user”.
              </>
            )}
          </p>
        </div>
      )}
    </section>
  );
}
