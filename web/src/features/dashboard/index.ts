import type { Feature } from '../../app/features.ts';
import { DashboardPage, SchoolDashboardPage } from './DashboardPage.tsx';
import { StudentListPage } from './StudentListPage.tsx';
import { STUDENT_ROLES } from './types.ts';

/** Shared measurement: the district overview, a page per school, and the students behind a number. */
export const feature: Feature = {
  id: 'dashboard',
  pages: [
    { path: '/dashboard', component: DashboardPage },
    { path: '/dashboard/schools/:schoolId', component: SchoolDashboardPage },
    { path: '/dashboard/students/:list', component: StudentListPage, roles: STUDENT_ROLES },
  ],
  nav: [{ to: '/dashboard', label: 'dashboard:navLabel', order: 100 }],
  home: { path: '/dashboard', roles: ['district_admin', 'data_manager', 'school_staff', 'union_rep', 'viewer'] },
};
