/** Pure parts of the program: families from guardians, pay periods, pay sums, the practice checks. */
import { describe, expect, it } from 'vitest';
import { groupFamilies } from './families.ts';
import { payPeriodOf, payrollCsv, summarisePay } from './compensation.ts';
import { firstVisitProblem, overlaps, pairingProblem } from './rules.ts';

describe('families from the roster', () => {
  it('joins siblings who share a household guardian, through chains, and keeps others apart', () => {
    const groups = groupFamilies([1, 2, 3, 4, 5], [
      { studentId: 1, guardianId: 10, livesWith: true },
      { studentId: 2, guardianId: 10, livesWith: true },
      { studentId: 2, guardianId: 11, livesWith: true },
      { studentId: 3, guardianId: 11, livesWith: true },
      // Student 4 shares only a parent who does not live with them: a different household.
      { studentId: 4, guardianId: 12, livesWith: true },
      { studentId: 4, guardianId: 10, livesWith: false },
    ]);
    expect(groups.map((g) => g.studentIds)).toEqual([[1, 2, 3], [4], [5]]);
    expect(groups[0].guardianIds.sort()).toEqual([10, 11]);
  });
  it('uses every guardian when none is marked as living with the student', () => {
    const groups = groupFamilies([1, 2], [
      { studentId: 1, guardianId: 10, livesWith: false },
      { studentId: 2, guardianId: 10, livesWith: false },
    ]);
    expect(groups.map((g) => g.studentIds)).toEqual([[1, 2]]);
  });
});

describe('pay periods', () => {
  it('monthly, twice a month and every two weeks from the anchor', () => {
    expect(payPeriodOf('monthly', '2026-08-17', '2026-02-14')).toEqual({ start: '2026-02-01', end: '2026-02-28' });
    expect(payPeriodOf('semimonthly', '2026-08-17', '2026-10-15')).toEqual({ start: '2026-10-01', end: '2026-10-15' });
    expect(payPeriodOf('semimonthly', '2026-08-17', '2026-10-16')).toEqual({ start: '2026-10-16', end: '2026-10-31' });
    expect(payPeriodOf('biweekly', '2026-08-17', '2026-08-30')).toEqual({ start: '2026-08-17', end: '2026-08-30' });
    expect(payPeriodOf('biweekly', '2026-08-17', '2026-08-31')).toEqual({ start: '2026-08-31', end: '2026-09-13' });
    expect(payPeriodOf('biweekly', '2026-08-17', '2026-08-16')).toEqual({ start: '2026-08-03', end: '2026-08-16' });
  });
  it('counts only the time the program pays for, and only completed visits', () => {
    const row = (over: Partial<Parameters<typeof summarisePay>[0][number]>) => ({
      status: 'completed', visit_date: '2026-10-05', duration_minutes: 60, school_id: 1, school_name: '=Alder', staff_id: 7, ext_id: 'T7', first_name: 'Ana', last_name: 'Reyes', email: null,
      travel_minutes: 30, reflection_minutes: 15, hourly_rate_cents: 4000, count_visit_time: 1, count_travel_time: 0, count_reflection_time: 1, pay_period: 'monthly', pay_period_anchor: null, ...over,
    });
    const { rows, pending } = summarisePay([row({}), row({ visit_date: '2026-10-20' }), row({ status: 'held' })], { startDate: '2026-08-17' });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ visits: 2, visitMinutes: 120, travelMinutes: 0, reflectionMinutes: 30, hours: 2.5, amountCents: 10000 });
    expect(pending).toEqual([{ staffId: 7, name: 'Ana Reyes', visits: 1 }]);
    // A school name that looks like a formula is escaped for spreadsheets.
    expect(payrollCsv(rows)).toContain(",'=Alder,");
  });
});

describe('the practices as checks', () => {
  it('pairs', () => {
    expect(pairingProblem([1, 2], null)).toBeNull();
    expect(pairingProblem([1], { name: 'Rosa' })).toBeNull();
    expect(pairingProblem([1], { name: '  ' })?.code).toBe('unprocessable');
    expect(pairingProblem([1, 1], null)?.code).toBe('validation_failed');
  });
  it('overlaps share a date and intersect in time (end exclusive)', () => {
    const a = { id: 1, date: '2026-10-05', startTime: '17:00', durationMinutes: 60 };
    expect(overlaps(a, { id: 2, date: '2026-10-05', startTime: '17:59', durationMinutes: 30 })).toBe(true);
    expect(overlaps(a, { id: 2, date: '2026-10-05', startTime: '18:00', durationMinutes: 30 })).toBe(false);
    expect(overlaps(a, { id: 2, date: '2026-10-06', startTime: '17:00', durationMinutes: 30 })).toBe(false);
  });
  it('first visit is hopes and dreams, once; cancelled visits do not count', () => {
    const cancelled = { id: 1, purpose: 'hopes_and_dreams' as const, status: 'cancelled' as const, date: '2026-10-01' };
    expect(firstVisitProblem({ purpose: 'hopes_and_dreams', status: 'scheduled', date: '2026-10-08' }, [cancelled])).toBeNull();
    expect(firstVisitProblem({ purpose: 'academic', status: 'scheduled', date: '2026-10-08' }, [cancelled])?.code).toBe('unprocessable');
    const held = { id: 2, purpose: 'hopes_and_dreams' as const, status: 'held' as const, date: '2026-10-08' };
    expect(firstVisitProblem({ purpose: 'hopes_and_dreams', status: 'held', date: '2026-10-20' }, [held])?.code).toBe('conflict');
    expect(firstVisitProblem({ purpose: 'academic', status: 'held', date: '2026-10-20' }, [held])).toBeNull();
    expect(firstVisitProblem({ purpose: 'academic', status: 'held', date: '2026-10-08' }, [held])?.code).toBe('unprocessable');
  });
});
