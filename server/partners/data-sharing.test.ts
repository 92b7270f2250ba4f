/**
 * Data-sharing terms decide what a partner's staff see, both ways: with terms in force a partner sees
 * exactly the named (or consented) students; without terms, or with terms in a draft, ended or
 * expired agreement, or past their destruction date, every student is "not found". Every read by
 * partner staff is recorded per student in the record of disclosures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../test/app.ts';
import { seedSmallDistrict, type SmallDistrict } from '../../test/fixtures.ts';
import { visibleStudentIds } from '../auth/scope.ts';
import { actorForUser } from '../auth/sessions.ts';
import { operatorActor } from '../auth/actor.ts';
import { addDaysIso, todayIso } from './agreement-rules.ts';
import { changeStatus } from './agreements.ts';
import { allowedDataCategories, createConsent, revokeConsent } from './data-sharing.ts';
import { makeAgreement, makePartner, makePartnerUser, makeTerms } from './test-helpers.ts';

let t: TestApp;
let d: SmallDistrict;
let partnerA: number;
let partnerB: number;
let userA: number;
let asA: TestClient;
let asB: TestClient;
let director: TestClient;
const today = todayIso();

beforeAll(async () => {
  t = await createTestApp();
  d = await seedSmallDistrict(t.database.db);
  partnerA = await makePartner(t.database.db, d.districtId, 'Readers United');
  partnerB = await makePartner(t.database.db, d.districtId, 'Bright Futures');
  userA = await makePartnerUser(t.database.db, d.districtId, partnerA, 'staff@readers.example');
  await makePartnerUser(t.database.db, d.districtId, partnerB, 'staff@bright.example');
  asA = await t.signIn('staff@readers.example');
  asB = await t.signIn('staff@bright.example');
  director = await t.signIn(d.emails.district_admin);
});
afterAll(() => t.close());

async function visibleTo(userId: number): Promise<number[]> {
  const user = await t.database.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
  const actor = await actorForUser(t.database.db, user, 'web', null);
  return (await visibleStudentIds(t.database.db, actor).execute()).map((r) => r.id).sort((a, b) => a - b);
}

async function seenInPortal(client: TestClient): Promise<number[]> {
  const res = await client.get('/api/v1/partner-portal/students');
  expect(res.statusCode).toBe(200);
  return res.json().students.map((s: { id: number }) => s.id).sort((a: number, b: number) => a - b);
}

const all = () => [...d.studentsA, ...d.studentsB];

async function eachStudentStatus(client: TestClient): Promise<Record<number, number>> {
  const out: Record<number, number> = {};
  for (const id of all()) out[id] = (await client.get(`/api/v1/partner-portal/students/${id}`)).statusCode;
  return out;
}

describe('what partner staff may see', () => {
  it('without data-sharing terms: no student at all (404 for each)', async () => {
    expect(await visibleTo(userA)).toEqual([]);
    expect(await seenInPortal(asA)).toEqual([]);
    expect(Object.values(await eachStudentStatus(asA))).toEqual(all().map(() => 404));
  });

  it('with terms in force naming students: exactly those, and only the records the terms name', async () => {
    const agreement = await makeAgreement(t.database.db, d.districtId, partnerA, { title: 'Mentoring at Alder' });
    const named = [d.studentsA[0], d.studentsB[1]];
    const terms = await makeTerms(t.database.db, d.districtId, agreement, partnerA, { students: named, categories: ['enrollment', 'contact'] });
    expect(await visibleTo(userA)).toEqual([...named].sort((a, b) => a - b));
    expect(await seenInPortal(asA)).toEqual([...named].sort((a, b) => a - b));
    const statuses = await eachStudentStatus(asA);
    for (const id of all()) expect([id, statuses[id]]).toEqual([id, named.includes(id) ? 200 : 404]);
    const one = (await asA.get(`/api/v1/partner-portal/students/${named[0]}`)).json();
    expect(one.dataCategories).toEqual(['contact', 'enrollment']);
    expect(one.enrollment).toEqual({ school: 'Alder Elementary', grade: '03' });
    expect(one.guardians).toHaveLength(1);
    expect(one.attendance).toBeUndefined();
    expect(one.assessments).toBeUndefined();
    // The same rule, for other capabilities' student pages.
    const user = await t.database.db.selectFrom('users').selectAll().where('id', '=', userA).executeTakeFirstOrThrow();
    const actor = await actorForUser(t.database.db, user, 'web', null);
    expect([...(await allowedDataCategories(t.database.db, actor, named[0]))!].sort()).toEqual(['contact', 'enrollment']);
    expect([...(await allowedDataCategories(t.database.db, actor, d.studentsA[1]))!]).toEqual([]);
    expect(await allowedDataCategories(t.database.db, operatorActor(d.districtId), named[0])).toBeNull();
    // The other partner sees none of them, and not this agreement.
    expect(await seenInPortal(asB)).toEqual([]);
    expect((await asB.get(`/api/v1/agreements/${agreement}`)).statusCode).toBe(404);
    expect((await asB.get(`/api/v1/data-sharing/${terms}`)).statusCode).toBe(404);
    expect((await asA.get(`/api/v1/agreements/${agreement}`)).statusCode).toBe(200);
    const termsView = (await asA.get(`/api/v1/data-sharing/${terms}`)).json();
    expect(termsView).toMatchObject({ inForce: true, studentsVisible: 2, ferpaRoute: 'school_official' });
  });

  it('records every disclosure per student, for district staff to show a parent', async () => {
    const named = d.studentsA[0];
    const before = (await director.get(`/api/v1/students/${named}/disclosures`)).json().disclosures.length;
    await asA.get(`/api/v1/partner-portal/students/${named}`);
    const after = (await director.get(`/api/v1/students/${named}/disclosures`)).json().disclosures;
    expect(after.length).toBe(before + 1);
    expect(after[0]).toMatchObject({ partnerName: 'Readers United', agreementTitle: 'Mentoring at Alder', ferpaRoute: 'school_official', context: 'partner-portal:student', userLabel: 'staff@readers.example' });
    expect(after[0].dataCategories).toEqual(['enrollment', 'contact']);
    // By student number too; nothing recorded for a student never disclosed.
    const byNumber = (await director.get('/api/v1/disclosures?studentNumber=test-s2')).json();
    expect(byNumber.student.id).toBe(d.studentsA[1]);
    expect(byNumber.disclosures).toEqual([]);
    // School staff see the record for students of their school only; teachers not at all.
    const coordinator = await t.signIn(d.emails.school_staff);
    expect((await coordinator.get(`/api/v1/students/${named}/disclosures`)).statusCode).toBe(200);
    expect((await coordinator.get(`/api/v1/students/${d.studentsB[1]}/disclosures`)).statusCode).toBe(404);
    expect((await (await t.signIn(d.emails.teacher)).get(`/api/v1/students/${named}/disclosures`)).statusCode).toBe(403);
    // Each read is also in the audit trail.
    const audited = await t.database.db.selectFrom('audit_events').select('entity_id').where('actor_user_id', '=', userA).where('action', '=', 'read').where('entity_type', '=', 'student').execute();
    expect(audited.some((a) => a.entity_id === String(named))).toBe(true);
  });

  it('consent route: only the listed students whose parent (or, from 18, who themselves) consented', async () => {
    const db = t.database.db;
    const adult = (await db.insertInto('students').values({ district_id: d.districtId, ext_id: 'test-adult', first_name: 'Ada', last_name: 'Grown', birth_date: addDaysIso(today, -19 * 366) }).returning('id').executeTakeFirstOrThrow()).id;
    await db.insertInto('enrollments').values({ district_id: d.districtId, student_id: adult, school_id: d.schoolA, school_year_id: d.yearId, grade: '12', entry_date: '2021-08-16' }).execute();
    const partnerC = await makePartner(db, d.districtId, 'Clinic on Main');
    const userC = await makePartnerUser(db, d.districtId, partnerC, 'staff@clinic.example');
    const agreement = await makeAgreement(db, d.districtId, partnerC, { title: 'Health screenings' });
    const listed = [d.studentsA[1], d.studentsA[2], adult];
    const terms = await makeTerms(db, d.districtId, agreement, partnerC, { route: 'consent', students: listed });
    expect(await visibleTo(userC)).toEqual([]);
    const op = operatorActor(d.districtId);
    const consent = (studentId: number, givenBy: 'parent' | 'student', extra: { expiresOn?: string } = {}) =>
      createConsent(db, op, terms, { studentId, givenBy, signerName: 'Signer', signedOn: addDaysIso(today, -5), recordsDescribed: 'Attendance and screenings', purpose: 'Health screenings', expiresOn: extra.expiresOn ?? null });
    const parentConsent = await consent(d.studentsA[1], 'parent');
    // A parent cannot consent for an adult, nor a child for themself.
    await expect(consent(adult, 'parent')).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(consent(d.studentsA[2], 'student')).rejects.toMatchObject({ code: 'validation_failed' });
    await consent(adult, 'student');
    expect(await visibleTo(userC)).toEqual([d.studentsA[1], adult].sort((a, b) => a - b));
    // Withdrawn consent takes the student out.
    await revokeConsent(db, op, parentConsent);
    expect(await visibleTo(userC)).toEqual([adult]);
    const asC = await t.signIn('staff@clinic.example');
    expect((await asC.get(`/api/v1/partner-portal/students/${d.studentsA[1]}`)).statusCode).toBe(404);
    expect((await asC.get(`/api/v1/partner-portal/students/${adult}`)).statusCode).toBe(200);
  });

  it('school and grade scope: narrowed to students with consent in force', async () => {
    const db = t.database.db;
    const partnerD = await makePartner(db, d.districtId, 'After School Stars');
    const userD = await makePartnerUser(db, d.districtId, partnerD, 'staff@stars.example');
    const agreement = await makeAgreement(db, d.districtId, partnerD, { title: 'After-school program' });
    const terms = await makeTerms(db, d.districtId, agreement, partnerD, { route: 'studies', scope: [{ schoolId: d.schoolB, grade: '03' }] });
    expect(await visibleTo(userD)).toEqual([]);
    const op = operatorActor(d.districtId);
    await createConsent(db, op, terms, { studentId: d.studentsB[0], givenBy: 'parent', signerName: 'Parent4', signedOn: addDaysIso(today, -2), recordsDescribed: 'Attendance', purpose: 'Program evaluation', expiresOn: null });
    // Consent that has expired, or for a student outside the scope, gives nothing.
    await createConsent(db, op, terms, { studentId: d.studentsB[1], givenBy: 'parent', signerName: 'Parent5', signedOn: addDaysIso(today, -40), recordsDescribed: 'Attendance', purpose: 'Program evaluation', expiresOn: addDaysIso(today, -1) });
    await createConsent(db, op, terms, { studentId: d.studentsA[0], givenBy: 'parent', signerName: 'Parent1', signedOn: addDaysIso(today, -2), recordsDescribed: 'Attendance', purpose: 'Program evaluation', expiresOn: null });
    expect(await visibleTo(userD)).toEqual([d.studentsB[0]]);
    const asD = await t.signIn('staff@stars.example');
    const view = (await asD.get(`/api/v1/data-sharing/${terms}`)).json();
    expect(view).toMatchObject({ selection: 'scope', studentsVisible: 1, consents: 2 });
  });

  it('a draft, an ended or expired agreement, or terms past their destruction date show nothing', async () => {
    const db = t.database.db;
    const cases: Array<{ name: string; make: (partnerId: number) => Promise<void> }> = [
      { name: 'draft', make: async (p) => void (await makeTerms(db, d.districtId, await makeAgreement(db, d.districtId, p, { status: 'draft' }), p, { students: d.studentsA })) },
      {
        name: 'ended',
        make: async (p) => {
          const a = await makeAgreement(db, d.districtId, p);
          await makeTerms(db, d.districtId, a, p, { students: d.studentsA });
          await changeStatus(db, operatorActor(d.districtId), a, { action: 'end', reason: 'Program closed' });
        },
      },
      {
        name: 'expired',
        make: async (p) => {
          const a = await makeAgreement(db, d.districtId, p);
          await makeTerms(db, d.districtId, a, p, { students: d.studentsA });
          // The term ran out (as if time had passed since it was signed).
          await db.updateTable('agreements').set({ start_date: addDaysIso(today, -400), end_date: addDaysIso(today, -1) }).where('id', '=', a).execute();
        },
      },
      {
        name: 'destroyed',
        make: async (p) => {
          const a = await makeAgreement(db, d.districtId, p);
          const terms = await makeTerms(db, d.districtId, a, p, { students: d.studentsA });
          await db.updateTable('data_sharing_terms').set({ destruction_date: today }).where('id', '=', terms).execute();
        },
      },
    ];
    for (const c of cases) {
      const partner = await makePartner(db, d.districtId, `Partner ${c.name}`);
      const user = await makePartnerUser(db, d.districtId, partner, `staff@${c.name}.example`);
      await c.make(partner);
      expect([c.name, await visibleTo(user)]).toEqual([c.name, []]);
      const client = await t.signIn(`staff@${c.name}.example`);
      expect([c.name, Object.values(await eachStudentStatus(client))]).toEqual([c.name, all().map(() => 404)]);
    }
    // The expired agreement was moved to "ended" when next read.
    const list = (await director.get('/api/v1/agreements?status=ended')).json().agreements.map((a: { title: string }) => a.title);
    expect(list.length).toBeGreaterThanOrEqual(2);
  });

  it('only district staff set terms, and the recipient must be a party of the agreement', async () => {
    const agreement = await makeAgreement(t.database.db, d.districtId, partnerB, { title: 'Bright tutoring' });
    const body = { partnerId: partnerA, ferpaRoute: 'studies', dataCategories: ['attendance'], purpose: 'Study', selection: 'list', destructionDate: addDaysIso(today, 100) };
    const coordinator = await t.signIn(d.emails.school_staff);
    expect((await coordinator.post(`/api/v1/agreements/${agreement}/data-sharing`, body)).statusCode).toBe(403);
    const refused = await director.post(`/api/v1/agreements/${agreement}/data-sharing`, body);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().details.fields[0]).toMatchObject({ path: 'partnerId' });
    const noDestruction = await director.post(`/api/v1/agreements/${agreement}/data-sharing`, { ...body, partnerId: partnerB, destructionDate: null });
    expect(noDestruction.statusCode).toBe(400);
    expect(JSON.stringify(noDestruction.json().details)).toContain('destroyed');
    const ok = await director.post(`/api/v1/agreements/${agreement}/data-sharing`, { ...body, partnerId: partnerB });
    expect(ok.statusCode).toBe(201);
    const byNumber = await director.put(`/api/v1/data-sharing/${ok.json().id}/students`, { studentNumbers: ['test-s1', 'nobody'] });
    expect(byNumber.statusCode).toBe(400);
    expect(byNumber.json().details.fields[0].message).toContain('nobody');
  });
});
