import type { Feature } from '../../app/features.ts';
import type { Role } from '../../../../common/roles.ts';
import { ImportsPage } from './ImportsPage.tsx';
import { ImportPage } from './ImportPage.tsx';

/** The same roles as the API's (server/imports/access.ts). */
const ROLES: readonly Role[] = ['district_admin', 'data_manager'];

export const feature: Feature = {
  id: 'imports',
  pages: [
    { path: '/imports', component: ImportsPage, roles: ROLES },
    { path: '/imports/:importId', component: ImportPage, roles: ROLES },
  ],
  nav: [{ to: '/imports', label: 'imports:navLabel', roles: ROLES, order: 700 }],
};
