/**
 * The home-visit program's API input and output (zod), shared by the server (validation, OpenAPI) and
 * the web app (the types of what the API answers).
 */
import { z } from 'zod';

export const VISIT_PURPOSES = ['hopes_and_dreams', 'relationship', 'academic'] as const;
export type VisitPurpose = (typeof VISIT_PURPOSES)[number];
export const PAY_PERIODS = ['monthly', 'semimonthly', 'biweekly'] as const;
export type PayPeriodKind = (typeof PAY_PERIODS)[number];
export const PLACES = ['home', 'community', 'virtual'] as const;
export type Place = (typeof PLACES)[number];
export const RESPONSES = ['accepted', 'declined', 'no_answer'] as const;
export type FamilyResponse = (typeof RESPONSES)[number];
export const VISIT_STATUSES = ['scheduled', 'held', 'completed', 'cancelled', 'no_show'] as const;

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD').refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'not a real date');
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time HH:MM (24-hour)');
const lang = z.string().trim().toLowerCase().regex(/^[a-z]{2,3}$/, 'an ISO 639 language code such as en or es');
const id = z.coerce.number().int().positive();
const year = z.string().regex(/^\d{4}-\d{4}$/, 'a school year such as 2026-2027').optional();
const key = z.string().trim().min(8).max(100).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _').optional().describe('Client-made idempotency key: the same form sent twice changes nothing the second time');
const text = (max: number) => z.string().trim().max(max);

export const yearQuery = z.object({ year });
export const schoolParam = z.object({ schoolId: id });
export const visitParam = z.object({ visitId: id });
export const staffParam = z.object({ staffId: id });
export const studentParam = z.object({ studentId: id });
export const asOfQuery = z.object({ year, asOf: date.optional(), schoolId: id.optional() });

/** A visit type of a program not saved yet is one of the defaults, with a negative id (-1, -2…): using it saves the program first. */
const visitTypeId = z.coerce.number().int().refine((n) => n !== 0, 'a visit type id').describe('A visit type of the school\'s program; a negative id names a default type of a program not saved yet');
export const visitTypeSchema = z.object({ id: z.number().int().describe('Negative for a default type of a program not saved yet'), name: z.string(), purpose: z.enum(VISIT_PURPOSES), active: z.boolean() });

export const programSchema = z
  .object({
    id: z.number().int().nullable().describe('Null while the program has not been saved: the district\'s defaults are shown, and the first change saves them'),
    schoolId: z.number().int(),
    schoolName: z.string(),
    year: z.string(),
    coverageTarget: z.number(),
    hourlyRateCents: z.number().int(),
    countVisitTime: z.boolean(),
    countTravelTime: z.boolean(),
    countReflectionTime: z.boolean(),
    payPeriod: z.enum(PAY_PERIODS),
    payPeriodAnchor: z.string().nullable(),
    crossSectionTolerance: z.number(),
    coordinators: z.array(z.object({ userId: z.number().int(), displayName: z.string(), email: z.string(), role: z.string() })),
    visitTypes: z.array(visitTypeSchema),
  })
  .meta({ id: 'HomeVisitProgram' });

export const programListSchema = z.object({
  year: z.string(),
  schools: z.array(z.object({ id: z.number().int(), name: z.string(), code: z.string(), coordinator: z.boolean(), coordinators: z.array(z.string()), target: z.number() })),
});

export const programPatchSchema = z.object({
  year,
  coverageTarget: z.number().min(0.01).max(1).optional().describe('Share of families to visit, 0.01–1 (0.1 = 10%)'),
  hourlyRateCents: z.number().int().min(0).max(100000).optional(),
  countVisitTime: z.boolean().optional(),
  countTravelTime: z.boolean().optional(),
  countReflectionTime: z.boolean().optional(),
  payPeriod: z.enum(PAY_PERIODS).optional(),
  payPeriodAnchor: date.nullable().optional(),
  crossSectionTolerance: z.number().min(0.05).max(2).optional(),
});

export const coordinatorInput = z.object({ year, userId: id });
export const visitTypeInput = z.object({ year, name: text(80).min(1), purpose: z.enum(VISIT_PURPOSES) });
export const visitTypePatch = z.object({ year, active: z.boolean() });
export const visitTypeParam = z.object({ schoolId: id, typeId: visitTypeId });

export const trainingSchema = z.object({ id: z.number().int(), date: z.string(), trainer: z.string(), hours: z.number(), notes: z.string().nullable() });
export const trainingInput = z.object({ date, trainer: text(120).min(1), hours: z.number().positive().max(100), notes: text(1000).nullable().optional() });
export const participationInput = z.object({ year, optedIn: z.boolean() });

