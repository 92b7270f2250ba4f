/**
 * Every student's record as of a date, computed from a snapshot (PRODUCT.md, "Chronic absence"):
 *  - at a school: that school's instructional days within the student's spans there, up to the date,
 *    the counted absences up to the date, the grade of the latest span begun by the date;
 *  - across the district: each student once, days summed across schools, under the grade of the
 *    latest enrollment begun by the date.
 * Only students with at least one day enrolled by the date have a record.
 */
import { countUpTo } from './dates.ts';
import type { StudentView } from './registry.ts';
import type { SchoolRecord, Snapshot } from './snapshot.ts';

export interface RecordView extends StudentView {
  /** Instructional days left in the year while still enrolled (0 when no longer enrolled). */
  remainingDays: number;
  /** The school of the latest enrollment (the record's school at school level). */
  latestSchoolId: number;
  /** Day the latest enrollment began (to pick the district-level grade). */
  latestEntry: number;
}

function daysIn(days: Int32Array, from: number, to: number): number {
  if (to < from) return 0;
  return countUpTo(days, to) - countUpTo(days, from - 1);
}

/** One school record as of day t; null when the student had no day enrolled there by then. */
export function recordAsOf(snap: Snapshot, rec: SchoolRecord, t: number): RecordView | null {
  const school = snap.schools.get(rec.schoolId);
  const days = school?.days ?? new Int32Array(0);
  let latest = -1;
  for (let i = 0; i < rec.spans.length; i++) if (rec.spans[i].entry <= t) latest = i;
  if (latest < 0) return null;
  let enrolled = 0;
  let absent = 0;
  if (rec.totals) {
    enrolled = rec.totals.enrolled;
    absent = Math.min(rec.totals.absent, rec.totals.enrolled);
  } else {
    for (const [a, b] of rec.ranges) enrolled += daysIn(days, a, Math.min(b, t));
    absent = countUpTo(rec.absences, t);
  }
  if (enrolled <= 0) return null;
  let enrolledOnDate = false;
  let remaining = 0;
  const yearEnd = days.length ? days[days.length - 1] : t;
  for (const s of rec.spans) {
    if (s.entry <= t && t <= s.exit) {
      enrolledOnDate = true;
      remaining = Math.max(remaining, daysIn(days, t + 1, Math.min(s.exit, yearEnd)));
    }
  }
  const span = rec.spans[latest];
  return {
    studentId: rec.studentId,
    schoolId: rec.schoolId,
    grade: span.grade,
    daysEnrolled: enrolled,
    daysAbsent: absent,
    eligible: enrolled >= snap.settings.minDaysEnrolled,
    enrolledOnDate,
    remainingDays: remaining,
    latestSchoolId: rec.schoolId,
    latestEntry: span.entry,
  };
}

/** Every school-level record as of day t. */
export function schoolViews(snap: Snapshot, t: number): RecordView[] {
  const out: RecordView[] = [];
  for (const rec of snap.records) {
    const v = recordAsOf(snap, rec, t);
    if (v) out.push(v);
  }
  return out;
}

/** Every student once, across the district, as of day t (from the school-level records). */
export function districtViews(snap: Snapshot, schoolLevel: RecordView[]): RecordView[] {
  const byStudent = new Map<number, RecordView>();
  for (const v of schoolLevel) {
    const d = byStudent.get(v.studentId);
    if (!d) {
      byStudent.set(v.studentId, { ...v, schoolId: null });
      continue;
    }
    d.daysEnrolled += v.daysEnrolled;
    d.daysAbsent += v.daysAbsent;
    d.remainingDays += v.remainingDays;
    d.enrolledOnDate = d.enrolledOnDate || v.enrolledOnDate;
    if (v.latestEntry > d.latestEntry || (v.latestEntry === d.latestEntry && v.latestSchoolId > d.latestSchoolId)) {
      d.latestEntry = v.latestEntry;
      d.latestSchoolId = v.latestSchoolId;
      d.grade = v.grade;
    }
  }
  const out = [...byStudent.values()];
  for (const d of out) d.eligible = d.daysEnrolled >= snap.settings.minDaysEnrolled;
  return out;
}

/**
 * Days a student can still miss before becoming chronically absent this year (PRODUCT.md):
 * D = days enrolled so far + remaining instructional days (if still enrolled); A = days absent so far;
 * max(0, ceil(0.1 × D) − 1 − A).
 */
export function daysCanStillMiss(v: Pick<RecordView, 'daysEnrolled' | 'daysAbsent' | 'remainingDays'>): number {
  const d = v.daysEnrolled + v.remainingDays;
  return Math.max(0, Math.floor((d + 9) / 10) - 1 - v.daysAbsent);
}
