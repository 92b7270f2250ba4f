import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type TestApp, type TestClient } from '../../test/app.ts';
import { seedSmallDistrict, TEST_PASSWORD, type SmallDistrict } from '../../test/fixtures.ts';
import { partnerDirectoryAvailable } from './links.ts';
import { findUserByEmail } from './commands.ts';
import { actorForUser } from '../auth/sessions.ts';
import { canSeeStudent } from '../auth/scope.ts';

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

const signInStatus = async (email: string, password: string) => (await t.anonymous().post('/api/v1/session', { email, password })).statusCode;

describe('listing accounts', () => {
  it('lists only my district, and filters by search, role, school and status with paging', async () => {
    const all = (await admin.get('/api/v1/users')).json();
    expect(all.total).toBe(7);
    expect(all.users.every((u: { email: string }) => u.email.endsWith('@test.example'))).toBe(true);
    expect((await admin.get('/api/v1/users?q=TEACHER')).json().users.map((u: { email: string }) => u.email)).toEqual([d.emails.teacher]);
    expect((await admin.get('/api/v1/users?role=viewer')).json().total).toBe(1);
    const atA = (await admin.get(`/api/v1/users?schoolId=${d.schoolA}`)).json().users.map((u: { role: string }) => u.role).sort();
    expect(atA).toEqual(['school_staff', 'teacher']);
    const page2 = (await admin.get('/api/v1/users?pageSize=3&page=2')).json();
    expect(page2).toMatchObject({ total: 7, page: 2, pageSize: 3 });
    expect(page2.users).toHaveLength(3);
    const teacher = all.users.find((u: { role: string }) => u.role === 'teacher');
    expect(teacher).toMatchObject({ staff: { id: d.teacherA, name: 'Ana Reyes' }, schools: [{ id: d.schoolA, name: 'Alder Elementary' }], disabled: false, lockedUntil: null });
    expect(JSON.stringify(all)).not.toMatch(/password|argon2/i);
  });

  it('answers 404 for an account of another district', async () => {
    expect((await admin.get(`/api/v1/users/${other.userIds.viewer}`)).statusCode).toBe(404);
    expect((await admin.patch(`/api/v1/users/${other.userIds.viewer}`, { role: 'district_admin' })).statusCode).toBe(404);
    expect((await admin.post(`/api/v1/users/${other.userIds.viewer}/disable`)).statusCode).toBe(404);
    expect((await admin.post(`/api/v1/users/${other.userIds.viewer}/reset-password`)).statusCode).toBe(404);
  });
});

