import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { SUPPORTED, type Lang } from './i18n.ts';
import { useSession } from './session.tsx';

/** Switches between English and Spanish; remembered on the account (and on this device). */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const { changeLanguage } = useSession();
  const id = useId();
  return (
    <div className="language-switch">
      <label htmlFor={id} className="visually-hidden">
        {t('language')}
      </label>
      <select id={id} value={i18n.language.slice(0, 2)} onChange={(e) => void changeLanguage(e.target.value as Lang)}>
        {SUPPORTED.map((l) => (
          <option key={l} value={l} lang={l}>
            {t(`languages.${l}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
