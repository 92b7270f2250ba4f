/**
 * One student's attendance for one school year, as shown on the Student page: days enrolled and days
 * absent per school, computed by PRODUCT.md's rules (instructional days within enrollment up to the
 * as-of date; a day counts as absent once, when a record that day is a full-day absence). The
 * district-wide indicators (chronic absence by school, grade and group) live in server/measures/;
 * this is the small per-student view of the same rules.
 */
import type { Db } from '../db/database.ts';
import { parseDistrictSettings } from '../districts/settings.ts';

export const FULL_DAY_ABSENCES = ['absent_excused', 'absent_unexcused', 'suspension_out_of_school'] as const;

export type AttendanceTier = 'satisfactory' | 'at_risk' | 'moderate' | 'severe';

export interface SpanInput {
  schoolId: number;
  entryDate: string;
  exitDate: string | null;
}

export interface RecordInput {
  schoolId: number;
  date: string;
  status: string;
  minutesAbsent: number | null;
}

export interface SchoolAttendance {
  schoolId: number;
  daysEnrolled: number;
  daysAbsent: number;
  /** Records on days that do not count (outside enrollment, non-instructional, after the as-of date). */
  recordsIgnored: number;
  /** 'daily': from the calendar and daily records; 'totals': from a reported total; 'none': no calendar. */
  source: 'daily' | 'totals' | 'none';
}

export interface AttendanceSummaryResult {
  asOf: string;
  schools: SchoolAttendance[];
  daysEnrolled: number;
  daysAbsent: number;
  /** Days absent / days enrolled, rounded to 4 decimals; null when not enrolled a single day. */
  rate: number | null;
  /** Days enrolled reach the district's minimum. */
  eligible: boolean;
  chronicallyAbsent: boolean;
  tier: AttendanceTier | null;
}

export function tierOf(absent: number, enrolled: number): AttendanceTier | null {
  if (enrolled <= 0) return null;
  // Compared in integers: 5% ↔ 20 × absent ≥ enrolled, 10% ↔ 10 × absent, 20% ↔ 5 × absent.
  if (5 * absent >= enrolled) return 'severe';
  if (10 * absent >= enrolled) return 'moderate';
  if (20 * absent >= enrolled) return 'at_risk';
  return 'satisfactory';
}

/** The pure rule: no I/O, tested directly. */
export function summarizeAttendance(input: {
  spans: SpanInput[];
  /** Instructional days per school for the year, 'YYYY-MM-DD'. */
  instructionalDays: Map<number, readonly string[]>;
  records: RecordInput[];
  /** Reported totals per school, used when a school has no calendar for the year. */
  totals?: Map<number, { daysEnrolled: number; daysAbsent: number }>;
  asOf: string;
  minDaysEnrolled: number;
  partialDayThresholdMinutes: number | null;
}): AttendanceSummaryResult {
  const schoolIds = [...new Set(input.spans.map((s) => s.schoolId))];
  const schools: SchoolAttendance[] = [];
  for (const schoolId of schoolIds) {
    const days = input.instructionalDays.get(schoolId) ?? [];
    const records = input.records.filter((r) => r.schoolId === schoolId);
    if (days.length === 0) {
      const t = input.totals?.get(schoolId);
      schools.push(t ? { schoolId, ...t, recordsIgnored: records.length, source: 'totals' } : { schoolId, daysEnrolled: 0, daysAbsent: 0, recordsIgnored: records.length, source: 'none' });
      continue;
    }
    const spans = input.spans.filter((s) => s.schoolId === schoolId);
    const enrolled = new Set(days.filter((d) => d <= input.asOf && spans.some((s) => s.entryDate <= d && (s.exitDate === null || d <= s.exitDate))));
    const absent = new Set<string>();
    let ignored = 0;
    for (const r of records) {
      if (!enrolled.has(r.date)) {
        ignored++;
        continue;
      }
      const full = (FULL_DAY_ABSENCES as readonly string[]).includes(r.status);
      const partialCounts = r.status === 'partial' && input.partialDayThresholdMinutes !== null && r.minutesAbsent !== null && r.minutesAbsent >= input.partialDayThresholdMinutes;
      if (full || partialCounts) absent.add(r.date);
    }
    schools.push({ schoolId, daysEnrolled: enrolled.size, daysAbsent: absent.size, recordsIgnored: ignored, source: 'daily' });
  }
  const daysEnrolled = schools.reduce((n, s) => n + s.daysEnrolled, 0);
  const daysAbsent = schools.reduce((n, s) => n + s.daysAbsent, 0);
  const eligible = daysEnrolled >= input.minDaysEnrolled;
  return {
    asOf: input.asOf,
    schools,
    daysEnrolled,
    daysAbsent,
    rate: daysEnrolled > 0 ? Math.round((daysAbsent / daysEnrolled) * 10000) / 10000 : null,
    eligible,
    chronicallyAbsent: eligible && 10 * daysAbsent >= daysEnrolled,
    tier: tierOf(daysAbsent, daysEnrolled),
  };
}

