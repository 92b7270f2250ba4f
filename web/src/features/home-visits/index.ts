import type { Feature } from '../../app/features.ts';
import { HomeVisitsPage } from './HomeVisitsPage.tsx';
import { LogVisitPage } from './LogVisitPage.tsx';
import { VisitPage } from './VisitPage.tsx';
import { FamiliesPage } from './FamiliesPage.tsx';
import { CoveragePage } from './CoveragePage.tsx';
import { ProgramPage } from './ProgramPage.tsx';
import { CompensationPage } from './CompensationPage.tsx';
import { LINKS } from './common.tsx';

const roles = (to: string) => LINKS.find((l) => l.to === to)!.roles;

export const feature: Feature = {
  id: 'home-visits',
  pages: [
    { path: '/home-visits', component: HomeVisitsPage, roles: roles('/home-visits') },
    { path: '/home-visits/log', component: LogVisitPage, roles: roles('/home-visits/log') },
    { path: '/home-visits/visits/:visitId', component: VisitPage, roles: ['district_admin', 'data_manager', 'school_staff', 'teacher', 'partner_staff'] },
    { path: '/home-visits/families', component: FamiliesPage, roles: roles('/home-visits/families') },
    { path: '/home-visits/coverage', component: CoveragePage, roles: roles('/home-visits/coverage') },
    { path: '/home-visits/program', component: ProgramPage, roles: roles('/home-visits/program') },
    { path: '/home-visits/compensation', component: CompensationPage, roles: roles('/home-visits/compensation') },
  ],
  nav: [{ to: '/home-visits', label: 'homeVisits:navLabel', order: 300, roles: roles('/home-visits') }],
};
