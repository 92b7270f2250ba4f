import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Page } from './Page.tsx';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('notFoundTitle')}>
      <p>{t('notFoundBody')}</p>
      <p>
        <Link to="/">{t('goHome')}</Link>
      </p>
    </Page>
  );
}
