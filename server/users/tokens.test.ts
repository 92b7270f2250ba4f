import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TestClient, type TestApp } from '../../test/app.ts';
import { seedSmallDistrict, type SmallDistrict } from '../../test/fixtures.ts';
import type { TokenScope } from '../../common/roles.ts';

let t: TestApp;
let d: SmallDistrict;
beforeAll(async () => {
  t = await createTestApp();
  d = await seedSmallDistrict(t.database.db);
});
afterAll(() => t.close());

async function tokenFor(email: string, scopes: TokenScope[], expiresOn?: string) {
  const c = await t.signIn(email);
  const res = await c.post('/api/v1/tokens', { name: `${scopes.join('+')} token`, scopes, expiresOn });
  expect(res.statusCode).toBe(201);
  return { owner: c, token: res.json().token as string, view: res.json().apiToken, bearer: TestClient.withToken(t.app, res.json().token) };
}

describe('API tokens', () => {
  it('shows the secret once, keeps only its hash, and lists the prefix and last use', async () => {
    const { owner, token, view, bearer } = await tokenFor(d.emails.data_manager, ['read', 'import']);
    expect(token).toMatch(/^vlg_[A-Za-z0-9_-]{40,}$/);
    expect(view).toMatchObject({ prefix: token.slice(0, 10), scopes: ['read', 'import'], status: 'active', lastUsedAt: null, expiresAt: null, owner: { email: d.emails.data_manager } });
    const stored = await t.database.db.selectFrom('api_tokens').selectAll().where('id', '=', view.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(token);
    const me = await bearer.get('/api/v1/session');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ email: d.emails.data_manager, csrfToken: null });
    const listed = (await owner.get('/api/v1/tokens')).json().tokens;
    expect(listed).toHaveLength(1);
    expect(listed[0].lastUsedAt).not.toBeNull();
    expect(JSON.stringify(listed)).not.toContain(token);
  });

  it("never grants more than its owner's role, nor more than its scopes", async () => {
    const viewer = await tokenFor(d.emails.viewer, ['read', 'write', 'import', 'measures']);
    const refused = await viewer.bearer.post('/api/v1/schools', { code: 'V-1', name: 'Viewer school' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().details.reason).toBe('role');
    expect((await viewer.bearer.get('/api/v1/users')).statusCode).toBe(403);

    const admin = await tokenFor(d.emails.district_admin, ['read']);
    expect((await admin.bearer.get('/api/v1/users')).statusCode).toBe(200);
    const noWrite = await admin.bearer.patch('/api/v1/district', { settings: { minN: 5 } });
    expect(noWrite.statusCode).toBe(403);
    expect(noWrite.json().details.reason).toBe('token_scope');
    const writer = await tokenFor(d.emails.district_admin, ['write']);
    // A token needs no CSRF header: it is not a cookie the browser sends by itself.
    expect((await writer.bearer.patch('/api/v1/district', { settings: { minN: 12 } })).statusCode).toBe(200);
    expect((await writer.bearer.get('/api/v1/district')).statusCode).toBe(403);
  });

  it('cannot create further tokens', async () => {
    const { bearer } = await tokenFor(d.emails.district_admin, ['read', 'write']);
    const res = await bearer.post('/api/v1/tokens', { name: 'child', scopes: ['write'] });
    expect(res.statusCode).toBe(403);
  });

  it('answers 401 once revoked, once expired, and once its owner is disabled', async () => {
    const revoked = await tokenFor(d.emails.teacher, ['read']);
    expect((await revoked.bearer.get('/api/v1/session')).statusCode).toBe(200);
    const del = await revoked.owner.delete(`/api/v1/tokens/${revoked.view.id}`);
    expect(del.json()).toMatchObject({ status: 'revoked' });
    const after = await revoked.bearer.get('/api/v1/session');
    expect(after.statusCode).toBe(401);
    expect(after.json().error).toBe('unauthorized');

    const expiring = await tokenFor(d.emails.teacher, ['read'], new Date().toISOString().slice(0, 10));
    expect((await expiring.bearer.get('/api/v1/session')).statusCode).toBe(200);
    await t.database.db.updateTable('api_tokens').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('id', '=', expiring.view.id).execute();
    expect((await expiring.bearer.get('/api/v1/session')).statusCode).toBe(401);
    expect((await expiring.owner.get('/api/v1/tokens')).json().tokens.find((x: { id: number }) => x.id === expiring.view.id).status).toBe('expired');

    const union = await tokenFor(d.emails.union_rep, ['read']);
    const admin = await t.signIn(d.emails.district_admin);
    await admin.post(`/api/v1/users/${d.userIds.union_rep}/disable`);
    expect((await union.bearer.get('/api/v1/session')).statusCode).toBe(401);
    await admin.post(`/api/v1/users/${d.userIds.union_rep}/enable`);
    expect((await union.bearer.get('/api/v1/session')).statusCode).toBe(401); // revoked when disabled, not restored
  });

  it('refuses an expiry date in the past and an unknown scope', async () => {
    const c = await t.signIn(d.emails.teacher);
    const past = await c.post('/api/v1/tokens', { name: 'old', scopes: ['read'], expiresOn: '2020-01-01' });
    expect(past.statusCode).toBe(400);
    expect(past.json().details.fields[0].path).toBe('expiresOn');
    const scope = await c.post('/api/v1/tokens', { name: 'odd', scopes: ['admin'] });
    expect(scope.statusCode).toBe(400);
  });

  it("lets a person see and revoke only their own tokens; a district admin sees and revokes anyone's", async () => {
    const mine = await tokenFor(d.emails.school_staff, ['read']);
    const teacher = await t.signIn(d.emails.teacher);
    expect((await teacher.get('/api/v1/tokens?all=true')).statusCode).toBe(403);
    expect((await teacher.delete(`/api/v1/tokens/${mine.view.id}`)).statusCode).toBe(404);
    expect((await teacher.get('/api/v1/tokens')).json().tokens.map((x: { id: number }) => x.id)).not.toContain(mine.view.id);

    const admin = await t.signIn(d.emails.district_admin);
    const all = (await admin.get('/api/v1/tokens?all=true')).json().tokens;
    expect(all.find((x: { id: number }) => x.id === mine.view.id)).toMatchObject({ owner: { email: d.emails.school_staff } });
    expect((await admin.delete(`/api/v1/tokens/${mine.view.id}`)).json().status).toBe('revoked');
    expect((await mine.bearer.get('/api/v1/session')).statusCode).toBe(401);
    const audit = await t.database.db.selectFrom('audit_events').select(['action', 'actor_label']).where('entity_type', '=', 'api_token').where('entity_id', '=', String(mine.view.id)).orderBy('id').execute();
    expect(audit).toEqual([
      { action: 'token_create', actor_label: d.emails.school_staff },
      { action: 'token_revoke', actor_label: d.emails.district_admin },
    ]);
  });
});
