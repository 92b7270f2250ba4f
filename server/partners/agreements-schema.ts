/** API shapes of agreements, data-sharing terms, consent, disclosures and health checks. */
import { z } from 'zod';
import { AGREEMENT_STATUSES, COMMITMENT_KINDS, CONSENT_GIVERS, DATA_CATEGORIES, DOCUMENT_TYPES, FERPA_ROUTES, PARTY_TYPES, PRINCIPLES, SCORE_MAX, SCORE_MIN } from './vocab.ts';
import { STATUS_ACTIONS } from './agreement-rules.ts';
import { GRADES } from '../districts/schema.ts';
import { optionalText } from './schema.ts';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date (YYYY-MM-DD)');
const partyKey = z.string().regex(/^(district|union|school:\d+|partner:\d+)$/, 'must name a party of the agreement');

export const agreementInputSchema = z
  .object({
    title: z.string().trim().min(1).max(300),
    purpose: z.string().trim().max(5000).default(''),
    startDate: date.nullable().optional(),
    endDate: date.nullable().optional(),
    renewalNoticeDays: z.number().int().min(0).max(730).default(60),
  })
  .refine((a) => !a.startDate || !a.endDate || a.endDate >= a.startDate, { path: ['endDate'], message: 'the agreement ends before it starts' });

export const partyInputSchema = z.object({
  type: z.enum(PARTY_TYPES),
  schoolId: z.number().int().positive().nullable().optional(),
  partnerId: z.number().int().positive().nullable().optional(),
  name: optionalText(300),
  responsibilities: z.array(z.string().trim().min(1).max(1000)).max(50).default([]),
});

export const goalInputSchema = z.object({
  title: z.string().trim().min(1).max(300),
  description: optionalText(2000),
  measuresGoalId: z.number().int().positive().nullable().optional(),
});

export const commitmentInputSchema = z.object({
  party: partyKey,
  kind: z.enum(COMMITMENT_KINDS),
  description: z.string().trim().max(1000).default(''),
  amount: z.number().min(0).max(1e10),
  delivered: z.number().min(0).max(1e10).nullable().optional(),
});

export const signatoryInputSchema = z.object({
  party: partyKey,
  name: z.string().trim().min(1).max(200),
  title: optionalText(200),
  email: z.union([z.literal(''), z.email()]).nullable().optional().transform((v) => (v ? v : null)),
  signedOn: date.nullable().optional(),
});

export const statusInputSchema = z.object({
  action: z.enum(STATUS_ACTIONS),
  endDate: date.nullable().optional(),
  reason: optionalText(1000),
});

const partySchema = z.object({
  id: z.number().int(),
  key: z.string(),
  type: z.enum(PARTY_TYPES),
  schoolId: z.number().int().nullable(),
  partnerId: z.number().int().nullable(),
  name: z.string(),
  responsibilities: z.array(z.string()),
});

export const reminderSchema = z.object({ kind: z.enum(['renewal_due', 'ending_soon']), daysLeft: z.number().int() });

export const agreementSummarySchema = z
  .object({
    id: z.number().int(),
    title: z.string(),
    status: z.enum(AGREEMENT_STATUSES),
    startDate: z.string().nullable(),
    endDate: z.string().nullable(),
    parties: z.array(z.object({ key: z.string(), type: z.enum(PARTY_TYPES), name: z.string() })),
    reminder: reminderSchema.nullable(),
  })
  .meta({ id: 'AgreementSummary' });

const totalsSchema = z.object({ committed: z.number(), delivered: z.number() });

