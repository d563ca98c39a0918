// What the mapping makes of a few real users: one column per user, one row per attribute sent,
// named by its Zoho field. Values are shown as text, never as markup: they come from JumpCloud.
import { ZOHO_FIELD_KEYS, ZOHO_FIELDS } from '@/lib/config/fields';
import { ZOHO_FIELD_PATHS } from '@/lib/mapping/zoho-to-scim';
import { ENTERPRISE_USER_SCHEMA } from '@/lib/scim/flat-user';
import type { ResponseData } from '@/lib/messages/protocol';

const PATH_LABELS = new Map<string, string>([
  ['externalId', 'JumpCloud ID'],
  ['active', 'Active'],
]);
for (const key of ZOHO_FIELD_KEYS) for (const path of ZOHO_FIELD_PATHS[key]) PATH_LABELS.set(path, ZOHO_FIELDS[key]);

const ORDER = [...PATH_LABELS.keys()];

/** The SCIM path, with the enterprise extension's long URN shortened as admins write it. */
const shortPath = (path: string) => path.replace(`${ENTERPRISE_USER_SCHEMA}:`, 'enterprise:');

export function PreviewTable({ data }: { data: ResponseData<'mapping.preview'> }) {
  const paths = [...new Set(data.users.flatMap((u) => Object.keys(u.attributes)))].sort((a, b) => {
    const [ia, ib] = [ORDER.indexOf(a), ORDER.indexOf(b)];
    return (ia < 0 ? Infinity : ia) - (ib < 0 ? Infinity : ib) || a.localeCompare(b);
  });
  return (
    <div class="stack">
      {data.warnings.length > 0 && (
        <div class="notice notice-warn" role="note" aria-label="Mapping warnings">
          <span aria-hidden="true" class="notice-icon">
            !
          </span>
          <div>
            <p class="notice-title">Check these before you sync</p>
            <ul>
              {data.warnings.map((w, i) => (
                <li key={`${i}:${w}`}>{w}</li>
              ))}
            </ul>
          </div>
        </div>
      )}
      {data.users.length === 0 ? (
        <p>No user could be sampled from JumpCloud.</p>
      ) : (
        <div class="table-scroll" role="region" aria-label="Preview of mapped users" tabIndex={0}>
          <table class="data preview">
            <caption>
              What Zoho Directory would receive for {data.users.length} {data.users.length === 1 ? 'user' : 'users'} read from JumpCloud
            </caption>
            <thead>
              <tr>
                <th scope="col">Zoho field</th>
                {data.users.map((u, i) => (
                  <th scope="col" key={`${i}:${u.label}`}>
                    {u.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {paths.map((path) => (
                <tr key={path}>
                  <th scope="row">
                    {PATH_LABELS.get(path) ?? 'Custom field'}
                    <code class="path" title={path}>
                      {shortPath(path)}
                    </code>
                  </th>
                  {data.users.map((u, i) => {
                    const v = u.attributes[path];
                    return (
                      <td key={`${i}:${u.label}`} class={v === undefined ? 'muted' : ''}>
                        {v === undefined ? '(empty)' : typeof v === 'boolean' ? (v ? 'yes' : 'no') : v}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
