/** API input and output of the measures capability (see DATA-FORMATS.md, "Measure exports"). */
import { z } from 'zod';
import { DIMENSIONS } from './engine.ts';
import { GROUP_KINDS } from './groups.ts';

const isoDate = () => z.iso.date({ message: 'must be a date written YYYY-MM-DD' });
const yearName = () => z.string().regex(/^\d{4}-\d{4}$/, 'must be a school year written YYYY-YYYY, e.g. 2021-2022');

export const measureRowSchema = z
  .object({
    school_id: z.string().nullable(),
    grade: z.string().nullable(),
    group: z.string().nullable().describe('kind=value, e.g. race=hispanic or english_learner=Y'),
    month: z.string().nullable().describe('YYYY-MM: the year to date as of that month\'s last instructional day'),
    denominator: z.number().nullable(),
    numerator: z.number().nullable(),
    rate: z.number().nullable().optional(),
    rate_band: z.string().nullable().optional().describe('With top/bottom coding: the band a rate near 0% or 100% is shown as, e.g. <=5%'),
    suppressed: z.boolean(),
  })
  .catchall(z.unknown())
  .meta({ id: 'MeasureRow' });

const resultBase = z.object({
  measure: z.string(),
  year: z.string(),
  asOf: z.string(),
  minDaysEnrolled: z.number().int(),
  rows: z.array(measureRowSchema),
  suppression: z.object({ applied: z.boolean(), minN: z.number().int() }),
  ignored: z.object({ nonInstructionalDays: z.number().int(), outsideEnrollment: z.number().int() }),
  warnings: z.array(z.string()),
});

export const measureResultSchema = resultBase
  .extend({ prior: resultBase.nullable().optional().describe('The prior school year, as of the same date a year earlier (with compare=prior-year)') })
  .meta({ id: 'MeasureResult' });

export const measureParams = z.object({ measure: z.string().min(1).max(60) });

export const measureQuery = z.object({
  year: yearName().optional().describe('Default: the school year in progress'),
  by: z.string().max(60).optional().describe(`Comma-separated: ${DIMENSIONS.join(', ')}`),
  asOf: isoDate().optional(),
  compare: z.enum(['prior-year']).optional(),
});

export const measureListSchema = z.object({
  measures: z.array(
    z.object({
      key: z.string(),
      description: z.string(),
      better: z.enum(['lower', 'higher']),
      numerator: z.boolean(),
      rate: z.boolean(),
      rowKeys: z.array(z.string()),
      fields: z.array(z.object({ name: z.string(), kind: z.enum(['sum', 'distinct', 'counts']), parts: z.array(z.string()).optional() })),
    }),
  ),
  dimensions: z.array(z.string()),
  groupKinds: z.array(z.string()),
  years: z.array(z.object({ name: z.string(), startDate: z.string(), endDate: z.string() })),
  defaultYear: z.string().nullable(),
});

// ── Dashboards ──────────────────────────────────────────────────────────────────────────────────

const cellSchema = z.object({
  denominator: z.number().nullable(),
  numerator: z.number().nullable(),
  rate: z.number().nullable(),
  /** With top/bottom coding: the band the rate is shown as (<=5%, >=95%). */
  band: z.string().nullable().optional(),
  suppressed: z.boolean(),
});

export const figureSchema = cellSchema.extend({
  measure: z.string(),
  assessment: z.string().optional(),
  subject: z.string().optional(),
  prior: cellSchema.nullable(),
  /** rate − prior rate, when both are shown */
  change: z.number().nullable(),
});

export const tiersSchema = z.object({
  denominator: z.number().nullable(),
  satisfactory: z.number().nullable(),
  at_risk: z.number().nullable(),
  moderate: z.number().nullable(),
  severe: z.number().nullable(),
  suppressed: z.boolean(),
});

export const goalStatusSchema = z.enum(['met', 'on_track', 'off_track', 'no_data', 'suppressed']);

export const goalOwnerSchema = z.object({
  type: z.enum(['district', 'school', 'partner', 'union']),
  id: z.number().int().nullable(),
  name: z.string(),
});

