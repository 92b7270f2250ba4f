/**
 * Student records, as the person asking may see them: every query is scoped to their district and
 * to visibleStudentIds (server/auth/scope.ts); a student outside that scope is "not found".
 */
import { sql, type ExpressionBuilder } from 'kysely';
import type { z } from 'zod';
import type { Db } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import type { DialectSeam } from '../db/seam.ts';
import type { Actor } from '../auth/actor.ts';
import { visibleStudentIds } from '../auth/scope.ts';
import { AppError } from '../http/errors.ts';
import { studentAttendanceSummary } from './attendance-summary.ts';
import { allowedDataCategories } from '../partners/data-sharing.ts';
import { DATA_CATEGORIES, type DataCategory } from '../partners/vocab.ts';
import type { studentDetailSchema, studentListQuery, studentSummarySchema } from './schema.ts';

type StudentSummary = z.input<typeof studentSummarySchema>;
type StudentDetail = z.input<typeof studentDetailSchema>;
type ListQuery = z.output<typeof studentListQuery>;

const bool = (v: number | null | undefined) => (v === null || v === undefined ? null : v === 1);
const day = (v: unknown) => (v === null || v === undefined ? null : String(v));

/**
 * "This student is one the person may see", for queries that look at a few students (one record, a
 * class): an EXISTS over visibleStudentIds, which both databases answer with a lookup per row. (A
 * list of the whole district uses `in visibleStudentIds(…)` instead, read once.)
 */
export function visibleTo(db: Db, actor: Actor, column: 'students.id' | 'class_students.student_id') {
  return (eb: ExpressionBuilder<Database, any>) => eb.exists(eb.selectFrom(visibleStudentIds(db, actor).as('visible')).select(sql`1`.as('one')).whereRef('visible.id', '=', column as never));
}

/** A LIKE pattern for what a person typed (wildcards typed are dropped: LIKE escapes differ by database). */
function likeTerm(term: string): string {
  return `%${term.replace(/[\\%_]/g, '')}%`;
}

/** The latest enrollment of each student (within a year when given): their current school and grade. */
export async function latestEnrollments(db: Db, districtId: number, studentIds: number[], yearId?: number) {
  const out = new Map<number, { grade: string; schoolId: number; schoolName: string }>();
  if (studentIds.length === 0) return out;
  const rows = await db
    .selectFrom('enrollments')
    .innerJoin('schools', (j) => j.onRef('schools.id', '=', 'enrollments.school_id').onRef('schools.district_id', '=', 'enrollments.district_id'))
    .select(['enrollments.student_id', 'enrollments.grade', 'enrollments.school_id', 'enrollments.entry_date', 'schools.name as school_name'])
    .where('enrollments.district_id', '=', districtId)
    .where('enrollments.student_id', 'in', studentIds)
    .where('enrollments.status', '=', 'active')
    .$if(yearId !== undefined, (q) => q.where('enrollments.school_year_id', '=', yearId!))
    .orderBy('enrollments.entry_date', 'desc')
    .orderBy('enrollments.id', 'desc')
    .execute();
  for (const r of rows) if (!out.has(r.student_id)) out.set(r.student_id, { grade: r.grade, schoolId: r.school_id, schoolName: r.school_name });
  return out;
}

/** Summaries of students in the order given, with their latest enrollment. */
export async function studentSummaries(db: Db, districtId: number, rows: Array<{ id: number; ext_id: string; local_id: string | null; first_name: string; last_name: string; birth_date: unknown; status: string }>, yearId?: number): Promise<StudentSummary[]> {
  const latest = await latestEnrollments(db, districtId, rows.map((r) => r.id), yearId);
  return rows.map((r) => {
    const e = latest.get(r.id);
    return {
      id: r.id,
      studentId: r.ext_id,
      localId: r.local_id,
      firstName: r.first_name,
      lastName: r.last_name,
      birthDate: day(r.birth_date),
      grade: e?.grade ?? null,
      schoolId: e?.schoolId ?? null,
      schoolName: e?.schoolName ?? null,
      status: r.status,
    };
  });
}

