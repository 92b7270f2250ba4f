/** Who may call each route of this capability: checked against the routes by test/access-matrix.test.ts. */
import type { Access } from '../http/route.ts';

export const access: Record<string, Access> = {
  'GET /api/v1/audit-events': ['district_admin'],
};