export const agreementDetailSchema = z
  .object({
    id: z.number().int(),
    title: z.string(),
    purpose: z.string(),
    status: z.enum(AGREEMENT_STATUSES),
    startDate: z.string().nullable(),
    endDate: z.string().nullable(),
    renewalNoticeDays: z.number().int(),
    endedOn: z.string().nullable(),
    endedReason: z.string().nullable(),
    parties: z.array(partySchema),
    goals: z.array(z.object({ id: z.number().int(), title: z.string(), description: z.string().nullable(), measuresGoalId: z.number().int().nullable(), measuresGoalTitle: z.string().nullable() })),
    commitments: z.array(
      z.object({
        id: z.number().int(),
        party: z.string(),
        partyName: z.string(),
        kind: z.enum(COMMITMENT_KINDS),
        unit: z.enum(['usd', 'hours']),
        description: z.string(),
        amount: z.number(),
        delivered: z.number().nullable(),
      }),
    ),
    totals: z.object({ money: totalsSchema, in_kind: totalsSchema, volunteer_hours: totalsSchema, staff_time: totalsSchema }),
    signatories: z.array(z.object({ id: z.number().int(), party: z.string(), partyName: z.string(), name: z.string(), title: z.string().nullable(), email: z.string().nullable(), signedOn: z.string().nullable() })),
    documents: z.array(z.object({ id: z.number().int(), docType: z.enum(DOCUMENT_TYPES), originalName: z.string(), contentType: z.string(), sizeBytes: z.number().int(), uploadedAt: z.string() })),
    dataSharing: z.array(z.object({ id: z.number().int(), partnerId: z.number().int(), partnerName: z.string(), ferpaRoute: z.enum(FERPA_ROUTES), inForce: z.boolean(), destructionDate: z.string().nullable() })),
    activationProblems: z.array(z.string()),
    reminder: reminderSchema.nullable(),
    can: z.object({
      edit: z.boolean(),
      changeStatus: z.boolean(),
      delete: z.boolean(),
      manageDataSharing: z.boolean(),
      healthCheckParties: z.array(z.number().int()).describe('Parties this person may fill the health check for'),
    }),
  })
  .meta({ id: 'AgreementDetail' });

export const agreementFiltersSchema = z.object({
  status: z.enum(AGREEMENT_STATUSES).optional(),
  partnerId: z.coerce.number().int().positive().optional(),
  schoolId: z.coerce.number().int().positive().optional(),
  q: z.string().trim().max(200).optional(),
});

export const reminderListSchema = z
  .object({
    reminders: z.array(z.object({ agreementId: z.number().int(), title: z.string(), status: z.enum(AGREEMENT_STATUSES), endDate: z.string().nullable(), kind: z.enum(['renewal_due', 'ending_soon']), daysLeft: z.number().int(), parties: z.array(z.string()) })),
  })
  .meta({ id: 'AgreementReminders' });

// ── Data sharing ──────────────────────────────────────────────────────────────────────────────

export const termsInputSchema = z
  .object({
    partnerId: z.number().int().positive(),
    ferpaRoute: z.enum(FERPA_ROUTES),
    dataCategories: z.array(z.enum(DATA_CATEGORIES)).min(1, 'name at least one kind of record').max(DATA_CATEGORIES.length),
    purpose: z.string().trim().min(1).max(2000),
    selection: z.enum(['list', 'scope']),
    destructionDate: date.nullable().optional(),
    notes: optionalText(2000),
  })
  .refine((t) => t.ferpaRoute !== 'studies' || !!t.destructionDate, { path: ['destructionDate'], message: 'terms for studies need a date by which the records are destroyed' });

export const termsStudentsInputSchema = z
  .object({
    studentIds: z.array(z.number().int().positive()).max(20000).optional(),
    studentNumbers: z.array(z.string().trim().min(1).max(100)).max(20000).optional().describe("Students by their number in the student information system"),
  })
  .refine((x) => x.studentIds !== undefined || x.studentNumbers !== undefined, { path: ['studentIds'], message: 'give studentIds or studentNumbers' });
export const termsScopeInputSchema = z.object({
  scopes: z.array(z.object({ schoolId: z.number().int().positive(), grade: z.enum(GRADES).nullable().optional() })).max(500),
});

