// Where one Zoho field takes its value from, as Zoho's mapping dialog offers it: a JumpCloud field,
// a hard-coded value, a custom JumpCloud attribute (by its exact, case-sensitive name), or nothing.
// Renders two table cells: the kind, then the input that kind needs.
import { JUMPCLOUD_FIELDS, type JumpCloudField } from '@/lib/config/fields';
import type { FieldSource } from '@/lib/config/schema';
import { FieldErrors } from './Field';
import { errorId, fieldId } from './issues';
import { jumpcloudFieldText, SOURCE_KIND_LABELS } from './labels';

export interface SourceDraft {
  kind: FieldSource['from'];
  field: JumpCloudField;
  value: string;
  name: string;
}

export function draftOf(source: FieldSource): SourceDraft {
  return {
    kind: source.from,
    field: source.from === 'jumpcloud' ? source.field : 'username',
    value: source.from === 'hardcoded' ? source.value : '',
    name: source.from === 'attribute' ? source.name : '',
  };
}

export function sourceOf(draft: SourceDraft): FieldSource {
  switch (draft.kind) {
    case 'jumpcloud':
      return { from: 'jumpcloud', field: draft.field };
    case 'hardcoded':
      return { from: 'hardcoded', value: draft.value };
    case 'attribute':
      // Not trimmed: attribute names are matched exactly, as JumpCloud stores them.
      return { from: 'attribute', name: draft.name };
    case 'none':
      return { from: 'none' };
  }
}

interface SourceEditorProps {
  /** Config path of the source, e.g. "mapping.fields.department". */
  path: string;
  /** The Zoho field's name, for the controls' accessible names. */
  label: string;
  draft: SourceDraft;
  errors?: readonly string[];
  /** Id of the note that attribute names are case-sensitive. */
  caseNoteId: string;
  onChange: (draft: SourceDraft) => void;
}

export function SourceEditor({ path, label, draft, errors, caseNoteId, onChange }: SourceEditorProps) {
  const bad = !!errors?.length;
  const invalid = bad ? { 'aria-invalid': 'true' as const } : {};
  const describedBy = (extra?: string) => [bad ? errorId(path) : '', extra ?? ''].filter(Boolean).join(' ') || undefined;
  const detail = { id: fieldId(path), ...invalid, 'aria-describedby': describedBy() };
  return (
    <>
      <td>
        <select
          id={fieldId(`${path}.from`)}
          aria-label={`Source for ${label}`}
          {...invalid}
          aria-describedby={describedBy()}
          value={draft.kind}
          onChange={(e) => onChange({ ...draft, kind: e.currentTarget.value as SourceDraft['kind'] })}
        >
          {(Object.keys(SOURCE_KIND_LABELS) as SourceDraft['kind'][]).map((k) => (
            <option key={k} value={k}>
              {SOURCE_KIND_LABELS[k]}
            </option>
          ))}
        </select>
      </td>
      <td>
        {draft.kind === 'jumpcloud' && (
          <select
            {...detail}
            aria-label={`JumpCloud field for ${label}`}
            value={draft.field}
            onChange={(e) => onChange({ ...draft, field: e.currentTarget.value as JumpCloudField })}
          >
            {JUMPCLOUD_FIELDS.map((f) => (
              <option key={f} value={f}>
                {jumpcloudFieldText(f)}
              </option>
            ))}
          </select>
        )}
        {draft.kind === 'hardcoded' && (
          <input
            {...detail}
            type="text"
            aria-label={`Hard-coded value for ${label}`}
            placeholder="Same value for every user"
            value={draft.value}
            onInput={(e) => onChange({ ...draft, value: e.currentTarget.value })}
          />
        )}
        {draft.kind === 'attribute' && (
          <input
            {...detail}
            type="text"
            spellcheck={false}
            aria-label={`Custom attribute name for ${label}`}
            aria-describedby={describedBy(caseNoteId)}
            placeholder="Attribute name, exactly as in JumpCloud"
            value={draft.name}
            onInput={(e) => onChange({ ...draft, name: e.currentTarget.value })}
          />
        )}
        {draft.kind === 'none' && <span class="muted">Not sent to Zoho Directory</span>}
        {bad && <FieldErrors path={path} errors={errors} />}
      </td>
    </>
  );
}
