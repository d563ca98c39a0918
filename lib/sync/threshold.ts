// The accidental-deletion threshold: a run that would deactivate or delete more than the
// configured share or number of synced users stops before any removal and asks the admin.
import type { Config } from '../config/schema';

export function removalThreshold(
  removals: number,
  synced: number,
  safety: Config['safety'],
  confirmed: boolean,
): { blocked: boolean; reason?: string } {
  const overPercent = synced > 0 && (removals / synced) * 100 > safety.deletionThresholdPercent;
  const overCount = removals > safety.deletionThresholdCount;
  if (!removals || confirmed || (!overPercent && !overCount)) return { blocked: false };
  const limit = overCount
    ? `more than ${safety.deletionThresholdCount} users`
    : `more than ${safety.deletionThresholdPercent}% of the ${synced} synced users`;
  return {
    blocked: true,
    reason: `This run would deactivate or delete ${removals} users, ${limit}. Nothing was removed: review the preview and confirm to go ahead.`,
  };
}
