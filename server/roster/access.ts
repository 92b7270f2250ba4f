/**
 * Who may call each route of this capability: checked against the routes by test/access-matrix.test.ts.
 * Student records are for roles with student-level access; union representatives and viewers see
 * aggregates only, so these routes refuse them (403). Which students a permitted person sees is
 * decided by visibleStudentIds (a partner: only students its data-sharing terms name).
 */
import type { Access } from '../http/route.ts';
import { edfiAccess } from '../imports/edfi/access.ts';

export const STUDENT_ROLES = ['district_admin', 'data_manager', 'school_staff', 'teacher', 'partner_staff'] as const;
/** Classes: a teacher's own, school staff their schools', district roles all. */
export const CLASS_ROLES = ['district_admin', 'data_manager', 'school_staff', 'teacher'] as const;

export const access: Record<string, Access> = {
  'GET /api/v1/students': STUDENT_ROLES,
  'GET /api/v1/students/:studentId': STUDENT_ROLES,
  'GET /api/v1/classes': CLASS_ROLES,
  'GET /api/v1/classes/:classId': CLASS_ROLES,
  // The Ed-Fi descriptor mappings (server/imports/edfi/routes.ts), listed here so the matrix sees them.
  ...edfiAccess,
};
