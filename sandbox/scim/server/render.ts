// How stored records are shown to clients: users with their derived `groups`, groups with member display names (or without members at all).
import type { GroupMember, GroupRecord, ScimStore, UserRecord } from '../store.js';

/** A JSON round trip: SCIMMY hands over class instances, the store wants plain data. */
export function plain(instance: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(instance)) as Record<string, unknown>;
}

export function userOut(store: ScimStore, user: UserRecord): Record<string, unknown> {
  const groups = store.groupsOf(user.id).map((g) => ({ value: g.id, display: g.displayName, type: 'direct' }));
  return { ...user, ...(groups.length ? { groups } : {}) };
}

function memberDisplay(store: ScimStore, member: GroupMember): string | undefined {
  if (member.display !== undefined) return member.display;
  const user = store.getUser(member.value);
  if (user) return user.displayName ?? user.userName;
  return store.getGroup(member.value)?.displayName;
}

export function groupOut(store: ScimStore, group: GroupRecord, withMembers: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: group.id,
    displayName: group.displayName,
    ...(group.externalId !== undefined ? { externalId: group.externalId } : {}),
    meta: group.meta,
  };
  if (withMembers && group.members.size) {
    out['members'] = [...group.members.values()].map((m) => {
      const display = memberDisplay(store, m);
      return { value: m.value, ...(display !== undefined ? { display } : {}), ...(m.type ? { type: m.type } : {}) };
    });
  }
  return out;
}
