// What the store keeps besides the config and secrets, with the schemas that check each record as
// it is read back (storage is a boundary too: an older build or a corrupted profile may have
// written something else).
import { z } from 'zod';
import { isRecord } from '../is-record';
import { MANAGER_PATH, USER_NAME_PATH } from '../mapping/zoho-to-scim';

/** What was last pushed for one JumpCloud user: the basis of the next plan's difference. */
export const snapshotEntrySchema = z.object({
  jumpcloudId: z.string(),
  scimId: z.string(),
  /** The mapped SCIM form as last written, so a re-sync writes only what changed. */
  // A plain object checked as one, not key by key: the snapshot is read at the start of every run,
  // and z.record's walk over every key of 100,000 forms was most of its reading time.
  pushed: z.custom<Record<string, unknown>>(isRecord, { error: 'not an object' }),
  updatedAt: z.number(),
  /**
   * What `pushed` was mapped from, when it was mapped from a JumpCloud record as it is now: a user
   * whose record comes with the same mark is carried without being read again (lib/sync/carry.ts).
   */
  source: z
    .object({
      /** The record's fingerprint, with the mapping's (lib/sync/carry.ts). */
      mark: z.string(),
      /** The manager the record names (a JumpCloud id or an email), resolved afresh each run. */
      manager: z.string().optional(),
      /** The custom attributes the mapping uses that the record has. */
      seen: z.array(z.string()).optional(),
    })
    .optional(),
});
export type SnapshotEntry = z.infer<typeof snapshotEntrySchema> & {
  /**
   * Set on an entry read light (Store.snapshot.scan): its `pushed` holds only the HEAD_PATHS. Never
   * stored: the whole entry is read (getMany) before anything is done with its form.
   */
  light?: true;
};

/**
 * What a light entry keeps of its form: all a re-sync needs of a user carried unchanged (its
 * sign-in name, its status, the manager's directory id), three values of some fifteen.
 */
export const HEAD_PATHS: readonly string[] = [USER_NAME_PATH, 'active', MANAGER_PATH];

/** What an entry's form was mapped from (lib/sync/carry.ts). */
export type SourceMark = NonNullable<SnapshotEntry['source']>;
export const isSourceMark = (v: unknown): v is SourceMark =>
  isRecord(v) &&
  typeof v.mark === 'string' &&
  (v.manager === undefined || typeof v.manager === 'string') &&
  (v.seen === undefined || (Array.isArray(v.seen) && v.seen.every((s) => typeof s === 'string'))) &&
  Object.keys(v).every((k) => k === 'mark' || k === 'manager' || k === 'seen');

/**
 * An entry as read back from a store, checked: the schema's own check, with a plain-code test in
 * front of it that passes only what the schema passes (every run reads the whole snapshot, and the
 * schema's walk was a tenth of a re-sync's processor time). Anything else goes to the schema,
 * which says what is wrong with it.
 */
export function snapshotEntryOf(v: unknown): SnapshotEntry {
  if (isRecord(v) && typeof v.jumpcloudId === 'string' && typeof v.scimId === 'string' && isRecord(v.pushed) && typeof v.updatedAt === 'number' && Number.isFinite(v.updatedAt)) {
    if (v.source === undefined) return { jumpcloudId: v.jumpcloudId, scimId: v.scimId, pushed: v.pushed, updatedAt: v.updatedAt };
    if (isSourceMark(v.source)) return { jumpcloudId: v.jumpcloudId, scimId: v.scimId, pushed: v.pushed, updatedAt: v.updatedAt, source: v.source };
  }
  return snapshotEntrySchema.parse(v);
}

/** A run as the history shows it; the engine fills in the details (lib/sync). */
export const runRecordSchema = z
  .object({
    id: z.string(),
    trigger: z.enum(['manual', 'schedule', 'preview', 'resume', 'command-line', 'on-demand']),
    startedAt: z.number(),
    endedAt: z.number().optional(),
    status: z.enum(['running', 'succeeded', 'partial', 'failed', 'awaiting-confirmation', 'previewed']),
  })
  .loose();
export type RunRecord = z.infer<typeof runRecordSchema>;

/** Runs beyond this many are pruned, oldest first. */
export const RUN_HISTORY_LIMIT = 50;

/**
 * The run the popup and the History tab lead with: the newest full run, or a one-user run that is
 * held. One user provisioned since a held sync must not hide that sync's confirmation.
 */
export const leadingRun = <R extends { trigger: string; status: string }>(runs: readonly R[]): R | undefined =>
  runs.find((r) => r.trigger !== 'on-demand' || r.status === 'awaiting-confirmation');
