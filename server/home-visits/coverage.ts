/**
 * Coverage: students whose family had a completed visit, and families visited, by district, school,
 * grade, class and teacher; which schools reached their target (10% of families by default); coverage
 * month by month. Pure functions over a loaded roster, plus the loader.
 */
import type { Db } from '../db/database.ts';
import type { SchoolRoster } from './families.ts';

export interface CompletedVisit {
  schoolId: number;
  date: string;
  studentIds: number[];
}

export interface CoverageCounts {
  students: number;
  studentsVisited: number;
  families: number;
  familiesVisited: number;
  /** studentsVisited / students, 4 decimals; null with no students. */
  rate: number | null;
  /** familiesVisited / families, 4 decimals; null with no families. */
  familyRate: number | null;
}

export function ratio(n: number, d: number): number | null {
  return d > 0 ? Math.round((n / d) * 10000) / 10000 : null;
}

/** Keys of the families with a completed visit on or before `asOf`. */
export function visitedFamilyKeys(roster: Pick<SchoolRoster, 'familyOf'>, visits: readonly CompletedVisit[], asOf: string): Set<string> {
  const out = new Set<string>();
  for (const v of visits) {
    if (v.date > asOf) continue;
    for (const id of v.studentIds) {
      const f = roster.familyOf(v.schoolId, id);
      if (f) out.add(f.key);
    }
  }
  return out;
}

/**
 * Counts for a set of (school, student) memberships: each student once; each family of each school
 * once (across the district, a family with children at two schools is a family of each).
 */
export function countCoverage(members: Iterable<{ schoolId: number; studentId: number }>, familyOf: SchoolRoster['familyOf'], visited: ReadonlySet<string>): CoverageCounts {
  const students = new Set<number>();
  const visitedStudents = new Set<number>();
  const families = new Set<string>();
  const visitedFams = new Set<string>();
  for (const m of members) {
    const f = familyOf(m.schoolId, m.studentId);
    if (!f) continue;
    students.add(m.studentId);
    families.add(f.key);
    if (visited.has(f.key)) {
      visitedStudents.add(m.studentId);
      visitedFams.add(f.key);
    }
  }
  return {
    students: students.size,
    studentsVisited: visitedStudents.size,
    families: families.size,
    familiesVisited: visitedFams.size,
    rate: ratio(visitedStudents.size, students.size),
    familyRate: ratio(visitedFams.size, families.size),
  };
}

export interface ClassInfo {
  id: number;
  title: string;
  schoolId: number;
  teacherStaffIds: number[];
  studentIds: number[];
}

export interface CoverageRow extends CoverageCounts {
  level: 'district' | 'school' | 'grade' | 'class' | 'teacher';
  schoolId: number | null;
  label: string;
  grade: string | null;
  classId: number | null;
  staffId: number | null;
  /** At school level: whether the school reached its program's target share of families. */
  target: number | null;
  reachedTarget: boolean | null;
  suppressed: boolean;
}

export interface CoverageInput {
  roster: SchoolRoster;
  visits: CompletedVisit[];
  asOf: string;
  schools: Array<{ id: number; name: string; target: number }>;
  classes: ClassInfo[];
  teachers: Map<number, string>;
}

const blank = { target: null, reachedTarget: null, suppressed: false, grade: null, classId: null, staffId: null };

