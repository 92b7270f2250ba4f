import type { Feature } from '../../app/features.ts';
import { AGREEMENT_EDITORS, AGREEMENT_READERS, CONSENT_KEEPERS } from '../partners/common.tsx';
import { AgreementsPage } from './AgreementsPage.tsx';
import { AgreementPage } from './AgreementPage.tsx';
import { AgreementEditPage, NewAgreementPage } from './AgreementEditPage.tsx';
import { TermsPage } from './TermsPage.tsx';
import { HealthPage } from './HealthPage.tsx';
import { DisclosuresPage } from './DisclosuresPage.tsx';

/** Agreements with their data-sharing terms and health checks; the record of disclosures. */
export const feature: Feature = {
  id: 'agreements',
  pages: [
    { path: '/agreements', component: AgreementsPage, roles: AGREEMENT_READERS },
    { path: '/agreements/new', component: NewAgreementPage, roles: AGREEMENT_EDITORS },
    { path: '/agreements/:agreementId', component: AgreementPage, roles: AGREEMENT_READERS },
    { path: '/agreements/:agreementId/edit', component: AgreementEditPage, roles: AGREEMENT_EDITORS },
    { path: '/agreements/:agreementId/data-sharing/:termsId', component: TermsPage, roles: AGREEMENT_READERS },
    { path: '/agreements/:agreementId/health', component: HealthPage, roles: AGREEMENT_READERS },
    { path: '/disclosures', component: DisclosuresPage, roles: CONSENT_KEEPERS },
  ],
  nav: [
    { to: '/agreements', label: 'agreements:navLabel', order: 450, roles: AGREEMENT_READERS },
    { to: '/disclosures', label: 'agreements:disclosures.navLabel', order: 460, roles: CONSENT_KEEPERS },
  ],
};
