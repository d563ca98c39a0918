// The membership graph: direct member edges per group and nested-membership resolution both ways, cached per directory version because a sync pages the same large group many times.
import type { GraphReach, MemberType } from './model.js';

/** What the graph reads from the directory that owns it: the version its caches key on, and the groups in id order. */
export interface GraphOwner {
  readonly version: number;
  readonly groups: readonly { id: string }[];
}

export class MemberGraph {
  private readonly groupUsers = new Map<string, Set<string>>();
  private readonly groupGroups = new Map<string, Set<string>>();
  private cacheVersion = -1;
  private membershipCache = new Map<string, GraphReach[]>();
  private membersCache = new Map<string, { id: string; type: MemberType }[]>();
  private reverse: { users: Map<string, string[]>; groups: Map<string, string[]> } | null = null;

  constructor(private readonly owner: GraphOwner) {}

  addGroup(id: string): void {
    this.groupUsers.set(id, new Set());
    this.groupGroups.set(id, new Set());
  }

  /** Drops the group's edges and every edge that nests it in another group. */
  removeGroup(id: string): void {
    this.groupUsers.delete(id);
    this.groupGroups.delete(id);
    for (const children of this.groupGroups.values()) children.delete(id);
  }

  removeUser(id: string): void {
    for (const members of this.groupUsers.values()) members.delete(id);
  }

  /** Throws unless the group exists, so callers can fail before looking at the member. */
  requireGroup(groupId: string): void {
    this.memberSets(groupId);
  }

  /** Adds a direct edge into the set for `type`; false when the edge already exists. */
  add(groupId: string, memberId: string, type: MemberType): boolean {
    const sets = this.memberSets(groupId);
    const set = type === 'user' ? sets.users : sets.groups;
    if (set.has(memberId)) return false;
    set.add(memberId);
    return true;
  }

  remove(groupId: string, memberId: string): boolean {
    const sets = this.memberSets(groupId);
    return sets.users.delete(memberId) || sets.groups.delete(memberId);
  }

  /** Direct edges: users first (in insertion order), then nested groups. Cached until the next change. */
  directMembers(groupId: string): readonly { id: string; type: MemberType }[] {
    const { users, groups } = this.memberSets(groupId);
    this.fresh();
    let out = this.membersCache.get(groupId);
    if (!out) {
      out = [];
      for (const id of users) out.push({ id, type: 'user' });
      for (const id of groups) out.push({ id, type: 'user_group' });
      this.membersCache.set(groupId, out);
    }
    return out;
  }

  directMemberCount(groupId: string): number {
    const { users, groups } = this.memberSets(groupId);
    return users.size + groups.size;
  }

  /**
   * Every user in the group directly or through nested groups, each once, sorted by id. Each chain is
   * the nested-group route (empty when direct). Groups are expanded once each (breadth first), so
   * cycles terminate; a user directly in several reached groups gets one chain per group.
   */
  membership(groupId: string): GraphReach[] {
    this.memberSets(groupId);
    this.fresh();
    const cached = this.membershipCache.get(groupId);
    if (cached) return cached;
    const chainOf = new Map<string, string[]>([[groupId, []]]);
    const queue = [groupId];
    const byUser = new Map<string, string[][]>();
    for (let i = 0; i < queue.length; i++) {
      const g = queue[i]!;
      const chain = chainOf.get(g)!;
      for (const u of this.groupUsers.get(g)!) {
        const chains = byUser.get(u);
        if (chains) chains.push(chain);
        else byUser.set(u, [chain]);
      }
      for (const child of this.groupGroups.get(g)!) {
        if (chainOf.has(child)) continue;
        chainOf.set(child, [...chain, child]);
        queue.push(child);
      }
    }
    const result = [...byUser.keys()].sort().map((id) => ({ id, chains: byUser.get(id)! }));
    this.membershipCache.set(groupId, result);
    return result;
  }

  /**
   * Every group the user is in, directly or because a group containing it is nested in another, each
   * once, sorted by id. A chain runs from the group holding the user directly up to the listed group.
   */
  memberOf(userId: string): GraphReach[] {
    const { users, groups } = this.reverseIndex();
    const chains = new Map<string, string[][]>();
    const queue: string[] = [];
    for (const g of users.get(userId) ?? []) {
      chains.set(g, [[g]]);
      queue.push(g);
    }
    for (let i = 0; i < queue.length; i++) {
      const g = queue[i]!;
      const first = chains.get(g)![0]!;
      for (const parent of groups.get(g) ?? []) {
        const seen = chains.get(parent);
        if (first.includes(parent)) continue;
        if (seen) seen.push([...first, parent]);
        else {
          chains.set(parent, [[...first, parent]]);
          queue.push(parent);
        }
      }
    }
    return [...chains.keys()].sort().map((id) => ({ id, chains: chains.get(id)! }));
  }

  private memberSets(groupId: string): { users: Set<string>; groups: Set<string> } {
    const users = this.groupUsers.get(groupId);
    const groups = this.groupGroups.get(groupId);
    if (!users || !groups) throw new Error(`no such group: ${groupId}`);
    return { users, groups };
  }

  /** Drops every cache once the owner's version has moved on (any mutation, not only edge changes). */
  private fresh(): void {
    if (this.cacheVersion === this.owner.version) return;
    this.cacheVersion = this.owner.version;
    this.membershipCache.clear();
    this.membersCache.clear();
    this.reverse = null;
  }

  /** Who contains whom, rebuilt once per version rather than kept up to date on every edge change. */
  private reverseIndex(): { users: Map<string, string[]>; groups: Map<string, string[]> } {
    this.fresh();
    if (this.reverse) return this.reverse;
    const users = new Map<string, string[]>();
    const groups = new Map<string, string[]>();
    const add = (m: Map<string, string[]>, k: string, v: string) => {
      const list = m.get(k);
      if (list) list.push(v);
      else m.set(k, [v]);
    };
    for (const g of this.owner.groups) {
      for (const u of this.groupUsers.get(g.id)!) add(users, u, g.id);
      for (const c of this.groupGroups.get(g.id)!) add(groups, c, g.id);
    }
    this.reverse = { users, groups };
    return this.reverse;
  }
}
