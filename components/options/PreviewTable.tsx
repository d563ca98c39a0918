// What the mapping makes of a few real users: one column per user, one row per attribute sent,
// named by its Zoho field. Values are shown as text, never as markup: they come from JumpCloud. For
// a user synced before, a value this mapping would change shows the value last synced, then the new.
import type { ResponseData } from '@/lib/messages/protocol';
import { attributeLabel, byAttributeOrder, shortPath, valueText } from './attributes';
import { BeforeAfter } from './ChangeList';

export function PreviewTable({ data }: { data: ResponseData<'mapping.preview'> }) {
  const paths = [...new Set(data.users.flatMap((u) => [...Object.keys(u.attributes), ...(u.changes ?? []).map((c) => c.path)]))].sort(byAttributeOrder);
  const changeOf = data.users.map((u) => new Map((u.changes ?? []).map((c) => [c.path, c])));
  const changes = changeOf.reduce((n, m) => n + m.size, 0);
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
              {changes > 0 && (
                <span class="caption-note">
                  {changes} {changes === 1 ? 'value differs' : 'values differ'} from what was last synced: shown as the value before, then after.
                </span>
              )}
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
                    {attributeLabel(path)}
                    <code class="path" title={path}>
                      {shortPath(path)}
                    </code>
                  </th>
                  {data.users.map((u, i) => {
                    const v = u.attributes[path];
                    const change = changeOf[i]!.get(path);
                    if (change) {
                      return (
                        <td key={`${i}:${u.label}`} class="changed">
                          <BeforeAfter before={change.before} after={change.after} />
                        </td>
                      );
                    }
                    return (
                      <td key={`${i}:${u.label}`} class={v === undefined ? 'muted' : ''}>
                        <bdi>{valueText(v)}</bdi>
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
