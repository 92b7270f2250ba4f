import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { seedSmallDistrict, type SmallDistrict } from '../../test/fixtures.ts';

let t: TestApp;
let d: SmallDistrict;
beforeAll(async () => {
  t = await createTestApp();
  d = await seedSmallDistrict(t.database.db);
});
afterAll(() => t.close());

describe('sign-in', () => {
  it('signs in, tells who I am, and signs out', async () => {
    const c = await t.signIn(d.emails.teacher);
    const me = await c.get('/api/v1/session');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ email: d.emails.teacher, role: 'teacher', staffId: d.teacherA });
    expect((await c.delete('/api/v1/session')).statusCode).toBe(204);
    expect((await c.get('/api/v1/session')).statusCode).toBe(401);
  });

  it('answers a wrong password and an unknown account with the same generic 401', async () => {
    const wrong = await t.anonymous().post('/api/v1/session', { email: d.emails.viewer, password: 'not-the-password' });
    const unknown = await t.anonymous().post('/api/v1/session', { email: 'nobody@nowhere.example', password: 'not-the-password' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
  });

  it('sets an HttpOnly SameSite cookie', async () => {
    const res = await t.anonymous().post('/api/v1/session', { email: d.emails.viewer, password: 'correct-horse-battery' });
    const cookie = res.cookies.find((c) => c.name === 'village_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
  });

  it('refuses a cookie-authenticated write without the CSRF token', async () => {
    const c = await t.signIn(d.emails.district_admin);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/schools', headers: { cookie: c.cookie! }, payload: { code: 'X1', name: 'X' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toBe('csrf_failed');
    const ok = await c.post('/api/v1/schools', { code: 'X1', name: 'Xylem Elementary' });
    expect(ok.statusCode).toBe(201);
  });

  it('locks an account after repeated failures, even for the right password', async () => {
    for (let i = 0; i < 5; i++) await t.anonymous().post('/api/v1/session', { email: d.emails.union_rep, password: 'wrong-password-here' });
    const res = await t.anonymous().post('/api/v1/session', { email: d.emails.union_rep, password: 'correct-horse-battery' });
    expect(res.statusCode).toBe(401);
  });

  it('answers unknown routes, malformed JSON and unauthenticated calls in the one error shape', async () => {
    const nf = await t.anonymous().get('/api/v1/nothing-here');
    expect(nf.statusCode).toBe(404);
    expect(nf.json()).toMatchObject({ error: 'not_found' });
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/session', headers: { 'content-type': 'application/json' }, payload: '{"email":' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: 'bad_request' });
    expect(bad.body).not.toMatch(/at .*\.ts/);
    const unauth = await t.anonymous().get('/api/v1/schools');
    expect(unauth.statusCode).toBe(401);
    expect(unauth.json()).toMatchObject({ error: 'unauthorized' });
  });

  it('reports field errors on invalid input', async () => {
    const c = await t.signIn(d.emails.district_admin);
    const res = await c.post('/api/v1/schools', { code: '', name: 5 });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('validation_failed');
    expect(res.json().details.fields.map((f: { path: string }) => f.path)).toEqual(expect.arrayContaining(['body.code', 'body.name']));
  });
});
