/**
 * A school year's population held in memory: every student's enrollment spans and counted absences
 * per school (from the summary table), the schools' instructional days and the students' groups.
 * From it, the records of every student as of any date are computed in milliseconds (./views.ts).
 *
 * Loaded once per version of the district's figures and kept per process; every request checks the
 * versions (one small query) so a recompute in another process (an import from the command line) is
 * seen at once.
 */
import type { Db } from '../db/database.ts';
import { parseDistrictSettings, type DistrictSettings } from '../districts/settings.ts';
import { AppError } from '../http/errors.ts';
import { dayOf } from './dates.ts';
import { codeGroups, groupValues, type GroupCoding } from './groups.ts';
import type { MeasureYear } from './registry.ts';
import { recomputeSummary } from './summary.ts';

export interface Span {
  entry: number;
  /** Last day enrolled; Infinity while still enrolled. */
  exit: number;
  grade: string;
}

export interface SchoolRecord {
  studentId: number;
  schoolId: number;
  /** Sorted by entry. */
  spans: Span[];
  /** Merged, non-overlapping [first, last] day ranges of the spans, for counting days. */
  ranges: Array<[number, number]>;
  /** Counted absence days under the district's partial-day threshold, sorted, distinct. */
  absences: Int32Array;
  totals: { enrolled: number; absent: number } | null;
}

export interface SnapshotSchool {
  id: number;
  code: string;
  name: string;
  /** Instructional days, sorted. */
  days: Int32Array;
}

export interface Snapshot {
  districtId: number;
  year: MeasureYear;
  settings: DistrictSettings;
  /** The versions this snapshot was built from. */
  stamp: string;
  schools: Map<number, SnapshotSchool>;
  /** First and last instructional day across the district's calendars (null: no calendar). */
  firstDay: number | null;
  lastDay: number | null;
  records: SchoolRecord[];
  /** Record indices per student. */
  byStudent: Map<number, number[]>;
  /** Group values per student (GROUP_KINDS order), and the same as codes. */
  groups: Map<number, string[]>;
  coding: GroupCoding;
  /** Absence records that do not count, by day: not an instructional day / outside enrollment. */
  ignoredNonInstructional: Int32Array;
  ignoredOutsideEnrollment: Int32Array;
}

const cache = new Map<string, Snapshot>();
const MAX_CACHED = 12;

export interface YearRow {
  id: number;
  name: string;
  start_date: string;
  end_date: string;
}

export interface Versions {
  /** scope → version (see tables.ts) */
  versions: Map<string, number>;
  settings: DistrictSettings;
}

/** The versions of a district's figures and its settings: two small queries per request. */
export async function readVersions(db: Db, districtId: number): Promise<Versions> {
  const [rows, district] = await Promise.all([
    db.selectFrom('measure_versions').select(['scope', 'version']).where('district_id', '=', districtId).execute(),
    db.selectFrom('districts').select('settings').where('id', '=', districtId).executeTakeFirst(),
  ]);
  if (!district) throw new AppError('not_found', 'No such district.');
  return { versions: new Map(rows.map((r) => [r.scope, r.version])), settings: parseDistrictSettings(district.settings) };
}

function snapshotStamp(v: Versions, yearId: number): string {
  return `year=${v.versions.get(`year:${yearId}`)}&roster=${v.versions.get('roster') ?? 0}|${JSON.stringify(v.settings)}`;
}

/** The snapshot of a school year, loaded (and, the first time ever, computed) when needed. */
export async function getSnapshot(db: Db, districtId: number, year: YearRow, known?: Versions): Promise<Snapshot> {
  let v = known ?? (await readVersions(db, districtId));
  if (!v.versions.has(`year:${year.id}`)) {
    await recomputeSummary(db, districtId, { yearIds: [year.id] });
    v = await readVersions(db, districtId);
  }
  const stamp = snapshotStamp(v, year.id);
  const key = `${districtId}:${year.id}`;
  const hit = cache.get(key);
  if (hit && hit.stamp === stamp) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const snap = await loadSnapshot(db, districtId, { id: year.id, name: year.name, startDate: year.start_date, endDate: year.end_date }, v.settings, stamp);
  cache.set(key, snap);
  while (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value as string);
  return snap;
}

/** Forgets every cached snapshot (tests, benchmarks). */
export function clearSnapshotCache(): void {
  cache.clear();
}

