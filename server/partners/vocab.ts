/**
 * The words of the partners capability: kinds of partner, need categories, FERPA routes, the nine
 * principles of the health check… Pure constants, shared by the server and the web app (the web app
 * shows each code through its translation file).
 */

/** Kinds of partner (PRODUCT.md, "Kinds of partner"). */
export const SECTORS = [
  'business',
  'hospital_clinic',
  'college_university',
  'service_club',
  'social_service_agency',
  'youth_organization',
  'public_housing_tenant_group',
  'labor_union',
  'faith_based',
  'community_organizing',
  'literacy_attendance_nonprofit',
  'after_school_provider',
  'education_foundation',
  'funder',
  'government_agency',
  'other',
] as const;
export type Sector = (typeof SECTORS)[number];

/** What a school may need and a partner's service may offer; the key of the matching. */
export const NEED_CATEGORIES = [
  'attendance',
  'academic_support',
  'literacy',
  'mentoring',
  'mental_health',
  'physical_health',
  'food',
  'housing',
  'basic_needs',
  'family_engagement',
  'after_school',
  'college_career',
  'early_childhood',
  'adult_education',
  'legal_immigration',
  'transportation',
  'other',
] as const;
export type NeedCategory = (typeof NEED_CATEGORIES)[number];

export const NEED_PRIORITIES = ['high', 'medium', 'low'] as const;
export type NeedPriority = (typeof NEED_PRIORITIES)[number];
export const NEED_STATUSES = ['open', 'addressed', 'closed'] as const;
export const NEED_SOURCES = ['data', 'staff'] as const;

export const SERVICE_STATUSES = ['active', 'inactive', 'defunct', 'temporarily closed'] as const;

export const AGREEMENT_STATUSES = ['draft', 'active', 'renewal_due', 'ended'] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

export const PARTY_TYPES = ['district', 'school', 'partner', 'union'] as const;
export type PartyType = (typeof PARTY_TYPES)[number];

/** money and in_kind are in dollars (the value of the gift for in-kind); the others in hours. */
export const COMMITMENT_KINDS = ['money', 'in_kind', 'volunteer_hours', 'staff_time'] as const;
export type CommitmentKind = (typeof COMMITMENT_KINDS)[number];
export const commitmentUnit = (kind: string): 'usd' | 'hours' => (kind === 'money' || kind === 'in_kind' ? 'usd' : 'hours');

export const DOCUMENT_TYPES = ['agreement', 'data_sharing', 'amendment', 'budget', 'consent_form', 'other'] as const;

/** FERPA's routes for a partner to see student records (PRODUCT.md, "Who may see student records"). */
export const FERPA_ROUTES = ['school_official', 'studies', 'consent'] as const;
export type FerpaRoute = (typeof FERPA_ROUTES)[number];

/** Which records data-sharing terms may name. */
export const DATA_CATEGORIES = ['enrollment', 'attendance', 'assessments', 'discipline', 'programs', 'demographics', 'contact'] as const;
export type DataCategory = (typeof DATA_CATEGORIES)[number];

export const CONSENT_GIVERS = ['parent', 'student'] as const;

/** The checklist of what makes a partnership work (PRODUCT.md), in its order. */
export const PRINCIPLES = [
  'champions',
  'shared_goals',
  'stakeholders_mobilised',
  'shared_responsibility',
  'use_of_data',
  'trust',
  'student_voice',
  'parent_engagement',
  'pooled_resources',
] as const;
export type Principle = (typeof PRINCIPLES)[number];
/** Health-check scores: 1 not yet, 2 beginning, 3 developing, 4 strong. */
export const SCORE_MIN = 1;
export const SCORE_MAX = 4;
