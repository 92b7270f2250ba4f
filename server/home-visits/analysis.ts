/**
 * What the program shows about itself: coverage (by district, school, grade, class and teacher, and
 * month by month), the cross-section check, and results beside the visits. Each function decides what
 * this person may see: people with student-level access to every student of a row see it whole;
 * everyone else sees district, school and grade rows with small cells suppressed.
 */
import type { Db } from '../db/database.ts';
import type { Actor } from '../auth/actor.ts';
import { AppError } from '../http/errors.ts';
import { getDistrict } from '../districts/commands.ts';
import { visibleStudentIds } from '../auth/scope.ts';
import { recordStudentReads } from '../audit/record.ts';
import { hvScope, seesSchool, type HvScope } from './policy.ts';
import { loadRoster, type RosterStudent, type SchoolRoster } from './families.ts';
import { coverageRows, coverageTimeline, loadClasses, loadCompletedVisits, ratio, suppressCoverage, visitedFamilyKeys, type CompletedVisit, type CoverageRow, type TimelinePoint } from './coverage.ts';
import { crossSection, type CrossSectionResult, type GroupOf, type Stratum } from './cross-section.ts';
import { dayBefore, isChronicallyAbsent, loadAttendanceBook, tierOf } from './attendance.ts';
import { today, type SchoolYear } from './program.ts';
import type { Results } from '../../common/home-visits.ts';

export function defaultAsOf(year: SchoolYear, asOf?: string | null): string {
  if (asOf) {
    if (asOf < year.startDate) throw new AppError('validation_failed', `The date ${asOf} is before the school year ${year.name} begins (${year.startDate}).`, { fields: [{ path: 'asOf', message: 'before the school year' }] });
    return asOf > year.endDate ? year.endDate : asOf;
  }
  const t = today();
  return t < year.endDate ? (t < year.startDate ? year.startDate : t) : year.endDate;
}

async function schoolsWithTargets(db: Db, districtId: number, year: SchoolYear, schoolIds?: number[]) {
  let q = db.selectFrom('schools').select(['id', 'name', 'code']).where('district_id', '=', districtId).where('status', '=', 'active');
  if (schoolIds) q = q.where('id', 'in', schoolIds.length ? schoolIds : [-1]);
  const schools = await q.orderBy('name').execute();
  const district = await getDistrict(db, districtId);
  const programs = await db.selectFrom('hv_programs').select(['school_id', 'coverage_target']).where('district_id', '=', districtId).where('school_year_id', '=', year.id).execute();
  return schools.map((s) => ({ id: s.id, name: s.name, code: s.code, target: programs.find((p) => p.school_id === s.id)?.coverage_target ?? district.settings.homeVisitCoverageTarget }));
}

export interface CoverageReport {
  year: string;
  asOf: string;
  minN: number;
  rows: CoverageRow[];
  timeline: TimelinePoint[];
  /** Rows shown with small cells suppressed (people without student-level access to every student). */
  aggregateOnly: boolean;
}

/** Schools this person sees whole (student-level), and whether they see the district whole. */
function fullSchools(scope: HvScope): number[] | 'all' {
  if (scope.districtWide) return 'all';
  return scope.schoolIds;
}

/**
 * Coverage rows and month-by-month points this person may see. With `schoolId`, the grade, class and
 * teacher rows are that school's (a teacher's row counts only their classes there); the district and
 * school rows, and the timeline, stay whole for comparison.
 */
