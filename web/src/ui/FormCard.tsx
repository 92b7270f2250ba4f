import { useEffect, useId, useRef, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from './Alert.tsx';

/**
 * A form in a card that opens in place (add or edit a record): its heading takes the focus when it
 * opens, the error is shown above the fields, and it ends with the submit and cancel buttons.
 */
export function FormCard({
  title,
  submitLabel,
  busy,
  error,
  onSubmit,
  onCancel,
  children,
}: {
  title: string;
  submitLabel: string;
  busy: boolean;
  error: unknown;
  onSubmit: () => void;
  onCancel?: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <form
      className="card stack"
      noValidate
      aria-labelledby={id}
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <h2 id={id} ref={heading} tabIndex={-1}>
        {title}
      </h2>
      {error ? <ErrorAlert error={error} /> : null}
      {children}
      <div className="row">
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? t('saving') : submitLabel}
        </button>
        {onCancel ? (
          <button type="button" onClick={onCancel}>
            {t('cancel')}
          </button>
        ) : null}
      </div>
    </form>
  );
}
