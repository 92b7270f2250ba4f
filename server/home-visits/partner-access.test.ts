/**
 * Partner staff and home visits, both ways. A partner whose data-sharing terms in force name students
 * and the "programs" kind of records sees exactly those students' visits and family answers, with the
 * family's place only under "contact" and its language only under "demographics"; students the terms
 * name without "programs", and every other student, are not found. A partner without terms sees
 * aggregates only. Notes, reflections and a cancellation's reason never reach partner staff, not even
 * an account linked to one of the visit's educators.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../test/app.ts';
import { seedSmallDistrict, TEST_PASSWORD, type SmallDistrict } from '../../test/fixtures.ts';
import { createUser } from '../users/commands.ts';
import { makeAgreement, makePartner, makePartnerUser, makeTerms } from '../partners/test-helpers.ts';

let t: TestApp;
let d: SmallDistrict;
let admin: TestClient, coord: TestClient;
let withTerms: TestClient, withoutTerms: TestClient, noOrganisation: TestClient, linkedToEducator: TestClient;
let partnerWith = 0;
let partnerEducator = 0;
const P = '/api/v1/home-visits';
const NOTE = 'Hopes: that she becomes an astronaut';
const REFLECTION = 'Grandmother raises the children';
const REASON = 'Mother in hospital';
/** Visits by student of school A: [0] named with programs, contact and demographics; [1] with programs only; [2] named without programs. */
const visits: number[] = [];
let cancelled = 0;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  d = await seedSmallDistrict(db, 'hp');
  partnerEducator = (await db.insertInto('staff').values({ district_id: d.districtId, ext_id: 'hp-t3', first_name: 'Olga', last_name: 'Organiser', role: 'other' }).returning('id').executeTakeFirstOrThrow()).id;
  await db.insertInto('staff_schools').values({ district_id: d.districtId, staff_id: partnerEducator, school_id: d.schoolA }).execute();
  admin = await t.signIn(d.emails.district_admin);
  coord = await t.signIn(d.emails.school_staff);

  // The program at school A: a coordinator, two trained educators who opted in.
  const program = await admin.post(`${P}/programs/${d.schoolA}/coordinators`, { userId: d.userIds.school_staff });
  expect(program.statusCode).toBe(200);
  const hopes = program.json().visitTypes.find((x: { purpose: string }) => x.purpose === 'hopes_and_dreams').id;
  for (const staffId of [d.teacherA, partnerEducator]) {
    expect((await coord.post(`${P}/educators/${staffId}/trainings`, { date: '2021-08-10', trainer: 'PTHV national trainers', hours: 6 })).statusCode).toBe(201);
    expect((await coord.put(`${P}/educators/${staffId}/participation`, { optedIn: true })).statusCode).toBe(200);
  }
  // One held visit per family of school A, each with notes, a place, a language and an interpreter.
  for (const [i, studentId] of d.studentsA.entries()) {
    const res = await coord.post(`${P}/visits`, {
      schoolId: d.schoolA, visitTypeId: hopes, status: 'held', date: `2021-10-0${i + 4}`, startTime: '17:00', durationMinutes: 60,
      place: 'home', placeDetail: `${12 + i} Elm Street`, language: 'es', interpreter: { name: 'Rosa Díaz', language: 'es' },
      arrangedOn: '2021-09-28', educatorStaffIds: [d.teacherA, partnerEducator], studentIds: [studentId], notes: `${NOTE} (${i}).`,
    });
    expect(res.statusCode).toBe(201);
    visits.push(res.json().visit.id);
    for (const staffId of [d.teacherA, partnerEducator]) {
      const r = await coord.post(`${P}/visits/${res.json().visit.id}/reflections`, { staffId, learned: REFLECTION, willUse: 'Invite her to the reading night.' });
      expect(r.statusCode).toBe(200);
    }
  }
  // A later visit with the first family, cancelled with a reason.
  const academic = program.json().visitTypes.find((x: { purpose: string }) => x.purpose === 'academic').id;
  const later = await coord.post(`${P}/visits`, { schoolId: d.schoolA, visitTypeId: academic, status: 'scheduled', date: '2022-03-01', startTime: '17:00', durationMinutes: 60, place: 'community', language: 'es', arrangedOn: '2022-02-01', educatorStaffIds: [d.teacherA, partnerEducator], studentIds: [d.studentsA[0]] });
  expect(later.statusCode).toBe(201);
  cancelled = later.json().visit.id;
  expect((await coord.post(`${P}/visits/${cancelled}/close`, { outcome: 'cancelled', reason: REASON })).statusCode).toBe(200);

  // The community organising group co-running the program: terms in force naming three students,
  // with different kinds of records. Another partner has no terms.
  partnerWith = await makePartner(db, d.districtId, 'Organizing Together', 'faith_based');
  const agreement = (title: string) => makeAgreement(db, d.districtId, partnerWith, { title, schoolIds: [d.schoolA] });
  await makeTerms(db, d.districtId, await agreement('Home visits together'), partnerWith, { students: [d.studentsA[0]], categories: ['programs', 'contact', 'demographics', 'enrollment'] });
  await makeTerms(db, d.districtId, await agreement('Home visits: second family'), partnerWith, { students: [d.studentsA[1]], categories: ['programs'] });
  await makeTerms(db, d.districtId, await agreement('Attendance mentoring'), partnerWith, { students: [d.studentsA[2]], categories: ['enrollment', 'attendance'] });
  const partnerWithout = await makePartner(db, d.districtId, 'Bright Futures');
  await makePartnerUser(db, d.districtId, partnerWith, 'staff@organizing.example');
  await makePartnerUser(db, d.districtId, partnerWithout, 'staff@bright.example');
  // An organiser's account linked to the staff record of the visits' second educator.
  await createUser(db, { districtId: d.districtId, email: 'olga@organizing.example', displayName: 'Olga Organiser', role: 'partner_staff', password: TEST_PASSWORD, partnerId: partnerWith, staffId: partnerEducator });
  withTerms = await t.signIn('staff@organizing.example');
  withoutTerms = await t.signIn('staff@bright.example');
  noOrganisation = await t.signIn(d.emails.partner_staff);
  linkedToEducator = await t.signIn('olga@organizing.example');
});
afterAll(() => t?.close());

