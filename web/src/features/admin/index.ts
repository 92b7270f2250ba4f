import type { Feature } from '../../app/features.ts';
import type { Role } from '../../../../common/roles.ts';
import { SettingsPage } from './SettingsPage.tsx';
import { SchoolsPage } from './SchoolsPage.tsx';
import { YearsPage } from './YearsPage.tsx';
import { CalendarPage } from './CalendarPage.tsx';

/** District administration: settings (district admins change them), schools, school years, calendars. */
const ADMIN_ROLES: readonly Role[] = ['district_admin', 'data_manager'];

export const feature: Feature = {
  id: 'admin',
  pages: [
    { path: '/admin', component: SettingsPage, roles: ADMIN_ROLES },
    { path: '/admin/schools', component: SchoolsPage, roles: ADMIN_ROLES },
    { path: '/admin/years', component: YearsPage, roles: ADMIN_ROLES },
    { path: '/admin/calendar', component: CalendarPage, roles: ADMIN_ROLES },
  ],
  nav: [{ to: '/admin', label: 'admin:navLabel', roles: ADMIN_ROLES, order: 800 }],
};
