/** Adding an organisation to the directory. */
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Page } from '../../ui/Page.tsx';
import { PartnersNav, Section } from './common.tsx';
import { PartnerForm } from './forms.tsx';

export function NewPartnerPage() {
  const { t } = useTranslation('partners');
  const navigate = useNavigate();
  return (
    <Page title={t('add')} subtitle={t('addSubtitle')}>
      <PartnersNav />
      <Section id="new-partner" title={t('about')}>
        <PartnerForm onSaved={(id) => navigate(`/partners/${id}`)} onCancel={() => navigate('/partners')} />
      </Section>
    </Page>
  );
}
