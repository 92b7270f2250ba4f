import { useId, type ReactNode } from 'react';

/** A group of checkboxes with a legend, for choosing several values (schools, scopes, weekdays). */
export function CheckboxGroup<V extends string | number>({
  legend,
  hint,
  error,
  options,
  value,
  onChange,
  columns,
}: {
  legend: string;
  hint?: ReactNode;
  error?: string;
  options: { value: V; label: ReactNode; hint?: ReactNode }[];
  value: readonly V[];
  onChange: (next: V[]) => void;
  columns?: boolean;
}) {
  const id = useId();
  return (
    <fieldset className={error ? 'checkboxes field-error' : 'checkboxes'} aria-describedby={[hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined}>
      <legend>{legend}</legend>
      {hint ? (
        <div className="field-hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      <div className={columns ? 'checkbox-list checkbox-columns' : 'checkbox-list'}>
        {options.map((o) => (
          <label key={String(o.value)} className="checkbox">
            <input
              type="checkbox"
              checked={value.includes(o.value)}
              onChange={(e) => onChange(e.target.checked ? [...value, o.value] : value.filter((v) => v !== o.value))}
            />
            <span>
              {o.label}
              {o.hint ? <span className="checkbox-hint">{o.hint}</span> : null}
            </span>
          </label>
        ))}
      </div>
      {error ? (
        <div className="field-message" id={`${id}-error`}>
          {error}
        </div>
      ) : null}
    </fieldset>
  );
}
