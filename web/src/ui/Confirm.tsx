import { useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A button for an action that needs a second thought (disable an account, revoke a token): the first
 * press asks, in place, and moves focus to the confirmation.
 */
export function ConfirmButton({
  label,
  question,
  confirmLabel,
  onConfirm,
  danger = true,
  disabled,
}: {
  label: ReactNode;
  question: ReactNode;
  confirmLabel: string;
  onConfirm: () => void | Promise<void>;
  danger?: boolean;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const askRef = useRef<HTMLButtonElement>(null);
  if (!asking) {
    return (
      <button
        type="button"
        ref={askRef}
        className={danger ? 'button-danger' : undefined}
        disabled={disabled}
        onClick={() => {
          setAsking(true);
          setTimeout(() => confirmRef.current?.focus(), 0);
        }}
      >
        {label}
      </button>
    );
  }
  return (
    <div className="confirm" role="group" aria-label={typeof label === 'string' ? label : undefined}>
      <span>{question}</span>
      <button
        type="button"
        ref={confirmRef}
        className={danger ? 'button-danger' : 'button-primary'}
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          try {
            await onConfirm();
          } finally {
            setBusy(false);
            setAsking(false);
          }
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" className="button-quiet" onClick={() => setAsking(false)}>
        {t('cancel')}
      </button>
    </div>
  );
}
