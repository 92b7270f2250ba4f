import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../app/api.ts';

/** A message box: errors are announced at once (role=alert), other kinds politely. */
export function Alert({ kind = 'info', title, children }: { kind?: 'info' | 'success' | 'warning' | 'error'; title?: string; children?: ReactNode }) {
  return (
    <div className={`alert alert-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {title ? <strong className="alert-title">{title}</strong> : null}
      {children ? <div>{children}</div> : null}
    </div>
  );
}

/** Shows an error from the API (or anything thrown), with field errors listed. */
export function ErrorAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const message = error instanceof ApiError ? (error.code === 'network_error' ? t('networkError') : error.message) : error instanceof Error ? error.message : String(error);
  const fields = error instanceof ApiError ? error.fields : [];
  return (
    <Alert kind="error" title={t('errorTitle')}>
      <p>{message}</p>
      {fields.length > 0 ? (
        <ul>
          {fields.map((f) => (
            <li key={f.path + f.message}>
              <code>{f.path.replace(/^(body|query|params)\./, '')}</code>: {f.message}
            </li>
          ))}
        </ul>
      ) : null}
    </Alert>
  );
}
