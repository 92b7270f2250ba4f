/** Who may call each route of the home-visit program: checked against the routes by test/access-matrix.test.ts. */
import type { Access } from '../http/route.ts';

const staff = ['district_admin', 'data_manager', 'school_staff', 'teacher'] as const;
const withPartner = ['district_admin', 'data_manager', 'school_staff', 'teacher', 'partner_staff'] as const;
const withUnion = ['district_admin', 'data_manager', 'school_staff', 'teacher', 'union_rep'] as const;
const P = '/api/v1/home-visits';

export const access: Record<string, Access> = {
  [`GET ${P}/programs`]: 'signed-in',
  [`GET ${P}/programs/:schoolId`]: 'signed-in',
  [`PATCH ${P}/programs/:schoolId`]: staff,
  [`GET ${P}/programs/:schoolId/users`]: staff,
  [`POST ${P}/programs/:schoolId/coordinators`]: staff,
  [`DELETE ${P}/programs/:schoolId/coordinators/:userId`]: staff,
  [`POST ${P}/programs/:schoolId/visit-types`]: staff,
  [`PATCH ${P}/programs/:schoolId/visit-types/:typeId`]: staff,
  [`GET ${P}/educators`]: withUnion,
  [`POST ${P}/educators/:staffId/trainings`]: withUnion,
  [`PUT ${P}/educators/:staffId/participation`]: staff,
  [`GET ${P}/families`]: withPartner,
  [`PUT ${P}/families/answer`]: staff,
  [`GET ${P}/visits`]: withPartner,
  [`POST ${P}/visits`]: staff,
  [`GET ${P}/visits/:visitId`]: withPartner,
  [`POST ${P}/visits/:visitId/log`]: staff,
  [`POST ${P}/visits/:visitId/reflections`]: ['school_staff', 'teacher'],
  [`POST ${P}/visits/:visitId/close`]: staff,
  [`GET ${P}/field-kit`]: ['school_staff', 'teacher'],
  [`GET ${P}/students/:studentId/record`]: staff,
  [`GET ${P}/students/:studentId/record.csv`]: staff,
  [`GET ${P}/coverage`]: 'signed-in',
  [`GET ${P}/cross-section`]: staff,
  [`GET ${P}/results`]: ['district_admin', 'data_manager', 'school_staff', 'teacher', 'partner_staff', 'viewer'],
  [`GET ${P}/compensation`]: withUnion,
  [`GET ${P}/compensation.csv`]: ['district_admin', 'data_manager', 'school_staff', 'union_rep'],
  [`GET ${P}/participation`]: ['district_admin', 'data_manager', 'school_staff', 'union_rep'],
};
