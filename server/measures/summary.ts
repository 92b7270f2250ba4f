/**
 * The per-student, per-school, per-year summary every attendance measure is computed from
 * (measure_student_years): enrollment spans, the absence dates that count and the absence records
 * that do not (not an instructional day, or outside enrollment). Rebuilt for the school years and
 * schools an import touched, in one transaction, so figures are fresh when the import says it is done.
 *
 * Which absences count follows PRODUCT.md: a full-day absence of any kind (excused, unexcused,
 * out-of-school suspension) on an instructional day of the school within one of the student's
 * enrollment spans there; several records for one date count once; partial-day records are kept with
 * their minutes and count only when the district sets a threshold (decided when figures are computed,
 * so changing the threshold needs no recompute).
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { bumpVersion } from './registry.ts';
import { dayOf } from './dates.ts';

export const FULL_DAY_ABSENCES = ['absent_excused', 'absent_unexcused', 'suspension_out_of_school'] as const;

export interface RecomputeScope {
  /** School years to rebuild (default: every year of the district). */
  yearIds?: number[];
  /** Schools to rebuild (default: every school). */
  schoolIds?: number[];
}

export interface RecomputeResult {
  years: number;
  rows: number;
  absenceRecords: number;
  ms: number;
}

interface SpanRow {
  entry: string;
  exit: string | null;
  grade: string;
}

interface Acc {
  spans: SpanRow[];
  /** date → the entry ('DATE' for a full day, 'DATE~minutes' for a partial day) */
  absences: Map<string, string>;
  ignored: string[];
  totals: { enrolled: number; absent: number } | null;
}

const INSERT_BATCH = 3000;

/** Rebuilds the summary for the given years and schools of a district; returns what it did. */
/** Progress of a recompute: a message, and school years done out of the total. */
export type RecomputeProgress = (message: string, done: number, total: number) => void;

export async function recomputeSummary(db: Db, districtId: number, scope: RecomputeScope = {}, progress?: RecomputeProgress): Promise<RecomputeResult> {
  const started = Date.now();
  let yearsQuery = db.selectFrom('school_years').select(['id', 'name', 'start_date', 'end_date']).where('district_id', '=', districtId).orderBy('start_date');
  if (scope.yearIds) {
    if (scope.yearIds.length === 0) return { years: 0, rows: 0, absenceRecords: 0, ms: 0 };
    yearsQuery = yearsQuery.where('id', 'in', scope.yearIds);
  }
  const years = await yearsQuery.execute();
  const schoolIds = scope.schoolIds && scope.schoolIds.length > 0 ? [...new Set(scope.schoolIds)] : null;
  let rows = 0;
  let absenceRecords = 0;
  for (const [i, year] of years.entries()) {
    progress?.(`Measures: reading ${year.name}…`, i, years.length);
    const built = await buildYear(db, districtId, year, schoolIds);
    absenceRecords += built.absenceRecords;
    progress?.(`Measures: writing ${built.rows.length} student summaries for ${year.name}…`, i, years.length);
    await db.transaction().execute(async (trx) => {
      let del = trx.deleteFrom('measure_student_years').where('district_id', '=', districtId).where('school_year_id', '=', year.id);
      if (schoolIds) del = del.where('school_id', 'in', schoolIds);
      await del.execute();
      for (let i = 0; i < built.rows.length; i += INSERT_BATCH) {
        await trx.insertInto('measure_student_years').values(built.rows.slice(i, i + INSERT_BATCH)).execute();
      }
      await bumpVersion(trx, districtId, `year:${year.id}`);
    });
    rows += built.rows.length;
    progress?.(`Measures: ${year.name} done.`, i + 1, years.length);
  }
  return { years: years.length, rows, absenceRecords, ms: Date.now() - started };
}

