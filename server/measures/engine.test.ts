/**
 * The measures against figures computed by hand (PRODUCT.md, "Chronic absence and attendance").
 *
 * Calendars (2021-2022 school year, counted by hand):
 *   School A: every weekday 2021-09-01 … 2021-10-29 except Labor Day 2021-09-06 (stored as not
 *             instructional): September 21 days, October 21 days, 42 in all.
 *   School B: the same, and 2021-10-11 is not instructional either: September 21, October 20.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/db.ts';
import { computeMeasure, clearMeasureCaches, type MeasureRow } from './engine.ts';
import { measureFixture, weekdays, type MeasureFixture } from './test-helpers.ts';
import { daysCanStillMiss, districtViews, schoolViews } from './views.ts';
import { getSnapshot } from './snapshot.ts';
import { dayOf } from './dates.ts';

let database: TestDatabase;
let f: MeasureFixture;
const ids: Record<string, number> = {};
const FULL = { kind: 'full' } as const;

const row = (rows: MeasureRow[], match: Partial<MeasureRow>) => {
  const found = rows.filter((r) => Object.entries(match).every(([k, v]) => r[k] === v));
  expect(found, JSON.stringify(match)).toHaveLength(1);
  return found[0];
};

beforeAll(async () => {
  database = await createTestDatabase();
  f = await measureFixture(database.db, {
    schools: [
      { code: 'A', days: weekdays('2021-09-01', '2021-10-29', ['2021-09-06']), holidays: ['2021-09-06'] },
      { code: 'B', days: weekdays('2021-09-01', '2021-10-29', ['2021-09-06', '2021-10-11']), holidays: ['2021-09-06', '2021-10-11'] },
    ],
  });
  const s = async (ext: string) => (ids[ext] = await f.student(ext));

  // s1: enrolled all along; several records for one day, tardies, in-school suspension, a partial day,
  // and absences on a holiday and a Saturday (ignored). Counted: 09-01, 09-07 (out-of-school
  // suspension), 10-01 → 3 of 42 days = 7.1%: at risk, not chronically absent.
  await s('s1');
  await f.enroll(ids.s1, 'A', '03', '2021-09-01');
  for (const [date, status, minutes] of [
    ['2021-09-01', 'absent_unexcused'],
    ['2021-09-01', 'absent_excused'],
    ['2021-09-02', 'tardy'],
    ['2021-09-03', 'suspension_in_school'],
    ['2021-09-07', 'suspension_out_of_school'],
    ['2021-09-08', 'partial', 120],
    ['2021-09-06', 'absent_unexcused'],
    ['2021-09-11', 'absent_unexcused'],
    ['2021-10-01', 'absent_excused'],
    ['2021-09-09', 'present'],
  ] as Array<[string, string, number?]>) {
    await f.attend(ids.s1, 'A', date, status, minutes ?? null);
  }

  // t1…t6: enrolled from 09-03, so 40 days; 1, 2, 3, 4, 7, 8 absences → 2.5%, 5%, 7.5%, 10%, 17.5%, 20%.
  const absenceDays = ['2021-09-03', '2021-09-07', '2021-09-08', '2021-09-09', '2021-09-10', '2021-09-13', '2021-09-14', '2021-09-15'];
  for (const [i, n] of [1, 2, 3, 4, 7, 8].entries()) {
    const id = await s(`t${i + 1}`);
    await f.enroll(id, 'A', '03', '2021-09-03');
    for (const d of absenceDays.slice(0, n)) await f.attend(id, 'A', d, 'absent_unexcused');
  }

  // p1: partial enrollment 09-13 … 10-08 = 20 days; absences before entry and after exit are ignored;
  // 09-14 and 09-15 count → 10%: chronically absent.
  await s('p1');
  await f.enroll(ids.p1, 'A', '03', '2021-09-13', '2021-10-08');
  for (const d of ['2021-09-10', '2021-10-12', '2021-09-14', '2021-09-15']) await f.attend(ids.p1, 'A', d, 'absent_unexcused');

  // m1: two schools in one year. A (grade 03) 09-01 … 09-17 = 12 days, 1 absence; B (grade 04) from
  // 09-20 = 29 days, 3 absences (and one on 09-15, before the B enrollment: ignored).
  await s('m1');
  await f.enroll(ids.m1, 'A', '03', '2021-09-01', '2021-09-17');
  await f.enroll(ids.m1, 'B', '04', '2021-09-20');
  await f.attend(ids.m1, 'A', '2021-09-02', 'absent_excused');
  for (const d of ['2021-09-15', '2021-09-21', '2021-09-22', '2021-10-05']) await f.attend(ids.m1, 'B', d, 'absent_unexcused');

  // e1: enrolled from 10-18: exactly 10 days (the minimum), 1 absence → eligible, 10%: chronic.
  // e2: enrolled from 10-19: 9 days → not eligible whatever the absences.
  await s('e1');
  await f.enroll(ids.e1, 'A', '03', '2021-10-18');
  await f.attend(ids.e1, 'A', '2021-10-18', 'absent_unexcused');
  await s('e2');
  await f.enroll(ids.e2, 'A', '03', '2021-10-19');
  for (const d of ['2021-10-19', '2021-10-20', '2021-10-21', '2021-10-22', '2021-10-25']) await f.attend(ids.e2, 'A', d, 'absent_unexcused');
  await f.recompute();
});
afterAll(() => database?.drop());

const measure = (m: string, by: string[] = [], asOf?: string) =>
  computeMeasure(database.db, f.districtId, { measure: m, year: '2021-2022', by: by as never, asOf }, FULL);

describe('chronic absence, by hand', () => {
  it('counts days enrolled and absent per school and across the district', async () => {
    const byStudent = async (asOf: string) => {
      const snap = await getSnapshot(database.db, f.districtId, { id: f.yearId, name: '2021-2022', start_date: '2021-08-16', end_date: '2022-06-10' });
      const school = schoolViews(snap, dayOf(asOf));
      return { school, district: districtViews(snap, school) };
    };
    const { school, district } = await byStudent('2021-10-29');
    const at = (ext: string, code: string) => school.find((v) => v.studentId === ids[ext] && v.schoolId === f.schools[code]);
    expect(at('s1', 'A')).toMatchObject({ daysEnrolled: 42, daysAbsent: 3, eligible: true });
    expect([1, 2, 3, 4, 5, 6].map((i) => at(`t${i}`, 'A')?.daysEnrolled)).toEqual([40, 40, 40, 40, 40, 40]);
    expect(at('p1', 'A')).toMatchObject({ daysEnrolled: 20, daysAbsent: 2, enrolledOnDate: false });
    expect(at('m1', 'A')).toMatchObject({ daysEnrolled: 12, daysAbsent: 1, grade: '03' });
    expect(at('m1', 'B')).toMatchObject({ daysEnrolled: 29, daysAbsent: 3, grade: '04' });
    expect(district.find((v) => v.studentId === ids.m1)).toMatchObject({ daysEnrolled: 41, daysAbsent: 4, grade: '04' });
    expect(at('e1', 'A')).toMatchObject({ daysEnrolled: 10, eligible: true });
    expect(at('e2', 'A')).toMatchObject({ daysEnrolled: 9, daysAbsent: 5, eligible: false });
  });

  it('gives the school, district and tier figures computed by hand', async () => {
    const bySchool = await measure('chronic-absence', ['school']);
    expect(bySchool.asOf).toBe('2021-10-29');
    // A: eligible s1, t1–t6, p1, m1, e1 = 10; chronic t4, t5, t6, p1, e1 = 5.
    expect(row(bySchool.rows, { school_id: 'A' })).toMatchObject({ denominator: 10, numerator: 5, rate: 0.5, suppressed: false });
    // B: m1 alone, 3 of 29 days = 10.3%.
    expect(row(bySchool.rows, { school_id: 'B' })).toMatchObject({ denominator: 1, numerator: 1, rate: 1 });
    // District: m1 counted once with 4 of 41 days (9.8%, not chronic).
    const district = await measure('chronic-absence');
    expect(district.rows).toEqual([{ school_id: null, grade: null, group: null, month: null, denominator: 10, numerator: 5, rate: 0.5, suppressed: false }]);
    // Ignored: a holiday and a Saturday (s1); before/after enrollment (p1) and before the B enrollment (m1).
    expect(district.ignored).toEqual({ nonInstructionalDays: 2, outsideEnrollment: 3 });

    const tiers = await measure('attendance-tiers', ['school']);
    // Exactly 5% (t2) is at risk, exactly 10% (t4) moderate, exactly 20% (t6) severe.
    expect(row(tiers.rows, { school_id: 'A' })).toMatchObject({ denominator: 10, numerator: null, tiers: { satisfactory: 1, at_risk: 4, moderate: 4, severe: 1 } });
    expect(row(tiers.rows, { school_id: 'A' })).not.toHaveProperty('rate');
  });

  it('counts partial days once the district sets a threshold', async () => {
    await f.settings({ partialDayThresholdMinutes: 120 });
    try {
      const tiers = await measure('average-daily-attendance', ['school']);
      // s1 now misses 4 days: A's absent days 37 + 1 = 38 of 333.
      expect(row(tiers.rows, { school_id: 'A' })).toMatchObject({ denominator: 333, numerator: 295 });
    } finally {
      await f.settings({ partialDayThresholdMinutes: null });
    }
  });

  it('applies the district minimum days (California: more than 30)', async () => {
    await f.settings({ minDaysEnrolled: 31 });
    try {
      const r = await measure('chronic-absence', ['school']);
      // Only s1 (42) and t1–t6 (40) reach 31 days at A; chronic among them: t4, t5, t6.
      expect(row(r.rows, { school_id: 'A' })).toMatchObject({ denominator: 7, numerator: 3 });
      expect(r.minDaysEnrolled).toBe(31);
      expect(r.rows.find((x) => x.school_id === 'B')).toBeUndefined();
    } finally {
      await f.settings({ minDaysEnrolled: 10 });
    }
  });

  it('gives average daily attendance as student-days present over enrolled', async () => {
    const r = await measure('average-daily-attendance', ['school']);
    // A: 42 + 6×40 + 20 + 12 + 10 + 9 = 333 days enrolled; 3 + 25 + 2 + 1 + 1 + 5 = 37 absent.
    expect(row(r.rows, { school_id: 'A' })).toMatchObject({ denominator: 333, numerator: 296, rate: 0.8889 });
  });

  it('gives month rows as the year to date at each month end', async () => {
    const r = await measure('chronic-absence', ['school', 'month']);
    // September, A: s1 2/21, t1 1/19 … t6 6/19 (t2–t6 chronic), p1 2/14 (chronic), m1 1/12.
    expect(row(r.rows, { school_id: 'A', month: '2021-09' })).toMatchObject({ denominator: 9, numerator: 6 });
    expect(row(r.rows, { school_id: 'A', month: '2021-10' })).toMatchObject({ denominator: 10, numerator: 5 });
    const d = await measure('chronic-absence', ['month']);
    // September, district: m1 has 12 + 9 = 21 days and 3 absences → chronic.
    expect(row(d.rows, { month: '2021-09' })).toMatchObject({ denominator: 9, numerator: 7 });
    expect(d.rows.map((x) => x.month)).toEqual(['2021-09', '2021-10']);
  });

  it('breaks down by grade with the latest grade at district level', async () => {
    const r = await measure('chronic-absence', ['grade']);
    expect(row(r.rows, { grade: '04' })).toMatchObject({ denominator: 1, numerator: 0 });
    expect(row(r.rows, { grade: '03' })).toMatchObject({ denominator: 9, numerator: 5 });
  });

  it('computes the days a student can still miss', async () => {
    const snap = await getSnapshot(database.db, f.districtId, { id: f.yearId, name: '2021-2022', start_date: '2021-08-16', end_date: '2022-06-10' });
    const v = schoolViews(snap, dayOf('2021-10-15')).find((x) => x.studentId === ids.s1);
    // 32 days so far, 10 left: D = 42, ceil(4.2) − 1 − 3 = 1.
    expect(v).toMatchObject({ daysEnrolled: 32, daysAbsent: 3, remainingDays: 10 });
    expect(daysCanStillMiss(v!)).toBe(1);
  });

  it('refuses a year without a calendar, naming it, rather than giving zeros', async () => {
    await database.db.insertInto('school_years').values({ district_id: f.districtId, name: '2022-2023', start_date: '2022-08-15', end_date: '2023-06-09' }).execute();
    clearMeasureCaches();
    await expect(computeMeasure(database.db, f.districtId, { measure: 'chronic-absence', year: '2022-2023' }, FULL)).rejects.toThrow(/2022-2023 has no calendar/);
    await expect(computeMeasure(database.db, f.districtId, { measure: 'chronic-absence', year: '2030-2031' }, FULL)).rejects.toThrow(/Choose one of: 2021-2022, 2022-2023/);
    await expect(computeMeasure(database.db, f.districtId, { measure: 'absence', year: '2021-2022' }, FULL)).rejects.toThrow(/chronic-absence, attendance-tiers/);
    await expect(computeMeasure(database.db, f.districtId, { measure: 'chronic-absence', year: '2021-2022', by: ['zip'] as never }, FULL)).rejects.toThrow(/school, grade, group, month/);
  });

  it('shows rates near 0% or 100% as a band when the district turns on top/bottom coding', async () => {
    const c = await measureFixture(database.db, { code: 'coding', schools: [{ code: 'C', days: weekdays('2021-09-01', '2021-10-29') }] });
    for (let i = 0; i < 12; i++) await c.enroll(await c.student(`c${i}`), 'C', '02', '2021-09-01');
    await c.settings({ topBottomCoding: true });
    const as = (kind: 'full' | 'public') => computeMeasure(database.db, c.districtId, { measure: 'chronic-absence', year: '2021-2022' }, { kind });
    // Nobody is chronically absent: 0 of 12. With 12 students the band is 10% (a band always holds
    // more than one possible value: 1/12 > 5%).
    expect((await as('public')).rows[0]).toMatchObject({ denominator: 12, numerator: null, rate: null, rate_band: '<=10%', suppressed: false });
    expect((await as('full')).rows[0]).toMatchObject({ denominator: 12, numerator: 0, rate: 0 });
    expect((await as('full')).rows[0]).not.toHaveProperty('rate_band');
  });
});