export const educatorSchema = z.object({
  staffId: z.number().int(),
  firstName: z.string(),
  lastName: z.string(),
  email: z.string().nullable(),
  schoolIds: z.array(z.number().int()),
  trainings: z.array(trainingSchema),
  trained: z.boolean(),
  firstTrainedOn: z.string().nullable(),
  optedIn: z.boolean(),
  participationChangedAt: z.string().nullable(),
});
export const educatorsQuery = z.object({ year, schoolId: id.optional() });

const answerSchema = z.object({ response: z.enum(RESPONSES), respondedOn: z.string().nullable(), askedAgain: z.boolean(), preferredLanguage: z.string().nullable(), interpreterNeeded: z.boolean() });
export const familySchema = z.object({
  key: z.string(),
  students: z.array(z.object({ id: z.number().int(), firstName: z.string(), lastName: z.string(), grade: z.string().nullable().describe('Withheld from partner staff whose data-sharing terms do not name enrollment') })),
  otherStudents: z.number().int(),
  guardians: z.array(z.object({ id: z.number().int(), firstName: z.string(), lastName: z.string(), phone: z.string().nullable(), preferredLanguage: z.string().nullable() })),
  answer: answerSchema,
  language: z.string().nullable(),
  offerable: z.boolean(),
  visits: z.object({ completed: z.number().int(), held: z.number().int(), scheduled: z.number().int(), firstVisitDate: z.string().nullable(), nextVisitDate: z.string().nullable() }),
  status: z.enum(['visited', 'awaiting_reflections', 'scheduled', 'not_visited']),
});
export const familiesQuery = z.object({ year, schoolId: id });
export const answerInput = z.object({
  year,
  schoolId: id,
  studentId: id.describe('Any student of the family'),
  response: z.enum(RESPONSES),
  respondedOn: date.nullable().optional(),
  askedAgain: z.boolean().optional().describe('The family declined earlier and has since asked for a visit'),
  preferredLanguage: lang.nullable().optional(),
  interpreterNeeded: z.boolean().optional(),
});

const interpreter = z.object({ name: text(120), language: lang.nullable().optional() }).nullable().optional();
const reflectionIn = z.object({ learned: text(4000).min(1), willUse: text(4000).min(1), minutes: z.number().int().min(0).max(240).optional() });
const details = {
  date,
  startTime: time,
  durationMinutes: z.number().int().min(5).max(480),
  place: z.enum(PLACES),
  placeDetail: text(200).nullable().optional(),
  language: lang,
  interpreter,
  travelMinutes: z.number().int().min(0).max(240).optional(),
  notes: text(8000).nullable().optional().describe('Hopes-and-dreams notes: seen only by the visit\'s educators and the school\'s coordinators'),
  reflection: reflectionIn.nullable().optional().describe('The submitting educator\'s own reflection'),
};
export const visitInput = z.object({
  idempotencyKey: key,
  year,
  schoolId: id,
  studentIds: z.array(id).min(1).max(12),
  visitTypeId,
  status: z.enum(['scheduled', 'held']),
  arrangedOn: date.describe('When the visit was arranged with the family (no drop-in visits)'),
  educatorStaffIds: z.array(id).max(4),
  ...details,
});
export const logInput = z.object({
  idempotencyKey: key,
  ...details,
  date: date.optional(),
  startTime: time.optional(),
  place: z.enum(PLACES).optional(),
  language: lang.optional(),
  studentIds: z.array(id).min(1).max(12).optional(),
});
export const reflectionInput = z.object({ idempotencyKey: key, staffId: id.optional(), ...reflectionIn.shape });
export const closeInput = z.object({ outcome: z.enum(['cancelled', 'no_show']), reason: text(500).nullable().optional() });

const statusEnum = z.enum(VISIT_STATUSES);
export const visitSchema = z
  .object({
    id: z.number().int(),
    schoolId: z.number().int(),
    schoolName: z.string(),
    year: z.string(),
    visitType: z.object({ id: z.number().int(), name: z.string(), purpose: z.enum(VISIT_PURPOSES) }),
    status: statusEnum,
    date: z.string(),
    startTime: z.string(),
    endTime: z.string(),
    durationMinutes: z.number().int(),
    place: z.enum(PLACES),
    placeDetail: z.string().nullable().describe('Withheld from partner staff whose data-sharing terms do not name contact details'),
    language: z.string().nullable().describe('Withheld from partner staff whose data-sharing terms do not name demographics'),
    arrangedOn: z.string(),
    interpreter: z.object({ name: z.string(), language: z.string().nullable() }).nullable(),
    educators: z.array(z.object({ staffId: z.number().int(), name: z.string(), travelMinutes: z.number().int(), reflected: z.boolean() })),
    students: z.array(z.object({ id: z.number().int(), firstName: z.string(), lastName: z.string() })),
    otherStudents: z.number().int(),
    notesVisible: z.boolean(),
    notes: z.string().nullable(),
    reflections: z.array(z.object({ staffId: z.number().int(), name: z.string(), learned: z.string(), willUse: z.string(), minutes: z.number().int(), writtenAt: z.string() })).nullable(),
    outcomeReason: z.string().nullable(),
    loggedAt: z.string().nullable(),
    completedAt: z.string().nullable(),
    can: z.object({ log: z.boolean(), reflect: z.boolean(), cancel: z.boolean() }),
  })
  .meta({ id: 'HomeVisit' });
