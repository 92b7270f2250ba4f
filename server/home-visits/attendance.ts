/**
 * Attendance as of any date, for the cross-section check (tier as of the visit date) and for results
 * beside the visits (before and after a first visit). Follows PRODUCT.md's rules: days enrolled are the
 * school's instructional days within the student's enrollment spans; days absent are distinct such
 * days with a full-day absence (excused, unexcused, out-of-school suspension), or a partial-day record
 * at or over the district's threshold. A student at several schools has days summed across them.
 *
 * A small home-visits function until the shared measures engine offers per-date student records to
 * other capabilities; the tier and chronic-absence rules are the same.
 */
import type { Db } from '../db/database.ts';
import { parseDistrictSettings } from '../districts/settings.ts';

const FULL_DAY = ['absent_excused', 'absent_unexcused', 'suspension_out_of_school'];

export type Tier = 'satisfactory' | 'at_risk' | 'moderate' | 'severe';
export const TIER_ORDER: readonly Tier[] = ['satisfactory', 'at_risk', 'moderate', 'severe'];

/** Satisfactory < 5%; at risk 5% to < 10%; moderate chronic 10% to < 20%; severe chronic ≥ 20%. */
export function tierOf(daysAbsent: number, daysEnrolled: number): Tier {
  if (5 * daysAbsent >= daysEnrolled) return 'severe';
  if (10 * daysAbsent >= daysEnrolled) return 'moderate';
  if (20 * daysAbsent >= daysEnrolled) return 'at_risk';
  return 'satisfactory';
}

export function isChronicallyAbsent(daysAbsent: number, daysEnrolled: number): boolean {
  return 10 * daysAbsent >= daysEnrolled;
}

export interface AttendanceCounts {
  enrolled: number;
  absent: number;
}

/** Each student's instructional days enrolled and absence days (sorted 'YYYY-MM-DD'). */
export interface AttendanceBook {
  minDaysEnrolled: number;
  /** Counts in the closed range [from, to] of dates (either end open when null). */
  between(studentId: number, from: string | null, to: string | null): AttendanceCounts;
  /** Year to date as of `date`. */
  asOf(studentId: number, date: string): AttendanceCounts;
  /** Whether any student has daily records or a calendar to count from. */
  hasData: boolean;
}

/** Entries of a sorted list that are < value (binary search). */
function below(sorted: string[], value: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function countIn(sorted: string[], from: string | null, to: string | null): number {
  const hi = to === null ? sorted.length : below(sorted, to + '\uffff');
  const lo = from === null ? 0 : below(sorted, from);
  return Math.max(0, hi - lo);
}

export async function loadAttendanceBook(db: Db, districtId: number, yearId: number, studentIds?: number[]): Promise<AttendanceBook> {
  const district = await db.selectFrom('districts').select('settings').where('id', '=', districtId).executeTakeFirstOrThrow();
  const settings = parseDistrictSettings(district.settings);
  const year = await db.selectFrom('school_years').select(['start_date', 'end_date']).where('id', '=', yearId).executeTakeFirstOrThrow();
  const cal = await db.selectFrom('calendar_days').select(['school_id', 'date']).where('district_id', '=', districtId).where('school_year_id', '=', yearId).where('instructional', '=', 1).orderBy('date').execute();
  const daysBySchool = new Map<number, string[]>();
  for (const c of cal) {
    const list = daysBySchool.get(c.school_id) ?? [];
    list.push(c.date);
    daysBySchool.set(c.school_id, list);
  }
  let eq = db.selectFrom('enrollments').select(['student_id', 'school_id', 'entry_date', 'exit_date']).where('district_id', '=', districtId).where('school_year_id', '=', yearId).where('status', '=', 'active');
  if (studentIds) eq = eq.where('student_id', 'in', studentIds.length ? studentIds : [-1]);
  const spans = await eq.execute();
  let aq = db
    .selectFrom('attendance_records')
    .select(['student_id', 'school_id', 'date', 'status', 'minutes_absent'])
    .where('district_id', '=', districtId)
    .where('date', '>=', year.start_date)
    .where('date', '<=', year.end_date)
    .where('status', 'in', [...FULL_DAY, 'partial']);
  if (studentIds) aq = aq.where('student_id', 'in', studentIds.length ? studentIds : [-1]);
  const absences = await aq.execute();

  // Per student: the instructional days within enrollment (school by school), and the absence days among them.
  const enrolledDays = new Map<number, string[]>();
  const absentDays = new Map<number, string[]>();
  const enrolledSet = new Map<string, true>();
  for (const s of spans) {
    const days = daysBySchool.get(s.school_id) ?? [];
    const list = enrolledDays.get(s.student_id) ?? [];
    for (const d of days) {
      if (d < s.entry_date || (s.exit_date !== null && d > s.exit_date)) continue;
      const k = `${s.student_id}|${s.school_id}|${d}`;
      if (enrolledSet.has(k)) continue;
      enrolledSet.set(k, true);
      list.push(d);
    }
    enrolledDays.set(s.student_id, list);
  }
  const threshold = settings.partialDayThresholdMinutes;
  const counted = new Set<string>();
  for (const a of absences) {
    if (a.status === 'partial' && (threshold === null || (a.minutes_absent ?? 0) < threshold)) continue;
    const k = `${a.student_id}|${a.school_id}|${a.date}`;
    if (!enrolledSet.has(k) || counted.has(k)) continue;
    counted.add(k);
    const list = absentDays.get(a.student_id) ?? [];
    list.push(a.date);
    absentDays.set(a.student_id, list);
  }
  for (const list of enrolledDays.values()) list.sort();
  for (const list of absentDays.values()) list.sort();
  const between = (id: number, from: string | null, to: string | null): AttendanceCounts => ({
    enrolled: countIn(enrolledDays.get(id) ?? [], from, to),
    absent: countIn(absentDays.get(id) ?? [], from, to),
  });
  return {
    minDaysEnrolled: settings.minDaysEnrolled,
    between,
    asOf: (id, date) => between(id, null, date),
    hasData: cal.length > 0,
  };
}

/** The day before a date 'YYYY-MM-DD'. */
export function dayBefore(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