export const goalSchema = z
  .object({
    id: z.number().int(),
    title: z.string(),
    measure: z.string(),
    measureKeys: z.record(z.string(), z.string()),
    better: z.enum(['lower', 'higher']),
    school: z.object({ id: z.number().int(), code: z.string(), name: z.string() }).nullable(),
    group: z.string().nullable(),
    baselineYear: z.string().nullable(),
    baseline: z.number(),
    target: z.number(),
    startDate: z.string(),
    targetDate: z.string(),
    notes: z.string().nullable(),
    owners: z.array(goalOwnerSchema),
    progress: z.object({
      year: z.string().nullable(),
      asOf: z.string().nullable(),
      current: z.number().nullable(),
      denominator: z.number().nullable(),
      expected: z.number().nullable().describe('Where the value should be by now, on a straight line from baseline to target'),
      share: z.number().nullable().describe('Share of the way from baseline to target (1 = reached)'),
      status: goalStatusSchema,
    }),
  })
  .meta({ id: 'Goal' });

export const goalInputSchema = z.object({
  title: z.string().trim().min(1).max(200),
  measure: z.string().min(1).max(60),
  measureKeys: z.record(z.string(), z.string().max(200)).optional(),
  schoolId: z.number().int().positive().nullable().optional(),
  group: z.string().max(80).nullable().optional(),
  baselineYear: yearName().nullable().optional(),
  baseline: z.number().nullable().optional().describe('A rate between 0 and 1; computed from the baseline year when omitted'),
  target: z.number().describe('A rate between 0 and 1 (0% to 100%)'),
  startDate: isoDate().optional(),
  targetDate: isoDate(),
  notes: z.string().max(4000).nullable().optional(),
  owners: z.array(z.object({ type: z.enum(['district', 'school', 'partner', 'union']), id: z.number().int().positive().nullable().optional() })).min(1, 'name at least one owner'),
});

export const goalPatchSchema = goalInputSchema.partial();

export const schoolRankSchema = cellSchema.extend({
  schoolId: z.number().int(),
  code: z.string(),
  name: z.string(),
  prior: cellSchema.nullable(),
});

export const gapSchema = cellSchema.extend({ group: z.string(), kind: z.enum(GROUP_KINDS), gap: z.number().nullable() });
export const gradeRowSchema = cellSchema.extend({ grade: z.string() });
export const trendSchema = cellSchema.extend({ month: z.string(), prior: cellSchema.nullable() });

export const dashboardSchema = z
  .object({
    year: z.string(),
    years: z.array(z.string()),
    asOf: z.string(),
    priorYear: z.string().nullable(),
    priorAsOf: z.string().nullable(),
    minN: z.number().int(),
    suppressionApplied: z.boolean(),
    school: z.object({ id: z.number().int(), code: z.string(), name: z.string() }).nullable(),
    figures: z.array(figureSchema),
    tiers: tiersSchema.nullable(),
    proficiency: z.array(figureSchema),
    schools: z.array(schoolRankSchema),
    grades: z.array(gradeRowSchema),
    gaps: z.array(gapSchema),
    trend: z.array(trendSchema),
    goals: z.array(goalSchema),
    ignored: z.object({ nonInstructionalDays: z.number().int(), outsideEnrollment: z.number().int() }),
    warnings: z.array(z.string()),
  })
  .meta({ id: 'Dashboard' });

export const dashboardQuery = z.object({ year: yearName().optional(), asOf: isoDate().optional() });

// ── The students behind a number ────────────────────────────────────────────────────────────────

export const STUDENT_LISTS = ['chronically-absent', 'at-risk', 'early-warning'] as const;

export const studentListQuery = z.object({
  list: z.enum(STUDENT_LISTS),
  year: yearName().optional(),
  asOf: isoDate().optional(),
  schoolId: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export const studentListRowSchema = z.object({
  studentId: z.number().int(),
  studentNumber: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  school: z.object({ id: z.number().int(), code: z.string(), name: z.string() }),
  grade: z.string(),
  daysEnrolled: z.number().int(),
  daysAbsent: z.number().int(),
  rate: z.number(),
  tier: z.enum(['satisfactory', 'at_risk', 'moderate', 'severe']),
  stillEnrolled: z.boolean(),
  daysCanStillMiss: z.number().int(),
});

export const studentListSchema = z
  .object({
    list: z.enum(STUDENT_LISTS),
    year: z.string(),
    asOf: z.string(),
    school: z.object({ id: z.number().int(), code: z.string(), name: z.string() }).nullable(),
    total: z.number().int(),
    students: z.array(studentListRowSchema),
  })
  .meta({ id: 'StudentList' });
