// A set of radio buttons under a legend: a setting with a few named choices, as Zoho shows them.
import type { ComponentChildren } from 'preact';
import { fieldId } from './issues';

interface RadioGroupProps<T extends string> {
  path: string;
  legend: ComponentChildren;
  hint?: ComponentChildren;
  options: readonly { value: T; label: ComponentChildren }[];
  value: T;
  onChange: (value: T) => void;
}

export function RadioGroup<T extends string>({ path, legend, hint, options, value, onChange }: RadioGroupProps<T>) {
  const name = fieldId(path);
  return (
    <fieldset class="radios" aria-describedby={hint ? `${name}-hint` : undefined}>
      <legend>{legend}</legend>
      {hint && (
        <p class="hint" id={`${name}-hint`}>
          {hint}
        </p>
      )}
      {options.map((o, i) => (
        <label key={o.value} class="choice">
          <input
            type="radio"
            name={name}
            id={i === 0 ? name : undefined}
            value={o.value}
            checked={value === o.value}
            onChange={() => onChange(o.value)}
          />
          <span>{o.label}</span>
        </label>
      ))}
    </fieldset>
  );
}
