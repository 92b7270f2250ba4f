import type { Feature } from '../../app/features.ts';
import type { Role } from '../../../../common/roles.ts';
import { StudentsPage } from './StudentsPage.tsx';
import { StudentPage } from './StudentPage.tsx';
import { ClassesPage } from './ClassesPage.tsx';
import { ClassPage } from './ClassPage.tsx';

/** The same roles as the API's (server/roster/access.ts): union representatives and viewers see aggregates only. */
const STUDENT_ROLES: readonly Role[] = ['district_admin', 'data_manager', 'school_staff', 'teacher', 'partner_staff'];
const CLASS_ROLES: readonly Role[] = ['district_admin', 'data_manager', 'school_staff', 'teacher'];

/** Students and classes. */
export const feature: Feature = {
  id: 'students',
  pages: [
    { path: '/students', component: StudentsPage, roles: STUDENT_ROLES },
    { path: '/students/:studentId', component: StudentPage, roles: STUDENT_ROLES },
    { path: '/classes', component: ClassesPage, roles: CLASS_ROLES },
    { path: '/classes/:classId', component: ClassPage, roles: CLASS_ROLES },
  ],
  nav: [
    { to: '/students', label: 'students:navLabel', roles: STUDENT_ROLES, order: 200 },
    { to: '/classes', label: 'students:classesNavLabel', roles: CLASS_ROLES, order: 210 },
  ],
};
