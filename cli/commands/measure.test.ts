/**
 * `village measure …` as DATA-FORMATS.md says: the JSON shape and CSV columns, suppression with
 * --suppress, and usage errors (exit 2) that name the valid choices.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/db.ts';
import { measureFixture, weekdays } from '../../server/measures/test-helpers.ts';
import { main } from '../main.ts';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  const f = await measureFixture(database.db, {
    schools: [
      { code: '255901001', days: weekdays('2021-09-01', '2021-10-29') },
      { code: '255901002', days: weekdays('2021-09-01', '2021-10-29') },
    ],
  });
  // 12 students at the first school (3 chronically absent), 4 at the second (1).
  for (let i = 0; i < 16; i++) {
    const school = i < 12 ? '255901001' : '255901002';
    const id = await f.student(`s${i}`, { sex: i % 2 ? 'M' : 'F' });
    await f.enroll(id, school, '03', '2021-09-01');
    const absences = i === 0 || i === 1 || i === 2 || i === 12 ? 5 : 0;
    for (const d of weekdays('2021-09-01', '2021-10-29').slice(0, absences)) await f.attend(id, school, d, 'absent_unexcused');
  }
  await database.db.insertInto('school_years').values({ district_id: f.districtId, name: '2022-2023', start_date: '2022-08-15', end_date: '2023-06-09' }).execute();
});
afterAll(() => database?.drop());

async function village(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const prevUrl = process.env.DATABASE_URL;
  process.env.DATABASE_URL = database.url;
  const w = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ') + '\n'));
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ') + '\n'));
  process.exitCode = 0;
  try {
    await main(['node', 'village', ...args]);
    return { code: Number(process.exitCode ?? 0), out: out.join(''), err: err.join('') };
  } finally {
    w.mockRestore();
    log.mockRestore();
    error.mockRestore();
    process.exitCode = 0;
    if (prevUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = prevUrl;
  }
}

describe('village measure', () => {
  it('prints the district row as JSON, exactly in the documented shape', async () => {
    const r = await village('measure', 'chronic-absence', '--year', '2021-2022');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      measure: 'chronic-absence',
      year: '2021-2022',
      asOf: '2021-10-29',
      minDaysEnrolled: 10,
      rows: [{ school_id: null, grade: null, group: null, month: null, denominator: 16, numerator: 4, rate: 0.25, suppressed: false }],
      suppression: { applied: false, minN: 10 },
      ignored: { nonInstructionalDays: 0, outsideEnrollment: 0 },
      warnings: [],
    });
  });

  it('suppresses small cells with --suppress, and prints CSV with the same columns', async () => {
    const full = await village('measure', 'chronic-absence', '--year', '2021-2022', '--by', 'school', '--format', 'csv');
    expect(full.out).toBe(
      'school_id,grade,group,month,denominator,numerator,rate,suppressed\r\n255901001,,,,12,3,0.25,false\r\n255901002,,,,4,1,0.25,false\r\n',
    );
    const pub = await village('measure', 'chronic-absence', '--year', '2021-2022', '--by', 'school', '--format', 'csv', '--suppress');
    // The second school has 4 students: withheld, and the first with it (else 16 − 12 gives it away).
    expect(pub.out).toBe('school_id,grade,group,month,denominator,numerator,rate,suppressed\r\n255901001,,,,,,,true\r\n255901002,,,,,,,true\r\n');
    const json = JSON.parse((await village('measure', 'attendance-tiers', '--year', '2021-2022', '--by', 'group', '--suppress')).out);
    const female = json.rows.find((r: { group: string }) => r.group === 'sex=F');
    expect(female).toEqual({ school_id: null, grade: null, group: 'sex=F', month: null, denominator: null, numerator: null, tiers: { satisfactory: null, at_risk: null, moderate: null, severe: null }, suppressed: true });
  });

  it('refuses bad arguments with a usage error naming the choices (exit 2)', async () => {
    const m = await village('measure', 'absenteeism', '--year', '2021-2022');
    expect(m.code).toBe(2);
    expect(m.err).toMatch(/unknown measure "absenteeism"; choose one of: chronic-absence, attendance-tiers, average-daily-attendance, proficiency, suspension/);
    const by = await village('measure', 'chronic-absence', '--year', '2021-2022', '--by', 'school,zip');
    expect(by.code).toBe(2);
    expect(by.err).toMatch(/Unknown dimension "zip". Choose from: school, grade, group, month/);
    const y = await village('measure', 'chronic-absence', '--year', '2019-2020');
    expect(y.code).toBe(2);
    expect(y.err).toMatch(/Choose one of: 2021-2022, 2022-2023/);
    const none = await village('measure', 'chronic-absence');
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/--year is required; choose one of: 2021-2022, 2022-2023/);
    const fmt = await village('measure', 'chronic-absence', '--year', '2021-2022', '--format', 'xml');
    expect(fmt.code).toBe(2);
    const date = await village('measure', 'chronic-absence', '--year', '2021-2022', '--as-of', '2023-01-01');
    expect(date.code).toBe(2);
    expect(date.err).toMatch(/outside school year 2021-2022/);
  });

  it('says clearly that a year has no calendar, rather than printing zeros (exit 1)', async () => {
    const r = await village('measure', 'chronic-absence', '--year', '2022-2023');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/School year 2022-2023 has no calendar/);
  });

  it('lists and recomputes the measures', async () => {
    const list = await village('measures', 'list');
    expect(list.out.split('\n')[0]).toMatch(/^chronic-absence\t/);
    const re = await village('measures', 'recompute', '--quiet');
    expect(re.code).toBe(0);
    expect(re.out).toMatch(/Recomputed 2 school year\(s\): 16 student summaries from 20 absence records/);
  });
});
