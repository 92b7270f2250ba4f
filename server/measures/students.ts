/**
 * The students behind a number, for those allowed to see them (PRODUCT.md, "Who may see student
 * records"): who is chronically absent, who is at risk (5% to under 10% absent), and an early-warning
 * list of students on track to become chronically absent this year. Every list is limited to the
 * students the person may see (visibleStudentIds) and every read is audited, one row per student.
 */
import type { z } from 'zod';
import type { Db } from '../db/database.ts';
import type { Actor } from '../auth/actor.ts';
import { visibleStudentIds } from '../auth/scope.ts';
import { recordStudentReads } from '../audit/record.ts';
import { AppError } from '../http/errors.ts';
import { toSpreadsheetCsv } from '../../common/csv-escape.ts';
import { DISTRICT_WIDE_STUDENT_ROLES } from '../../common/roles.ts';
import { defaultYear, loadMeasure, viewsAsOf } from './engine.ts';
import { isChronicallyAbsent, tierOf } from './builtins.ts';
import { daysCanStillMiss, type RecordView } from './views.ts';
import type { studentListRowSchema, studentListSchema, STUDENT_LISTS } from './schema.ts';

export type StudentListName = (typeof STUDENT_LISTS)[number];
export type StudentListRow = z.output<typeof studentListRowSchema>;
export type StudentList = z.output<typeof studentListSchema>;

/** Who is on each list, from a student's record as of the date. */
export function onList(list: StudentListName, v: RecordView): boolean {
  const chronic = isChronicallyAbsent(v.daysAbsent, v.daysEnrolled);
  if (list === 'chronically-absent') return v.eligible && chronic;
  if (list === 'at-risk') return v.eligible && tierOf(v.daysAbsent, v.daysEnrolled) === 'at_risk';
  // Early warning: still enrolled, not chronically absent (yet), already missing 5% or more of days.
  return v.enrolledOnDate && !chronic && 20 * v.daysAbsent >= v.daysEnrolled;
}

export interface StudentListQuery {
  list: StudentListName;
  year?: string;
  asOf?: string;
  schoolId?: number;
  limit?: number;
  offset?: number;
}

async function yearName(db: Db, districtId: number, year: string | undefined): Promise<string> {
  if (year) return year;
  const y = await defaultYear(db, districtId);
  if (!y) throw new AppError('not_found', 'The district has no school years yet.');
  return y.name;
}

/** The whole list, sorted (chronic and at risk: highest rate first; early warning: fewest days to spare first). */
export async function studentList(db: Db, actor: Actor, q: StudentListQuery, options: { all?: boolean } = {}): Promise<StudentList> {
  const loaded = await loadMeasure(db, actor.districtId, { measure: 'chronic-absence', year: await yearName(db, actor.districtId, q.year), asOf: q.asOf });
  const { snap, asOf } = loaded;
  let school: { id: number; code: string; name: string } | null = null;
  if (q.schoolId !== undefined) {
    const s = snap.schools.get(q.schoolId);
    if (!s) throw new AppError('not_found', 'No such school.');
    school = { id: s.id, code: s.code, name: s.name };
  }
  const views = viewsAsOf(snap, asOf);
  const candidates = (school ? views.school.filter((v) => v.schoolId === school.id) : views.district).filter((v) => onList(q.list, v));
  // District-wide roles see every student; everyone else only those visibleStudentIds names.
  const visible = DISTRICT_WIDE_STUDENT_ROLES.includes(actor.role) ? null : new Set((await visibleStudentIds(db, actor).execute()).map((r) => r.id));
  const shown = visible ? candidates.filter((v) => visible.has(v.studentId)) : candidates;
  const rate = (v: RecordView) => v.daysAbsent / v.daysEnrolled;
  const miss = new Map(shown.map((v) => [v.studentId, daysCanStillMiss(v)]));
  shown.sort((a, b) =>
    q.list === 'early-warning'
      ? (miss.get(a.studentId) as number) - (miss.get(b.studentId) as number) || rate(b) - rate(a) || a.studentId - b.studentId
      : rate(b) - rate(a) || b.daysAbsent - a.daysAbsent || a.studentId - b.studentId,
  );
  const page = options.all ? shown : shown.slice(q.offset ?? 0, (q.offset ?? 0) + (q.limit ?? 100));
  const ids = page.map((v) => v.studentId);
  const people = new Map<number, { ext_id: string; local_id: string | null; first_name: string; last_name: string }>();
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await db
      .selectFrom('students')
      .select(['id', 'ext_id', 'local_id', 'first_name', 'last_name'])
      .where('district_id', '=', actor.districtId)
      .where('id', 'in', ids.slice(i, i + 1000))
      .execute();
    for (const r of rows) people.set(r.id, r);
  }
  const students: StudentListRow[] = [];
  for (const v of page) {
    const p = people.get(v.studentId);
    const s = snap.schools.get(v.latestSchoolId);
    if (!p || !s) continue;
    students.push({
      studentId: v.studentId,
      studentNumber: p.local_id ?? p.ext_id,
      firstName: p.first_name,
      lastName: p.last_name,
      school: { id: s.id, code: s.code, name: s.name },
      grade: v.grade,
      daysEnrolled: v.daysEnrolled,
      daysAbsent: v.daysAbsent,
      rate: Math.round(rate(v) * 10000) / 10000,
      tier: tierOf(v.daysAbsent, v.daysEnrolled),
      stillEnrolled: v.enrolledOnDate,
      daysCanStillMiss: miss.get(v.studentId) as number,
    });
  }
  await recordStudentReads(db, actor, students.map((s) => s.studentId), `measures:${q.list}`);
  return { list: q.list, year: snap.year.name, asOf, school, total: shown.length, students };
}

/** The whole list as a spreadsheet-safe CSV. */
export function studentListCsv(list: StudentList): string {
  const header = ['student_number', 'last_name', 'first_name', 'school_id', 'school', 'grade', 'days_enrolled', 'days_absent', 'absence_rate', 'tier', 'still_enrolled', 'days_can_still_miss'];
  return toSpreadsheetCsv(
    header,
    list.students.map((s) => [s.studentNumber, s.lastName, s.firstName, s.school.code, s.school.name, s.grade, s.daysEnrolled, s.daysAbsent, s.rate, s.tier, s.stillEnrolled ? 'Y' : 'N', s.daysCanStillMiss]),
  );
}
