/**
 * The home-visit program end to end through the API: set-up, training and participation, the five
 * core practices as refusals, offline forms arriving twice, reflections completing a visit, who sees
 * what (notes included), coverage, payroll and the record a parent may ask to inspect.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../test/app.ts';
import { seedSmallDistrict, TEST_PASSWORD, type SmallDistrict } from '../../test/fixtures.ts';
import { createUser } from '../users/commands.ts';

let t: TestApp;
let d: SmallDistrict;
let admin: TestClient, coord: TestClient, teacher: TestClient, otherTeacher: TestClient, partner: TestClient, union: TestClient, viewer: TestClient;
let partnerEducator: number, untrained: number, sibling: number;
const P = '/api/v1/home-visits';

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  d = await seedSmallDistrict(db, 'hv');
  const staff = async (ext: string, first: string) => {
    const id = (await db.insertInto('staff').values({ district_id: d.districtId, ext_id: ext, first_name: first, last_name: 'Educator', role: 'teacher' }).returning('id').executeTakeFirstOrThrow()).id;
    await db.insertInto('staff_schools').values({ district_id: d.districtId, staff_id: id, school_id: d.schoolA }).execute();
    return id;
  };
  partnerEducator = await staff('hv-t3', 'Paula');
  untrained = await staff('hv-t4', 'Uma');
  // A sibling of the first student at school A: the same guardian, one family.
  sibling = (await db.insertInto('students').values({ district_id: d.districtId, ext_id: 'hv-s7', first_name: 'Sib', last_name: 'Alder', race_ethnicity: 'white' }).returning('id').executeTakeFirstOrThrow()).id;
  await db.insertInto('enrollments').values({ district_id: d.districtId, student_id: sibling, school_id: d.schoolA, school_year_id: d.yearId, grade: '01', entry_date: '2021-08-16' }).execute();
  await db.insertInto('student_guardians').values({ district_id: d.districtId, student_id: sibling, guardian_id: d.guardians[0], relationship: 'parent', lives_with_student: 1 }).execute();
  await createUser(db, { districtId: d.districtId, email: 'teacher-b@hv.example', displayName: 'Ben Cho', role: 'teacher', password: TEST_PASSWORD, schoolIds: [d.schoolB], staffId: d.teacherB });
  admin = await t.signIn(d.emails.district_admin);
  coord = await t.signIn(d.emails.school_staff);
  teacher = await t.signIn(d.emails.teacher);
  otherTeacher = await t.signIn('teacher-b@hv.example');
  partner = await t.signIn(d.emails.partner_staff);
  union = await t.signIn(d.emails.union_rep);
  viewer = await t.signIn(d.emails.viewer);
});
afterAll(() => t?.close());

const base = () => ({
  schoolId: d.schoolA,
  visitTypeId: 0,
  status: 'scheduled' as const,
  date: '2021-10-05',
  startTime: '17:00',
  durationMinutes: 60,
  place: 'home' as const,
  language: 'es',
  arrangedOn: '2021-09-28',
  educatorStaffIds: [d.teacherA, partnerEducator],
  studentIds: [d.studentsA[0]],
});
let hopes = 0;
let academic = 0;

describe('program set-up', () => {
  it('lets the district name a coordinator, who then sets the program up', async () => {
    const res = await admin.post(`${P}/programs/${d.schoolA}/coordinators`, { userId: d.userIds.school_staff });
    expect(res.statusCode).toBe(200);
    expect(res.json().coordinators.map((c: { email: string }) => c.email)).toEqual([d.emails.school_staff]);
    const types = res.json().visitTypes;
    hopes = types.find((x: { purpose: string }) => x.purpose === 'hopes_and_dreams').id;
    academic = types.find((x: { purpose: string }) => x.purpose === 'academic').id;
    const patched = await coord.patch(`${P}/programs/${d.schoolA}`, { hourlyRateCents: 4000, countTravelTime: true, countReflectionTime: true, coverageTarget: 0.1, payPeriod: 'monthly' });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().hourlyRateCents).toBe(4000);
  });

  it('refuses program changes from someone who does not coordinate the school', async () => {
    const res = await teacher.patch(`${P}/programs/${d.schoolA}`, { hourlyRateCents: 1 });
    expect(res.statusCode).toBe(403);
    const unionUser = await admin.post(`${P}/programs/${d.schoolA}/coordinators`, { userId: d.userIds.union_rep });
    expect(unionUser.statusCode).toBe(400);
    expect(unionUser.json().message).toMatch(/coordinator is a member of the school's staff or a teacher/);
  });

  it('records training (coordinator, union) and voluntary participation', async () => {
    expect((await coord.post(`${P}/educators/${d.teacherA}/trainings`, { date: '2021-08-10', trainer: 'PTHV national trainers', hours: 6 })).statusCode).toBe(201);
    expect((await union.post(`${P}/educators/${partnerEducator}/trainings`, { date: '2021-08-10', trainer: 'PTHV national trainers', hours: 6 })).statusCode).toBe(201);
    const future = await coord.post(`${P}/educators/${untrained}/trainings`, { date: '2099-01-01', trainer: 'x', hours: 1 });
    expect(future.statusCode).toBe(400);
    expect((await teacher.put(`${P}/educators/${d.teacherA}/participation`, { optedIn: true })).statusCode).toBe(200);
    expect((await coord.put(`${P}/educators/${partnerEducator}/participation`, { optedIn: true })).statusCode).toBe(200);
    expect((await coord.put(`${P}/educators/${untrained}/participation`, { optedIn: true })).statusCode).toBe(200);
    // A teacher cannot opt a colleague in.
    expect((await teacher.put(`${P}/educators/${partnerEducator}/participation`, { optedIn: false })).statusCode).toBe(403);
    const list = await union.get(`${P}/educators`);
    expect(list.statusCode).toBe(200);
    const byId = new Map(list.json().educators.map((e: { staffId: number }) => [e.staffId, e]));
    expect(byId.get(d.teacherA)).toMatchObject({ trained: true, optedIn: true });
    expect(byId.get(untrained)).toMatchObject({ trained: false, optedIn: true });
  });
});

describe('the five core practices, as refusals with reasons', () => {
  it('never one educator alone', async () => {
    const res = await teacher.post(`${P}/visits`, { ...base(), visitTypeId: hopes, educatorStaffIds: [d.teacherA] });
    expect(res.statusCode).toBe(422);
    expect(res.json().message).toMatch(/never visit alone/);
    const ok = await coord.post(`${P}/visits`, { ...base(), visitTypeId: hopes, educatorStaffIds: [d.teacherA], interpreter: { name: 'Rosa Díaz', language: 'es' }, date: '2021-09-30', studentIds: [d.studentsA[2]] });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().visit.interpreter).toEqual({ name: 'Rosa Díaz', language: 'es' });
  });

  it('only trained educators', async () => {
    const res = await coord.post(`${P}/visits`, { ...base(), visitTypeId: hopes, educatorStaffIds: [partnerEducator, untrained], studentIds: [d.studentsA[1]] });
    expect(res.statusCode).toBe(422);
    expect(res.json().message).toMatch(/Uma Educator has no home-visit training/);
  });

  it('nothing logged as held before the date', async () => {
    const res = await teacher.post(`${P}/visits`, { ...base(), visitTypeId: hopes, status: 'held', date: '2099-10-05' });
    expect(res.statusCode).toBe(422);
    expect(res.json().message).toMatch(/has not happened yet/);
  });

  it('arranged in advance', async () => {
    const res = await teacher.post(`${P}/visits`, { ...base(), visitTypeId: hopes, arrangedOn: '2021-10-06' });
    expect(res.statusCode).toBe(422);
    expect(res.json().message).toMatch(/arranged with the family in advance/);
  });

  it('the first visit is relationship-building, once a year; siblings share it', async () => {
    const academicFirst = await teacher.post(`${P}/visits`, { ...base(), visitTypeId: academic });
    expect(academicFirst.statusCode).toBe(422);
    expect(academicFirst.json().message).toMatch(/first visit of the year is about relationships/);
    // A teacher arranges visits with their own students' families; the sibling is not in the teacher's class.
    expect((await teacher.post(`${P}/visits`, { ...base(), visitTypeId: hopes, studentIds: [d.studentsA[0], sibling] })).statusCode).toBe(404);
    const first = await teacher.post(`${P}/visits`, { ...base(), visitTypeId: hopes, studentIds: [d.studentsA[0]] });
    expect(first.statusCode).toBe(201);
    expect(first.json().visit.status).toBe('scheduled');
    const second = await coord.post(`${P}/visits`, { ...base(), visitTypeId: hopes, date: '2021-11-02', startTime: '16:00', studentIds: [sibling] });
    expect(second.statusCode).toBe(409);
    expect(second.json().message).toMatch(/already has its first, hopes-and-dreams visit/);
  });

  it('one educator cannot be at two visits at once', async () => {
    const res = await coord.post(`${P}/visits`, { ...base(), visitTypeId: hopes, startTime: '17:30', educatorStaffIds: [d.teacherA, partnerEducator], studentIds: [d.studentsA[1]] });
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toMatch(/Ana Reyes already has visit #\d+ on 2021-10-05 from 17:00 to 18:00/);
  });

  it('a family that declined is not offered again unless it asks', async () => {
    const declined = await coord.put(`${P}/families/answer`, { schoolId: d.schoolA, studentId: d.studentsA[1], response: 'declined', respondedOn: '2021-09-20' });
    expect(declined.statusCode).toBe(200);
    const visit = await coord.post(`${P}/visits`, { ...base(), visitTypeId: hopes, date: '2021-10-12', studentIds: [d.studentsA[1]] });
    expect(visit.statusCode).toBe(422);
    expect(visit.json().message).toMatch(/not offered again this year unless it asks/);
    const again = await coord.put(`${P}/families/answer`, { schoolId: d.schoolA, studentId: d.studentsA[1], response: 'accepted' });
    expect(again.statusCode).toBe(422);
    const asked = await coord.put(`${P}/families/answer`, { schoolId: d.schoolA, studentId: d.studentsA[1], response: 'accepted', askedAgain: true, interpreterNeeded: true, preferredLanguage: 'es' });
    expect(asked.statusCode).toBe(200);
    expect(asked.json()).toMatchObject({ offerable: true, answer: { response: 'accepted', askedAgain: true, interpreterNeeded: true } });
  });
});

describe('logging at the door, possibly twice', () => {
  let visitId = 0;
  it('logs a scheduled visit once, whatever the number of arrivals', async () => {
    visitId = (await teacher.get(`${P}/visits?mine=1&status=scheduled`)).json().visits.find((v: { students: string[] }) => v.students.includes('Student1 Alder')).id;
    const form = { idempotencyKey: 'phone-form-0001', durationMinutes: 75, place: 'home', language: 'es', travelMinutes: 20, notes: 'Hopes: that Student1 becomes a nurse like her aunt.', reflection: { learned: 'The family reads together every night.', willUse: 'Reading logs in Spanish at home.', minutes: 15 } };
    const first = await teacher.post(`${P}/visits/${visitId}/log`, form);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ replayed: false, visit: { status: 'held', durationMinutes: 75 } });
    const again = await teacher.post(`${P}/visits/${visitId}/log`, form);
    expect(again.statusCode).toBe(200);
    expect(again.json().replayed).toBe(true);
    expect(again.json().message).toMatch(/already been received/);
    const changed = await teacher.post(`${P}/visits/${visitId}/log`, { ...form, durationMinutes: 90 });
    expect(changed.statusCode).toBe(409);
    expect(changed.json().message).toMatch(/already received .* with different content/);
    const submissions = await t.database.db.selectFrom('hv_submissions').select('idempotency_key').where('idempotency_key', '=', 'phone-form-0001').execute();
    expect(submissions).toHaveLength(1);
    expect((await teacher.get(`${P}/visits/${visitId}`)).json().durationMinutes).toBe(75);
  });

  it('creates a visit from an offline form once', async () => {
    const form = { ...base(), idempotencyKey: 'phone-form-0002', visitTypeId: academic, status: 'held', date: '2021-10-19', arrangedOn: '2021-10-10', studentIds: [d.studentsA[0]], notes: 'Went over reading goals.' };
    const count = async () => (await t.database.db.selectFrom('hv_visits').select('id').where('district_id', '=', d.districtId).execute()).length;
    const before = await count();
    const first = await teacher.post(`${P}/visits`, form);
    // The hopes-and-dreams visit is held, not yet completed: an academic visit may follow it.
    expect(first.statusCode).toBe(201);
    const second = await teacher.post(`${P}/visits`, form);
    expect(second.statusCode).toBe(201);
    expect(second.json().replayed).toBe(true);
    expect(second.json().visit.id).toBe(first.json().visit.id);
    expect(await count()).toBe(before + 1);
  });

  it('completes a visit once each educator has reflected', async () => {
    const mine = await teacher.get(`${P}/visits/${visitId}`);
    expect(mine.json().status).toBe('held');
    expect(mine.json().educators.find((e: { staffId: number }) => e.staffId === d.teacherA).reflected).toBe(true);
    // A teacher writes only their own reflection; the coordinator records the partner's, given on paper.
    expect((await teacher.post(`${P}/visits/${visitId}/reflections`, { staffId: partnerEducator, learned: 'x', willUse: 'y' })).statusCode).toBe(403);
    const done = await coord.post(`${P}/visits/${visitId}/reflections`, { staffId: partnerEducator, learned: 'Aunt is a nurse; a role model.', willUse: 'Science reading for Student1.', minutes: 10 });
    expect(done.statusCode).toBe(200);
    expect(done.json().visit.status).toBe('completed');
  });

  it('records cancellations and no-shows', async () => {
    const v = await coord.post(`${P}/visits`, { ...base(), visitTypeId: hopes, date: '2021-10-26', studentIds: [d.studentsA[1]], educatorStaffIds: [partnerEducator, untrained], interpreter: null });
    // Uma is not trained: still refused.
    expect(v.statusCode).toBe(422);
    const ok = await coord.post(`${P}/visits`, { ...base(), visitTypeId: hopes, date: '2021-10-26', studentIds: [d.studentsA[1]] });
    expect(ok.statusCode).toBe(201);
    const noShow = await teacher.post(`${P}/visits/${ok.json().visit.id}/close`, { outcome: 'no_show', reason: 'Nobody home; call again.' });
    expect(noShow.statusCode).toBe(200);
    expect(noShow.json().status).toBe('no_show');
    expect((await teacher.post(`${P}/visits/${ok.json().visit.id}/close`, { outcome: 'cancelled' })).statusCode).toBe(409);
  });
});

describe('who sees what', () => {
  let visitId = 0;
  beforeAll(async () => {
    visitId = (await coord.get(`${P}/visits?status=completed`)).json().visits[0].id;
  });
  it('the visit\'s educators and the school\'s coordinators read the notes', async () => {
    for (const c of [teacher, coord]) {
      const v = (await c.get(`${P}/visits/${visitId}`)).json();
      expect(v.notesVisible).toBe(true);
      expect(v.notes).toMatch(/nurse/);
      expect(v.reflections).toHaveLength(2);
    }
  });
  it('the district sees that the visit happened, not what was said', async () => {
    const v = (await admin.get(`${P}/visits/${visitId}`)).json();
    expect(v.status).toBe('completed');
    expect(v.notesVisible).toBe(false);
    expect(v.notes).toBeNull();
    expect(v.reflections).toBeNull();
    expect(JSON.stringify(v)).not.toMatch(/nurse/);
  });
  it('a teacher of other students, and partners without data-sharing terms, do not see it at all', async () => {
    expect((await otherTeacher.get(`${P}/visits/${visitId}`)).statusCode).toBe(404);
    expect((await partner.get(`${P}/visits/${visitId}`)).statusCode).toBe(404);
    expect((await partner.get(`${P}/visits`)).json().visits).toEqual([]);
    expect((await otherTeacher.get(`${P}/families?schoolId=${d.schoolA}`)).json().families).toEqual([]);
  });
  it('the union sees participation, training and compensation, but no visit', async () => {
    expect((await union.get(`${P}/visits`)).statusCode).toBe(403);
    expect((await union.get(`${P}/visits/${visitId}`)).statusCode).toBe(403);
    const p = await union.get(`${P}/participation`);
    expect(p.statusCode).toBe(200);
    const ana = p.json().educators.find((e: { staffId: number }) => e.staffId === d.teacherA);
    // 75 visit minutes + 20 travel + 15 reflection = 110 minutes at $40/hour.
    expect(ana).toMatchObject({ completedVisits: 1, paidHours: 1.83, amountCents: 7333, trainingHours: 6 });
    expect(JSON.stringify(p.json())).not.toMatch(/Student\d/);
  });
  it('exports the payroll as a spreadsheet-safe CSV', async () => {
    const res = await union.get(`${P}/compensation.csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    const lines = res.body.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines[0]).toBe('staff_id,name,email,school,period_start,period_end,visits,visit_hours,travel_hours,reflection_hours,total_hours,hourly_rate,amount');
    expect(lines).toContain('hv-t1,Ana Reyes,hv-t1@staff.example,Alder Elementary,2021-10-01,2021-10-31,1,1.25,0.33,0.25,1.83,40.00,73.33');
  });
  it('gives each teacher only their own pay', async () => {
    const rows = (await teacher.get(`${P}/compensation`)).json().rows;
    expect(rows.every((r: { staffId: number }) => r.staffId === d.teacherA)).toBe(true);
  });
  it('exports a student\'s record for a parent: whole for the coordinator, without the notes for the district', async () => {
    const full = (await coord.get(`${P}/students/${d.studentsA[0]}/record`)).json();
    expect(full.complete).toBe(true);
    expect(full.visits[0].notes).toMatch(/nurse/);
    const district = (await admin.get(`${P}/students/${d.studentsA[0]}/record`)).json();
    expect(district.complete).toBe(false);
    expect(district.visits[0].notes).toBeNull();
    const csv = await coord.get(`${P}/students/${d.studentsA[0]}/record.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toMatch(/nurse/);
    const audit = await t.database.db.selectFrom('audit_events').select(['action', 'entity_id']).where('entity_type', '=', 'student').where('action', '=', 'export').execute();
    expect(audit.some((a) => a.entity_id === String(d.studentsA[0]))).toBe(true);
  });
});

describe('coverage', () => {
  it('counts students whose family had a completed visit, and families, by school and grade', async () => {
    const res = await admin.get(`${P}/coverage?asOf=2022-06-10`);
    expect(res.statusCode).toBe(200);
    const school = res.json().rows.find((r: { level: string; schoolId: number }) => r.level === 'school' && r.schoolId === d.schoolA);
    // School A: four students (a sibling pair and two others) in three families; the siblings' family was visited.
    expect(school).toMatchObject({ students: 4, studentsVisited: 2, families: 3, familiesVisited: 1, rate: 0.5, familyRate: 0.3333, reachedTarget: true, suppressed: false });
    const cls = res.json().rows.find((r: { level: string; classId: number }) => r.level === 'class' && r.classId === d.classA);
    expect(cls).toMatchObject({ students: 1, studentsVisited: 1 });
    const early = (await admin.get(`${P}/coverage?asOf=2021-10-04`)).json().rows.find((r: { level: string; schoolId: number }) => r.level === 'school' && r.schoolId === d.schoolA);
    expect(early.familiesVisited).toBe(0);
  });
  it('suppresses small schools for people who see aggregates only', async () => {
    for (const c of [partner, viewer, union]) {
      const rows = (await c.get(`${P}/coverage?asOf=2022-06-10`)).json().rows;
      expect(rows.every((r: { level: string }) => ['district', 'school', 'grade'].includes(r.level))).toBe(true);
      const school = rows.find((r: { level: string; schoolId: number }) => r.level === 'school' && r.schoolId === d.schoolA);
      expect(school).toMatchObject({ suppressed: true, rate: null, familyRate: null });
      expect(school.students === 0 || school.students === null).toBe(true);
    }
  });
});

describe('home-visit-coverage in the shared measures', () => {
  it('gives the same counts as the program, per DATA-FORMATS.md', async () => {
    const db = t.database.db;
    const days: Array<{ district_id: number; school_id: number; school_year_id: number; date: string; instructional: number; event: null }> = [];
    for (let ms = Date.parse('2021-08-16T00:00:00Z'); ms <= Date.parse('2022-06-10T00:00:00Z'); ms += 86_400_000) {
      const day = new Date(ms);
      if (day.getUTCDay() === 0 || day.getUTCDay() === 6) continue;
      for (const school of [d.schoolA, d.schoolB]) days.push({ district_id: d.districtId, school_id: school, school_year_id: d.yearId, date: day.toISOString().slice(0, 10), instructional: 1, event: null });
    }
    for (let i = 0; i < days.length; i += 200) await db.insertInto('calendar_days').values(days.slice(i, i + 200)).execute();
    const res = await admin.get('/api/v1/measures/home-visit-coverage?year=2021-2022&by=school&asOf=2022-06-10');
    expect(res.statusCode).toBe(200);
    const codes = await db.selectFrom('schools').select(['id', 'code']).execute();
    const codeA = codes.find((c) => c.id === d.schoolA)!.code;
    const row = res.json().rows.find((r: { school_id: string }) => r.school_id === codeA);
    expect(row).toMatchObject({ denominator: 4, numerator: 2, rate: 0.5, families: 3, families_visited: 1, suppressed: false });
  });
});

describe('cross-section and results, by who asks', () => {
  it('gives the coordinator the check for the school, with no verdict below 30 visited families', async () => {
    const res = await coord.get(`${P}/cross-section?schoolId=${d.schoolA}&asOf=2022-06-10`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ verdict: 'no_verdict', visitedFamilies: 1, enrolledFamilies: 3, minimumVisited: 30 });
    expect(res.json().kinds.map((k: { kind: string }) => k.kind)).toEqual(expect.arrayContaining(['race', 'attendance_tier', 'proficiency']));
    // A teacher who does not coordinate, and the other school's staff, do not get it.
    expect((await teacher.get(`${P}/cross-section?schoolId=${d.schoolA}`)).statusCode).toBe(403);
    expect((await coord.get(`${P}/cross-section?schoolId=${d.schoolB}`)).statusCode).toBe(403);
    expect((await coord.get(`${P}/cross-section`)).statusCode).toBe(403);
  });
  it('shows results beside the visits as a correlation; whole for the district, suppressed for aggregates-only readers', async () => {
    const full = (await admin.get(`${P}/results?asOf=2022-06-10`)).json();
    expect(full.statement).toMatch(/correlation, not proof of cause/);
    expect(full.study).toMatch(/2016-17 study of more than 100,000 K-8 students/);
    const visited = full.groups.find((g: { visited: boolean }) => g.visited);
    expect(visited).toMatchObject({ students: 2, suppressed: false });
    const viewerView = (await viewer.get(`${P}/results?asOf=2022-06-10`)).json();
    expect(viewerView.groups.every((g: { suppressed: boolean; students: number | null }) => g.suppressed && g.students === null)).toBe(true);
    expect(viewerView.beforeAfter.list).toBeNull();
    expect((await union.get(`${P}/results`)).statusCode).toBe(403);
  });
});
