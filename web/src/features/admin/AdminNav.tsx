import { useTranslation } from 'react-i18next';
import { SubNav } from '../../ui/SubNav.tsx';

export function AdminNav() {
  const { t } = useTranslation('admin');
  return (
    <SubNav
      label={t('sections')}
      items={[
        { to: '/admin', label: t('settings.nav') },
        { to: '/admin/schools', label: t('schools.nav') },
        { to: '/admin/years', label: t('years.nav') },
        { to: '/admin/calendar', label: t('calendar.nav') },
      ]}
    />
  );
}