const noText = (body: unknown) => {
  const json = JSON.stringify(body);
  expect(json).not.toContain('astronaut');
  expect(json).not.toContain(REFLECTION);
  expect(json).not.toContain(REASON);
};

describe('a partner with data-sharing terms in force', () => {
  it('lists exactly the visits of the students whose terms name the program, and only those students', async () => {
    const res = await withTerms.get(`${P}/visits`);
    expect(res.statusCode).toBe(200);
    const list = res.json();
    expect(list.visits.map((v: { id: number }) => v.id).sort((a: number, b: number) => a - b)).toEqual([visits[0], visits[1], cancelled].sort((a, b) => a - b));
    expect(list.total).toBe(3);
    expect(list.visits.find((v: { id: number }) => v.id === visits[0]).students).toEqual(['Student1 Alder']);
    expect(list.visits.every((v: { mine: boolean }) => !v.mine)).toBe(true);
    noText(list);
  });

  it('opens those visits with the kinds of records the terms name, never the notes', async () => {
    const full = await withTerms.get(`${P}/visits/${visits[0]}`);
    expect(full.statusCode).toBe(200);
    expect(full.json()).toMatchObject({
      id: visits[0], status: 'completed', date: '2021-10-04', place: 'home',
      placeDetail: '12 Elm Street', language: 'es', interpreter: { name: 'Rosa Díaz', language: 'es' },
      students: [{ id: d.studentsA[0], firstName: 'Student1', lastName: 'Alder' }], otherStudents: 0,
      notesVisible: false, notes: null, reflections: null, can: { log: false, reflect: false, cancel: false },
    });
    noText(full.json());
    // Programs only: the family's place and language are withheld.
    const bare = await withTerms.get(`${P}/visits/${visits[1]}`);
    expect(bare.statusCode).toBe(200);
    expect(bare.json()).toMatchObject({ place: 'home', placeDetail: null, language: null, interpreter: { name: 'Rosa Díaz', language: null }, notes: null, reflections: null });
    noText(bare.json());
    // A cancellation's reason is staff's text about the family.
    const closed = await withTerms.get(`${P}/visits/${cancelled}`);
    expect(closed.json()).toMatchObject({ status: 'cancelled', outcomeReason: null });
    expect((await coord.get(`${P}/visits/${cancelled}`)).json().outcomeReason).toBe(REASON);
  });

  it('does not find the visit of a student named without the program\'s records, nor any other', async () => {
    expect((await withTerms.get(`${P}/visits/${visits[2]}`)).statusCode).toBe(404);
    // The same student's roster record is theirs to see under those terms: the scope is shared, the kinds differ.
    expect((await withTerms.get(`/api/v1/partner-portal/students/${d.studentsA[2]}`)).statusCode).toBe(200);
    expect((await withTerms.get(`${P}/students/${d.studentsA[0]}/record`)).statusCode).toBe(403);
  });

  it('lists only those families, with contact details, language and grade only where the terms name them', async () => {
    const res = await withTerms.get(`${P}/families?schoolId=${d.schoolA}`);
    expect(res.statusCode).toBe(200);
    const families = res.json().families;
    expect(families.map((f: { students: Array<{ id: number }> }) => f.students.map((s) => s.id)).sort()).toEqual([[d.studentsA[0]], [d.studentsA[1]]].sort());
    const first = families.find((f: { students: Array<{ id: number }> }) => f.students[0].id === d.studentsA[0]);
    expect(first).toMatchObject({ students: [{ grade: '03' }], language: 'es', answer: { response: 'accepted' }, visits: { completed: 1 } });
    expect(first.guardians.map((g: { firstName: string }) => g.firstName)).toEqual(['Parent1']);
    const second = families.find((f: { students: Array<{ id: number }> }) => f.students[0].id === d.studentsA[1]);
    expect(second).toMatchObject({ students: [{ grade: null }], guardians: [], language: null, answer: { preferredLanguage: null }, visits: { completed: 1 } });
    expect((await withTerms.get(`${P}/families?schoolId=${d.schoolB}`)).json().families).toEqual([]);
  });

  it('records each disclosure per student, under the terms that allowed it', async () => {
    await withTerms.get(`${P}/visits/${visits[1]}`);
    const rows = await t.database.db.selectFrom('partner_disclosures').select(['student_id', 'partner_id', 'context', 'data_categories']).where('partner_id', '=', partnerWith).where('context', '=', 'home visit').execute();
    expect(new Set(rows.map((r) => r.student_id))).toEqual(new Set([d.studentsA[0], d.studentsA[1]]));
    expect(rows.find((r) => r.student_id === d.studentsA[1])!.data_categories).toBe('["programs"]');
  });

  it('sees coverage and results as aggregates only', async () => {
    const coverage = (await withTerms.get(`${P}/coverage?asOf=2022-06-10`)).json();
    expect(coverage.aggregateOnly).toBe(true);
    expect(coverage.rows.every((r: { level: string }) => ['district', 'school', 'grade'].includes(r.level))).toBe(true);
    const results = (await withTerms.get(`${P}/results?asOf=2022-06-10`)).json();
    expect(results.beforeAfter.list).toBeNull();
    expect((await withTerms.get(`${P}/cross-section?schoolId=${d.schoolA}`)).statusCode).toBe(403);
  });

  it('never gives notes to an organiser\'s account linked to one of the visit\'s educators', async () => {
    const list = (await linkedToEducator.get(`${P}/visits`)).json();
    expect(list.visits.map((v: { id: number }) => v.id).sort((a: number, b: number) => a - b)).toEqual([visits[0], visits[1], cancelled].sort((a, b) => a - b));
    expect(list.visits.every((v: { mine: boolean }) => !v.mine)).toBe(true);
    const v = (await linkedToEducator.get(`${P}/visits/${visits[0]}`)).json();
    expect(v).toMatchObject({ notesVisible: false, notes: null, reflections: null });
    noText(v);
    expect((await linkedToEducator.get(`${P}/visits/${visits[2]}`)).statusCode).toBe(404);
    expect((await linkedToEducator.get(`${P}/visits?mine=1`)).json().visits).toEqual([]);
  });
});

describe('partners without data-sharing terms', () => {
  it('see no visit and no family, only aggregates', async () => {
    for (const c of [withoutTerms, noOrganisation]) {
      const list = await c.get(`${P}/visits`);
      expect(list.statusCode).toBe(200);
      expect(list.json()).toEqual({ visits: [], total: 0 });
      for (const id of [...visits, cancelled]) expect((await c.get(`${P}/visits/${id}`)).statusCode).toBe(404);
      expect((await c.get(`${P}/families?schoolId=${d.schoolA}`)).json().families).toEqual([]);
      const coverage = (await c.get(`${P}/coverage?asOf=2022-06-10`)).json();
      expect(coverage.aggregateOnly).toBe(true);
      const school = coverage.rows.find((r: { level: string; schoolId: number }) => r.level === 'school' && r.schoolId === d.schoolA);
      expect(school).toMatchObject({ suppressed: true, rate: null });
    }
    const disclosed = await t.database.db.selectFrom('partner_disclosures').select('id').where('partner_id', '!=', partnerWith).execute();
    expect(disclosed).toEqual([]);
  });
});
