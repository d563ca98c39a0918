// What a run leaves behind: who asked, when, what happened to each user and why, what failed and
// how to fix it, and how many requests it took. The history keeps the last 50 (lib/store).
import type { RunRecord } from '../store/records';
import type { AttributeChange } from './diffs';

export type OutcomeAction =
  | 'create'
  | 'adopt'
  | 'update'
  | 'deactivate'
  | 'delete'
  | 'manager'
  | 'skip'
  | 'group';

export interface Outcome {
  jumpcloudId: string;
  userName: string;
  action: OutcomeAction;
  result: 'done' | 'failed' | 'skipped' | 'held' | 'planned';
  reason?: string;
  /** Attribute paths written. */
  changed?: string[];
  /** Each changed attribute's value before and after (lib/sync/diffs.ts), while the run's budget lasts. */
  changes?: AttributeChange[];
  error?: string;
  hint?: string;
}

export interface RunCounts {
  read: number;
  created: number;
  adopted: number;
  updated: number;
  deactivated: number;
  deleted: number;
  unchanged: number;
  skipped: number;
  held: number;
  failed: number;
  groupsCreated: number;
  groupsLinked: number;
  membersAdded: number;
  membersRemoved: number;
}

export const emptyCounts = (): RunCounts => ({
  read: 0,
  created: 0,
  adopted: 0,
  updated: 0,
  deactivated: 0,
  deleted: 0,
  unchanged: 0,
  skipped: 0,
  held: 0,
  failed: 0,
  groupsCreated: 0,
  groupsLinked: 0,
  membersAdded: 0,
  membersRemoved: 0,
});

export interface RunError {
  message: string;
  hint?: string;
}

export interface SyncRunRecord extends RunRecord {
  dryRun: boolean;
  counts: RunCounts;
  outcomes: Outcome[];
  errors: RunError[];
  warnings: string[];
  requests: { jumpcloud: number; scimReads: number; scimWrites: number };
  /** Set when the deletion threshold held removals back. */
  removalsHeld?: string;
  /** True when the run planned against every directory user it read (lib/sync/reconcile.ts). */
  reconciled?: boolean;
}