/** Every coverage row: the district, each school (with its target), each grade of each school, each class and teacher. */
export function coverageRows(input: CoverageInput): CoverageRow[] {
  const { roster, asOf } = input;
  const visited = visitedFamilyKeys(roster, input.visits, asOf);
  const rows: CoverageRow[] = [];
  const all: Array<{ schoolId: number; studentId: number }> = [];
  for (const school of input.schools) {
    const students = roster.students.get(school.id) ?? [];
    const members = students.map((s) => ({ schoolId: school.id, studentId: s.id }));
    all.push(...members);
    const c = countCoverage(members, roster.familyOf, visited);
    rows.push({ ...blank, ...c, level: 'school', schoolId: school.id, label: school.name, target: school.target, reachedTarget: c.families > 0 ? c.familiesVisited >= school.target * c.families - 1e-9 : false });
    const grades = [...new Set(students.map((s) => s.grade))].sort(gradeCompare);
    for (const g of grades) {
      const gm = students.filter((s) => s.grade === g).map((s) => ({ schoolId: school.id, studentId: s.id }));
      rows.push({ ...blank, ...countCoverage(gm, roster.familyOf, visited), level: 'grade', schoolId: school.id, label: `${school.name} · ${g}`, grade: g });
    }
  }
  // District: each school's families count at that school; each student once.
  rows.unshift({ ...blank, ...countCoverage(all, roster.familyOf, visited), level: 'district', schoolId: null, label: 'District' });
  const schoolIds = new Set(input.schools.map((s) => s.id));
  for (const k of input.classes) {
    if (!schoolIds.has(k.schoolId)) continue;
    rows.push({ ...blank, ...countCoverage(k.studentIds.map((id) => ({ schoolId: k.schoolId, studentId: id })), roster.familyOf, visited), level: 'class', schoolId: k.schoolId, label: k.title, classId: k.id });
  }
  // A teacher's row counts the students of their classes given; it names the school when those classes are all at one.
  const byTeacher = new Map<number, { members: Array<{ schoolId: number; studentId: number }>; schools: Set<number> }>();
  for (const k of input.classes) {
    if (!schoolIds.has(k.schoolId)) continue;
    for (const t of k.teacherStaffIds) {
      const entry = byTeacher.get(t) ?? { members: [], schools: new Set<number>() };
      for (const id of k.studentIds) entry.members.push({ schoolId: k.schoolId, studentId: id });
      entry.schools.add(k.schoolId);
      byTeacher.set(t, entry);
    }
  }
  for (const [staffId, { members, schools }] of byTeacher) {
    rows.push({ ...blank, ...countCoverage(members, roster.familyOf, visited), level: 'teacher', schoolId: schools.size === 1 ? [...schools][0] : null, label: input.teachers.get(staffId) ?? `#${staffId}`, staffId });
  }
  return rows;
}


const GRADES = ['PK', 'TK', 'KG', '01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'];
export function gradeCompare(a: string, b: string): number {
  const ia = GRADES.indexOf(a);
  const ib = GRADES.indexOf(b);
  return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
}

/**
 * Small-cell suppression for people without student-level access (PRODUCT.md): a row with fewer
 * students than `minN` is withheld, counts and rates alike; and when one school of the district, or
 * one grade of a school, is withheld, the next smallest of the same partition is too, so no withheld
 * value can be recovered by subtracting shown rows from their total. Class and teacher rows do not
 * partition students (a student has several classes) and are never shown to such people.
 */
export function suppressCoverage(rows: CoverageRow[], minN: number): CoverageRow[] {
  const out = rows.filter((r) => r.level === 'district' || r.level === 'school' || r.level === 'grade').map((r) => ({ ...r }));
  for (const r of out) if (r.students < minN) r.suppressed = true;
  const partitions: CoverageRow[][] = [out.filter((r) => r.level === 'school')];
  for (const s of out.filter((r) => r.level === 'school')) partitions.push(out.filter((r) => r.level === 'grade' && r.schoolId === s.schoolId));
  let changed = true;
  while (changed) {
    changed = false;
    // A withheld school withholds its grades' sum too: its grade rows partition a withheld total, which is fine.
    for (const cells of partitions) {
      const hidden = cells.filter((c) => c.suppressed);
      if (hidden.length !== 1) continue;
      const next = cells.filter((c) => !c.suppressed).sort((a, b) => a.students - b.students)[0];
      if (next) {
        next.suppressed = true;
        changed = true;
      }
    }
  }
  for (const r of out) {
    if (!r.suppressed) continue;
    r.students = r.studentsVisited = r.families = r.familiesVisited = 0;
    r.rate = r.familyRate = null;
    r.reachedTarget = null;
  }
  return out;
}

export interface TimelinePoint {
  month: string;
  asOf: string;
  schoolId: number | null;
  studentsVisited: number;
  familiesVisited: number;
  students: number;
  families: number;
}