export async function coverageReport(db: Db, actor: Actor, year: SchoolYear, asOfIn?: string | null, schoolId: number | null = null): Promise<CoverageReport> {
  const asOf = defaultAsOf(year, asOfIn);
  const scope = await hvScope(db, actor, year.id);
  const district = await getDistrict(db, actor.districtId);
  const minN = district.settings.minN;
  const schools = await schoolsWithTargets(db, actor.districtId, year);
  if (schoolId !== null && !schools.some((s) => s.id === schoolId)) throw new AppError('not_found', 'No such school.');
  const roster = await loadRoster(db, actor.districtId, year.id, { asOf });
  const visits = await loadCompletedVisits(db, actor.districtId, year.id);
  const full = fullSchools(scope);
  const inSchool = <T extends { schoolId: number }>(classes: T[]) => (schoolId === null ? classes : classes.filter((k) => k.schoolId === schoolId));
  let rows: CoverageRow[] = [];
  let timeline: TimelinePoint[] = [];
  if (full === 'all') {
    const { classes, teachers } = await loadClasses(db, actor.districtId, year.id, schools.map((s) => s.id));
    rows = coverageRows({ roster, visits, asOf, schools, classes: inSchool(classes), teachers });
    timeline = coverageTimeline(roster, visits, schools, year.startDate, asOf);
  } else {
    const mine = schools.filter((s) => full.includes(s.id));
    if (mine.length) {
      const { classes, teachers } = await loadClasses(db, actor.districtId, year.id, mine.map((s) => s.id));
      rows = coverageRows({ roster, visits, asOf, schools: mine, classes: inSchool(classes), teachers }).filter((r) => r.level !== 'district');
      timeline = coverageTimeline(roster, visits, mine, year.startDate, asOf).filter((p) => p.schoolId !== null);
    }
    // A teacher's own classes, whole: they see those students.
    if (scope.staffId !== null && actor.role === 'teacher') {
      const { classes, teachers } = await loadClasses(db, actor.districtId, year.id, schools.map((s) => s.id));
      const own = inSchool(classes).filter((k) => k.teacherStaffIds.includes(scope.staffId!) && !full.includes(k.schoolId));
      const ownRows = coverageRows({ roster, visits, asOf, schools: schools.filter((s) => own.some((k) => k.schoolId === s.id)), classes: own, teachers }).filter((r) => r.level === 'class' || (r.level === 'teacher' && r.staffId === scope.staffId));
      rows.push(...ownRows);
    }
    // Everyone else's part of the district: aggregates with small cells suppressed.
    const others = schools.filter((s) => !full.includes(s.id));
    const aggregate = suppressCoverage(coverageRows({ roster, visits, asOf, schools, classes: [], teachers: new Map() }), minN).filter((r) => r.level === 'district' || !full.includes(r.schoolId ?? -1));
    rows.push(...aggregate);
    const shownSchools = new Set(aggregate.filter((r) => r.level === 'school' && !r.suppressed).map((r) => r.schoolId));
    const districtShown = aggregate.some((r) => r.level === 'district' && !r.suppressed);
    timeline.push(...coverageTimeline(roster, visits, others, year.startDate, asOf).filter((p) => (p.schoolId === null ? false : shownSchools.has(p.schoolId))));
    if (districtShown) timeline.push(...coverageTimeline(roster, visits, schools, year.startDate, asOf).filter((p) => p.schoolId === null));
  }
  if (schoolId !== null) rows = rows.filter((r) => r.level === 'district' || r.level === 'school' || r.schoolId === schoolId);
  const levelOrder = { district: 0, school: 1, grade: 2, class: 3, teacher: 4 } as const;
  rows.sort((a, b) => levelOrder[a.level] - levelOrder[b.level] || a.label.localeCompare(b.label));
  return { year: year.name, asOf, minN, rows, timeline, aggregateOnly: full !== 'all' && (full as number[]).length === 0 };
}

/** A student's proficiency group before a date: latest English language arts result on or before it. */
async function proficiencyGroups(db: Db, districtId: number, studentIds: number[], until: string): Promise<(studentId: number, date: string) => string> {
  const rows = studentIds.length
    ? await db
        .selectFrom('assessments')
        .select(['student_id', 'administration_date', 'proficient'])
        .where('district_id', '=', districtId)
        .where('subject', '=', 'ela')
        .where('proficient', 'is not', null)
        .where('administration_date', '<=', until)
        .orderBy('administration_date')
        .execute()
    : [];
  const byStudent = new Map<number, Array<{ date: string; proficient: boolean }>>();
  for (const r of rows) (byStudent.get(r.student_id) ?? byStudent.set(r.student_id, []).get(r.student_id)!).push({ date: r.administration_date, proficient: r.proficient === 1 });
  return (id, date) => {
    let latest: boolean | null = null;
    for (const a of byStudent.get(id) ?? []) if (a.date <= date) latest = a.proficient;
    return latest === null ? 'not_tested' : latest ? 'proficient' : 'not_proficient';
  };
}

const flagOf = (v: number) => (v === 1 ? 'Y' : 'N');

function staticKinds(byId: Map<number, RosterStudent>): Array<{ kind: string; groupOf: GroupOf }> {
  const g = (f: (s: RosterStudent) => string): GroupOf => (id) => {
    const s = byId.get(id);
    return s ? f(s) : 'unknown';
  };
  return [
    { kind: 'race', groupOf: g((s) => s.raceEthnicity || 'unknown') },
    { kind: 'sex', groupOf: g((s) => s.sex ?? 'unknown') },
    { kind: 'english_learner', groupOf: g((s) => flagOf(s.englishLearner)) },
    { kind: 'disability', groupOf: g((s) => flagOf(s.disability)) },
    { kind: 'economically_disadvantaged', groupOf: g((s) => flagOf(s.economicallyDisadvantaged)) },
    { kind: 'homeless', groupOf: g((s) => flagOf(s.homeless)) },
    { kind: 'foster', groupOf: g((s) => flagOf(s.foster)) },
    { kind: 'home_language', groupOf: g((s) => (s.homeLanguage ?? 'unknown').toLowerCase()) },
  ];
}

