import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type TestApp, type TestClient } from '../../test/app.ts';
import { seedSmallDistrict, type SmallDistrict } from '../../test/fixtures.ts';
import { recordAudit, recordStudentReads } from './record.ts';
import { actorForUser, type UserRow } from '../auth/sessions.ts';
import type { Actor } from '../auth/actor.ts';

let t: TestApp;
let d: SmallDistrict;
let other: SmallDistrict;
let admin: TestClient;
let teacher: Actor;
beforeAll(async () => {
  t = await createTestApp();
  d = await seedSmallDistrict(t.database.db);
  other = await seedSmallDistrict(t.database.db, 'other');
  admin = await t.signIn(d.emails.district_admin);
  const row = (await t.database.db.selectFrom('users').selectAll().where('id', '=', d.userIds.teacher).executeTakeFirstOrThrow()) as UserRow;
  teacher = await actorForUser(t.database.db, row, 'web', '203.0.113.7');
});
afterAll(() => t.close());

const search = async (query: string) => {
  const res = await admin.get(`/api/v1/audit-events${query}`);
  expect(res.statusCode).toBe(200);
  return res.json();
};

describe('audit search', () => {
  it('finds every read of a student record and every change about the student, with who, when and from where', async () => {
    const student = d.studentsA[0];
    await recordStudentReads(t.database.db, teacher, [student, d.studentsA[1]], 'class list');
    await recordAudit(t.database.db, teacher, { action: 'create', entityType: 'home_visit', entityId: 77, studentId: student, details: { status: 'scheduled' } });
    await recordAudit(t.database.db, teacher, { action: 'update', entityType: 'student', entityId: student, details: { fields: ['home_language'] } });
    await recordAudit(t.database.db, teacher, { action: 'create', entityType: 'home_visit', entityId: 78, studentId: d.studentsA[1] });
    const found = await search(`?studentId=${student}`);
    expect(found.total).toBe(3);
    expect(found.events.map((e: { action: string; entityType: string }) => `${e.action} ${e.entityType}`)).toEqual(['update student', 'create home_visit', 'read student']);
    expect(found.events[2]).toMatchObject({
      actor: { userId: d.userIds.teacher, label: d.emails.teacher, via: 'web' },
      entityId: String(student),
      studentId: student,
      ip: '203.0.113.7',
      details: { context: 'class list' },
    });
    expect(Date.now() - Date.parse(found.events[0].at)).toBeLessThan(60_000);
  });

  it('filters by actor, action, entity and dates, and pages newest first', async () => {
    const byActor = await search(`?actor=${encodeURIComponent('TEACHER@')}`);
    expect(byActor.events.every((e: { actor: { label: string } }) => e.actor.label === d.emails.teacher)).toBe(true);
    expect((await search('?action=read&entityType=student')).total).toBe(2);
    expect((await search(`?entityType=home_visit&entityId=78`)).events.map((e: { studentId: number }) => e.studentId)).toEqual([d.studentsA[1]]);
    const today = new Date().toISOString().slice(0, 10);
    expect((await search(`?from=${today}&to=${today}&action=read`)).total).toBe(2);
    expect((await search('?to=2020-01-01')).total).toBe(0);
    const all = await search('?pageSize=2');
    const second = await search('?pageSize=2&page=2');
    expect(second.total).toBe(all.total);
    expect(second.events[0].id).toBeLessThan(all.events[1].id);
    expect(all.actions).toEqual(expect.arrayContaining(['create', 'read', 'sign_in', 'update']));
    expect(all.entityTypes).toEqual(expect.arrayContaining(['home_visit', 'student', 'user']));
    const bad = await admin.get('/api/v1/audit-events?from=yesterday');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.fields[0].path).toBe('query.from');
  });

  it("never shows another district's trail", async () => {
    const otherTeacher = await actorForUser(t.database.db, (await t.database.db.selectFrom('users').selectAll().where('id', '=', other.userIds.teacher).executeTakeFirstOrThrow()) as UserRow, 'web', null);
    await recordStudentReads(t.database.db, otherTeacher, [other.studentsA[0]], 'elsewhere');
    expect((await search(`?studentId=${other.studentsA[0]}`)).total).toBe(0);
    expect((await search(`?actor=other.example`)).total).toBe(0);
  });

  it('is open to district administrators only', async () => {
    for (const role of ['data_manager', 'school_staff', 'teacher', 'viewer'] as const) {
      expect((await (await t.signIn(d.emails[role])).get('/api/v1/audit-events')).statusCode).toBe(403);
    }
  });

  it('cannot be altered or deleted, even directly in the database', async () => {
    const db = t.database.db;
    const before = await db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    await expect(db.updateTable('audit_events').set({ actor_label: 'someone else' }).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('audit_events').execute()).rejects.toThrow(/append-only/);
    await expect(sql`update audit_events set action = 'read' where id = 1`.execute(db)).rejects.toThrow(/append-only/);
    const after = await db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    const labels = await db.selectFrom('audit_events').select('actor_label').where('actor_label', '=', 'someone else').execute();
    expect(labels).toEqual([]);
  });
});
