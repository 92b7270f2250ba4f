import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../test/app.ts';
import { seedSmallDistrict, type SmallDistrict } from '../../test/fixtures.ts';

let t: TestApp;
let d: SmallDistrict;
let other: SmallDistrict;
let admin: TestClient;
beforeAll(async () => {
  t = await createTestApp();
  d = await seedSmallDistrict(t.database.db);
  other = await seedSmallDistrict(t.database.db, 'other');
  admin = await t.signIn(d.emails.district_admin);
});
afterAll(() => t.close());

const auditOf = (entityType: string) =>
  t.database.db.selectFrom('audit_events').selectAll().where('district_id', '=', d.districtId).where('entity_type', '=', entityType).orderBy('id').execute();

describe('district settings', () => {
  it('shows the district and its default settings to everyone signed in', async () => {
    const res = await (await t.signIn(d.emails.viewer)).get('/api/v1/district');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ code: 'test', settings: { minN: 10, minDaysEnrolled: 10, partialDayThresholdMinutes: null, topBottomCoding: false, homeVisitCoverageTarget: 0.1 } });
  });

  it('lets a district admin change settings, keeping the others, and audits what changed', async () => {
    const res = await admin.patch('/api/v1/district', { settings: { minDaysEnrolled: 31, partialDayThresholdMinutes: 180 } });
    expect(res.statusCode).toBe(200);
    expect(res.json().settings).toEqual({ minN: 10, minDaysEnrolled: 31, partialDayThresholdMinutes: 180, topBottomCoding: false, homeVisitCoverageTarget: 0.1 });
    const again = await admin.patch('/api/v1/district', { name: 'Test District Renamed', settings: { topBottomCoding: true } });
    expect(again.json()).toMatchObject({ name: 'Test District Renamed', settings: { minDaysEnrolled: 31, topBottomCoding: true } });
    const audit = await auditOf('district');
    expect(JSON.parse(audit[0].details!).changes).toEqual({ 'settings.minDaysEnrolled': { from: 10, to: 31 }, 'settings.partialDayThresholdMinutes': { from: null, to: 180 } });
    expect(audit[1].actor_label).toBe(d.emails.district_admin);
  });

  it('names every bad setting and changes nothing', async () => {
    const res = await admin.patch('/api/v1/district', { settings: { minN: 0, homeVisitCoverageTarget: 1.5, minDaysEnrolled: 'ten' } });
    expect(res.statusCode).toBe(400);
    const paths = res.json().details.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['body.settings.minN', 'body.settings.homeVisitCoverageTarget', 'body.settings.minDaysEnrolled']));
    expect((await admin.get('/api/v1/district')).json().settings.minN).toBe(10);
  });

  it('refuses other roles', async () => {
    const dm = await t.signIn(d.emails.data_manager);
    expect((await dm.patch('/api/v1/district', { settings: { minN: 5 } })).statusCode).toBe(403);
  });
});

