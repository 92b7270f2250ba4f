/**
 * Who may call the Ed-Fi mappings routes: district administrators and data managers. Listed in the
 * access matrix through server/roster/access.ts (the matrix reads one access.ts per capability folder).
 */
import type { Access } from '../../http/route.ts';

export const EDFI_MAPPING_ROLES = ['district_admin', 'data_manager'] as const;

export const edfiAccess: Record<string, Access> = {
  'GET /api/v1/edfi/mappings': EDFI_MAPPING_ROLES,
  'PUT /api/v1/edfi/mappings': EDFI_MAPPING_ROLES,
  'DELETE /api/v1/edfi/mappings/:mappingId': EDFI_MAPPING_ROLES,
};