async function buildYear(db: Db, districtId: number, year: { id: number; start_date: string; end_date: string }, schoolIds: number[] | null) {
  // Instructional days per school.
  let cal = db
    .selectFrom('calendar_days')
    .select(['school_id', 'date'])
    .where('district_id', '=', districtId)
    .where('school_year_id', '=', year.id)
    .where('instructional', '=', 1);
  if (schoolIds) cal = cal.where('school_id', 'in', schoolIds);
  const instructional = new Map<number, Set<number>>();
  for (const r of await cal.execute()) {
    let set = instructional.get(r.school_id);
    if (!set) instructional.set(r.school_id, (set = new Set()));
    set.add(dayOf(r.date));
  }

  const acc = new Map<string, Acc>();
  const get = (schoolId: number, studentId: number): Acc => {
    const key = `${schoolId}:${studentId}`;
    let a = acc.get(key);
    if (!a) acc.set(key, (a = { spans: [], absences: new Map(), ignored: [], totals: null }));
    return a;
  };

  let enr = db
    .selectFrom('enrollments')
    .select(['student_id', 'school_id', 'grade', 'entry_date', 'exit_date'])
    .where('district_id', '=', districtId)
    .where('school_year_id', '=', year.id)
    .where('status', '=', 'active');
  if (schoolIds) enr = enr.where('school_id', 'in', schoolIds);
  for (const e of await enr.execute()) {
    if (e.exit_date !== null && e.exit_date < e.entry_date) continue;
    get(e.school_id, e.student_id).spans.push({ entry: e.entry_date, exit: e.exit_date, grade: e.grade });
  }
  for (const a of acc.values()) a.spans.sort((x, y) => (x.entry < y.entry ? -1 : x.entry > y.entry ? 1 : 0));

  // Only absence records, through the partial index attendance_records_absences (whose condition
  // this repeats word for word, and which holds every column read here), one row per student and
  // school: 'DATE' for a full-day absence, 'DATE~minutes' for a partial day (string_agg is standard
  // SQL that SQLite and PostgreSQL both speak).
  let att = db
    .selectFrom('attendance_records')
    .select([
      'student_id',
      'school_id',
      sql<string>`string_agg(case when status = 'partial' then cast(date as text) || '~' || cast(coalesce(minutes_absent, 0) as text) else cast(date as text) end, ',')`.as('entries'),
    ])
    .where('district_id', '=', districtId)
    .where('date', '>=', year.start_date)
    .where('date', '<=', year.end_date)
    .where(sql<boolean>`status in ('absent_excused', 'absent_unexcused', 'suspension_out_of_school', 'partial')`)
    .groupBy(['student_id', 'school_id']);
  if (schoolIds) att = att.where('school_id', 'in', schoolIds);
  let absenceRecords = 0;
  for (const r of await att.execute()) {
    const a = get(r.school_id, r.student_id);
    const days = instructional.get(r.school_id);
    for (const entry of r.entries.split(',')) {
      absenceRecords++;
      const date = entry.slice(0, 10);
      if (entry.length > 10 && Number(entry.slice(11)) <= 0) continue; // a partial day without minutes never counts
      if (!days?.has(dayOf(date))) {
        a.ignored.push(`n:${entry}`);
        continue;
      }
      if (!a.spans.some((s) => s.entry <= date && (s.exit === null || date <= s.exit))) {
        a.ignored.push(`o:${entry}`);
        continue;
      }
      // Several records for one date count once; a full-day record wins over a partial one, and the
      // largest partial absence is kept.
      const prev = a.absences.get(date);
      if (prev === undefined || (prev.includes('~') && (!entry.includes('~') || minutes(entry) > minutes(prev)))) a.absences.set(date, entry);
    }
  }

  // Attendance totals apply where the school keeps no daily records for the year.
  let tot = db
    .selectFrom('attendance_totals')
    .select(['student_id', 'school_id', 'days_enrolled', 'days_absent'])
    .where('district_id', '=', districtId)
    .where('school_year_id', '=', year.id);
  if (schoolIds) tot = tot.where('school_id', 'in', schoolIds);
  const totals = await tot.execute();
  const dailySchools = new Map<number, boolean>();
  for (const t of totals) {
    let daily = dailySchools.get(t.school_id);
    if (daily === undefined) {
      const any = await db
        .selectFrom('attendance_records')
        .select('student_id')
        .where('district_id', '=', districtId)
        .where('school_id', '=', t.school_id)
        .where('date', '>=', year.start_date)
        .where('date', '<=', year.end_date)
        .limit(1)
        .executeTakeFirst();
      daily = !!any;
      dailySchools.set(t.school_id, daily);
    }
    if (!daily) get(t.school_id, t.student_id).totals = { enrolled: t.days_enrolled, absent: t.days_absent };
  }

  // Records of students or schools no longer on the roster have nothing to count against.
  const students = new Set((await db.selectFrom('students').select('id').where('district_id', '=', districtId).execute()).map((r) => r.id));
  const schools = new Set((await db.selectFrom('schools').select('id').where('district_id', '=', districtId).execute()).map((r) => r.id));
  const out = [];
  for (const [key, a] of acc) {
    const [schoolId, studentId] = key.split(':').map(Number);
    if (!students.has(studentId) || !schools.has(schoolId)) continue;
    const absences = [...a.absences.entries()].sort((x, y) => (x[0] < y[0] ? -1 : 1)).map((e) => e[1]);
    out.push({
      district_id: districtId,
      school_year_id: year.id,
      school_id: schoolId,
      student_id: studentId,
      spans: JSON.stringify(a.spans.map((s) => [s.entry, s.exit, s.grade])),
      absences: absences.join(','),
      ignored: a.ignored.sort().join(','),
      totals_enrolled: a.totals?.enrolled ?? null,
      totals_absent: a.totals?.absent ?? null,
    });
  }
  return { rows: out, absenceRecords };
}

function minutes(entry: string): number {
  const i = entry.indexOf('~');
  return i < 0 ? Infinity : Number(entry.slice(i + 1));
}
