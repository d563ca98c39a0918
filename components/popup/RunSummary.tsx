// The last run in one line a person can read: when, how it ended, what it did.
import type { RunSummary as Run } from '@/lib/messages/protocol';

const STATUS_WORDS: Record<string, string> = {
  succeeded: 'Synced',
  partial: 'Synced with failures',
  failed: 'Failed',
  'awaiting-confirmation': 'Waiting for your confirmation',
  previewed: 'Preview',
  running: 'Running',
};

export function when(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function countsLine(run: Run): string {
  const c = run.counts ?? {};
  const n = (k: string) => c[k] ?? 0;
  if (run.status === 'previewed') {
    return `Would create ${n('created')}, update ${n('updated')}, deactivate ${n('deactivated')}, delete ${n('deleted')}; ${n('unchanged')} unchanged.`;
  }
  const parts = [`${n('created')} created`, `${n('updated')} updated`, `${n('deactivated')} deactivated`];
  if (n('adopted')) parts.push(`${n('adopted')} linked`);
  if (n('deleted')) parts.push(`${n('deleted')} deleted`);
  if (n('failed')) parts.push(`${n('failed')} failed`);
  return `${parts.join(', ')}; ${n('unchanged')} unchanged.`;
}

export function RunSummary({ run }: { run: Run }) {
  const error = run.errors?.[0];
  return (
    <div class="run">
      <p>
        <strong>{STATUS_WORDS[run.status] ?? run.status}</strong> · {when(run.endedAt ?? run.startedAt)}
      </p>
      {run.status !== 'failed' && <p>{countsLine(run)}</p>}
      {error && (
        <p role="alert" class="error">
          {error.message}
          {error.hint && <span class="hint"> {error.hint}</span>}
        </p>
      )}
      {run.removalsHeld && <p class="warning">{run.removalsHeld}</p>}
    </div>
  );
}
