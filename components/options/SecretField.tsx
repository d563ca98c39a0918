// A secret (the API key, the SCIM token): a masked field with its own save button. The page never
// sees a saved secret, only whether one is saved; the value typed here goes to the background once.
import type { ComponentChildren } from 'preact';
import { Field } from './Field';

interface SecretFieldProps {
  path: 'jumpcloudApiKey' | 'scimToken';
  label: string;
  hint: ComponentChildren;
  saved: boolean;
  value: string;
  errors?: readonly string[];
  saveLabel: string;
  busy: boolean;
  onInput: (value: string) => void;
  onSave: () => void;
}

export function SecretField({ path, label, hint, saved, value, errors, saveLabel, busy, onInput, onSave }: SecretFieldProps) {
  return (
    <Field
      path={path}
      label={label}
      errors={errors}
      hint={
        <>
          <span class={saved ? 'badge badge-ok' : 'badge'}>{saved ? 'Saved' : 'Not saved yet'}</span>{' '}
          {saved ? 'It stays hidden here. To replace it, paste a new one and save.' : hint}
        </>
      }
    >
      {(control) => (
        <div class="inline-row">
          <input
            {...control}
            type="password"
            autoComplete="off"
            spellcheck={false}
            value={value}
            placeholder={saved ? '•••••••• (saved)' : ''}
            onInput={(e) => onInput(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                onSave();
              }
            }}
          />
          <button type="button" onClick={onSave} disabled={busy}>
            {saveLabel}
          </button>
        </div>
      )}
    </Field>
  );
}
