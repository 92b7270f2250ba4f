/** Who may call each route of the partners capability: checked against the routes by test/access-matrix.test.ts. */
import type { Access } from '../http/route.ts';
import { AGREEMENT_EDITORS, AGREEMENT_READERS, DIRECTORY_EDITORS, DISTRICT_STAFF, PARTNER_CREATORS } from './policy.ts';

const v = '/api/v1';
const schoolEditors = ['district_admin', 'data_manager', 'school_staff'] as const;
const healthRespondents = ['district_admin', 'data_manager', 'school_staff', 'partner_staff', 'union_rep'] as const;
const partnerStaff = ['partner_staff'] as const;

export const access: Record<string, Access> = {
  // Directory
  [`GET ${v}/partners`]: 'signed-in',
  [`POST ${v}/partners`]: PARTNER_CREATORS,
  [`GET ${v}/partners/:partnerId`]: 'signed-in',
  [`PUT ${v}/partners/:partnerId`]: DIRECTORY_EDITORS,
  [`DELETE ${v}/partners/:partnerId`]: DISTRICT_STAFF,
  [`PUT ${v}/partners/:partnerId/schools`]: schoolEditors,
  [`POST ${v}/partners/:partnerId/services`]: DIRECTORY_EDITORS,
  [`PUT ${v}/partners/:partnerId/services/:serviceId`]: DIRECTORY_EDITORS,
  [`DELETE ${v}/partners/:partnerId/services/:serviceId`]: DIRECTORY_EDITORS,
  [`POST ${v}/partners/:partnerId/locations`]: DIRECTORY_EDITORS,
  [`PUT ${v}/partners/:partnerId/locations/:locationId`]: DIRECTORY_EDITORS,
  [`DELETE ${v}/partners/:partnerId/locations/:locationId`]: DIRECTORY_EDITORS,
  [`POST ${v}/partners/:partnerId/contacts`]: DIRECTORY_EDITORS,
  [`PUT ${v}/partners/:partnerId/contacts/:contactId`]: DIRECTORY_EDITORS,
  [`DELETE ${v}/partners/:partnerId/contacts/:contactId`]: DIRECTORY_EDITORS,
  // Partner staff
  [`GET ${v}/partner-portal`]: partnerStaff,
  [`GET ${v}/partner-portal/students`]: partnerStaff,
  [`GET ${v}/partner-portal/students/:studentId`]: partnerStaff,
  // Agreements
  [`GET ${v}/agreements`]: AGREEMENT_READERS,
  [`GET ${v}/agreements/reminders`]: 'signed-in',
  [`GET ${v}/agreements/goal-options`]: AGREEMENT_EDITORS,
  [`POST ${v}/agreements`]: AGREEMENT_EDITORS,
  [`GET ${v}/agreements/:agreementId`]: AGREEMENT_READERS,
  [`PUT ${v}/agreements/:agreementId`]: AGREEMENT_EDITORS,
  [`DELETE ${v}/agreements/:agreementId`]: AGREEMENT_EDITORS,
  [`PUT ${v}/agreements/:agreementId/parties`]: AGREEMENT_EDITORS,
  [`PUT ${v}/agreements/:agreementId/goals`]: AGREEMENT_EDITORS,
  [`PUT ${v}/agreements/:agreementId/commitments`]: AGREEMENT_EDITORS,
  [`PUT ${v}/agreements/:agreementId/signatories`]: AGREEMENT_EDITORS,
  [`POST ${v}/agreements/:agreementId/status`]: AGREEMENT_EDITORS,
  [`POST ${v}/agreements/:agreementId/documents`]: AGREEMENT_EDITORS,
  [`GET ${v}/agreements/:agreementId/documents/:documentId`]: AGREEMENT_READERS,
  [`DELETE ${v}/agreements/:agreementId/documents/:documentId`]: AGREEMENT_EDITORS,
  [`GET ${v}/agreements/:agreementId/health`]: AGREEMENT_READERS,
  [`POST ${v}/agreements/:agreementId/health`]: healthRespondents,
  // Data sharing, consent, disclosures
  [`POST ${v}/agreements/:agreementId/data-sharing`]: DISTRICT_STAFF,
  [`GET ${v}/data-sharing/:termsId`]: AGREEMENT_READERS,
  [`PUT ${v}/data-sharing/:termsId`]: DISTRICT_STAFF,
  [`DELETE ${v}/data-sharing/:termsId`]: DISTRICT_STAFF,
  [`GET ${v}/data-sharing/:termsId/students`]: DISTRICT_STAFF,
  [`PUT ${v}/data-sharing/:termsId/students`]: DISTRICT_STAFF,
  [`PUT ${v}/data-sharing/:termsId/scope`]: DISTRICT_STAFF,
  [`GET ${v}/data-sharing/:termsId/consents`]: schoolEditors,
  [`POST ${v}/data-sharing/:termsId/consents`]: schoolEditors,
  [`POST ${v}/consents/:consentId/revoke`]: schoolEditors,
  [`GET ${v}/students/:studentId/disclosures`]: schoolEditors,
  [`GET ${v}/disclosures`]: schoolEditors,
  // Needs
  [`GET ${v}/needs`]: 'signed-in',
  [`GET ${v}/needs/suggestions`]: schoolEditors,
  [`GET ${v}/needs/matches`]: 'signed-in',
  [`GET ${v}/needs/overview`]: 'signed-in',
  [`POST ${v}/needs`]: schoolEditors,
  [`PUT ${v}/needs/:needId`]: schoolEditors,
  [`DELETE ${v}/needs/:needId`]: schoolEditors,
  [`POST ${v}/needs/:needId/partners`]: schoolEditors,
  [`DELETE ${v}/needs/:needId/partners/:partnerId`]: schoolEditors,
};
