// One labelled control with its hint and its error, wired the accessible way: the label names the
// control, the hint and the error describe it (aria-describedby), and aria-invalid marks it bad.
import type { ComponentChildren } from 'preact';
import { errorId, fieldId } from './issues';
import { sentence } from './labels';

export interface ControlProps {
  id: string;
  'aria-invalid'?: 'true';
  'aria-describedby'?: string;
  'aria-label'?: string;
}

interface FieldProps {
  /** The config path the control edits; also gives its id. */
  path: string;
  /** Visible label; or `ariaLabel` for a control whose label is its table row and column. */
  label?: ComponentChildren;
  ariaLabel?: string;
  hint?: ComponentChildren;
  /** ids of other elements that describe the control, e.g. a note shared by a whole table. */
  describedBy?: string;
  errors?: readonly string[];
  class?: string;
  children: (control: ControlProps) => ComponentChildren;
}

export function Field({ path, label, ariaLabel, hint, describedBy, errors, class: className, children }: FieldProps) {
  const id = fieldId(path);
  const hintId = `${id}-hint`;
  const bad = !!errors?.length;
  const described = [bad ? errorId(path) : '', hint ? hintId : '', describedBy ?? ''].filter(Boolean).join(' ');
  const control: ControlProps = {
    id,
    ...(bad ? { 'aria-invalid': 'true' as const } : {}),
    ...(described ? { 'aria-describedby': described } : {}),
    ...(ariaLabel ? { 'aria-label': ariaLabel } : {}),
  };
  return (
    <div class={['field', bad ? 'field-bad' : '', className ?? ''].filter(Boolean).join(' ')}>
      {label !== undefined && <label for={id}>{label}</label>}
      {hint && (
        <p class="hint" id={hintId}>
          {hint}
        </p>
      )}
      {children(control)}
      {bad && <FieldErrors path={path} errors={errors} />}
    </div>
  );
}

export function FieldErrors({ path, errors }: { path: string; errors: readonly string[] }) {
  return (
    <p class="field-error" id={errorId(path)}>
      <span aria-hidden="true">⚠ </span>
      {errors.map((e) => (/[.!?]$/.test(e.trim()) ? sentence(e) : `${sentence(e)}.`)).join(' ')}
    </p>
  );
}
