import { describe, expect, it } from 'vitest';
import { summarizeAttendance, tierOf } from './attendance-summary.ts';

const days = ['2021-09-01', '2021-09-02', '2021-09-03', '2021-09-06', '2021-09-07', '2021-09-08', '2021-09-09', '2021-09-10', '2021-09-13', '2021-09-14'];
const base = { instructionalDays: new Map([[1, days], [2, days]]), asOf: '2021-09-14', minDaysEnrolled: 5, partialDayThresholdMinutes: null as number | null };

describe('a student attendance summary', () => {
  it('counts instructional days within every enrollment span, both ends inclusive, up to the as-of date', () => {
    const r = summarizeAttendance({ ...base, asOf: '2021-09-13', spans: [{ schoolId: 1, entryDate: '2021-09-02', exitDate: '2021-09-03' }, { schoolId: 1, entryDate: '2021-09-08', exitDate: null }], records: [] });
    expect(r.daysEnrolled).toBe(2 + 4);
    expect(r.eligible).toBe(true);
  });

  it('counts a day absent once, only for full-day absences within enrollment, and says how many records it ignored', () => {
    const r = summarizeAttendance({
      ...base,
      spans: [{ schoolId: 1, entryDate: '2021-09-01', exitDate: '2021-09-09' }],
      records: [
        { schoolId: 1, date: '2021-09-01', status: 'absent_excused', minutesAbsent: null },
        { schoolId: 1, date: '2021-09-01', status: 'absent_unexcused', minutesAbsent: null },
        { schoolId: 1, date: '2021-09-02', status: 'suspension_out_of_school', minutesAbsent: null },
        { schoolId: 1, date: '2021-09-03', status: 'suspension_in_school', minutesAbsent: null },
        { schoolId: 1, date: '2021-09-06', status: 'tardy', minutesAbsent: null },
        { schoolId: 1, date: '2021-09-07', status: 'partial', minutesAbsent: 300 },
        { schoolId: 1, date: '2021-09-13', status: 'absent_excused', minutesAbsent: null },
        { schoolId: 1, date: '2021-09-11', status: 'absent_excused', minutesAbsent: null },
      ],
    });
    expect(r.schools[0]).toMatchObject({ daysEnrolled: 7, daysAbsent: 2, recordsIgnored: 2, source: 'daily' });
    expect(r.chronicallyAbsent).toBe(true);
    const withThreshold = summarizeAttendance({ ...base, partialDayThresholdMinutes: 180, spans: [{ schoolId: 1, entryDate: '2021-09-01', exitDate: null }], records: [{ schoolId: 1, date: '2021-09-07', status: 'partial', minutesAbsent: 300 }, { schoolId: 1, date: '2021-09-08', status: 'partial', minutesAbsent: 60 }] });
    expect(withThreshold.daysAbsent).toBe(1);
  });

  it('adds schools together, uses reported totals where a school has no calendar, and compares in integers', () => {
    const r = summarizeAttendance({
      ...base,
      instructionalDays: new Map([[1, days]]),
      totals: new Map([[2, { daysEnrolled: 90, daysAbsent: 8 }]]),
      spans: [{ schoolId: 1, entryDate: '2021-09-01', exitDate: null }, { schoolId: 2, entryDate: '2021-09-01', exitDate: null }],
      records: [{ schoolId: 1, date: '2021-09-01', status: 'absent_excused', minutesAbsent: null }],
    });
    expect(r.schools.map((s) => s.source)).toEqual(['daily', 'totals']);
    expect([r.daysEnrolled, r.daysAbsent]).toEqual([100, 9]);
    expect(r.chronicallyAbsent).toBe(false);
    expect(r.tier).toBe('at_risk');
    expect([tierOf(0, 10), tierOf(1, 20), tierOf(1, 10), tierOf(2, 10), tierOf(0, 0)]).toEqual(['satisfactory', 'at_risk', 'moderate', 'severe', null]);
  });

  it('is not eligible below the district minimum of days enrolled', () => {
    const r = summarizeAttendance({ ...base, minDaysEnrolled: 10, spans: [{ schoolId: 1, entryDate: '2021-09-10', exitDate: null }], records: [{ schoolId: 1, date: '2021-09-10', status: 'absent_excused', minutesAbsent: null }] });
    expect(r).toMatchObject({ daysEnrolled: 3, daysAbsent: 1, eligible: false, chronicallyAbsent: false });
  });
});