describe('schools', () => {
  it('adds and edits a school; a change keeps the fields not given', async () => {
    const created = await admin.post('/api/v1/schools', { code: 'S-9', name: 'Cedar Middle', schoolType: 'middle', lowGrade: '06', highGrade: '08' });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    const edited = await admin.patch(`/api/v1/schools/${id}`, { name: 'Cedar Middle School' });
    expect(edited.json()).toMatchObject({ name: 'Cedar Middle School', schoolType: 'middle', lowGrade: '06', highGrade: '08' });
    expect((await admin.get('/api/v1/schools')).json().schools.map((s: { name: string }) => s.name)).toContain('Cedar Middle School');
  });

  it('refuses a duplicate code (409) and grades in the wrong order (400)', async () => {
    const dup = await admin.post('/api/v1/schools', { code: 'test-A', name: 'Again' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().details.fields[0].path).toBe('code');
    const renamed = await admin.patch(`/api/v1/schools/${d.schoolB}`, { code: 'test-A' });
    expect(renamed.statusCode).toBe(409);
    const grades = await admin.post('/api/v1/schools', { code: 'S-10', name: 'Backwards', lowGrade: '08', highGrade: '06' });
    expect(grades.statusCode).toBe(400);
    expect(grades.json().details.fields[0].path).toBe('highGrade');
  });

  it('never shows or changes another district\'s school', async () => {
    expect((await admin.get(`/api/v1/schools/${other.schoolA}`)).statusCode).toBe(404);
    expect((await admin.patch(`/api/v1/schools/${other.schoolA}`, { name: 'Taken over' })).statusCode).toBe(404);
    const list = (await admin.get('/api/v1/schools')).json().schools.map((s: { id: number }) => s.id);
    expect(list).not.toContain(other.schoolA);
  });
});

describe('school years', () => {
  it('adds, lists and edits a school year', async () => {
    const res = await admin.post('/api/v1/school-years', { name: '2022-2023', startDate: '2022-08-15', endDate: '2023-06-09' });
    expect(res.statusCode).toBe(201);
    const list = (await admin.get('/api/v1/school-years')).json().schoolYears;
    expect(list.map((y: { name: string }) => y.name)).toEqual(['2022-2023', '2021-2022']);
    const edited = await admin.patch(`/api/v1/school-years/${res.json().id}`, { endDate: '2023-06-16' });
    expect(edited.json()).toMatchObject({ name: '2022-2023', startDate: '2022-08-15', endDate: '2023-06-16' });
  });

  it('refuses bad names and dates, overlaps and duplicates, naming the field', async () => {
    const bad = await admin.post('/api/v1/school-years', { name: '2023-2025', startDate: '2023-08-15', endDate: '2024-06-09' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.fields.map((f: { path: string }) => f.path)).toEqual(['name', 'endDate']);
    const notDate = await admin.post('/api/v1/school-years', { name: '2023-2024', startDate: '2023-02-30', endDate: '2024-06-09' });
    expect(notDate.statusCode).toBe(400);
    expect(notDate.json().details.fields[0].path).toBe('body.startDate');
    const overlap = await admin.post('/api/v1/school-years', { name: '2020-2021', startDate: '2020-08-15', endDate: '2021-08-20' });
    expect(overlap.statusCode).toBe(400);
    expect(overlap.json().details.fields[0].message).toMatch(/overlap school year 2021-2022/);
    const dup = await admin.post('/api/v1/school-years', { name: '2021-2022', startDate: '2021-08-16', endDate: '2022-06-10' });
    expect([400, 409]).toContain(dup.statusCode);
    const other2 = await admin.patch(`/api/v1/school-years/${other.yearId}`, { endDate: '2022-06-11' });
    expect(other2.statusCode).toBe(404);
  });
});

describe('calendars', () => {
  it('generates weekdays between dates minus holidays, and shows them', async () => {
    const res = await admin.post(`/api/v1/schools/${d.schoolA}/calendar/generate`, {
      yearId: d.yearId,
      from: '2021-08-16',
      to: '2021-09-10',
      holidays: [{ date: '2021-09-06', event: 'Labor Day' }],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().summary).toEqual({ instructionalDays: 19, nonInstructionalDays: 1, firstDay: '2021-08-16', lastDay: '2021-09-10' });
    const cal = (await (await t.signIn(d.emails.teacher)).get(`/api/v1/schools/${d.schoolA}/calendar?yearId=${d.yearId}`)).json();
    expect(cal.days.find((x: { date: string }) => x.date === '2021-09-06')).toEqual({ date: '2021-09-06', instructional: false, event: 'Labor Day' });
    expect(cal.days.some((x: { date: string }) => x.date === '2021-08-21')).toBe(false); // a Saturday
  });

  it('marks days non-instructional with an event, instructional again, or removes them', async () => {
    const res = await admin.put(`/api/v1/schools/${d.schoolA}/calendar/days`, {
      yearId: d.yearId,
      days: [
        { date: '2021-08-20', status: 'non_instructional', event: 'Staff development' },
        { date: '2021-09-06', status: 'instructional' },
        { date: '2021-08-16', status: 'none' },
      ],
    });
    expect(res.statusCode).toBe(200);
    const days = res.json().days as { date: string; instructional: boolean; event: string | null }[];
    expect(days.find((x) => x.date === '2021-08-20')).toEqual({ date: '2021-08-20', instructional: false, event: 'Staff development' });
    expect(days.find((x) => x.date === '2021-09-06')).toEqual({ date: '2021-09-06', instructional: true, event: null });
    expect(days.find((x) => x.date === '2021-08-16')).toBeUndefined();
    expect(res.json().summary).toMatchObject({ instructionalDays: 18, nonInstructionalDays: 1, firstDay: '2021-08-17' });
    const audit = await auditOf('calendar');
    expect(audit.length).toBeGreaterThanOrEqual(2);
  });

  it('refuses dates outside the school year and writes nothing', async () => {
    const res = await admin.put(`/api/v1/schools/${d.schoolA}/calendar/days`, {
      yearId: d.yearId,
      days: [
        { date: '2021-10-01', status: 'instructional' },
        { date: '2022-07-01', status: 'instructional' },
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().details.fields).toEqual([{ path: 'days.1.date', message: expect.stringMatching(/outside school year 2021-2022/) }]);
    const cal = (await admin.get(`/api/v1/schools/${d.schoolA}/calendar?yearId=${d.yearId}`)).json();
    expect(cal.days.some((x: { date: string }) => x.date === '2021-10-01')).toBe(false);
  });

  it("copies one school's calendar to others, replacing theirs for that year", async () => {
    await admin.put(`/api/v1/schools/${d.schoolB}/calendar/days`, { yearId: d.yearId, days: [{ date: '2022-05-02', status: 'instructional' }] });
    const res = await admin.post(`/api/v1/schools/${d.schoolA}/calendar/copy`, { yearId: d.yearId, toSchoolIds: [d.schoolB] });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ schoolIds: [d.schoolB], days: 19 });
    const a = (await admin.get(`/api/v1/schools/${d.schoolA}/calendar?yearId=${d.yearId}`)).json();
    const b = (await admin.get(`/api/v1/schools/${d.schoolB}/calendar?yearId=${d.yearId}`)).json();
    expect(b.days).toEqual(a.days);
    const bad = await admin.post(`/api/v1/schools/${d.schoolA}/calendar/copy`, { yearId: d.yearId, toSchoolIds: [other.schoolA] });
    expect(bad.statusCode).toBe(400);
    expect((await admin.get(`/api/v1/schools/${other.schoolA}/calendar?yearId=${other.yearId}`)).statusCode).toBe(404);
  });

  it('refuses to move a school year\'s dates away from its calendar days', async () => {
    const res = await admin.patch(`/api/v1/school-years/${d.yearId}`, { startDate: '2021-09-01' });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/fall outside the new dates/);
  });

  it('keeps existing days when asked to fill only the gaps', async () => {
    const res = await admin.post(`/api/v1/schools/${d.schoolA}/calendar/generate`, { yearId: d.yearId, from: '2021-08-16', to: '2021-08-20', mode: 'keep' });
    const days = res.json().days as { date: string; instructional: boolean; event: string | null }[];
    expect(days.find((x) => x.date === '2021-08-20')).toEqual({ date: '2021-08-20', instructional: false, event: 'Staff development' });
    expect(days.find((x) => x.date === '2021-08-16')).toEqual({ date: '2021-08-16', instructional: true, event: null });
  });

  it('lets only district admins and data managers change calendars', async () => {
    const staff = await t.signIn(d.emails.school_staff);
    const res = await staff.put(`/api/v1/schools/${d.schoolA}/calendar/days`, { yearId: d.yearId, days: [{ date: '2021-10-01', status: 'instructional' }] });
    expect(res.statusCode).toBe(403);
    const dm = await t.signIn(d.emails.data_manager);
    expect((await dm.put(`/api/v1/schools/${d.schoolA}/calendar/days`, { yearId: d.yearId, days: [{ date: '2021-10-01', status: 'instructional' }] })).statusCode).toBe(200);
  });
});
