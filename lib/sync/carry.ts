// Carrying the users a re-sync finds as they were. A user's mapped form depends on its JumpCloud
// record and on the mapping (the config's, as the target's declared attributes resolve it), the
// criteria and the status sync: when the record's bytes are the ones `pushed` was mapped from
// (lib/jumpcloud/page-scan.ts) and the rest is the same, mapping it again gives `pushed` again. So
// such a user is taken from its snapshot entry, without being decoded, checked or mapped: at
// 100,000 users that work, and its garbage, was most of a re-sync's processor time. The manager is
// the one thing resolved afresh (its directory id may have changed), by the plan, from the
// reference the record holds.
//
// A mark is written with an entry only when its form was just mapped from that record and pushed
// (or found already there); any other write (a deactivation of someone gone, a manager linked in a
// second pass, a copy reconciled from the directory) leaves it off, and that user is read the full
// way next time. Criteria on group membership depend on more than the record: then nobody is
// carried. The fingerprint is two 32-bit hashes and a length, not a cryptographic digest: a
// record changed so as to collide would keep its old values in the directory until the next
// reconciliation (lib/sync/reconcile.ts) or mapping change, which read everyone again.
import type { Config } from '../config/schema';
import { usesGroupMembership } from '../criteria/evaluate';
import { fingerprintOf } from '../http/json-scan';
import type { MappingPlan } from '../mapping/map-user';
import { USER_NAME_PATH } from '../mapping/zoho-to-scim';
import type { FlatUser } from '../scim/flat-user';
import type { SnapshotEntry } from '../store/records';
import type { PreparedUser } from './prepare';

/** Raised when what a mark means changes, so that no mark written before counts. */
const MARK_VERSION = 1;

/**
 * The fingerprint of what decides a form besides the record, or undefined when the record alone
 * does not (criteria on group membership): then no one is carried, and no mark is written.
 */
export function mappingMark(config: Config, mapping: MappingPlan): string | undefined {
  const { criteria, statusSync } = config.settings;
  if (usesGroupMembership(criteria)) return undefined;
  const bytes = new TextEncoder().encode(JSON.stringify([MARK_VERSION, mapping.targets, criteria, statusSync.mode]));
  return fingerprintOf(bytes, 0, bytes.length);
}

/**
 * The mark of a record with this fingerprint under this mapping, as one flat string: kept with
 * every user pushed, the joined string would hold its pieces too (some 200 bytes a user against 70:
 * 14 MB on a first sync of 100,000). Both parts are base-36 digits and dots, so the mark is read
 * back from JSON text as it is.
 */
export const markOf = (mapping: string, fingerprint: string): string => JSON.parse(`"${mapping}/${fingerprint}"`) as string;

/** Whether `mark` is markOf(mapping, fingerprint), without making that string for every user. */
const isMark = (mark: string, mapping: string, fingerprint: string) =>
  mark.length === mapping.length + 1 + fingerprint.length && mark.endsWith(fingerprint) && mark.startsWith(mapping);

const INCLUDED = { included: true } as const;

/** The user as its entry has it, when the entry was mapped from a record with this fingerprint; else undefined. */
export function carriedUser(entry: SnapshotEntry | undefined, mapping: string, fingerprint: string): PreparedUser | undefined {
  const source = entry?.source;
  if (!entry || !source || !isMark(source.mark, mapping, fingerprint)) return undefined;
  const attributes = entry.pushed as FlatUser;
  const userName = attributes[USER_NAME_PATH];
  if (typeof userName !== 'string') return undefined;
  const { jumpcloudId } = entry;
  return {
    id: jumpcloudId,
    label: userName,
    verdict: INCLUDED,
    mapped: { jumpcloudId, userName, attributes, ...(source.manager ? { managerJumpcloudId: source.manager } : {}), source },
  };
}
