import type { Feature } from '../../app/features.ts';
import type { Role } from '../../../../common/roles.ts';
import { AuditPage } from './AuditPage.tsx';

/** Audit search: district administrators only (server/audit/access.ts). */
const ADMIN: readonly Role[] = ['district_admin'];

export const feature: Feature = {
  id: 'audit',
  pages: [{ path: '/audit', component: AuditPage, roles: ADMIN }],
  nav: [{ to: '/audit', label: 'audit:navLabel', roles: ADMIN, order: 850 }],
};
