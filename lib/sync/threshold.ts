// The accidental-deletion threshold: a run that would deactivate or delete more than the
// configured share or number of synced users stops before any removal and asks the admin; a
// mapping change that would rename as many users' sign-in names is held the same way. A
// confirmation names the run that held them and approves what that run held, nothing more: a plan
// that removes other users holds again and says how many were not confirmed.
import type { Config } from '../config/schema';

/** What the admin confirmed: the removals one held run (or preview) recorded. */
export interface Approval {
  runId: string;
  jumpcloudIds: ReadonlySet<string>;
}

/** What a threshold holds: removals, or changes to the names users sign in with. */
const WHAT = {
  removals: 'deactivate or delete',
  renames: 'change the sign-in name (userName or primary email) of',
} as const;

export function removalThreshold(
  removals: readonly string[],
  synced: number,
  safety: Config['safety'],
  approval: Approval | undefined,
  what: keyof typeof WHAT = 'removals',
): { blocked: boolean; reason?: string } {
  const count = removals.length;
  const overPercent = synced > 0 && (count / synced) * 100 > safety.deletionThresholdPercent;
  const overCount = count > safety.deletionThresholdCount;
  if (!count || (!overPercent && !overCount)) return { blocked: false };
  const unconfirmed = approval ? removals.filter((id) => !approval.jumpcloudIds.has(id)).length : count;
  if (unconfirmed === 0) return { blocked: false };
  const limit = overCount
    ? `more than ${safety.deletionThresholdCount} users`
    : `more than ${safety.deletionThresholdPercent}% of the ${synced} synced users`;
  const why = approval
    ? `This run would ${WHAT[what]} ${count} users, ${limit}, and ${unconfirmed} of them are not among the ${approval.jumpcloudIds.size} you confirmed (run ${approval.runId}).`
    : `This run would ${WHAT[what]} ${count} users, ${limit}.`;
  const held = what === 'removals' ? 'Nothing was removed' : 'No sign-in name was changed';
  return { blocked: true, reason: `${why} ${held}: review the preview and confirm to go ahead.` };
}