describe('creating accounts', () => {
  it('creates an account with a generated password shown once, which signs in', async () => {
    const res = await admin.post('/api/v1/users', { email: ' New.Person@Test.Example ', displayName: 'New Person', role: 'viewer', locale: 'es' });
    expect(res.statusCode).toBe(201);
    const { user, password } = res.json();
    expect(user).toMatchObject({ email: 'new.person@test.example', role: 'viewer', locale: 'es' });
    expect(password).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    expect(await signInStatus('new.person@test.example', password)).toBe(200);
    const stored = await t.database.db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(stored.password_hash).toMatch(/^\$argon2id\$/);
    expect((await admin.get(`/api/v1/users/${user.id}`)).body).not.toContain(password);
    const audit = await t.database.db.selectFrom('audit_events').selectAll().where('entity_type', '=', 'user').where('entity_id', '=', String(user.id)).execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'sign_in']);
    expect(audit[0].details).not.toContain(password);
  });

  it('links a teacher to a staff record found by name, so they see their class', async () => {
    const options = (await admin.get('/api/v1/users/staff-options?q=cho')).json().staff;
    expect(options).toEqual([{ id: d.teacherB, name: 'Ben Cho', email: 'test-t2@staff.example', schools: ['Birch Elementary'], linkedTo: null }]);
    const res = await admin.post('/api/v1/users', { email: 'ben@test.example', displayName: 'Ben Cho', role: 'teacher', staffId: d.teacherB, password: 'a-long-password-1' });
    expect(res.statusCode).toBe(201);
    expect(res.json().password).toBeNull();
    expect((await admin.get('/api/v1/users/staff-options?q=ben')).json().staff[0].linkedTo).toBe('ben@test.example');
    const ben = await actorForUser(t.database.db, await findUserByEmail(t.database.db, 'ben@test.example').then((u) => u!), 'web', null);
    expect(await canSeeStudent(t.database.db, ben, d.studentsB[0])).toBe(true);
    expect(await canSeeStudent(t.database.db, ben, d.studentsA[0])).toBe(false);
  });

  it('refuses bad input naming each field, and duplicates with 409', async () => {
    const bad = await admin.post('/api/v1/users', { email: 'not-an-email', displayName: 'X', role: 'school_staff', password: 'short' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.fields.map((f: { path: string }) => f.path)).toEqual(['email', 'password']);
    const noSchool = await admin.post('/api/v1/users', { email: 'staff2@test.example', displayName: 'X', role: 'school_staff' });
    expect(noSchool.json().details.fields).toEqual([{ path: 'schoolIds', message: 'school staff need at least one school' }]);
    const foreign = await admin.post('/api/v1/users', { email: 'staff3@test.example', displayName: 'X', role: 'school_staff', schoolIds: [other.schoolA], staffId: other.teacherA });
    expect(foreign.json().details.fields.map((f: { path: string }) => f.path)).toEqual(['schoolIds', 'staffId']);
    const dup = await admin.post('/api/v1/users', { email: d.emails.viewer, displayName: 'Again', role: 'viewer' });
    expect(dup.statusCode).toBe(409);
    const unknownRole = await admin.post('/api/v1/users', { email: 'r@test.example', displayName: 'R', role: 'superuser' });
    expect(unknownRole.statusCode).toBe(400);
    expect(unknownRole.json().details.fields[0].path).toBe('body.role');
  });

  it('links partner staff to a partner organisation by id (checked once the partner directory exists)', async () => {
    const db = t.database.db;
    const available = await partnerDirectoryAvailable(db);
    const options = (await admin.get('/api/v1/users/partner-options?q=')).json();
    expect(options.available).toBe(available);
    let partnerId = 424242;
    if (available) {
      await sql`insert into partners (district_id, ext_id, name) values (${d.districtId}, ${'p-1'}, ${'Literacy Now'})`.execute(db);
      const found = (await admin.get('/api/v1/users/partner-options?q=literacy')).json().partners;
      expect(found).toHaveLength(1);
      partnerId = found[0].id;
      const unknown = await admin.post('/api/v1/users', { email: 'p0@test.example', displayName: 'P', role: 'partner_staff', partnerId: 999999 });
      expect(unknown.json().details.fields).toEqual([{ path: 'partnerId', message: 'unknown partner organisation' }]);
    }
    const res = await admin.post('/api/v1/users', { email: 'p1@test.example', displayName: 'P One', role: 'partner_staff', partnerId });
    expect(res.statusCode).toBe(201);
    expect(res.json().user.partner).toEqual({ id: partnerId, name: available ? 'Literacy Now' : '' });
  });
});

