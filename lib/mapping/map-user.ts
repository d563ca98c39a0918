// One JumpCloud user → the flat SCIM form the planner diffs. Pure: the same user and mapping
// always give the same result, so a re-sync with nothing changed plans nothing.
import { ZOHO_FIELD_KEYS, ZOHO_FIELDS, type ZohoField } from '../config/fields';
import type { FieldSource, Mapping } from '../config/schema';
import type { JumpCloudUser } from '../jumpcloud/schemas';
import type { FlatUser } from '../scim/flat-user';
import { MANAGER_PATH, USER_NAME_PATH, ZOHO_FIELD_PATHS } from './zoho-to-scim';
import { readAttribute, readField } from './source-value';

export interface MappedUser {
  jumpcloudId: string;
  /** The login: the mapped email, trimmed and lower-cased as Zoho compares it. */
  userName: string;
  attributes: FlatUser;
  /** The JumpCloud id of the user's manager; the planner turns it into a SCIM id. */
  managerJumpcloudId?: string;
}

/** Where each mapped value goes: a core or enterprise path, or a Zoho custom field's path. */
export interface MappingPlan {
  /** Zoho field (or custom field name) → source and the SCIM paths it fills. */
  targets: { label: string; source: FieldSource; paths: string[]; isManager: boolean }[];
}

/** Resolves the config's mapping against what the target declares. `customPath` finds a Zoho custom field. */
export function planMapping(
  mapping: Mapping,
  supports: (path: string) => boolean,
  customPath: (name: string) => string | undefined,
): { plan: MappingPlan; unsupported: string[] } {
  const targets: MappingPlan['targets'] = [];
  const unsupported: string[] = [];
  for (const field of ZOHO_FIELD_KEYS) {
    const source = mapping.fields[field];
    if (source.from === 'none') continue;
    const paths = ZOHO_FIELD_PATHS[field].filter((p) => {
      if (supports(p) || p === USER_NAME_PATH) return true;
      unsupported.push(`${ZOHO_FIELDS[field]} (${p})`);
      return false;
    });
    if (paths.length) targets.push({ label: ZOHO_FIELDS[field], source, paths, isManager: field === ('reportingTo' satisfies ZohoField) });
  }
  for (const custom of mapping.customFields) {
    if (custom.source.from === 'none') continue;
    const path = customPath(custom.name);
    if (path) targets.push({ label: custom.name, source: custom.source, paths: [path], isManager: false });
    else unsupported.push(`${custom.name} (custom field the target does not declare)`);
  }
  return { plan: { targets }, unsupported };
}

function valueOf(user: JumpCloudUser, source: FieldSource): string {
  switch (source.from) {
    case 'jumpcloud':
      return readField(user, source.field);
    case 'hardcoded':
      return source.value;
    case 'attribute':
      return readAttribute(user, source.name) ?? '';
    case 'none':
      return '';
  }
}

export function mapUser(user: JumpCloudUser, plan: MappingPlan): MappedUser {
  const attributes: FlatUser = { externalId: user._id, active: user.state === 'ACTIVATED' };
  let managerJumpcloudId: string | undefined;
  for (const target of plan.targets) {
    const value = valueOf(user, target.source);
    // An empty value is not sent: it clears the attribute (the planner's diff removes it).
    if (value === '') continue;
    if (target.isManager) {
      managerJumpcloudId = value;
      continue;
    }
    for (const path of target.paths) attributes[path] = path === USER_NAME_PATH ? value.trim().toLowerCase() : value;
  }
  const userName = typeof attributes[USER_NAME_PATH] === 'string' ? attributes[USER_NAME_PATH] : '';
  return { jumpcloudId: user._id, userName, attributes, ...(managerJumpcloudId ? { managerJumpcloudId } : {}) };
}

export { MANAGER_PATH };