/**
 * Loads and summarises one student's attendance for a school year. The as-of date defaults to the
 * earlier of today and the year's last instructional day.
 */
export async function studentAttendanceSummary(db: Db, districtId: number, studentId: number, schoolYearId: number, asOf?: string): Promise<AttendanceSummaryResult> {
  const spans = await db
    .selectFrom('enrollments')
    .select(['school_id', 'entry_date', 'exit_date'])
    .where('district_id', '=', districtId)
    .where('student_id', '=', studentId)
    .where('school_year_id', '=', schoolYearId)
    .where('status', '=', 'active')
    .execute();
  const schoolIds = [...new Set(spans.map((s) => s.school_id))];
  const district = await db.selectFrom('districts').select('settings').where('id', '=', districtId).executeTakeFirst();
  const settings = parseDistrictSettings(district?.settings);
  const days = schoolIds.length
    ? await db
        .selectFrom('calendar_days')
        .select(['school_id', 'date'])
        .where('district_id', '=', districtId)
        .where('school_year_id', '=', schoolYearId)
        .where('school_id', 'in', schoolIds)
        .where('instructional', '=', 1)
        .orderBy('date')
        .execute()
    : [];
  const instructionalDays = new Map<number, string[]>();
  for (const d of days) {
    const list = instructionalDays.get(d.school_id) ?? [];
    list.push(String(d.date));
    instructionalDays.set(d.school_id, list);
  }
  const lastDay = days.reduce((m, d) => (String(d.date) > m ? String(d.date) : m), '');
  const today = new Date().toISOString().slice(0, 10);
  const effectiveAsOf = asOf ?? (lastDay && lastDay < today ? lastDay : today);
  const bounds = await db.selectFrom('school_years').select(['start_date', 'end_date']).where('district_id', '=', districtId).where('id', '=', schoolYearId).executeTakeFirst();
  const first = bounds ? String(bounds.start_date) : '0000-01-01';
  const last = bounds ? String(bounds.end_date) : '0000-01-01';
  const records = schoolIds.length
    ? await db
        .selectFrom('attendance_records')
        .select(['school_id', 'date', 'status', 'minutes_absent'])
        .where('district_id', '=', districtId)
        .where('student_id', '=', studentId)
        .where('school_id', 'in', schoolIds)
        .where('date', '>=', first)
        .where('date', '<=', last < effectiveAsOf ? last : effectiveAsOf)
        .where('status', '!=', 'present')
        .execute()
    : [];
  const totalsRows = schoolIds.length
    ? await db
        .selectFrom('attendance_totals')
        .select(['school_id', 'days_enrolled', 'days_absent'])
        .where('district_id', '=', districtId)
        .where('student_id', '=', studentId)
        .where('school_year_id', '=', schoolYearId)
        .execute()
    : [];
  return summarizeAttendance({
    spans: spans.map((s) => ({ schoolId: s.school_id, entryDate: String(s.entry_date), exitDate: s.exit_date === null ? null : String(s.exit_date) })),
    instructionalDays,
    records: records.map((r) => ({ schoolId: r.school_id, date: String(r.date), status: r.status, minutesAbsent: r.minutes_absent })),
    totals: new Map(totalsRows.map((t) => [t.school_id, { daysEnrolled: t.days_enrolled, daysAbsent: t.days_absent }])),
    asOf: effectiveAsOf,
    minDaysEnrolled: settings.minDaysEnrolled,
    partialDayThresholdMinutes: settings.partialDayThresholdMinutes,
  });
}
