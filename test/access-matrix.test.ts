/**
 * For every API route and every role: the route declares exactly the access its capability's
 * access.ts table says, and a request by each role is let through or refused (403) accordingly;
 * without a session every non-public route answers 401.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TestClient, type TestApp } from './app.ts';
import { seedSmallDistrict, type SmallDistrict } from './fixtures.ts';
import { ROLES, type Role } from '../common/roles.ts';
import type { Access } from '../server/http/route.ts';
import { createSession } from '../server/auth/sessions.ts';

const tables = import.meta.glob('../server/*/access.ts', { eager: true }) as Record<string, { access: Record<string, Access> }>;
const expected: Record<string, Access> = {};
for (const [file, mod] of Object.entries(tables)) {
  for (const [key, value] of Object.entries(mod.access)) {
    if (key in expected) throw new Error(`${key} is listed twice (again in ${file})`);
    expected[key] = value;
  }
}

function allows(access: Access, role: Role): boolean {
  if (access === 'public' || access === 'signed-in') return true;
  return access.includes(role);
}

let t: TestApp;
let d: SmallDistrict;
beforeAll(async () => {
  t = await createTestApp();
  d = await seedSmallDistrict(t.database.db);
});
afterAll(() => t.close());

async function clientFor(role: Role): Promise<TestClient> {
  // A fresh session per request (a route may sign the session out), without the cost of hashing.
  const s = await createSession(t.database.db, { id: d.userIds[role], district_id: d.districtId }, { ip: null, userAgent: 'matrix', hours: 1 });
  return new TestClient(t.app, `village_session=${s.token}`, s.csrfToken);
}

// Placeholder ids: a record that does not exist, so allowed requests change nothing.
const fill = (url: string) => url.replace(/:[A-Za-z]+/g, '999999');

describe('access matrix', () => {
  it('lists every route in an access table, with the access the route declares', () => {
    const registered = Object.fromEntries(t.app.village.routes.map((r) => [`${r.method} ${r.url}`, r.access]));
    expect(Object.keys(registered).sort()).toEqual(Object.keys(expected).sort());
    for (const [key, access] of Object.entries(registered)) expect([key, access]).toEqual([key, expected[key]]);
  });

  it('answers 401 to every non-public route without a session', async () => {
    for (const r of t.app.village.routes) {
      if (r.access === 'public') continue;
      const res = await t.anonymous().request(r.method, fill(r.url), r.method === 'GET' ? undefined : {});
      expect([`${r.method} ${r.url}`, res.statusCode]).toEqual([`${r.method} ${r.url}`, 401]);
    }
  });

  it('lets each role through exactly the routes its access allows', async () => {
    const failures: string[] = [];
    for (const r of t.app.village.routes) {
      if (r.access === 'public') continue;
      for (const role of ROLES) {
        const c = await clientFor(role);
        const res = await c.request(r.method, fill(r.url), r.method === 'GET' ? undefined : {});
        const roleRefused = res.statusCode === 403 && res.json().details?.reason === 'role';
        if (allows(r.access, role) === roleRefused) failures.push(`${role} ${r.method} ${r.url}: ${res.statusCode} ${res.body.slice(0, 120)}`);
        if (res.statusCode === 401 || res.statusCode >= 500) failures.push(`${role} ${r.method} ${r.url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
