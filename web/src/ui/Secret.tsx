import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from './Alert.tsx';

/**
 * A secret shown this once (a generated password, an API token): selectable, with a copy button and
 * the warning that it will not be shown again.
 */
export function OnceSecret({ title, value, note }: { title: string; value: string; note?: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <Alert kind="success" title={title}>
      <p>{note ?? t('secretOnce')}</p>
      <div className="secret">
        <code className="secret-value" tabIndex={0}>
          {value}
        </code>
        <button
          type="button"
          onClick={() =>
            void navigator.clipboard?.writeText(value).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {t('copy')}
        </button>
        <span role="status">{copied ? t('copied') : ''}</span>
      </div>
    </Alert>
  );
}
