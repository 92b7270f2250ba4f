/**
 * Attendance as of any date, for the cross-section check (tier as of the visit date) and for results
 * beside the visits (before and after a first visit). Read from the shared measures engine's
 * snapshot, so days enrolled and absent follow PRODUCT.md's rules exactly as every measure does
 * (calendars, enrollment spans, partial-day threshold); a student at several schools has days summed.
 */
import type { Db } from '../db/database.ts';
import { getSnapshot } from '../measures/snapshot.ts';
import { recordAsOf } from '../measures/views.ts';
import { dayOf } from '../measures/dates.ts';
import { isChronicallyAbsent, tierOf, TIERS, type Tier } from '../measures/builtins.ts';

export { isChronicallyAbsent, tierOf, type Tier };
export const TIER_ORDER: readonly Tier[] = TIERS;

export interface AttendanceCounts {
  enrolled: number;
  absent: number;
}

export interface AttendanceBook {
  minDaysEnrolled: number;
  /** Counts in the closed range [from, to] of dates (from null: the year's start). */
  between(studentId: number, from: string | null, to: string): AttendanceCounts;
  /** Year to date as of `date`. */
  asOf(studentId: number, date: string): AttendanceCounts;
  /** Whether the year has a calendar to count school days from. */
  hasData: boolean;
}

/** The day before a date 'YYYY-MM-DD'. */
export function dayBefore(date: string): string {
  return new Date((dayOf(date) - 1) * 86_400_000).toISOString().slice(0, 10);
}

export async function loadAttendanceBook(db: Db, districtId: number, yearId: number): Promise<AttendanceBook> {
  const year = await db.selectFrom('school_years').select(['id', 'name', 'start_date', 'end_date']).where('district_id', '=', districtId).where('id', '=', yearId).executeTakeFirstOrThrow();
  const snap = await getSnapshot(db, districtId, year);
  const asOf = (studentId: number, date: string): AttendanceCounts => {
    let enrolled = 0;
    let absent = 0;
    const t = dayOf(date);
    for (const i of snap.byStudent.get(studentId) ?? []) {
      const v = recordAsOf(snap, snap.records[i], t);
      if (v) {
        enrolled += v.daysEnrolled;
        absent += v.daysAbsent;
      }
    }
    return { enrolled, absent };
  };
  return {
    minDaysEnrolled: snap.settings.minDaysEnrolled,
    asOf,
    between(studentId, from, to) {
      const end = asOf(studentId, to);
      if (from === null) return end;
      const start = asOf(studentId, dayBefore(from));
      return { enrolled: Math.max(0, end.enrolled - start.enrolled), absent: Math.max(0, end.absent - start.absent) };
    },
    hasData: snap.firstDay !== null,
  };
}