/** Coverage at the end of each month from the year's start to `asOf`, for the district and each school. */
export function coverageTimeline(roster: SchoolRoster, visits: readonly CompletedVisit[], schools: Array<{ id: number }>, startDate: string, asOf: string): TimelinePoint[] {
  const points: TimelinePoint[] = [];
  for (const month of monthsFrom(startDate, asOf)) {
    const end = lastDayOf(month) < asOf ? lastDayOf(month) : asOf;
    const visited = visitedFamilyKeys(roster, visits, end);
    const all: Array<{ schoolId: number; studentId: number }> = [];
    for (const s of schools) {
      const members = (roster.students.get(s.id) ?? []).map((st) => ({ schoolId: s.id, studentId: st.id }));
      all.push(...members);
      const c = countCoverage(members, roster.familyOf, visited);
      points.push({ month, asOf: end, schoolId: s.id, studentsVisited: c.studentsVisited, familiesVisited: c.familiesVisited, students: c.students, families: c.families });
    }
    const d = countCoverage(all, roster.familyOf, visited);
    points.push({ month, asOf: end, schoolId: null, studentsVisited: d.studentsVisited, familiesVisited: d.familiesVisited, students: d.students, families: d.families });
  }
  return points;
}

export function monthsFrom(start: string, end: string): string[] {
  const out: string[] = [];
  let [y, m] = start.slice(0, 7).split('-').map(Number);
  while (`${y}-${String(m).padStart(2, '0')}` <= end.slice(0, 7)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    if (++m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

export function lastDayOf(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** Completed visits of the year with the students they covered. */
export async function loadCompletedVisits(db: Db, districtId: number, yearId: number, schoolIds?: number[]): Promise<CompletedVisit[]> {
  let q = db
    .selectFrom('hv_visits')
    .innerJoin('hv_visit_students', (j) => j.onRef('hv_visit_students.visit_id', '=', 'hv_visits.id').onRef('hv_visit_students.district_id', '=', 'hv_visits.district_id'))
    .select(['hv_visits.id', 'hv_visits.school_id', 'hv_visits.visit_date', 'hv_visit_students.student_id'])
    .where('hv_visits.district_id', '=', districtId)
    .where('hv_visits.school_year_id', '=', yearId)
    .where('hv_visits.status', '=', 'completed');
  if (schoolIds) q = q.where('hv_visits.school_id', 'in', schoolIds.length ? schoolIds : [-1]);
  const rows = await q.execute();
  const byVisit = new Map<number, CompletedVisit>();
  for (const r of rows) {
    const v = byVisit.get(r.id) ?? { schoolId: r.school_id, date: r.visit_date, studentIds: [] };
    v.studentIds.push(r.student_id);
    byVisit.set(r.id, v);
  }
  return [...byVisit.values()];
}

export async function loadClasses(db: Db, districtId: number, yearId: number, schoolIds: number[]): Promise<{ classes: ClassInfo[]; teachers: Map<number, string> }> {
  if (schoolIds.length === 0) return { classes: [], teachers: new Map() };
  const classRows = await db
    .selectFrom('classes')
    .select(['id', 'title', 'school_id'])
    .where('district_id', '=', districtId)
    .where('school_id', 'in', schoolIds)
    .where('status', '=', 'active')
    .where((eb) => eb.or([eb('school_year_id', '=', yearId), eb('school_year_id', 'is', null)]))
    .execute();
  const ids = classRows.map((c) => c.id);
  if (ids.length === 0) return { classes: [], teachers: new Map() };
  const members = await db.selectFrom('class_students').select(['class_id', 'student_id']).where('district_id', '=', districtId).where('class_id', 'in', ids).where('status', '=', 'active').execute();
  const teachers = await db
    .selectFrom('class_teachers')
    .innerJoin('staff', 'staff.id', 'class_teachers.staff_id')
    .select(['class_teachers.class_id', 'staff.id', 'staff.first_name', 'staff.last_name'])
    .where('class_teachers.district_id', '=', districtId)
    .where('class_teachers.class_id', 'in', ids)
    .where('class_teachers.status', '=', 'active')
    .execute();
  const names = new Map<number, string>();
  for (const t of teachers) names.set(t.id, `${t.first_name} ${t.last_name}`);
  const studentsOf = new Map<number, number[]>();
  for (const m of members) (studentsOf.get(m.class_id) ?? studentsOf.set(m.class_id, []).get(m.class_id)!).push(m.student_id);
  const teachersOf = new Map<number, number[]>();
  for (const t of teachers) (teachersOf.get(t.class_id) ?? teachersOf.set(t.class_id, []).get(t.class_id)!).push(t.id);
  return {
    classes: classRows.map((c) => ({ id: c.id, title: c.title, schoolId: c.school_id, teacherStaffIds: teachersOf.get(c.id) ?? [], studentIds: studentsOf.get(c.id) ?? [] })),
    teachers: names,
  };
}

