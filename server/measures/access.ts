/** Who may call each route of this capability: checked against the routes by test/access-matrix.test.ts. */
import type { Access } from '../http/route.ts';

const students = ['district_admin', 'data_manager', 'school_staff', 'teacher', 'partner_staff'] as const;
const editors = ['district_admin', 'data_manager'] as const;

export const access: Record<string, Access> = {
  'GET /api/v1/measures': 'signed-in',
  'GET /api/v1/measures/:measure': 'signed-in',
  'GET /api/v1/measures/:measure/csv': 'signed-in',
  'POST /api/v1/measures/recompute': editors,
  'GET /api/v1/dashboard': 'signed-in',
  'GET /api/v1/dashboard/schools/:schoolId': 'signed-in',
  'GET /api/v1/student-lists/:list': students,
  'GET /api/v1/student-lists/:list/csv': students,
  'GET /api/v1/goals': 'signed-in',
  'GET /api/v1/goals/:goalId': 'signed-in',
  'POST /api/v1/goals': editors,
  'PATCH /api/v1/goals/:goalId': editors,
  'DELETE /api/v1/goals/:goalId': editors,
};
