/** Every API token of the district, for a district administrator to review and revoke. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Page } from '../../ui/Page.tsx';
import { TokenTable } from '../account/Tokens.tsx';

export function TokensPage() {
  const { t } = useTranslation('users');
  return (
    <Page title={t('tokensTitle')} subtitle={<Link to="/users">{t('backToList')}</Link>}>
      <p>{t('tokensIntro')}</p>
      <TokenTable all />
    </Page>
  );
}
