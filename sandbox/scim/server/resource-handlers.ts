// The Users and Groups handlers SCIMMY calls (egress reads, ingress writes, degress deletes), declared once into SCIMMY's process-wide registry.
import SCIMMY from 'scimmy';
import { GROUP_PREFIX, USER_PREFIX } from '../protocol.js';
import type { GroupMember, ScimStore } from '../store.js';
import { guarded, scimError } from './errors.js';
import { planGroupBranch, planUserBranch, type Branch, type IndexedBranch } from './filter-index.js';
import { fillComplex, runFilter, userView } from './filter-run.js';
import { contextOf } from './handler-context.js';
import { pageWindow } from './paging.js';
import { groupOut, plain, userOut } from './render.js';

// SCIMMY keeps its resource declarations, handlers and base paths in process-wide singletons. The
// handlers are therefore declared once, and every request carries its own store through the
// scimmy-routers `context` (see handler-context.ts), so several sandboxes can run in one process.

type AnyResource = SCIMMY.Types.Resource;

/**
 * What egress returns for a list request: the filter's matches (or every record), cut to the window
 * pageWindow picks (which also tells SCIMMY the total).
 */
function listWindow<T extends { id: string }>(
  resource: AnyResource,
  prefix: string,
  plan: (branch: Branch) => IndexedBranch<T> | undefined,
  all: () => T[],
  view: (record: T, branch: Branch) => Record<string, unknown>,
): T[] {
  const list = resource.filter ? runFilter(resource.filter, prefix, plan, all, view) : all();
  const [from, to] = pageWindow(resource, list.length);
  return list.slice(from, to);
}

async function userEgress(resource: AnyResource, ctx: unknown): Promise<Record<string, unknown> | Record<string, unknown>[]> {
  const { store } = contextOf(ctx);
  return guarded(() => {
    if (resource.id) {
      const user = store.getUser(resource.id);
      if (!user) throw scimError(404, null, `Resource ${resource.id} not found`);
      return userOut(store, user);
    }
    const page = listWindow(
      resource,
      USER_PREFIX,
      (b) => planUserBranch(store, b),
      () => store.listUsers(),
      (u, branch) => userView(store, u, branch),
    );
    return page.map((u) => userOut(store, u));
  });
}

async function userIngress(resource: AnyResource, instance: unknown, ctx: unknown): Promise<Record<string, unknown>> {
  const { store } = contextOf(ctx);
  return guarded(() => {
    const data = plain(instance) as unknown as Parameters<ScimStore['createUser']>[0];
    const user = resource.id ? store.replaceUser(resource.id, data) : store.createUser(data);
    return userOut(store, user);
  });
}

async function userDegress(resource: AnyResource, ctx: unknown): Promise<void> {
  const { store } = contextOf(ctx);
  if (!resource.id || !store.deleteUser(resource.id)) throw scimError(404, null, `Resource ${resource.id} not found`);
}

async function groupEgress(resource: AnyResource, ctx: unknown): Promise<Record<string, unknown> | Record<string, unknown>[]> {
  const { store, omitMembers } = contextOf(ctx);
  return guarded(() => {
    if (resource.id) {
      const group = store.getGroup(resource.id);
      if (!group) throw scimError(404, null, `Resource ${resource.id} not found`);
      return groupOut(store, group, !omitMembers);
    }
    const page = listWindow(
      resource,
      GROUP_PREFIX,
      (b) => planGroupBranch(store, b),
      () => store.listGroups(),
      (g, branch) => fillComplex(groupOut(store, g, Object.keys(branch).some((k) => k.toLowerCase().startsWith('members'))), branch),
    );
    return page.map((g) => groupOut(store, g, !omitMembers));
  });
}

async function groupIngress(resource: AnyResource, instance: unknown, ctx: unknown): Promise<Record<string, unknown>> {
  const { store, omitMembers, keepMembers } = contextOf(ctx);
  return guarded(() => {
    const data = plain(instance) as { displayName: string; externalId?: string; members?: GroupMember[] };
    const input = {
      displayName: data.displayName,
      ...(data.externalId !== undefined ? { externalId: data.externalId } : {}),
      members: data.members ?? [],
    };
    const group = resource.id ? store.replaceGroup(resource.id, input, { keepMembers }) : store.createGroup(input);
    return groupOut(store, group, !omitMembers);
  });
}

async function groupDegress(resource: AnyResource, ctx: unknown): Promise<void> {
  const { store } = contextOf(ctx);
  if (!resource.id || !store.deleteGroup(resource.id)) throw scimError(404, null, `Resource ${resource.id} not found`);
}

let declared = false;

/** Declares Users (with the enterprise extension) and Groups to SCIMMY's global registry, once. */
export function declareResources(): void {
  if (declared) return;
  declared = true;
  SCIMMY.Resources.declare(SCIMMY.Resources.User, {
    extensions: [{ schema: SCIMMY.Schemas.EnterpriseUser, required: false }],
    egress: userEgress,
    ingress: userIngress,
    degress: userDegress,
  });
  SCIMMY.Resources.declare(SCIMMY.Resources.Group, {
    egress: groupEgress,
    ingress: groupIngress,
    degress: groupDegress,
  });
}
