/**
 * Browsing students and classes: each role sees exactly the students it may (a teacher their
 * classes, school staff their schools, district roles the district, union representatives and
 * viewers none), another district's records are "not found", and every student shown is audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../test/app.ts';
import { seedSmallDistrict, type SmallDistrict } from '../../test/fixtures.ts';
import { makeAgreement, makePartner, makePartnerUser, makeTerms } from '../partners/test-helpers.ts';

let t: TestApp;
let d: SmallDistrict;
let other: SmallDistrict;
const clients: Record<string, TestClient> = {};

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  d = await seedSmallDistrict(db);
  other = await seedSmallDistrict(db, 'other');
  // A calendar and some attendance for the first student at school A: ten school days in September.
  const days = ['2021-09-01', '2021-09-02', '2021-09-03', '2021-09-06', '2021-09-07', '2021-09-08', '2021-09-09', '2021-09-13', '2021-09-14', '2021-09-15'];
  for (const date of days) await db.insertInto('calendar_days').values({ district_id: d.districtId, school_id: d.schoolA, school_year_id: d.yearId, date, instructional: 1, event: null }).execute();
  await db.insertInto('calendar_days').values({ district_id: d.districtId, school_id: d.schoolA, school_year_id: d.yearId, date: '2021-09-10', instructional: 0, event: 'Holiday' }).execute();
  const s = d.studentsA[0];
  const att = (date: string, status: string, minutes: number | null = null) =>
    db.insertInto('attendance_records').values({ district_id: d.districtId, student_id: s, school_id: d.schoolA, date, status, minutes_absent: minutes }).execute();
  await att('2021-09-01', 'absent_excused');
  await att('2021-09-01', 'tardy'); // same day, counts once
  await att('2021-09-02', 'absent_unexcused');
  await att('2021-09-03', 'tardy'); // never an absence
  await att('2021-09-06', 'suspension_in_school'); // never an absence
  await att('2021-09-07', 'partial', 120); // no district threshold: not an absence
  await att('2021-09-10', 'absent_unexcused'); // a holiday: ignored
  await db.insertInto('assessments').values({ district_id: d.districtId, student_id: s, school_id: d.schoolA, school_year_id: d.yearId, assessment: 'State Test', subject: 'math', administration_date: '2022-04-01', grade: '03', scale_score: 512, performance_level: 3, performance_level_label: 'Met', proficient: 1 }).execute();
  await db.insertInto('discipline_actions').values({ district_id: d.districtId, incident_id: 'I-1', student_id: s, school_id: d.schoolA, date: '2021-10-01', behavior: 'Fighting', action: 'out_of_school_suspension', days: 2 }).execute();
  await db.insertInto('student_programs').values({ district_id: d.districtId, student_id: s, school_id: d.schoolA, program: 'english_learner', program_name: 'ESL', begin_date: '2021-08-16', end_date: null }).execute();
  for (const [role, email] of Object.entries(d.emails)) clients[role] = await t.signIn(email);
  clients.otherAdmin = await t.signIn(other.emails.district_admin);
});
afterAll(() => t.close());

const ids = (res: { json(): { students: Array<{ id: number }> } }) => res.json().students.map((s) => s.id).sort((a, b) => a - b);
const sorted = (a: number[]) => [...a].sort((x, y) => x - y);

describe('who sees which students', () => {
  it('a district administrator and a data manager see every student of the district, and only it', async () => {
    for (const role of ['district_admin', 'data_manager']) {
      const res = await clients[role].get('/api/v1/students?pageSize=100');
      expect(res.statusCode).toBe(200);
      expect(ids(res)).toEqual(sorted([...d.studentsA, ...d.studentsB]));
      expect(res.json().total).toBe(6);
    }
  });

  it('a teacher sees only the students of their own classes', async () => {
    const res = await clients.teacher.get('/api/v1/students');
    expect(ids(res)).toEqual([d.studentsA[0]]);
    expect((await clients.teacher.get(`/api/v1/students/${d.studentsA[0]}`)).statusCode).toBe(200);
    for (const id of [d.studentsA[1], d.studentsB[0]]) {
      const r = await clients.teacher.get(`/api/v1/students/${id}`);
      expect(r.statusCode).toBe(404);
      expect(r.body).not.toContain('Student');
    }
  });

  it('school staff see only students enrolled at their schools', async () => {
    const res = await clients.school_staff.get('/api/v1/students');
    expect(ids(res)).toEqual(sorted(d.studentsA));
    expect((await clients.school_staff.get(`/api/v1/students/${d.studentsB[0]}`)).statusCode).toBe(404);
    // Asking for another school's students gives nothing, not an error.
    const b = await clients.school_staff.get(`/api/v1/students?schoolId=${d.schoolB}`);
    expect(b.json().total).toBe(0);
  });

  it('union representatives and viewers have no student access (403), and classes are refused to partners too', async () => {
    for (const role of ['union_rep', 'viewer']) {
      for (const url of ['/api/v1/students', `/api/v1/students/${d.studentsA[0]}`, '/api/v1/classes', `/api/v1/classes/${d.classA}`]) {
        const res = await clients[role].get(url);
        expect([role, url, res.statusCode]).toEqual([role, url, 403]);
        expect(res.json().details.reason).toBe('role');
      }
    }
    expect((await clients.partner_staff.get('/api/v1/classes')).statusCode).toBe(403);
  });

  it('partner staff see no student without data-sharing terms naming them', async () => {
    const res = await clients.partner_staff.get('/api/v1/students');
    expect(res.statusCode).toBe(200);
    expect(res.json().total).toBe(0);
    expect((await clients.partner_staff.get(`/api/v1/students/${d.studentsA[0]}`)).statusCode).toBe(404);
  });

  it('partner staff see the students their data-sharing terms name, and only the kinds of records the terms name', async () => {
    const db = t.database.db;
    const partner = await makePartner(db, d.districtId, 'Attendance Allies');
    await makePartnerUser(db, d.districtId, partner, 'mentor@allies.example');
    const agreement = await makeAgreement(db, d.districtId, partner, { title: 'Attendance mentoring' });
    await makeTerms(db, d.districtId, agreement, partner, { students: [d.studentsA[0]], categories: ['enrollment', 'attendance'] });
    const mentor = await t.signIn('mentor@allies.example');
    const list = (await mentor.get('/api/v1/students')).json();
    expect(list.students).toEqual([expect.objectContaining({ id: d.studentsA[0], schoolName: 'Alder Elementary', grade: '03', birthDate: null })]);
    const one = (await mentor.get(`/api/v1/students/${d.studentsA[0]}`)).json();
    expect(one).toMatchObject({ firstName: 'Student1', sex: null, raceEthnicity: null, englishLearner: null, birthDate: null, guardians: [], programs: [], assessments: [], discipline: [] });
    expect(one.withheld).toEqual(['assessments', 'discipline', 'programs', 'demographics', 'contact']);
    expect(one.enrollments).toHaveLength(1);
    expect(one.attendance).toMatchObject({ daysEnrolled: 10, daysAbsent: 2 });
    expect((await mentor.get(`/api/v1/students/${d.studentsA[1]}`)).statusCode).toBe(404);
    // Everyone else sees everything their scope allows.
    expect((await clients.district_admin.get(`/api/v1/students/${d.studentsA[0]}`)).json().withheld).toEqual([]);
  });

  it("another district's students and classes are not found", async () => {
    expect((await clients.district_admin.get(`/api/v1/students/${other.studentsA[0]}`)).statusCode).toBe(404);
    expect((await clients.district_admin.get(`/api/v1/classes/${other.classA}`)).statusCode).toBe(404);
    const list = await clients.otherAdmin.get('/api/v1/students?pageSize=100');
    expect(ids(list)).toEqual(sorted([...other.studentsA, ...other.studentsB]));
    expect(ids(list).some((id) => d.studentsA.includes(id))).toBe(false);
  });
});

describe('searching and paging', () => {
  it('finds students by name or id, filters by school, grade and year, and pages', async () => {
    const c = clients.district_admin;
    expect(ids(await c.get('/api/v1/students?q=student1'))).toEqual([d.studentsA[0]]);
    expect(ids(await c.get('/api/v1/students?q=ALDER'))).toEqual(sorted(d.studentsA));
    expect(ids(await c.get('/api/v1/students?q=test-s4'))).toEqual([d.studentsB[0]]);
    expect(ids(await c.get('/api/v1/students?q=birch%20student5'))).toEqual([d.studentsB[1]]);
    expect(ids(await c.get(`/api/v1/students?schoolId=${d.schoolB}`))).toEqual(sorted(d.studentsB));
    expect((await c.get('/api/v1/students?grade=03')).json().total).toBe(6);
    expect((await c.get('/api/v1/students?grade=04')).json().total).toBe(0);
    expect((await c.get(`/api/v1/students?yearId=${d.yearId}`)).json().total).toBe(6);
    const p1 = (await c.get('/api/v1/students?pageSize=4&page=1')).json();
    const p2 = (await c.get('/api/v1/students?pageSize=4&page=2')).json();
    expect(p1.students).toHaveLength(4);
    expect(p2.students).toHaveLength(2);
    expect(new Set([...p1.students, ...p2.students].map((s: { id: number }) => s.id)).size).toBe(6);
    expect(p1.students[0]).toMatchObject({ lastName: 'Alder', grade: '03', schoolName: 'Alder Elementary' });
    expect((await c.get('/api/v1/students?grade=13')).statusCode).toBe(400);
    expect(ids(await c.get('/api/v1/students?q=%25'))).toHaveLength(6);
  });
});

describe('a student record', () => {
  it('has enrollments, guardians, programs, the attendance of the year by the rules, assessments and discipline', async () => {
    const res = await clients.district_admin.get(`/api/v1/students/${d.studentsA[0]}`);
    expect(res.statusCode).toBe(200);
    const s = res.json();
    expect(s).toMatchObject({ studentId: 'test-s1', firstName: 'Student1', lastName: 'Alder', raceEthnicity: 'white', englishLearner: false });
    expect(s.enrollments).toEqual([expect.objectContaining({ schoolName: 'Alder Elementary', schoolYear: '2021-2022', grade: '03', entryDate: '2021-08-16', exitDate: null })]);
    expect(s.guardians).toEqual([expect.objectContaining({ firstName: 'Parent1', relationship: 'parent', livesWithStudent: true })]);
    expect(s.programs).toEqual([expect.objectContaining({ program: 'english_learner', programName: 'ESL' })]);
    expect(s.assessments).toEqual([expect.objectContaining({ assessment: 'State Test', subject: 'math', scaleScore: 512, proficient: true })]);
    expect(s.discipline).toEqual([expect.objectContaining({ incidentId: 'I-1', action: 'out_of_school_suspension', days: 2 })]);
    expect(s.attendance).toMatchObject({ schoolYear: '2021-2022', asOf: '2021-09-15', daysEnrolled: 10, daysAbsent: 2, rate: 0.2, eligible: true, chronicallyAbsent: true, tier: 'severe' });
    expect(s.attendance.schools).toEqual([{ schoolId: d.schoolA, schoolName: 'Alder Elementary', daysEnrolled: 10, daysAbsent: 2, recordsIgnored: 1, source: 'daily' }]);
    expect(s.attendance.absences.map((a: { date: string }) => a.date)).toContain('2021-09-10');
  });

  it('asks for a year the student was not enrolled in: not found', async () => {
    expect((await clients.district_admin.get(`/api/v1/students/${d.studentsA[0]}?yearId=${other.yearId}`)).statusCode).toBe(404);
  });
});

describe('classes', () => {
  it('a teacher sees their own classes, school staff their schools, district roles all', async () => {
    const titles = async (c: TestClient) => (await c.get('/api/v1/classes')).json().classes.map((k: { id: number }) => k.id).sort();
    expect(await titles(clients.teacher)).toEqual([d.classA]);
    expect(await titles(clients.school_staff)).toEqual([d.classA]);
    expect(await titles(clients.district_admin)).toEqual(sorted([d.classA, d.classB]));
    expect((await clients.teacher.get(`/api/v1/classes/${d.classB}`)).statusCode).toBe(404);
    const a = (await clients.teacher.get(`/api/v1/classes/${d.classA}`)).json();
    expect(a).toMatchObject({ title: `Class test-cA`, teachers: ['Ana Reyes'], studentCount: 1, grades: ['03'] });
    expect(a.students.map((s: { id: number }) => s.id)).toEqual([d.studentsA[0]]);
  });
});

describe('the audit trail', () => {
  it('records one read per student shown, on lists, records and classes', async () => {
    const db = t.database.db;
    const count = async (ctx: string) =>
      (await db.selectFrom('audit_events').select(['entity_id', 'student_id', 'details', 'actor_user_id']).where('action', '=', 'read').where('entity_type', '=', 'student').where('district_id', '=', d.districtId).execute())
        .filter((e) => String(e.details).includes(ctx));
    const before = (await count('students.list')).length;
    await clients.school_staff.get('/api/v1/students');
    const after = await count('students.list');
    expect(after.length - before).toBe(3);
    expect(after.filter((e) => e.actor_user_id === d.userIds.school_staff).map((e) => Number(e.entity_id)).sort((a, b) => a - b)).toEqual(expect.arrayContaining(sorted(d.studentsA)));

    await clients.teacher.get(`/api/v1/students/${d.studentsA[0]}`);
    const detail = (await count('students.detail')).filter((e) => e.actor_user_id === d.userIds.teacher);
    expect(detail.map((e) => e.student_id)).toContain(d.studentsA[0]);

    const classReads = (await count('classes.detail')).length;
    await clients.teacher.get(`/api/v1/classes/${d.classA}`);
    const classAfter = (await count('classes.detail')).filter((e) => e.actor_user_id === d.userIds.teacher);
    expect(classAfter.length - classReads).toBe(1);
    expect(new Set(classAfter.map((e) => e.student_id))).toEqual(new Set([d.studentsA[0]]));

    // A refused or not-found read records nothing about the student.
    const n = (await count('students.detail')).length;
    await clients.teacher.get(`/api/v1/students/${d.studentsB[0]}`);
    expect((await count('students.detail')).length).toBe(n);
  });
});