/** First completed visit date per family key. */
function firstVisits(roster: SchoolRoster, visits: readonly CompletedVisit[], asOf: string): Map<string, string> {
  const first = new Map<string, string>();
  for (const v of visits) {
    if (v.date > asOf) continue;
    for (const id of v.studentIds) {
      const f = roster.familyOf(v.schoolId, id);
      if (f && (!first.has(f.key) || v.date < first.get(f.key)!)) first.set(f.key, v.date);
    }
  }
  return first;
}

export interface CrossSectionReport extends CrossSectionResult {
  year: string;
  asOf: string;
  schoolId: number | null;
  schoolName: string | null;
}

/** The cross-section check for one school, or (school null) the district's schools together. */
export async function crossSectionReport(db: Db, actor: Actor, year: SchoolYear, schoolId: number | null, asOfIn?: string | null): Promise<CrossSectionReport> {
  const asOf = defaultAsOf(year, asOfIn);
  const scope = await hvScope(db, actor, year.id);
  if (schoolId === null ? !scope.districtWide : !seesSchool(scope, schoolId)) {
    throw new AppError('forbidden', schoolId === null ? 'The district-wide check is for the district; choose one of your schools.' : 'The cross-section check is for the school\'s coordinators, its staff and the district.', { reason: 'scope' });
  }
  const schools = await schoolsWithTargets(db, actor.districtId, year, schoolId === null ? undefined : [schoolId]);
  if (schoolId !== null && schools.length === 0) throw new AppError('not_found', 'No such school.');
  const roster = await loadRoster(db, actor.districtId, year.id, { asOf, schoolIds: schools.map((s) => s.id) });
  const visits = await loadCompletedVisits(db, actor.districtId, year.id, schools.map((s) => s.id));
  const first = firstVisits(roster, visits, asOf);
  const allStudents = [...roster.students.values()].flat();
  const byId = new Map(allStudents.map((s) => [s.id, s]));
  const ids = [...byId.keys()];
  const book = await loadAttendanceBook(db, actor.districtId, year.id);
  const proficiency = await proficiencyGroups(db, actor.districtId, ids, asOf);
  const kinds = [
    ...staticKinds(byId),
    {
      kind: 'attendance_tier',
      groupOf: ((id: number, date: string) => {
        const c = book.asOf(id, date);
        return c.enrolled < book.minDaysEnrolled ? 'too_early' : tierOf(c.absent, c.enrolled);
      }) as GroupOf,
    },
    { kind: 'proficiency', groupOf: proficiency },
  ];
  const strata: Stratum[] = schools.map((s) => {
    const fams = roster.families.get(s.id) ?? [];
    return { enrolled: fams, visited: fams.filter((f) => first.has(f.key)).map((family) => ({ family, date: first.get(family.key)! })) };
  });
  const tolerance = schoolId === null ? 0.25 : ((await db.selectFrom('hv_programs').select('cross_section_tolerance').where('district_id', '=', actor.districtId).where('school_id', '=', schoolId).where('school_year_id', '=', year.id).executeTakeFirst())?.cross_section_tolerance ?? 0.25);
  const result = crossSection(strata, kinds, tolerance);
  return { ...result, year: year.name, asOf, schoolId, schoolName: schoolId === null ? null : schools[0].name };
}

export const STUDY_CITATION =
  'In a 2016-17 study of more than 100,000 K-8 students in four districts, students whose families had a home visit were about 21% less likely to be chronically absent, and schools that visited at least 10% of their students\' families saw lower chronic absence and more students proficient in English language arts.';
export const CORRELATION_STATEMENT =
  'These figures show a correlation, not proof of cause: families who accept a visit, and the schools that visit them, may differ in other ways that also affect attendance.';

type ResultsGroup = Results['groups'][number];

type BeforeAfter = NonNullable<Results['beforeAfter']['list']>[number];

export type ResultsReport = Results;

const MIN_DAYS_EACH_SIDE = 5;

