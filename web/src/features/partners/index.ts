import type { Feature } from '../../app/features.ts';
import { PartnersPage } from './PartnersPage.tsx';
import { PartnerPage } from './PartnerPage.tsx';
import { NewPartnerPage } from './NewPartnerPage.tsx';
import { PortalPage } from './PortalPage.tsx';
import { PortalStudentPage } from './PortalStudentPage.tsx';
import { PARTNER_CREATORS } from './common.tsx';

/** The partner directory, and a partner organisation's own page for its staff. */
export const feature: Feature = {
  id: 'partners',
  pages: [
    { path: '/partners', component: PartnersPage },
    { path: '/partners/new', component: NewPartnerPage, roles: PARTNER_CREATORS },
    { path: '/partners/:partnerId', component: PartnerPage },
    { path: '/partner-portal', component: PortalPage, roles: ['partner_staff'] },
    { path: '/partner-portal/students/:studentId', component: PortalStudentPage, roles: ['partner_staff'] },
  ],
  nav: [
    { to: '/partner-portal', label: 'partners:portal.navLabel', order: 400, roles: ['partner_staff'] },
    { to: '/partners', label: 'partners:navLabel', order: 401 },
  ],
  home: { path: '/partner-portal', roles: ['partner_staff'] },
};
