/** Who may call each route of this capability: checked against the routes by test/access-matrix.test.ts. */
import type { Access } from '../http/route.ts';

/** Imports are for district administrators and data managers only. */
export const IMPORT_ROLES = ['district_admin', 'data_manager'] as const;

export const access: Record<string, Access> = {
  'GET /api/v1/imports': IMPORT_ROLES,
  'GET /api/v1/imports/:importId': IMPORT_ROLES,
  'GET /api/v1/imports/:importId/progress': IMPORT_ROLES,
  'POST /api/v1/imports': IMPORT_ROLES,
};