/** Attendance of students whose families were visited and of those whose families were not, and before/after each first visit. */
export async function resultsReport(db: Db, actor: Actor, year: SchoolYear, schoolId: number | null, asOfIn?: string | null): Promise<ResultsReport> {
  const asOf = defaultAsOf(year, asOfIn);
  const scope = await hvScope(db, actor, year.id);
  const whole = schoolId === null ? scope.districtWide : seesSchool(scope, schoolId);
  if (!whole && actor.role === 'teacher') throw new AppError('forbidden', 'Results beside the visits are for the school\'s coordinators, its staff and the district.', { reason: 'scope' });
  const schools = await schoolsWithTargets(db, actor.districtId, year, schoolId === null ? undefined : [schoolId]);
  if (schoolId !== null && schools.length === 0) throw new AppError('not_found', 'No such school.');
  const district = await getDistrict(db, actor.districtId);
  const roster = await loadRoster(db, actor.districtId, year.id, { asOf, schoolIds: schools.map((s) => s.id) });
  const visits = await loadCompletedVisits(db, actor.districtId, year.id, schools.map((s) => s.id));
  const visited = visitedFamilyKeys(roster, visits, asOf);
  const first = firstVisits(roster, visits, asOf);
  const students = new Map<number, { s: RosterStudent; visitedOn: string | null }>();
  for (const [sid, list] of roster.students) {
    for (const s of list) {
      const f = roster.familyOf(sid, s.id);
      const date = f && visited.has(f.key) ? first.get(f.key)! : null;
      const prev = students.get(s.id);
      if (!prev || (date && (!prev.visitedOn || date < prev.visitedOn))) students.set(s.id, { s, visitedOn: date });
    }
  }
  const book = await loadAttendanceBook(db, actor.districtId, year.id);
  const groups: ResultsGroup[] = [true, false].map((isVisited) => {
    let n = 0, eligible = 0, chronic = 0, enrolled = 0, absent = 0;
    for (const { visitedOn, s } of students.values()) {
      if ((visitedOn !== null) !== isVisited) continue;
      n++;
      const c = book.asOf(s.id, asOf);
      enrolled += c.enrolled;
      absent += c.absent;
      if (c.enrolled >= book.minDaysEnrolled) {
        eligible++;
        if (isChronicallyAbsent(c.absent, c.enrolled)) chronic++;
      }
    }
    return { visited: isVisited, students: n, eligible, chronicallyAbsent: chronic, chronicRate: ratio(chronic, eligible), daysEnrolled: enrolled, daysAbsent: absent, attendanceRate: ratio(enrolled - absent, enrolled), suppressed: false };
  });
  const list: BeforeAfter[] = [];
  for (const { s, visitedOn } of students.values()) {
    if (!visitedOn) continue;
    const before = book.between(s.id, null, dayBefore(visitedOn));
    const after = book.between(s.id, visitedOn, asOf);
    if (before.enrolled < MIN_DAYS_EACH_SIDE || after.enrolled < MIN_DAYS_EACH_SIDE) continue;
    list.push({
      studentId: s.id,
      name: `${s.firstName} ${s.lastName}`,
      schoolId: s.schoolId,
      firstVisitDate: visitedOn,
      before: { ...before, rate: ratio(before.enrolled - before.absent, before.enrolled) },
      after: { ...after, rate: ratio(after.enrolled - after.absent, after.enrolled) },
    });
  }
  list.sort((a, b) => a.name.localeCompare(b.name));
  const mean = (xs: number[]) => (xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10000) / 10000 : null);
  const ba = {
    students: list.length,
    meanRateBefore: mean(list.map((x) => x.before.rate ?? 0)),
    meanRateAfter: mean(list.map((x) => x.after.rate ?? 0)),
    higherAfter: list.filter((x) => (x.after.rate ?? 0) > (x.before.rate ?? 0)).length,
    lowerAfter: list.filter((x) => (x.after.rate ?? 0) < (x.before.rate ?? 0)).length,
    suppressed: false,
    list: list as BeforeAfter[] | null,
  };
  if (!whole) {
    // Aggregates only: the visited and not-visited cells partition the students, so one withheld cell withholds the other.
    const minN = district.settings.minN;
    if (groups.some((g) => (g.students ?? 0) < minN)) for (const g of groups) Object.assign(g, { students: null, eligible: null, chronicallyAbsent: null, chronicRate: null, daysEnrolled: null, daysAbsent: null, attendanceRate: null, suppressed: true });
    ba.list = null;
    if (list.length < minN) Object.assign(ba, { students: null, meanRateBefore: null, meanRateAfter: null, higherAfter: null, lowerAfter: null, suppressed: true });
  } else {
    // Only students this person may see are listed by name.
    if (!scope.districtWide) {
      const ids = list.map((x) => x.studentId);
      const ok = new Set(ids.length ? (await db.selectFrom('students').select('id').where('district_id', '=', actor.districtId).where('id', 'in', ids).where('id', 'in', visibleStudentIds(db, actor)).execute()).map((r) => r.id) : []);
      ba.list = list.filter((x) => ok.has(x.studentId));
    }
    await recordStudentReads(db, actor, (ba.list ?? []).map((x) => x.studentId), 'home-visit results');
  }
  return { year: year.name, asOf, schoolId, groups, beforeAfter: ba, minDaysEachSide: MIN_DAYS_EACH_SIDE, statement: CORRELATION_STATEMENT, study: STUDY_CITATION, hasAttendance: book.hasData };
}