export async function listStudents(db: Db, seam: DialectSeam, actor: Actor, query: ListQuery): Promise<{ students: StudentSummary[]; total: number; page: number; pageSize: number }> {
  let base = db
    .selectFrom('students')
    .where('students.district_id', '=', actor.districtId)
    .where('students.id', 'in', visibleStudentIds(db, actor))
    .where('students.status', '=', 'active');
  if (query.schoolId !== undefined || query.grade !== undefined || query.yearId !== undefined) {
    base = base.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('enrollments')
          .select(sql`1`.as('one'))
          .whereRef('enrollments.student_id', '=', 'students.id')
          .where('enrollments.district_id', '=', actor.districtId)
          .where('enrollments.status', '=', 'active')
          .$if(query.schoolId !== undefined, (q) => q.where('enrollments.school_id', '=', query.schoolId!))
          .$if(query.grade !== undefined, (q) => q.where('enrollments.grade', '=', query.grade!))
          .$if(query.yearId !== undefined, (q) => q.where('enrollments.school_year_id', '=', query.yearId!)),
      ),
    );
  }
  const terms = (query.q ?? '').split(/[\s,]+/).filter(Boolean).slice(0, 5);
  for (const term of terms) {
    const like = likeTerm(term);
    base = base.where((eb: ExpressionBuilder<Database, 'students'>) =>
      eb.or([seam.ilike(eb.ref('students.first_name'), like), seam.ilike(eb.ref('students.last_name'), like), eb('students.ext_id', '=', term), eb('students.local_id', '=', term)]),
    );
  }
  const { total } = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await base
    .select(['students.id', 'students.ext_id', 'students.local_id', 'students.first_name', 'students.last_name', 'students.birth_date', 'students.status'])
    .orderBy('students.last_name')
    .orderBy('students.first_name')
    .orderBy('students.id')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  const students = await studentSummaries(db, actor.districtId, rows, query.yearId);
  return { students: await withholdForPartner(db, actor, students), total: Number(total), page: query.page, pageSize: query.pageSize };
}

/**
 * Partner staff see of each student only the kinds of records their data-sharing terms name
 * (server/partners/data-sharing.ts): a list shows the school and grade only under "enrollment", the
 * date of birth only under "demographics". Everyone else sees what their role and scope allow.
 */
export async function withholdForPartner(db: Db, actor: Actor, students: StudentSummary[]): Promise<StudentSummary[]> {
  if (actor.role !== 'partner_staff') return students;
  const out: StudentSummary[] = [];
  for (const s of students) {
    const allowed = (await allowedDataCategories(db, actor, s.id)) ?? new Set<DataCategory>();
    out.push({
      ...s,
      birthDate: allowed.has('demographics') ? s.birthDate : null,
      ...(allowed.has('enrollment') ? {} : { grade: null, schoolId: null, schoolName: null }),
    });
  }
  return out;
}