export const termsSchema = z
  .object({
    id: z.number().int(),
    agreementId: z.number().int(),
    agreementTitle: z.string(),
    agreementStatus: z.enum(AGREEMENT_STATUSES),
    partnerId: z.number().int(),
    partnerName: z.string(),
    ferpaRoute: z.enum(FERPA_ROUTES),
    dataCategories: z.array(z.enum(DATA_CATEGORIES)),
    purpose: z.string(),
    selection: z.enum(['list', 'scope']),
    destructionDate: z.string().nullable(),
    notes: z.string().nullable(),
    inForce: z.boolean(),
    notInForceBecause: z.array(z.string()),
    scopes: z.array(z.object({ schoolId: z.number().int(), schoolName: z.string(), grade: z.string().nullable() })),
    listedStudents: z.number().int(),
    consents: z.number().int().describe('Students whose consent to these terms is in force'),
    studentsVisible: z.number().int().describe('Students the partner can see under these terms today'),
  })
  .meta({ id: 'DataSharingTerms' });

export const consentInputSchema = z.object({
  studentId: z.number().int().positive().optional(),
  studentNumber: z.string().trim().min(1).max(100).optional().describe("The student's number in the student information system, instead of studentId"),
  givenBy: z.enum(CONSENT_GIVERS),
  signerName: z.string().trim().min(1).max(200),
  signedOn: date,
  recordsDescribed: z.string().trim().min(1).max(2000),
  purpose: z.string().trim().min(1).max(2000),
  expiresOn: date.nullable().optional(),
});

export const consentSchema = z.object({
  id: z.number().int(),
  studentId: z.number().int(),
  studentName: z.string(),
  givenBy: z.enum(CONSENT_GIVERS),
  signerName: z.string(),
  signedOn: z.string(),
  recordsDescribed: z.string(),
  purpose: z.string(),
  expiresOn: z.string().nullable(),
  revokedOn: z.string().nullable(),
  inForce: z.boolean(),
});

export const disclosureSchema = z.object({
  at: z.string(),
  partnerId: z.number().int(),
  partnerName: z.string(),
  agreementId: z.number().int().nullable(),
  agreementTitle: z.string().nullable(),
  ferpaRoute: z.string().nullable(),
  dataCategories: z.array(z.string()),
  userLabel: z.string(),
  context: z.string(),
});

// ── Health checks ─────────────────────────────────────────────────────────────────────────────

export const period = z.string().regex(/^\d{4}-\d{4}$/, 'must be a school year such as 2025-2026').refine((p) => Number(p.slice(5)) === Number(p.slice(0, 4)) + 1, 'the second year must follow the first');

export const healthCheckInputSchema = z.object({
  partyId: z.number().int().positive(),
  period,
  respondentName: z.string().trim().min(1).max(200),
  comment: optionalText(2000),
  scores: z
    .array(z.object({ principle: z.enum(PRINCIPLES), score: z.number().int().min(SCORE_MIN).max(SCORE_MAX), comment: optionalText(1000) }))
    .length(PRINCIPLES.length, `score all ${PRINCIPLES.length} principles`)
    .refine((s) => new Set(s.map((x) => x.principle)).size === s.length, 'each principle once'),
});

export const healthSummarySchema = z
  .object({
    agreementId: z.number().int(),
    periods: z.array(
      z.object({
        period: z.string(),
        overall: z.number().nullable(),
        byPrinciple: z.array(z.object({ principle: z.enum(PRINCIPLES), average: z.number().nullable(), min: z.number().nullable(), max: z.number().nullable(), spread: z.number().nullable() })),
        responses: z.array(
          z.object({
            partyId: z.number().int(),
            partyName: z.string(),
            respondentName: z.string(),
            submittedAt: z.string(),
            comment: z.string().nullable(),
            scores: z.array(z.object({ principle: z.enum(PRINCIPLES), score: z.number().int(), comment: z.string().nullable() })),
          }),
        ),
      }),
    ),
    trend: z.array(z.object({ principle: z.enum(PRINCIPLES), change: z.number().nullable() })).describe('Latest period minus the one before, per principle'),
    disagreements: z.array(z.object({ principle: z.enum(PRINCIPLES), spread: z.number(), lowest: z.string(), highest: z.string() })).describe('Latest period, widest gaps between parties first'),
  })
  .meta({ id: 'HealthCheckSummary' });