export const submissionSchema = z.object({ visit: visitSchema, replayed: z.boolean(), message: z.string() });

export const visitsQuery = z.object({ year, schoolId: id.optional(), status: statusEnum.optional(), mine: z.enum(['1', '0', 'true', 'false']).optional(), limit: z.coerce.number().int().min(1).max(2000).optional() });
export const visitListSchema = z.object({
  total: z.number().int(),
  visits: z.array(
    z.object({
      id: z.number().int(),
      schoolId: z.number().int(),
      schoolName: z.string(),
      date: z.string(),
      startTime: z.string(),
      durationMinutes: z.number().int(),
      status: statusEnum,
      visitType: z.string(),
      purpose: z.enum(VISIT_PURPOSES),
      place: z.enum(PLACES),
      educators: z.array(z.string()),
      students: z.array(z.string()),
      otherStudents: z.number().int(),
      mine: z.boolean(),
    }),
  ),
});

const person = z.object({ staffId: z.number().int(), name: z.string() });
export const fieldKitSchema = z.object({
  year: z.string(),
  yearStart: z.string(),
  yearEnd: z.string(),
  generatedAt: z.string(),
  staffId: z.number().int().nullable(),
  schools: z.array(z.object({ id: z.number().int(), name: z.string(), visitTypes: z.array(z.object({ id: z.number().int(), name: z.string(), purpose: z.enum(VISIT_PURPOSES) })), educators: z.array(person) })),
  families: z.array(
    z.object({
      schoolId: z.number().int(),
      key: z.string(),
      students: z.array(z.object({ id: z.number().int(), firstName: z.string(), lastName: z.string(), grade: z.string().nullable() })),
      otherStudents: z.number().int(),
      language: z.string().nullable(),
      interpreterNeeded: z.boolean(),
      offerable: z.boolean(),
      response: z.enum(RESPONSES),
      status: z.string(),
      visitsSoFar: z.number().int(),
    }),
  ),
  visits: z.array(
    z.object({
      id: z.number().int(),
      schoolId: z.number().int(),
      schoolName: z.string(),
      date: z.string(),
      startTime: z.string(),
      durationMinutes: z.number().int(),
      place: z.enum(PLACES),
      placeDetail: z.string().nullable(),
      language: z.string(),
      visitTypeId: z.number().int(),
      visitTypeName: z.string(),
      purpose: z.enum(VISIT_PURPOSES),
      students: z.array(z.object({ id: z.number().int(), firstName: z.string(), lastName: z.string() })),
      educators: z.array(person),
      interpreter: z.object({ name: z.string(), language: z.string().nullable() }).nullable(),
    }),
  ),
});

export const studentRecordSchema = z.object({
  student: z.object({ id: z.number().int(), studentNumber: z.string(), firstName: z.string(), lastName: z.string() }),
  generatedAt: z.string(),
  complete: z.boolean().describe('False when some visits\' notes are not readable by the person exporting'),
  coordinatorOf: z.number().int(),
  visits: z.array(visitSchema),
});

const coverageRow = z.object({
  level: z.enum(['district', 'school', 'grade', 'class', 'teacher']),
  schoolId: z.number().int().nullable(),
  label: z.string(),
  grade: z.string().nullable(),
  classId: z.number().int().nullable(),
  staffId: z.number().int().nullable(),
  students: z.number().int().nullable(),
  studentsVisited: z.number().int().nullable(),
  families: z.number().int().nullable(),
  familiesVisited: z.number().int().nullable(),
  rate: z.number().nullable(),
  familyRate: z.number().nullable(),
  target: z.number().nullable(),
  reachedTarget: z.boolean().nullable(),
  suppressed: z.boolean(),
});
export const coverageSchema = z.object({
  year: z.string(),
  asOf: z.string(),
  minN: z.number().int(),
  aggregateOnly: z.boolean(),
  rows: z.array(coverageRow),
  timeline: z.array(z.object({ month: z.string(), asOf: z.string(), schoolId: z.number().int().nullable(), studentsVisited: z.number().int(), familiesVisited: z.number().int(), students: z.number().int(), families: z.number().int() })),
});

