import { useTranslation } from 'react-i18next';
import { LOCALES, ROLES, type Role } from '../../../../common/roles.ts';
import { SelectField } from '../../ui/Field.tsx';

/** An account's role (with what it may see) and language, for creating and editing accounts. */
export function RoleLanguageFields({
  role,
  onRole,
  locale,
  onLocale,
  lockedHint,
  fieldError,
}: {
  role: Role;
  onRole: (r: Role) => void;
  locale: string;
  onLocale: (l: string) => void;
  /** Why the role cannot be changed here (e.g. one's own account); the select is then disabled. */
  lockedHint?: string;
  fieldError: (name: string) => string | undefined;
}) {
  const { t } = useTranslation('users');
  return (
    <>
      <SelectField label={t('role')} hint={lockedHint ?? t(`roleHints.${role}`)} value={role} disabled={!!lockedHint} onChange={(e) => onRole(e.target.value as Role)} error={fieldError('role')}>
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {t(`common:roles.${r}`)}
          </option>
        ))}
      </SelectField>
      <SelectField label={t('language')} value={locale} onChange={(e) => onLocale(e.target.value)} error={fieldError('locale')}>
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {t(`common:languages.${l}`)}
          </option>
        ))}
      </SelectField>
    </>
  );
}
