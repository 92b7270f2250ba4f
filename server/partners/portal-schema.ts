/** API shapes of the partner staff pages. */
import { z } from 'zod';
import { COMMITMENT_KINDS, DATA_CATEGORIES, FERPA_ROUTES } from './vocab.ts';
import { agreementSummarySchema } from './agreements-schema.ts';

export const portalSummarySchema = z
  .object({
    partner: z.object({ id: z.number().int(), name: z.string(), sector: z.string() }),
    agreements: z.array(agreementSummarySchema),
    commitments: z.array(
      z.object({
        id: z.number().int(),
        agreementId: z.number().int(),
        agreementTitle: z.string(),
        agreementStatus: z.string(),
        kind: z.enum(COMMITMENT_KINDS),
        unit: z.enum(['usd', 'hours']),
        description: z.string(),
        amount: z.number(),
        delivered: z.number().nullable(),
      }),
    ),
    schools: z.array(z.object({ id: z.number().int(), code: z.string(), name: z.string() })),
    dataSharing: z.array(
      z.object({
        id: z.number().int(),
        agreementId: z.number().int(),
        agreementTitle: z.string(),
        ferpaRoute: z.enum(FERPA_ROUTES),
        dataCategories: z.array(z.enum(DATA_CATEGORIES)),
        purpose: z.string(),
        destructionDate: z.string().nullable(),
        inForce: z.boolean(),
        notInForceBecause: z.array(z.string()),
        studentsVisible: z.number().int(),
      }),
    ),
    results: z.object({
      year: z.string().nullable(),
      asOf: z.string().nullable(),
      rows: z.array(
        z.object({
          measure: z.string(),
          schoolCode: z.string(),
          denominator: z.number().nullable(),
          numerator: z.number().nullable(),
          rate: z.number().nullable(),
          suppressed: z.boolean(),
        }),
      ),
    }),
  })
  .meta({ id: 'PartnerPortal' });

export const portalStudentsSchema = z
  .object({
    students: z.array(
      z.object({
        id: z.number().int(),
        studentNumber: z.string(),
        name: z.string(),
        school: z.string().nullable(),
        grade: z.string().nullable(),
        agreementTitle: z.string().nullable(),
        ferpaRoute: z.string().nullable(),
        dataCategories: z.array(z.enum(DATA_CATEGORIES)),
      }),
    ),
  })
  .meta({ id: 'PartnerPortalStudents' });

export const portalStudentSchema = z
  .object({
    id: z.number().int(),
    studentNumber: z.string(),
    name: z.string(),
    dataCategories: z.array(z.enum(DATA_CATEGORIES)),
    schoolYear: z.string().nullable(),
    enrollment: z.object({ school: z.string(), grade: z.string() }).nullable().optional(),
    attendance: z.array(z.object({ status: z.string(), days: z.number().int() })).optional(),
    assessments: z
      .array(z.object({ assessment: z.string(), subject: z.string(), date: z.string(), level: z.string().nullable(), proficient: z.boolean().nullable(), scaleScore: z.number().nullable() }))
      .optional(),
    discipline: z.array(z.object({ date: z.string(), action: z.string(), days: z.number().nullable() })).optional(),
    programs: z.array(z.object({ program: z.string(), beginDate: z.string(), endDate: z.string().nullable() })).optional(),
    demographics: z.object({ raceEthnicity: z.string(), homeLanguage: z.string().nullable(), englishLearner: z.boolean(), birthDate: z.string().nullable() }).optional(),
    guardians: z.array(z.object({ name: z.string(), relationship: z.string().nullable(), phone: z.string().nullable(), email: z.string().nullable(), language: z.string().nullable() })).optional(),
  })
  .meta({ id: 'PartnerPortalStudent' });
