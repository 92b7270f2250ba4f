/**
 * Reading never writes: opening a school's program (or the field kit, or any report) shows the
 * district's defaults without creating the program; the first change saves it, a refused change saves
 * nothing, and a default visit type shown before saving can be used (it saves the program then).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../test/app.ts';
import { seedSmallDistrict, type SmallDistrict } from '../../test/fixtures.ts';

let t: TestApp;
let d: SmallDistrict;
let admin: TestClient, coord: TestClient, teacher: TestClient, viewer: TestClient;
let second = 0;
const P = '/api/v1/home-visits';

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  d = await seedSmallDistrict(db, 'pr');
  second = (await db.insertInto('staff').values({ district_id: d.districtId, ext_id: 'pr-t3', first_name: 'Sam', last_name: 'Second', role: 'teacher' }).returning('id').executeTakeFirstOrThrow()).id;
  await db.insertInto('staff_schools').values({ district_id: d.districtId, staff_id: second, school_id: d.schoolA }).execute();
  admin = await t.signIn(d.emails.district_admin);
  coord = await t.signIn(d.emails.school_staff);
  teacher = await t.signIn(d.emails.teacher);
  viewer = await t.signIn(d.emails.viewer);
});
afterAll(() => t?.close());

const programCount = async () => (await t.database.db.selectFrom('hv_programs').select('id').where('district_id', '=', d.districtId).execute()).length;
const typeCount = async () => (await t.database.db.selectFrom('hv_visit_types').select('id').where('district_id', '=', d.districtId).execute()).length;

describe('reading a program never creates it', () => {
  it('shows the district\'s defaults, unsaved, to everyone who may open it', async () => {
    for (const c of [admin, coord, teacher, viewer]) {
      const res = await c.get(`${P}/programs/${d.schoolA}`);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        id: null, schoolId: d.schoolA, coverageTarget: 0.1, hourlyRateCents: 0, countVisitTime: true, payPeriod: 'monthly', coordinators: [],
        visitTypes: [{ id: -1, name: 'Hopes and dreams', purpose: 'hopes_and_dreams', active: true }, { id: -2, name: 'Academic', purpose: 'academic', active: true }],
      });
    }
    expect((await admin.get(`${P}/programs`)).statusCode).toBe(200);
    const kit = await teacher.get(`${P}/field-kit`);
    expect(kit.statusCode).toBe(200);
    expect(kit.json().schools.find((s: { id: number }) => s.id === d.schoolA).visitTypes.map((v: { id: number }) => v.id)).toEqual([-1, -2]);
    for (const path of ['/coverage', '/results', `/families?schoolId=${d.schoolA}`, `/cross-section?schoolId=${d.schoolA}`, '/compensation', '/educators']) expect((await admin.get(`${P}${path}`)).statusCode).toBe(200);
    expect(await programCount()).toBe(0);
    expect(await typeCount()).toBe(0);
  });

  it('saves nothing when a change is refused', async () => {
    // The only hopes-and-dreams type cannot stop being offered; an unknown type is not found.
    expect((await admin.patch(`${P}/programs/${d.schoolA}/visit-types/-1`, { active: false })).statusCode).toBe(422);
    expect((await admin.patch(`${P}/programs/${d.schoolA}/visit-types/-3`, { active: false })).statusCode).toBe(404);
    expect((await admin.patch(`${P}/programs/${d.schoolA}`, { payPeriod: 'biweekly', payPeriodAnchor: '2030-01-01' })).statusCode).toBe(400);
    expect((await admin.delete(`${P}/programs/${d.schoolA}/coordinators/${d.userIds.school_staff}`)).statusCode).toBe(404);
    expect((await admin.post(`${P}/programs/${d.schoolA}/visit-types`, { name: 'Academic', purpose: 'academic' })).statusCode).toBe(409);
    expect(await programCount()).toBe(0);
    expect(await typeCount()).toBe(0);
  });

  it('saves the defaults with the first change, which may name a default type by its unsaved id', async () => {
    const res = await admin.patch(`${P}/programs/${d.schoolB}/visit-types/-2`, { active: false });
    expect(res.statusCode).toBe(200);
    const program = res.json();
    expect(program.id).toEqual(expect.any(Number));
    expect(program.visitTypes.map((v: { name: string; active: boolean; id: number }) => [v.name, v.active, v.id > 0])).toEqual([['Hopes and dreams', true, true], ['Academic', false, true]]);
    expect(await programCount()).toBe(1);
    // Reading it again gives the saved program, and still creates nothing.
    expect((await admin.get(`${P}/programs/${d.schoolB}`)).json()).toEqual(program);
    expect(await programCount()).toBe(1);
  });

  it('lets a visit be arranged from the field kit\'s unsaved types, saving the program then', async () => {
    for (const staffId of [d.teacherA, second]) {
      expect((await admin.post(`${P}/educators/${staffId}/trainings`, { date: '2021-08-10', trainer: 'PTHV national trainers', hours: 6 })).statusCode).toBe(201);
      expect((await admin.put(`${P}/educators/${staffId}/participation`, { optedIn: true })).statusCode).toBe(200);
    }
    expect(await programCount()).toBe(1);
    const res = await teacher.post(`${P}/visits`, { schoolId: d.schoolA, visitTypeId: -1, status: 'scheduled', date: '2021-10-05', startTime: '17:00', durationMinutes: 60, place: 'home', language: 'es', arrangedOn: '2021-09-28', educatorStaffIds: [d.teacherA, second], studentIds: [d.studentsA[0]] });
    expect(res.statusCode).toBe(201);
    expect(res.json().visit.visitType).toMatchObject({ name: 'Hopes and dreams', purpose: 'hopes_and_dreams' });
    expect(res.json().visit.visitType.id).toBeGreaterThan(0);
    expect(await programCount()).toBe(2);
    const saved = (await coord.get(`${P}/programs/${d.schoolA}`)).json();
    expect(saved.id).toEqual(expect.any(Number));
    expect(saved.visitTypes[0].id).toBe(res.json().visit.visitType.id);
  });
});