export const crossSectionSchema = z.object({
  year: z.string(),
  asOf: z.string(),
  schoolId: z.number().int().nullable(),
  schoolName: z.string().nullable(),
  visitedFamilies: z.number().int(),
  enrolledFamilies: z.number().int(),
  minimumVisited: z.number().int(),
  alpha: z.number(),
  tolerance: z.number(),
  verdict: z.enum(['no_verdict', 'cross_section', 'concentrated']),
  statement: z.string(),
  kinds: z.array(
    z.object({
      kind: z.string(),
      chiSquare: z.number().nullable(),
      degreesOfFreedom: z.number().int().nullable(),
      pValue: z.number().nullable(),
      verdict: z.enum(['no_verdict', 'cross_section', 'concentrated']),
      groups: z.array(z.object({ value: z.string(), expected: z.number(), observed: z.number(), enrolledShare: z.number(), visitedShare: z.number(), ratio: z.number().nullable(), flag: z.enum(['over', 'under']).nullable() })),
    }),
  ),
});

const counts = z.object({ enrolled: z.number().int(), absent: z.number().int(), rate: z.number().nullable() });
export const resultsSchema = z.object({
  year: z.string(),
  asOf: z.string(),
  schoolId: z.number().int().nullable(),
  groups: z.array(z.object({ visited: z.boolean(), students: z.number().int().nullable(), eligible: z.number().int().nullable(), chronicallyAbsent: z.number().int().nullable(), chronicRate: z.number().nullable(), daysEnrolled: z.number().int().nullable(), daysAbsent: z.number().int().nullable(), attendanceRate: z.number().nullable(), suppressed: z.boolean() })),
  beforeAfter: z.object({
    students: z.number().int().nullable(),
    meanRateBefore: z.number().nullable(),
    meanRateAfter: z.number().nullable(),
    higherAfter: z.number().int().nullable(),
    lowerAfter: z.number().int().nullable(),
    suppressed: z.boolean(),
    list: z.array(z.object({ studentId: z.number().int(), name: z.string(), schoolId: z.number().int(), firstVisitDate: z.string(), before: counts, after: counts })).nullable(),
  }),
  minDaysEachSide: z.number().int(),
  statement: z.string(),
  study: z.string(),
  hasAttendance: z.boolean(),
});

const payRow = z.object({
  staffId: z.number().int(),
  staffNumber: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  schoolId: z.number().int(),
  schoolName: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  visits: z.number().int(),
  visitMinutes: z.number().int(),
  travelMinutes: z.number().int(),
  reflectionMinutes: z.number().int(),
  hours: z.number(),
  rateCents: z.number().int(),
  amountCents: z.number().int(),
});
export const compensationSchema = z.object({ year: z.string(), rows: z.array(payRow), pending: z.array(z.object({ staffId: z.number().int(), name: z.string(), visits: z.number().int() })) });

export const participationSchema = z.object({
  year: z.string(),
  schools: z.array(z.object({ schoolId: z.number().int(), schoolName: z.string(), educators: z.number().int(), trained: z.number().int(), optedIn: z.number().int(), visiting: z.number().int(), trainingHours: z.number(), paidHours: z.number(), amountCents: z.number().int() })),
  educators: z.array(educatorSchema.extend({ completedVisits: z.number().int(), paidHours: z.number(), amountCents: z.number().int(), trainingHours: z.number() })),
});

export const schoolUsersSchema = z.object({ users: z.array(z.object({ id: z.number().int(), displayName: z.string(), email: z.string(), role: z.string() })) });

export type FieldKit = z.infer<typeof fieldKitSchema>;
export type Visit = z.infer<typeof visitSchema>;
export type Submission = z.infer<typeof submissionSchema>;
export type VisitSummary = z.infer<typeof visitListSchema>['visits'][number];
export type FamilyView = z.infer<typeof familySchema>;
export type ProgramView = z.infer<typeof programSchema>;
export type ProgramList = z.infer<typeof programListSchema>;
export type EducatorView = z.infer<typeof educatorSchema>;
export type Coverage = z.infer<typeof coverageSchema>;
export type CrossSection = z.infer<typeof crossSectionSchema>;
export type Results = z.infer<typeof resultsSchema>;
export type Compensation = z.infer<typeof compensationSchema>;
export type PayRowView = Compensation['rows'][number];
export type Participation = z.infer<typeof participationSchema>;
