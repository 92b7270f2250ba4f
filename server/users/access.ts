/** Who may call each route of this capability: checked against the routes by test/access-matrix.test.ts. */
import type { Access } from '../http/route.ts';

const admin = ['district_admin'] as const;

export const access: Record<string, Access> = {
  'GET /api/v1/users': admin,
  'GET /api/v1/users/staff-options': admin,
  'GET /api/v1/users/partner-options': admin,
  'GET /api/v1/users/:userId': admin,
  'POST /api/v1/users': admin,
  'PATCH /api/v1/users/:userId': admin,
  'POST /api/v1/users/:userId/disable': admin,
  'POST /api/v1/users/:userId/enable': admin,
  'POST /api/v1/users/:userId/reset-password': admin,
  'POST /api/v1/users/:userId/unlock': admin,
  // Each person manages their own tokens; a district administrator may see and revoke anyone's.
  'GET /api/v1/tokens': 'signed-in',
  'POST /api/v1/tokens': 'signed-in',
  'DELETE /api/v1/tokens/:tokenId': 'signed-in',
};