function parseAbsences(text: string, threshold: number | null): Int32Array {
  if (!text) return new Int32Array(0);
  const days: number[] = [];
  for (const entry of text.split(',')) {
    const tilde = entry.indexOf('~');
    if (tilde < 0) days.push(dayOf(entry));
    else if (threshold !== null && Number(entry.slice(tilde + 1)) >= threshold) days.push(dayOf(entry.slice(0, tilde)));
  }
  // Entries are distinct dates in date order already.
  return Int32Array.from(days);
}

function mergeRanges(spans: Span[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && s.entry <= last[1] + 1) last[1] = Math.max(last[1], s.exit);
    else out.push([s.entry, s.exit]);
  }
  return out;
}

async function loadSnapshot(db: Db, districtId: number, year: MeasureYear, settings: DistrictSettings, stamp: string): Promise<Snapshot> {
  const [schoolRows, calRows, summary, studentRows] = await Promise.all([
    db.selectFrom('schools').select(['id', 'code', 'name']).where('district_id', '=', districtId).execute(),
    db
      .selectFrom('calendar_days')
      .select(['school_id', 'date'])
      .where('district_id', '=', districtId)
      .where('school_year_id', '=', year.id)
      .where('instructional', '=', 1)
      .orderBy('school_id')
      .orderBy('date')
      .execute(),
    db
      .selectFrom('measure_student_years')
      .select(['school_id', 'student_id', 'spans', 'absences', 'ignored', 'totals_enrolled', 'totals_absent'])
      .where('district_id', '=', districtId)
      .where('school_year_id', '=', year.id)
      .execute(),
    db
      .selectFrom('students')
      .select(['id', 'status', 'race_ethnicity', 'sex', 'english_learner', 'disability', 'economically_disadvantaged', 'homeless', 'foster', 'home_language'])
      .where('district_id', '=', districtId)
      .execute(),
  ]);
  const daysBySchool = new Map<number, number[]>();
  for (const r of calRows) {
    let list = daysBySchool.get(r.school_id);
    if (!list) daysBySchool.set(r.school_id, (list = []));
    list.push(dayOf(r.date));
  }
  const schools = new Map<number, SnapshotSchool>();
  let firstDay: number | null = null;
  let lastDay: number | null = null;
  for (const s of schoolRows) {
    const days = Int32Array.from(daysBySchool.get(s.id) ?? []);
    schools.set(s.id, { id: s.id, code: s.code, name: s.name, days });
    if (days.length) {
      firstDay = firstDay === null ? days[0] : Math.min(firstDay, days[0]);
      lastDay = lastDay === null ? days[days.length - 1] : Math.max(lastDay, days[days.length - 1]);
    }
  }
  const groups = new Map<number, string[]>();
  for (const s of studentRows) if (s.status === 'active') groups.set(s.id, groupValues(s));

  const threshold = settings.partialDayThresholdMinutes;
  const records: SchoolRecord[] = [];
  const byStudent = new Map<number, number[]>();
  const ignoredN: number[] = [];
  const ignoredO: number[] = [];
  for (const r of summary) {
    if (r.ignored) {
      for (const entry of r.ignored.split(',')) {
        const tilde = entry.indexOf('~');
        if (tilde >= 0 && (threshold === null || Number(entry.slice(tilde + 1)) < threshold)) continue;
        const day = dayOf(entry.slice(2, 12));
        (entry[0] === 'n' ? ignoredN : ignoredO).push(day);
      }
    }
    if (!groups.has(r.student_id)) continue; // deleted students are out of every measure
    const spans: Span[] = (JSON.parse(r.spans) as Array<[string, string | null, string]>).map(([entry, exit, grade]) => ({
      entry: dayOf(entry),
      exit: exit === null ? Infinity : dayOf(exit),
      grade,
    }));
    if (spans.length === 0) continue;
    const idx = records.length;
    records.push({
      studentId: r.student_id,
      schoolId: r.school_id,
      spans,
      ranges: mergeRanges(spans),
      absences: parseAbsences(r.absences, threshold),
      totals: r.totals_enrolled !== null && r.totals_absent !== null ? { enrolled: r.totals_enrolled, absent: r.totals_absent } : null,
    });
    const list = byStudent.get(r.student_id);
    if (list) list.push(idx);
    else byStudent.set(r.student_id, [idx]);
  }
  ignoredN.sort((a, b) => a - b);
  ignoredO.sort((a, b) => a - b);
  return {
    districtId,
    year,
    settings,
    stamp,
    schools,
    firstDay,
    lastDay,
    records,
    byStudent,
    groups,
    coding: codeGroups(groups),
    ignoredNonInstructional: Int32Array.from(ignoredN),
    ignoredOutsideEnrollment: Int32Array.from(ignoredO),
  };
}
