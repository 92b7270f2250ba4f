/** API shapes of school needs, suggestions from data, matching and the district overview. */
import { z } from 'zod';
import { NEED_CATEGORIES, NEED_PRIORITIES, NEED_SOURCES, NEED_STATUSES } from './vocab.ts';

const languageCode = z.string().trim().toLowerCase().regex(/^[a-z]{2,3}$/, 'must be an ISO 639 code such as en or es');

export const needInputSchema = z.object({
  schoolId: z.number().int().positive(),
  category: z.enum(NEED_CATEGORIES),
  title: z.string().trim().min(1).max(300),
  description: z
    .string()
    .trim()
    .max(3000)
    .nullable()
    .optional()
    .transform((v) => (v ? v : null)),
  priority: z.enum(NEED_PRIORITIES),
  source: z.enum(NEED_SOURCES).default('staff'),
  evidence: z
    .string()
    .trim()
    .max(1000)
    .nullable()
    .optional()
    .transform((v) => (v ? v : null)),
  languages: z.array(languageCode).max(20).default([]),
  status: z.enum(NEED_STATUSES).default('open'),
});

export const needFiltersSchema = z.object({
  schoolId: z.coerce.number().int().positive().optional(),
  status: z.enum([...NEED_STATUSES, 'all']).default('all'),
  category: z.enum(NEED_CATEGORIES).optional(),
});

export const needSchema = z
  .object({
    id: z.number().int(),
    schoolId: z.number().int(),
    schoolName: z.string(),
    category: z.enum(NEED_CATEGORIES),
    title: z.string(),
    description: z.string().nullable(),
    priority: z.enum(NEED_PRIORITIES),
    source: z.enum(NEED_SOURCES),
    evidence: z.string().nullable(),
    languages: z.array(z.string()),
    status: z.enum(NEED_STATUSES),
    partners: z.array(z.object({ partnerId: z.number().int(), partnerName: z.string(), serviceId: z.number().int().nullable(), serviceName: z.string().nullable() })),
    canEdit: z.boolean(),
    updatedAt: z.string(),
  })
  .meta({ id: 'SchoolNeed' });

export const suggestionSchema = z.object({
  category: z.enum(NEED_CATEGORIES),
  priority: z.enum(NEED_PRIORITIES),
  title: z.string(),
  evidence: z.string(),
  languages: z.array(z.string()),
  alreadyOpen: z.boolean(),
  basis: z.object({
    kind: z.enum(['chronic_absence', 'homeless', 'economically_disadvantaged', 'home_language', 'suspension']),
    count: z.number().int(),
    total: z.number().int(),
    rate: z.number(),
  }),
});

export const suggestionsSchema = z
  .object({
    schoolId: z.number().int(),
    schoolName: z.string(),
    year: z.string().nullable(),
    chronicAbsenceFrom: z.enum(['measures', 'none']).describe('Where the chronic-absence figure came from'),
    suggestions: z.array(suggestionSchema),
  })
  .meta({ id: 'NeedSuggestions' });

export const matchesSchema = z
  .object({
    needs: z.array(
      z.object({
        need: needSchema,
        atCapacity: z.number().int().describe('Services of the category that say they are full'),
        candidates: z.array(
          z.object({
            partnerId: z.number().int(),
            partnerName: z.string(),
            serviceId: z.number().int(),
            serviceName: z.string(),
            servesThisSchool: z.boolean(),
            servesOtherSchools: z.array(z.string()),
            languagesMatched: z.array(z.string()),
            languagesMissing: z.array(z.string()),
            capacity: z.number().int().nullable(),
            score: z.number().int(),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'NeedMatches' });

export const overviewSchema = z
  .object({
    schools: z.array(
      z.object({
        schoolId: z.number().int(),
        schoolName: z.string(),
        openNeeds: z.number().int(),
        highPriorityUnmet: z.number().int(),
        needScore: z.number().int(),
        partners: z.number().int(),
        categoriesWithoutPartner: z.array(z.enum(NEED_CATEGORIES)),
        standsOut: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'NeedsOverview' });

export const linkPartnerSchema = z.object({ partnerId: z.number().int().positive(), serviceId: z.number().int().positive().nullable().optional() });