/** One student's record: 404 when the student is outside what this person may see. */
export async function getStudent(db: Db, actor: Actor, studentId: number, yearId?: number): Promise<StudentDetail> {
  const d = actor.districtId;
  const s = await db
    .selectFrom('students')
    .selectAll()
    .where('district_id', '=', d)
    .where('id', '=', studentId)
    .where(visibleTo(db, actor, 'students.id'))
    .executeTakeFirst();
  if (!s) throw new AppError('not_found', 'No such student.');
  // Partner staff: only the kinds of records their data-sharing terms name (null: everyone else).
  const allowed = await allowedDataCategories(db, actor, s.id);
  const may = (c: DataCategory) => allowed === null || allowed.has(c);
  const none = <T>() => ({ execute: async (): Promise<T[]> => [] });

  const enrollments = await (may('enrollment') || may('attendance') ? db
    .selectFrom('enrollments')
    .innerJoin('schools', (j) => j.onRef('schools.id', '=', 'enrollments.school_id').onRef('schools.district_id', '=', 'enrollments.district_id'))
    .innerJoin('school_years', (j) => j.onRef('school_years.id', '=', 'enrollments.school_year_id').onRef('school_years.district_id', '=', 'enrollments.district_id'))
    .select(['enrollments.id', 'enrollments.school_id', 'schools.name as school_name', 'enrollments.school_year_id', 'school_years.name as year_name', 'school_years.start_date', 'enrollments.grade', 'enrollments.entry_date', 'enrollments.exit_date', 'enrollments.status'])
    .where('enrollments.district_id', '=', d)
    .where('enrollments.student_id', '=', s.id)
    .orderBy('enrollments.entry_date', 'desc') : none<never>()
  ).execute();

  const guardians = await (may('contact') ? db
    .selectFrom('student_guardians')
    .innerJoin('guardians', (j) => j.onRef('guardians.id', '=', 'student_guardians.guardian_id').onRef('guardians.district_id', '=', 'student_guardians.district_id'))
    .select(['guardians.id', 'guardians.first_name', 'guardians.last_name', 'student_guardians.relationship', 'guardians.phone', 'guardians.email', 'guardians.preferred_language', 'student_guardians.lives_with_student'])
    .where('student_guardians.district_id', '=', d)
    .where('student_guardians.student_id', '=', s.id)
    .where('student_guardians.status', '=', 'active')
    .where('guardians.status', '=', 'active')
    .orderBy('guardians.last_name')
    .orderBy('guardians.first_name') : none<never>()
  ).execute();

  const programs = await (may('programs') ? db
    .selectFrom('student_programs')
    .leftJoin('schools', (j) => j.onRef('schools.id', '=', 'student_programs.school_id').onRef('schools.district_id', '=', 'student_programs.district_id'))
    .select(['student_programs.program', 'student_programs.program_name', 'schools.name as school_name', 'student_programs.begin_date', 'student_programs.end_date'])
    .where('student_programs.district_id', '=', d)
    .where('student_programs.student_id', '=', s.id)
    .orderBy('student_programs.begin_date', 'desc') : none<never>()
  ).execute();

  const assessments = await (may('assessments') ? db
    .selectFrom('assessments')
    .innerJoin('school_years', (j) => j.onRef('school_years.id', '=', 'assessments.school_year_id').onRef('school_years.district_id', '=', 'assessments.district_id'))
    .select(['school_years.name as year_name', 'assessments.assessment', 'assessments.subject', 'assessments.administration_date', 'assessments.grade', 'assessments.scale_score', 'assessments.performance_level', 'assessments.performance_level_label', 'assessments.proficient'])
    .where('assessments.district_id', '=', d)
    .where('assessments.student_id', '=', s.id)
    .orderBy('assessments.administration_date', 'desc')
    .orderBy('assessments.assessment')
    .limit(200) : none<never>()
  ).execute();

  const discipline = await (may('discipline') ? db
    .selectFrom('discipline_actions')
    .innerJoin('schools', (j) => j.onRef('schools.id', '=', 'discipline_actions.school_id').onRef('schools.district_id', '=', 'discipline_actions.district_id'))
    .select(['discipline_actions.incident_id', 'discipline_actions.date', 'schools.name as school_name', 'discipline_actions.behavior', 'discipline_actions.action', 'discipline_actions.days'])
    .where('discipline_actions.district_id', '=', d)
    .where('discipline_actions.student_id', '=', s.id)
    .orderBy('discipline_actions.date', 'desc')
    .limit(200) : none<never>()
  ).execute();

  // School years the student was enrolled in, newest first; the attendance summary is for one of them.
  const years = new Map<number, { name: string; start: string }>();
  for (const e of enrollments) years.set(e.school_year_id, { name: e.year_name, start: String(e.start_date) });
  const schoolYears = [...years.entries()].sort((a, b) => b[1].start.localeCompare(a[1].start)).map(([id, y]) => ({ id, name: y.name }));
  const year = yearId !== undefined ? schoolYears.find((y) => y.id === yearId) : schoolYears[0];
  if (yearId !== undefined && !year) throw new AppError('not_found', 'The student has no enrollment in that school year.');

  let attendance: StudentDetail['attendance'] = null;
  if (year && may('attendance')) {
    const summary = await studentAttendanceSummary(db, d, s.id, year.id);
    const names = new Map(enrollments.map((e) => [e.school_id, e.school_name]));
    const schoolIds = [...names.keys()];
    const bounds = await db
      .selectFrom('school_years')
      .select(['start_date', 'end_date'])
      .where('district_id', '=', d)
      .where('id', '=', year.id)
      .executeTakeFirstOrThrow();
    const absences = await db
      .selectFrom('attendance_records')
      .select(['date', 'school_id', 'status', 'minutes_absent'])
      .where('district_id', '=', d)
      .where('student_id', '=', s.id)
      .where('school_id', 'in', schoolIds.length ? schoolIds : [-1])
      .where('date', '>=', String(bounds.start_date))
      .where('date', '<=', String(bounds.end_date))
      .where('status', '!=', 'present')
      .orderBy('date', 'desc')
      .limit(200)
      .execute();
    attendance = {
      schoolYearId: year.id,
      schoolYear: year.name,
      asOf: summary.asOf,
      daysEnrolled: summary.daysEnrolled,
      daysAbsent: summary.daysAbsent,
      rate: summary.rate,
      eligible: summary.eligible,
      chronicallyAbsent: summary.chronicallyAbsent,
      tier: summary.tier,
      schools: summary.schools.map((x) => ({ ...x, schoolName: names.get(x.schoolId) ?? '' })),
      absences: absences.map((a) => ({ date: String(a.date), schoolId: a.school_id, status: a.status, minutesAbsent: a.minutes_absent })),
    };
  }

  const demographics = may('demographics');
  const flag = (v: number) => (demographics ? v === 1 : null);
  return {
    id: s.id,
    studentId: s.ext_id,
    localId: s.local_id,
    firstName: s.first_name,
    lastName: s.last_name,
    middleName: s.middle_name,
    birthDate: demographics ? day(s.birth_date) : null,
    sex: demographics ? s.sex : null,
    hispanicLatino: demographics ? bool(s.hispanic_latino) : null,
    races: demographics && s.races ? s.races.split(';').filter(Boolean) : [],
    raceEthnicity: demographics ? s.race_ethnicity : null,
    englishLearner: flag(s.english_learner),
    disability: flag(s.disability),
    economicallyDisadvantaged: flag(s.economically_disadvantaged),
    homeless: flag(s.homeless),
    foster: flag(s.foster),
    homeLanguage: demographics ? s.home_language : null,
    email: may('contact') ? s.email : null,
    status: s.status,
    withheld: allowed === null ? [] : DATA_CATEGORIES.filter((c) => !allowed.has(c)),
    enrollments: enrollments.map((e) => ({
      id: e.id,
      schoolId: e.school_id,
      schoolName: e.school_name,
      schoolYearId: e.school_year_id,
      schoolYear: e.year_name,
      grade: e.grade,
      entryDate: String(e.entry_date),
      exitDate: day(e.exit_date),
      status: e.status,
    })),
    guardians: guardians.map((g) => ({
      id: g.id,
      firstName: g.first_name,
      lastName: g.last_name,
      relationship: g.relationship,
      phone: g.phone,
      email: g.email,
      preferredLanguage: g.preferred_language,
      livesWithStudent: g.lives_with_student === 1,
    })),
    programs: programs.map((p) => ({ program: p.program, programName: p.program_name, schoolName: p.school_name, beginDate: String(p.begin_date), endDate: day(p.end_date) })),
    schoolYears,
    attendance,
    assessments: assessments.map((a) => ({
      schoolYear: a.year_name,
      assessment: a.assessment,
      subject: a.subject,
      administrationDate: String(a.administration_date),
      grade: a.grade,
      scaleScore: a.scale_score === null ? null : Number(a.scale_score),
      performanceLevel: a.performance_level,
      performanceLevelLabel: a.performance_level_label,
      proficient: bool(a.proficient),
    })),
    discipline: discipline.map((x) => ({ incidentId: x.incident_id, date: String(x.date), schoolName: x.school_name, behavior: x.behavior, action: x.action, days: x.days === null ? null : Number(x.days) })),
  };
}