describe('changing accounts', () => {
  it('changes role and schools; the change applies to the open session at once', async () => {
    const staff = await t.signIn(d.emails.school_staff);
    expect((await staff.get('/api/v1/session')).json().schools.map((s: { id: number }) => s.id)).toEqual([d.schoolA]);
    const res = await admin.patch(`/api/v1/users/${d.userIds.school_staff}`, { schoolIds: [d.schoolA, d.schoolB], displayName: 'Coordinator' });
    expect(res.statusCode).toBe(200);
    expect(res.json().schools.map((s: { id: number }) => s.id).sort()).toEqual([d.schoolA, d.schoolB].sort());
    expect((await staff.get('/api/v1/session')).json()).toMatchObject({ displayName: 'Coordinator', schools: expect.arrayContaining([expect.objectContaining({ id: d.schoolB })]) });
    const toViewer = await admin.patch(`/api/v1/users/${d.userIds.school_staff}`, { role: 'viewer' });
    expect(toViewer.json().role).toBe('viewer');
    expect((await staff.post('/api/v1/schools', { code: 'zz', name: 'Z' })).statusCode).toBe(403);
    await admin.patch(`/api/v1/users/${d.userIds.school_staff}`, { role: 'school_staff', schoolIds: [d.schoolA] });
    const emptied = await admin.patch(`/api/v1/users/${d.userIds.school_staff}`, { schoolIds: [] });
    expect(emptied.statusCode).toBe(400);
  });

  it('never lets the district lose its last administrator', async () => {
    expect((await admin.patch(`/api/v1/users/${d.userIds.district_admin}`, { role: 'viewer' })).statusCode).toBe(409);
    expect((await admin.post(`/api/v1/users/${d.userIds.district_admin}/disable`)).statusCode).toBe(409);
    expect((await admin.post(`/api/v1/users/${d.userIds.district_admin}/reset-password`)).statusCode).toBe(409);
    expect((await admin.get(`/api/v1/users/${d.userIds.district_admin}`)).json()).toMatchObject({ role: 'district_admin', disabled: false });
  });

  it('disables an account: its sessions end and it cannot sign in; enabling lets it back', async () => {
    const viewer = await t.signIn(d.emails.viewer);
    const res = await admin.post(`/api/v1/users/${d.userIds.viewer}/disable`);
    expect(res.json().disabled).toBe(true);
    expect((await viewer.get('/api/v1/session')).statusCode).toBe(401);
    expect(await signInStatus(d.emails.viewer, TEST_PASSWORD)).toBe(401);
    expect((await admin.get('/api/v1/users?status=disabled')).json().users.map((u: { id: number }) => u.id)).toEqual([d.userIds.viewer]);
    await admin.post(`/api/v1/users/${d.userIds.viewer}/enable`);
    expect(await signInStatus(d.emails.viewer, TEST_PASSWORD)).toBe(200);
  });

  it('resets a password: the old one stops working, sessions end, the new one is shown once', async () => {
    const union = await t.signIn(d.emails.union_rep);
    const res = await admin.post(`/api/v1/users/${d.userIds.union_rep}/reset-password`);
    expect(res.statusCode).toBe(200);
    const { password } = res.json();
    expect((await union.get('/api/v1/session')).statusCode).toBe(401);
    expect(await signInStatus(d.emails.union_rep, TEST_PASSWORD)).toBe(401);
    expect(await signInStatus(d.emails.union_rep, password)).toBe(200);
    await admin.post(`/api/v1/users/${d.userIds.union_rep}/reset-password`, { password: TEST_PASSWORD });
  });

  it('unlocks an account locked after failed sign-ins', async () => {
    for (let i = 0; i < 5; i++) await signInStatus(d.emails.data_manager, 'wrong-password-x');
    expect(await signInStatus(d.emails.data_manager, TEST_PASSWORD)).toBe(401);
    const locked = (await admin.get('/api/v1/users?status=locked')).json().users;
    expect(locked.map((u: { id: number }) => u.id)).toEqual([d.userIds.data_manager]);
    expect(locked[0].lockedUntil).not.toBeNull();
    const res = await admin.post(`/api/v1/users/${d.userIds.data_manager}/unlock`);
    expect(res.json().lockedUntil).toBeNull();
    expect(await signInStatus(d.emails.data_manager, TEST_PASSWORD)).toBe(200);
    const actions = await t.database.db.selectFrom('audit_events').select('action').where('entity_id', '=', String(d.userIds.data_manager)).execute();
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(['sign_in_failed', 'unlock', 'sign_in']));
  });

  it('refuses account management to everyone but district administrators', async () => {
    const dm = await t.signIn(d.emails.data_manager);
    expect((await dm.get('/api/v1/users')).statusCode).toBe(403);
    expect((await dm.post('/api/v1/users', { email: 'x@test.example', displayName: 'X', role: 'district_admin' })).statusCode).toBe(403);
  });
});
