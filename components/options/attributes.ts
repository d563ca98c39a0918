// How the pages name a SCIM attribute and show its value: by the Zoho field it fills (the words
// the admin mapped), with the path beside it, and values as plain text.
import { ZOHO_FIELD_KEYS, ZOHO_FIELDS } from '@/lib/config/fields';
import { ZOHO_FIELD_PATHS } from '@/lib/mapping/zoho-to-scim';
import { ENTERPRISE_USER_SCHEMA } from '@/lib/scim/flat-user';

const PATH_LABELS = new Map<string, string>([
  ['externalId', 'JumpCloud ID'],
  ['active', 'Active'],
]);
for (const key of ZOHO_FIELD_KEYS) for (const path of ZOHO_FIELD_PATHS[key]) PATH_LABELS.set(path, ZOHO_FIELDS[key]);

/** Known paths in the order the mapping lists their Zoho fields; others sort after them. */
export const ATTRIBUTE_ORDER = [...PATH_LABELS.keys()];

export const byAttributeOrder = (a: string, b: string) => {
  const [ia, ib] = [ATTRIBUTE_ORDER.indexOf(a), ATTRIBUTE_ORDER.indexOf(b)];
  return (ia < 0 ? Infinity : ia) - (ib < 0 ? Infinity : ib) || a.localeCompare(b);
};

/** The SCIM path, with the enterprise extension's long URN shortened as admins write it. */
export const shortPath = (path: string) => path.replace(`${ENTERPRISE_USER_SCHEMA}:`, 'enterprise:');

/** The Zoho field a path fills; a custom field by its own name (the path's last part). */
export function attributeLabel(path: string): string {
  const known = PATH_LABELS.get(path);
  if (known) return known;
  const name = path.slice(path.lastIndexOf(':') + 1);
  return name && name !== path ? `Custom field ${name}` : 'Custom field';
}

/** A value as the pages show it: booleans in words, nothing as "(empty)". */
export const valueText = (value: string | boolean | undefined) =>
  value === undefined || value === '' ? '(empty)' : typeof value === 'boolean' ? (value ? 'yes' : 'no') : value;
