/** Who may call each route of this capability: checked against the routes by test/access-matrix.test.ts. */
import type { Access } from '../http/route.ts';

export const access: Record<string, Access> = {
  'POST /api/v1/session': 'public',
  'GET /api/v1/session': 'signed-in',
  'DELETE /api/v1/session': 'signed-in',
  'PUT /api/v1/session/password': 'signed-in',
  'PATCH /api/v1/session/preferences': 'signed-in',
};
