// Group membership bookkeeping: checking a member list, and the member → groups index kept in step with each group's member Map (O(1) per change).
import type { GroupMember, GroupRecord } from './records.js';
import { addToIndex, removeFromIndex } from './set-index.js';
import { ScimStoreError } from './store-error.js';

/**
 * Checks that every member names an existing user or group (`typeOf` says which, or undefined) and
 * is not the group itself, and fills in its type.
 */
export function resolveMembers(members: GroupMember[], groupId: string, typeOf: (value: string) => 'User' | 'Group' | undefined): GroupMember[] {
  if (!Array.isArray(members)) throw new ScimStoreError(400, 'invalidValue', 'members must be an array');
  const out: GroupMember[] = [];
  for (const member of members) {
    const value = member?.value;
    if (typeof value !== 'string' || !value) {
      throw new ScimStoreError(400, 'invalidValue', 'Each member needs a "value" holding a user or group id');
    }
    if (value === groupId) throw new ScimStoreError(400, 'invalidValue', 'A group cannot be a member of itself');
    const type = typeOf(value);
    if (!type) throw new ScimStoreError(400, 'invalidValue', `Member "${value}" is not a user or group in this directory`);
    out.push({
      value,
      type,
      ...(typeof member.display === 'string' ? { display: member.display } : {}),
    });
  }
  return out;
}

/** Member value (user or group id) → ids of the groups it belongs to directly. */
export class MemberIndex {
  private readonly groupIdsByMember = new Map<string, Set<string>>();

  /** A copy, so callers may detach while they iterate. */
  groupIdsOf(memberId: string): string[] {
    return [...(this.groupIdsByMember.get(memberId) ?? [])];
  }

  attach(group: GroupRecord, member: GroupMember): void {
    group.members.set(member.value, member);
    addToIndex(this.groupIdsByMember, member.value, group.id);
  }

  detach(group: GroupRecord, value: string): boolean {
    if (!group.members.delete(value)) return false;
    removeFromIndex(this.groupIdsByMember, value, group.id);
    return true;
  }

  /** Drops whatever is left for a member that no longer exists. */
  forget(memberId: string): void {
    this.groupIdsByMember.delete(memberId);
  }

  clear(): void {
    this.groupIdsByMember.clear();
  }
}
