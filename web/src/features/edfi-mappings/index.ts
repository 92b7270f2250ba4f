import type { Feature } from '../../app/features.ts';
import type { Role } from '../../../../common/roles.ts';
import { EdfiMappingsPage } from './EdfiMappingsPage.tsx';

/** The same roles as the API's (server/imports/edfi/access.ts). */
const ROLES: readonly Role[] = ['district_admin', 'data_manager'];

export const feature: Feature = {
  id: 'edfi-mappings',
  pages: [{ path: '/imports/edfi-mappings', component: EdfiMappingsPage, roles: ROLES }],
  nav: [{ to: '/imports/edfi-mappings', label: 'edfi:navLabel', roles: ROLES, order: 710 }],
};
