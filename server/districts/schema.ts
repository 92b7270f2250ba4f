import { z } from 'zod';
import { districtSettingsSchema } from './settings.ts';

export const GRADES = ['PK', 'TK', 'KG', '01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'] as const;
export const SCHOOL_TYPES = ['elementary', 'middle', 'high', 'k8', 'k12', 'other'] as const;

export const schoolSchema = z
  .object({
    id: z.number().int(),
    code: z.string().describe('The school\'s identifier in the student information system'),
    localId: z.string().nullable(),
    name: z.string(),
    schoolType: z.enum(SCHOOL_TYPES),
    lowGrade: z.enum(GRADES).nullable(),
    highGrade: z.enum(GRADES).nullable(),
  })
  .meta({ id: 'School' });

const schoolFields = z.object({
  code: z.string().trim().min(1).max(60),
  localId: z.string().trim().max(60).nullable().optional(),
  name: z.string().trim().min(1).max(200),
  schoolType: z.enum(SCHOOL_TYPES),
  lowGrade: z.enum(GRADES).nullable().optional(),
  highGrade: z.enum(GRADES).nullable().optional(),
});

export const schoolInputSchema = schoolFields.extend({ schoolType: z.enum(SCHOOL_TYPES).default('other') });

/** A change to a school: only the fields given change (no defaults). */
export const schoolPatchSchema = schoolFields.partial();

export const idParam = (name: string) => z.object({ [name]: z.coerce.number().int().positive() });

export const isoDate = () => z.iso.date({ message: 'must be a date written YYYY-MM-DD' });

export const districtSchema = z
  .object({
    id: z.number().int(),
    code: z.string(),
    name: z.string(),
    settings: districtSettingsSchema,
  })
  .meta({ id: 'District' });

export const schoolYearSchema = z
  .object({
    id: z.number().int(),
    name: z.string().describe('e.g. 2021-2022'),
    startDate: z.string().describe('First day of the school year, YYYY-MM-DD'),
    endDate: z.string().describe('Last day of the school year, YYYY-MM-DD'),
  })
  .meta({ id: 'SchoolYear' });

export const schoolYearInputSchema = z.object({
  name: z.string().trim().regex(/^\d{4}-\d{4}$/, 'must be written like 2021-2022'),
  startDate: isoDate(),
  endDate: isoDate(),
});

export const CALENDAR_DAY_STATUSES = ['instructional', 'non_instructional', 'none'] as const;

export const calendarDaySchema = z.object({
  date: z.string(),
  instructional: z.boolean(),
  event: z.string().nullable().describe('What happens that day, e.g. "Winter break" or "Staff development"'),
});

export const calendarSummarySchema = z.object({
  instructionalDays: z.number().int(),
  nonInstructionalDays: z.number().int(),
  firstDay: z.string().nullable(),
  lastDay: z.string().nullable(),
});

export const calendarSchema = z
  .object({
    schoolId: z.number().int(),
    schoolYear: schoolYearSchema,
    days: z.array(calendarDaySchema).describe('Every day stored for this school and year; a date not listed is not a school day'),
    summary: calendarSummarySchema,
  })
  .meta({ id: 'Calendar' });

export const calendarDaysInputSchema = z.object({
  yearId: z.number().int().positive(),
  days: z
    .array(
      z.object({
        date: isoDate(),
        status: z.enum(CALENDAR_DAY_STATUSES).describe('none removes the day from the calendar'),
        event: z.string().trim().max(200).nullable().optional(),
      }),
    )
    .min(1)
    .max(400),
});

export const calendarGenerateInputSchema = z.object({
  yearId: z.number().int().positive(),
  from: isoDate(),
  to: isoDate(),
  /** ISO weekdays that are school days: 1 Monday … 7 Sunday. */
  weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7).default([1, 2, 3, 4, 5]),
  holidays: z
    .array(z.object({ date: isoDate(), event: z.string().trim().max(200).nullable().optional() }))
    .max(400)
    .default([]),
  /** replace: the days between from and to are replaced; keep: days already stored stay as they are. */
  mode: z.enum(['replace', 'keep']).default('replace'),
});

export const calendarCopyInputSchema = z.object({
  yearId: z.number().int().positive(),
  toSchoolIds: z.array(z.number().int().positive()).min(1).max(1000),
});
