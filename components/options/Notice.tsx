// The outcome of an action, in plain words: success as a polite status, failure as an alert with
// the background's hint (the fix) and any problems that belong to no single field.
import type { ComponentChildren } from 'preact';
import type { Issue } from './issues';
import { sentence } from './labels';

export type NoticeValue =
  | { kind: 'ok'; text: ComponentChildren }
  | { kind: 'busy'; text: ComponentChildren }
  | { kind: 'error'; error: string; hint?: string; issues?: readonly Issue[] };

export const failed = (r: { error: string; hint?: string }, issues?: readonly Issue[]): NoticeValue => ({
  kind: 'error',
  error: r.error,
  ...(r.hint ? { hint: r.hint } : {}),
  ...(issues?.length ? { issues } : {}),
});

export function Notice({ value, id }: { value: NoticeValue | undefined; id?: string }) {
  if (!value) return null;
  if (value.kind === 'ok') {
    return (
      <div class="notice notice-ok" role="status" id={id}>
        <span aria-hidden="true" class="notice-icon">
          ✓
        </span>
        <div>{value.text}</div>
      </div>
    );
  }
  if (value.kind === 'busy') {
    return (
      <div class="notice notice-busy" role="status" id={id}>
        <span aria-hidden="true" class="notice-icon spinner" />
        <div>{value.text}</div>
      </div>
    );
  }
  return (
    <div class="notice notice-error" role="alert" id={id}>
      <span aria-hidden="true" class="notice-icon">
        !
      </span>
      <div>
        <p class="notice-title">{sentence(value.error)}</p>
        {value.hint && (
          <p>
            <strong>How to fix:</strong> {value.hint}
          </p>
        )}
        {value.issues && value.issues.length > 0 && (
          <ul>
            {value.issues.map((i) => (
              <li key={`${i.path}:${i.message}`}>
                <code>{i.path}</code>: {i.message}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
