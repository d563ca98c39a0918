// A run under way: a labelled progress bar, with the counts in words for screen readers too.
import type { RunProgress } from '@/lib/messages/protocol';

const PHASE: Record<RunProgress['phase'], string> = {
  starting: 'Starting',
  reading: 'Reading JumpCloud',
  planning: 'Planning changes',
  applying: 'Writing to Zoho Directory',
};

export function Progress({ progress }: { progress: RunProgress }) {
  const { phase, done, total } = progress;
  const label = `${progress.dryRun ? 'Preview: ' : ''}${PHASE[phase]}${total ? ` — ${done} of ${total}` : ''}`;
  return (
    <div class="progress">
      <label for="run-progress">{label}</label>
      <progress id="run-progress" max={total || 1} value={total ? done : undefined} aria-valuetext={label} />
    </div>
  );
}
