import { useTranslation } from 'react-i18next';

/** A polite "loading" announcement with a spinner. */
export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label ?? t('loading')}</span>
    </div>
  );
}

/** A progress bar for long jobs (imports, exports); indeterminate when the total is unknown. */
export function Progress({ value, max, label }: { value?: number; max?: number; label: string }) {
  const pct = value !== undefined && max ? Math.min(100, Math.round((100 * value) / max)) : undefined;
  return (
    <div className="progress">
      <div className="progress-label" id="progress-label">
        {label}
        {pct !== undefined ? ` — ${pct}%` : ''}
      </div>
      <progress aria-labelledby="progress-label" value={value} max={max}>
        {pct !== undefined ? `${pct}%` : undefined}
      </progress>
    </div>
  );
}
