/** Who may call each route of this capability: checked against the routes by test/access-matrix.test.ts. */
import type { Access } from '../http/route.ts';

const admins = ['district_admin', 'data_manager'] as const;

export const access: Record<string, Access> = {
  'GET /api/v1/district': 'signed-in',
  'PATCH /api/v1/district': ['district_admin'],
  'GET /api/v1/schools': 'signed-in',
  'GET /api/v1/schools/:schoolId': 'signed-in',
  'POST /api/v1/schools': admins,
  'PATCH /api/v1/schools/:schoolId': admins,
  'GET /api/v1/school-years': 'signed-in',
  'POST /api/v1/school-years': admins,
  'PATCH /api/v1/school-years/:yearId': admins,
  'GET /api/v1/schools/:schoolId/calendar': 'signed-in',
  'PUT /api/v1/schools/:schoolId/calendar/days': admins,
  'POST /api/v1/schools/:schoolId/calendar/generate': admins,
  'POST /api/v1/schools/:schoolId/calendar/copy': admins,
};
