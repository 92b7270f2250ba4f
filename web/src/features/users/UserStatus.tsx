import { useTranslation } from 'react-i18next';
import type { UserView } from './types.ts';

export function UserStatus({ user }: { user: Pick<UserView, 'disabled' | 'lockedUntil'> }) {
  const { t } = useTranslation('users');
  if (user.disabled) return <span className="badge badge-bad">{t('statuses.disabled')}</span>;
  if (user.lockedUntil) return <span className="badge badge-warn">{t('statuses.locked')}</span>;
  return <span className="badge badge-ok">{t('statuses.active')}</span>;
}
