// A run record as a person reads it in a terminal.
import type { SyncRunRecord } from '../lib/sync/run-record';

export function formatRun(run: SyncRunRecord): string {
  const c = run.counts;
  const seconds = ((run.endedAt ?? run.startedAt) - run.startedAt) / 1000;
  const lines = [
    `${run.dryRun ? 'Preview' : 'Sync'} ${run.id}: ${run.status} in ${seconds.toFixed(1)} s`,
    `  read ${c.read} JumpCloud users; ${c.unchanged} unchanged, ${c.skipped} skipped`,
  ];
  if (run.dryRun) {
    const planned = (action: string) => run.outcomes.filter((o) => o.action === action && o.result !== 'skipped').length;
    lines.push(
      `  would create ${planned('create')}, update ${planned('update')}, deactivate ${planned('deactivate')}, delete ${planned('delete')}; ${planned('group')} group changes`,
    );
  } else {
    lines.push(
      `  created ${c.created}, adopted ${c.adopted}, updated ${c.updated}, deactivated ${c.deactivated}, deleted ${c.deleted}, failed ${c.failed}, held ${c.held}`,
      `  groups: ${c.groupsCreated} created, ${c.groupsLinked} linked; members +${c.membersAdded} -${c.membersRemoved}`,
    );
  }
  lines.push(`  requests: JumpCloud ${run.requests.jumpcloud}, SCIM reads ${run.requests.scimReads}, SCIM writes ${run.requests.scimWrites}`);
  if (run.removalsHeld) lines.push(`  ${run.removalsHeld} Run again with --confirm-removals to go ahead.`);
  for (const w of run.warnings) lines.push(`  warning: ${w}`);
  for (const e of run.errors) lines.push(`  error: ${e.message}${e.hint ? `\n    fix: ${e.hint}` : ''}`);
  const failures = run.outcomes.filter((o) => o.result === 'failed');
  for (const f of failures.slice(0, 20)) lines.push(`  failed ${f.action} ${f.userName}: ${f.error}${f.hint ? ` (${f.hint})` : ''}`);
  if (failures.length > 20) lines.push(`  … and ${failures.length - 20} more failures in the run record`);
  return lines.join('\n');
}

export function exitCode(run: SyncRunRecord): number {
  if (run.status === 'failed') return 1;
  if (run.status === 'partial' || run.status === 'awaiting-confirmation') return 2;
  return 0;
}
