/** The roster API's input and output: students, their records, and classes. */
import { z } from 'zod';

const GRADES = ['PK', 'TK', 'KG', '01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'] as const;

const pageQuery = {
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
};

export const studentListQuery = z.object({
  q: z.string().trim().max(100).optional().describe('Part of a name, or a student id'),
  schoolId: z.coerce.number().int().positive().optional(),
  grade: z.enum(GRADES).optional(),
  yearId: z.coerce.number().int().positive().optional().describe('Only students enrolled in this school year'),
  ...pageQuery,
});

export const studentSummarySchema = z
  .object({
    id: z.number().int(),
    studentId: z.string().describe("The student's id in the student information system"),
    localId: z.string().nullable(),
    firstName: z.string(),
    lastName: z.string(),
    birthDate: z.string().nullable(),
    grade: z.string().nullable().describe('Grade of the latest enrollment (within the year filter, when given)'),
    schoolId: z.number().int().nullable(),
    schoolName: z.string().nullable(),
    status: z.string(),
  })
  .meta({ id: 'StudentSummary' });

export const studentListSchema = z.object({
  students: z.array(studentSummarySchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

const enrollmentSchema = z.object({
  id: z.number().int(),
  schoolId: z.number().int(),
  schoolName: z.string(),
  schoolYearId: z.number().int(),
  schoolYear: z.string(),
  grade: z.string(),
  entryDate: z.string(),
  exitDate: z.string().nullable(),
  status: z.string(),
});

const attendanceSchema = z.object({
  schoolYearId: z.number().int(),
  schoolYear: z.string(),
  asOf: z.string(),
  daysEnrolled: z.number().int(),
  daysAbsent: z.number().int(),
  rate: z.number().nullable(),
  eligible: z.boolean().describe("Days enrolled reach the district's minimum"),
  chronicallyAbsent: z.boolean(),
  tier: z.enum(['satisfactory', 'at_risk', 'moderate', 'severe']).nullable(),
  schools: z.array(
    z.object({
      schoolId: z.number().int(),
      schoolName: z.string(),
      daysEnrolled: z.number().int(),
      daysAbsent: z.number().int(),
      recordsIgnored: z.number().int(),
      source: z.enum(['daily', 'totals', 'none']),
    }),
  ),
  absences: z.array(z.object({ date: z.string(), schoolId: z.number().int(), status: z.string(), minutesAbsent: z.number().nullable() })).describe('Non-present records of the year, newest first (at most 200)'),
});

export const studentDetailSchema = z
  .object({
    id: z.number().int(),
    studentId: z.string(),
    localId: z.string().nullable(),
    firstName: z.string(),
    lastName: z.string(),
    middleName: z.string().nullable(),
    birthDate: z.string().nullable(),
    sex: z.string().nullable(),
    hispanicLatino: z.boolean().nullable(),
    races: z.array(z.string()),
    raceEthnicity: z.string().nullable(),
    englishLearner: z.boolean().nullable(),
    disability: z.boolean().nullable(),
    economicallyDisadvantaged: z.boolean().nullable(),
    homeless: z.boolean().nullable(),
    foster: z.boolean().nullable(),
    homeLanguage: z.string().nullable(),
    email: z.string().nullable(),
    status: z.string(),
    withheld: z.array(z.string()).describe('Kinds of records not shown: for partner staff, those their data-sharing terms do not name (enrollment, attendance, assessments, discipline, programs, demographics, contact)'),
    enrollments: z.array(enrollmentSchema),
    guardians: z.array(
      z.object({
        id: z.number().int(),
        firstName: z.string(),
        lastName: z.string(),
        relationship: z.string().nullable(),
        phone: z.string().nullable(),
        email: z.string().nullable(),
        preferredLanguage: z.string().nullable(),
        livesWithStudent: z.boolean(),
      }),
    ),
    programs: z.array(z.object({ program: z.string(), programName: z.string().nullable(), schoolName: z.string().nullable(), beginDate: z.string(), endDate: z.string().nullable() })),
    schoolYears: z.array(z.object({ id: z.number().int(), name: z.string() })).describe('Years the student was enrolled, newest first'),
    attendance: attendanceSchema.nullable().describe('For the year asked (default: the latest enrolled year)'),
    assessments: z.array(
      z.object({
        schoolYear: z.string(),
        assessment: z.string(),
        subject: z.string(),
        administrationDate: z.string(),
        grade: z.string().nullable(),
        scaleScore: z.number().nullable(),
        performanceLevel: z.number().nullable(),
        performanceLevelLabel: z.string().nullable(),
        proficient: z.boolean().nullable(),
      }),
    ),
    discipline: z.array(z.object({ incidentId: z.string(), date: z.string(), schoolName: z.string(), behavior: z.string().nullable(), action: z.string(), days: z.number().nullable() })),
  })
  .meta({ id: 'StudentDetail' });

export const studentDetailQuery = z.object({
  yearId: z.coerce.number().int().positive().optional().describe('School year of the attendance summary'),
});

export const classListQuery = z.object({
  q: z.string().trim().max(100).optional(),
  schoolId: z.coerce.number().int().positive().optional(),
  yearId: z.coerce.number().int().positive().optional(),
  ...pageQuery,
});

export const classSummarySchema = z
  .object({
    id: z.number().int(),
    classId: z.string().describe("The class's id in the source system"),
    title: z.string(),
    classCode: z.string().nullable(),
    schoolId: z.number().int(),
    schoolName: z.string(),
    schoolYear: z.string().nullable(),
    grades: z.array(z.string()),
    periods: z.string().nullable(),
    teachers: z.array(z.string()),
    studentCount: z.number().int(),
  })
  .meta({ id: 'ClassSummary' });

export const classListSchema = z.object({ classes: z.array(classSummarySchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

export const classDetailSchema = classSummarySchema.extend({ students: z.array(studentSummarySchema) }).meta({ id: 'ClassDetail' });

export const studentIdParam = z.object({ studentId: z.coerce.number().int().positive() });
export const classIdParam = z.object({ classId: z.coerce.number().int().positive() });
