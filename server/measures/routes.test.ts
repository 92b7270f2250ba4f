/**
 * The measures API for every role: the same figures as the command line, suppression on the server
 * for everyone without student-level access to a whole cell (group sizes included), student lists
 * limited to the students one may see and audited, goals refused with reasons, and figures fresh
 * after an import.
 */
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../test/app.ts';
import { seedSmallDistrict, type SmallDistrict } from '../../test/fixtures.ts';
import type { Role } from '../../common/roles.ts';
import { computeMeasure } from './engine.ts';
import { weekdays } from './test-helpers.ts';
import { importCsv } from '../imports/index.ts';
import { operatorActor } from '../auth/actor.ts';

let t: TestApp;
let d: SmallDistrict;
const as: Partial<Record<Role, TestClient>> = {};
const DAYS = weekdays('2021-09-01', '2021-10-29'); // 43 days: 22 in September, 21 in October
let extra: number[] = [];
let dir: string;

beforeAll(async () => {
  t = await createTestApp();
  d = await seedSmallDistrict(t.database.db);
  const db = t.database.db;
  for (const school of [d.schoolA, d.schoolB]) {
    await db.insertInto('calendar_days').values(DAYS.map((date) => ({ district_id: d.districtId, school_id: school, school_year_id: d.yearId, date, instructional: 1 }))).execute();
  }
  // School A: the 3 seeded students and 12 more (15); school B: the 3 seeded students.
  for (let i = 0; i < 12; i++) {
    const id = (await db.insertInto('students').values({ district_id: d.districtId, ext_id: `test-x${i}`, first_name: `Extra${i}`, last_name: 'Alder', sex: i % 2 ? 'M' : 'F', race_ethnicity: 'white' }).returning('id').executeTakeFirstOrThrow()).id;
    extra.push(id);
    await db.insertInto('enrollments').values({ district_id: d.districtId, student_id: id, school_id: d.schoolA, school_year_id: d.yearId, grade: '03', entry_date: '2021-08-16' }).execute();
  }
  // Chronically absent (5 of 42 days): the first seeded student of A (in teacher A's class), two extra
  // students at A, and the first student of B.
  const absent = async (studentId: number, school: number, n: number) =>
    db.insertInto('attendance_records').values(DAYS.slice(0, n).map((date) => ({ district_id: d.districtId, student_id: studentId, school_id: school, date, status: 'absent_unexcused' }))).execute();
  await absent(d.studentsA[0], d.schoolA, 5);
  await absent(extra[0], d.schoolA, 6);
  await absent(extra[1], d.schoolA, 5);
  await absent(d.studentsB[0], d.schoolB, 7);
  // At risk (3 of 42 = 7.1%): one more at A.
  await absent(extra[2], d.schoolA, 3);
  for (const role of ['district_admin', 'data_manager', 'school_staff', 'teacher', 'partner_staff', 'union_rep', 'viewer'] as Role[]) as[role] = await t.signIn(d.emails[role]);
  dir = mkdtempSync(path.join(tmpdir(), 'village-measures-'));
});
afterAll(async () => {
  await t?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const get = async (role: Role, url: string) => {
  const res = await (as[role] as TestClient).get(url);
  return { status: res.statusCode, body: res.statusCode === 200 && res.headers['content-type']?.toString().includes('json') ? res.json() : res.body };
};

describe('measures API', () => {
  it('gives district staff the same figures as the command line', async () => {
    const api = await get('district_admin', '/api/v1/measures/chronic-absence?year=2021-2022&by=school,group');
    expect(api.status).toBe(200);
    const cli = await computeMeasure(t.database.db, d.districtId, { measure: 'chronic-absence', year: '2021-2022', by: ['school', 'group'] }, { kind: 'full' });
    expect(api.body).toEqual(JSON.parse(JSON.stringify(cli)));
    const a = api.body.rows.find((r: { school_id: string; group: string }) => r.school_id === 'test-A' && r.group === 'sex=F');
    expect(a.suppressed).toBe(false);
    const district = (await get('district_admin', '/api/v1/measures/chronic-absence?year=2021-2022')).body;
    expect(district.rows[0]).toMatchObject({ denominator: 18, numerator: 4, rate: 0.2222, suppressed: false });
  });

  it('withholds small cells and their size from viewers, union and partners, in JSON and CSV', async () => {
    for (const role of ['viewer', 'union_rep', 'partner_staff'] as Role[]) {
      const { body } = await get(role, '/api/v1/measures/chronic-absence?year=2021-2022&by=school');
      // B has 3 students; A (15) is withheld with it, or 18 − 15 would give B away.
      expect(body.rows).toEqual([
        { school_id: 'test-A', grade: null, group: null, month: null, denominator: null, numerator: null, rate: null, suppressed: true },
        { school_id: 'test-B', grade: null, group: null, month: null, denominator: null, numerator: null, rate: null, suppressed: true },
      ]);
      expect(body.suppression).toEqual({ applied: true, minN: 10 });
      const csv = await get(role, '/api/v1/measures/chronic-absence/csv?year=2021-2022&by=school');
      expect(csv.body).toBe('\ufeffschool_id,grade,group,month,denominator,numerator,rate,suppressed\r\ntest-A,,,,,,,true\r\ntest-B,,,,,,,true\r\n');
      const district = (await get(role, '/api/v1/measures/chronic-absence?year=2021-2022')).body;
      expect(district.rows[0]).toMatchObject({ denominator: 18, numerator: 4, suppressed: false });
    }
  });

  it('shows school staff their own school unsuppressed, and protects the rest from them', async () => {
    const { body } = await get('school_staff', '/api/v1/measures/chronic-absence?year=2021-2022&by=school');
    expect(body.rows[0]).toMatchObject({ school_id: 'test-A', denominator: 15, numerator: 3, suppressed: false });
    expect(body.rows[1]).toMatchObject({ school_id: 'test-B', denominator: null, suppressed: true });
    // Knowing A, the district total would give B away: withheld for them.
    const district = (await get('school_staff', '/api/v1/measures/chronic-absence?year=2021-2022')).body;
    expect(district.rows[0]).toMatchObject({ denominator: null, suppressed: true });
  });

  it('refuses unknown measures, dimensions and years, naming the choices', async () => {
    const m = await get('viewer', '/api/v1/measures/absence?year=2021-2022');
    expect(m.status).toBe(400);
    expect(JSON.parse(m.body).message).toMatch(/Choose one of: chronic-absence/);
    const by = await get('viewer', '/api/v1/measures/chronic-absence?year=2021-2022&by=zip');
    expect(by.status).toBe(400);
    expect(JSON.parse(by.body).details.choices).toEqual(['school', 'grade', 'group', 'month']);
    const y = await get('viewer', '/api/v1/measures/chronic-absence?year=2019-2020');
    expect(JSON.parse(y.body).message).toMatch(/Choose one of: 2021-2022/);
  });

  it('compares with the prior year when asked, and says when there is none', async () => {
    const { body } = await get('district_admin', '/api/v1/measures/chronic-absence?year=2021-2022&compare=prior-year');
    expect(body.prior).toBeNull();
  });
});

describe('the students behind a number', () => {
  it('lists only the students each person may see, and audits every read', async () => {
    const names = (body: { students: Array<{ studentId: number }> }) => body.students.map((s) => s.studentId).sort((a, b) => a - b);
    const admin = (await get('district_admin', '/api/v1/student-lists/chronically-absent?year=2021-2022')).body;
    expect(names(admin)).toEqual([d.studentsA[0], d.studentsB[0], extra[0], extra[1]].sort((a, b) => a - b));
    expect(admin.students[0]).toMatchObject({ daysEnrolled: 43, daysAbsent: 7, rate: 0.1628, tier: 'moderate' });
    const staff = (await get('school_staff', '/api/v1/student-lists/chronically-absent?year=2021-2022')).body;
    expect(names(staff)).toEqual([d.studentsA[0], extra[0], extra[1]].sort((a, b) => a - b));
    const teacher = (await get('teacher', '/api/v1/student-lists/chronically-absent?year=2021-2022')).body;
    expect(names(teacher)).toEqual([d.studentsA[0]]);
    const partner = (await get('partner_staff', '/api/v1/student-lists/chronically-absent?year=2021-2022')).body;
    expect(partner.students).toEqual([]);
    expect((await get('viewer', '/api/v1/student-lists/chronically-absent?year=2021-2022')).status).toBe(403);
    expect((await get('union_rep', '/api/v1/student-lists/at-risk?year=2021-2022')).status).toBe(403);
    const audited = await t.database.db
      .selectFrom('audit_events')
      .select(['entity_id', 'details'])
      .where('district_id', '=', d.districtId)
      .where('actor_user_id', '=', d.userIds.teacher)
      .where('entity_type', '=', 'student')
      .where('action', '=', 'read')
      .execute();
    expect(audited.map((a) => Number(a.entity_id))).toEqual([d.studentsA[0]]);
    expect(JSON.parse(audited[0].details as string)).toMatchObject({ context: 'measures:chronically-absent' });
  });

  it('gives the at-risk and early-warning lists with the days a student can still miss, and CSV', async () => {
    const risk = (await get('district_admin', '/api/v1/student-lists/at-risk?year=2021-2022')).body;
    expect(risk.students.map((s: { studentId: number }) => s.studentId)).toEqual([extra[2]]);
    const warn = (await get('district_admin', '/api/v1/student-lists/early-warning?year=2021-2022&asOf=2021-10-15')).body;
    // As of 10-15 (33 days so far, 10 to go, D = 43): extra[2] has missed 3 (9.1%) → ceil(4.3) − 1 − 3 = 1 day left.
    expect(warn.students).toEqual([expect.objectContaining({ studentId: extra[2], daysEnrolled: 33, daysAbsent: 3, daysCanStillMiss: 1, stillEnrolled: true })]);
    const csv = await get('school_staff', '/api/v1/student-lists/chronically-absent/csv?year=2021-2022&schoolId=' + d.schoolA);
    expect(csv.status).toBe(200);
    const lines = String(csv.body).replace(/\r\n$/, '').split('\r\n');
    expect(lines[0]).toBe('\ufeffstudent_number,last_name,first_name,school_id,school,grade,days_enrolled,days_absent,absence_rate,tier,still_enrolled,days_can_still_miss');
    expect(lines).toHaveLength(4);
    expect((await get('school_staff', '/api/v1/student-lists/chronically-absent?year=2021-2022&schoolId=999999')).status).toBe(404);
  });
});

describe('goals', () => {
  it('refuses targets outside 0–100% and dates in the past, with the reason', async () => {
    const admin = as.district_admin as TestClient;
    const base = { title: 'Fewer chronically absent', measure: 'chronic-absence', baseline: 0.25, target: 0.15, targetDate: '2099-06-30', owners: [{ type: 'district' }, { type: 'union' }] };
    const over = await admin.post('/api/v1/goals', { ...base, target: 1.2 });
    expect(over.statusCode).toBe(400);
    expect(over.json().details.fields).toEqual([{ path: 'target', message: 'must be between 0% and 100% (given 120%)' }]);
    const past = await admin.post('/api/v1/goals', { ...base, targetDate: '2020-06-30' });
    expect(past.statusCode).toBe(400);
    expect(past.json().details.fields[0]).toEqual({ path: 'targetDate', message: '2020-06-30 is in the past; a target date must be today or later' });
    const wrongWay = await admin.post('/api/v1/goals', { ...base, target: 0.3 });
    expect(wrongWay.json().details.fields[0].message).toMatch(/lower is better/);
    expect((await (as.viewer as TestClient).post('/api/v1/goals', base)).statusCode).toBe(403);
    expect(await t.database.db.selectFrom('measure_goals').select('id').execute()).toEqual([]);
  });

  it('computes progress from the data, and hides it from those who may not see a small group', async () => {
    const admin = as.district_admin as TestClient;
    const created = await admin.post('/api/v1/goals', {
      title: 'Birch: fewer chronically absent',
      measure: 'chronic-absence',
      schoolId: d.schoolB,
      baselineYear: '2021-2022',
      target: 0.1,
      startDate: '2021-08-16',
      targetDate: '2099-06-30',
      owners: [{ type: 'school', id: d.schoolB }, { type: 'union' }],
    });
    expect(created.statusCode).toBe(201);
    const goal = created.json();
    // The baseline is computed from 2021-2022: 1 of 3 at B.
    expect(goal).toMatchObject({ baseline: 0.3333, target: 0.1, school: { id: d.schoolB }, owners: [{ type: 'school', id: d.schoolB, name: 'Birch Elementary' }, { type: 'union', id: null }] });
    expect(goal.progress).toMatchObject({ year: '2021-2022', current: 0.3333, denominator: 3 });
    expect(['on_track', 'off_track']).toContain(goal.progress.status);
    const viewer = (await get('viewer', `/api/v1/goals/${goal.id}`)).body;
    expect(viewer.progress).toEqual({ year: '2021-2022', asOf: '2021-10-29', current: null, denominator: null, expected: null, share: null, status: 'suppressed' });
    const patched = await admin.patch(`/api/v1/goals/${goal.id}`, { target: 1.5 });
    expect(patched.statusCode).toBe(400);
    expect((await admin.delete(`/api/v1/goals/${goal.id}`)).statusCode).toBe(204);
    expect((await get('viewer', `/api/v1/goals/${goal.id}`)).status).toBe(404);
  });
});

describe('dashboards', () => {
  it('gives the district overview with schools ranked, gaps, tiers and the monthly trend', async () => {
    const { status, body } = await get('district_admin', '/api/v1/dashboard?year=2021-2022');
    expect(status).toBe(200);
    expect(body.figures.find((f: { measure: string }) => f.measure === 'chronic-absence')).toMatchObject({ rate: 0.2222, prior: null, change: null });
    expect(body.schools.map((s: { code: string; rate: number }) => [s.code, s.rate])).toEqual([
      ['test-B', 0.3333],
      ['test-A', 0.2],
    ]);
    expect(body.tiers).toMatchObject({ denominator: 18, satisfactory: 13, at_risk: 1, moderate: 4, severe: 0 });
    expect(body.trend.map((m: { month: string }) => m.month)).toEqual(['2021-09', '2021-10']);
    expect(body.gaps.find((g: { group: string }) => g.group === 'sex=F')).toBeTruthy();
    const viewer = (await get('viewer', '/api/v1/dashboard?year=2021-2022')).body;
    expect(viewer.schools.every((s: { suppressed: boolean; rate: null }) => s.suppressed && s.rate === null)).toBe(true);
    const school = (await get('school_staff', `/api/v1/dashboard/schools/${d.schoolA}?year=2021-2022`)).body;
    expect(school.school).toMatchObject({ id: d.schoolA, code: 'test-A' });
    expect(school.figures.find((f: { measure: string }) => f.measure === 'chronic-absence')).toMatchObject({ denominator: 15, numerator: 3 });
    expect((await get('viewer', '/api/v1/dashboard/schools/999999')).status).toBe(404);
  });

  it('has fresh figures as soon as an import reports done', async () => {
    const file = path.join(dir, 'attendance.csv');
    writeFileSync(file, 'student_id,school_id,date,status\n' + DAYS.slice(0, 5).map((date) => `test-x5,test-A,${date},absent_excused`).join('\n') + '\n');
    const result = await importCsv(t.database, d.districtId, 'attendance', file, { actor: operatorActor(d.districtId) });
    expect(result.status).toBe('done');
    const { body } = await get('district_admin', '/api/v1/measures/chronic-absence?year=2021-2022&by=school');
    expect(body.rows[0]).toMatchObject({ school_id: 'test-A', numerator: 4 });
  });
});
