/**
 * What an operator relies on: /health in both states, logs without personal data, graceful
 * shutdown, and the one error shape for 400, 404, 413 and 429.
 */
import { Writable } from 'node:stream';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, testConfig, type TestApp } from '../../test/app.ts';
import { createTestDatabase } from '../../test/db.ts';
import { seedSmallDistrict, TEST_PASSWORD, type SmallDistrict } from '../../test/fixtures.ts';
import { buildApp } from '../app.ts';
import { createLogger, startServer } from '../server.ts';
import { openDatabase } from '../db/database.ts';

let t: TestApp;
let d: SmallDistrict;
beforeAll(async () => {
  t = await createTestApp({ config: { VILLAGE_SIGNIN_RATE_PER_MINUTE: '4' } });
  d = await seedSmallDistrict(t.database.db);
});
afterAll(() => t.close());

class Lines extends Writable {
  lines: string[] = [];
  override _write(chunk: Buffer, _enc: string, done: () => void) {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }
}

describe('/health', () => {
  it('answers 200 when the database is reachable and migrated', async () => {
    const res = await t.anonymous().get('/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: 'reachable', migrations: { current: true, pending: [] } });
  });

  it('answers 503 naming the pending migrations when the database is behind', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'village-health-'));
    const database = openDatabase(`sqlite:${path.join(dir, 'behind.db')}`);
    const app = await buildApp({ config: testConfig(), database });
    try {
      const res = await app.inject({ method: 'GET', url: '/health' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ status: 'degraded', database: 'reachable', migrations: { current: false, pending: expect.arrayContaining(['0001_foundation']) } });
    } finally {
      await app.close();
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers 503 when the database cannot be reached', async () => {
    const database = await createTestDatabase();
    const app = await buildApp({ config: testConfig(), database });
    await database.drop();
    try {
      const res = await app.inject({ method: 'GET', url: '/health' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ status: 'down', database: 'unreachable' });
    } finally {
      await app.close();
    }
  });
});

describe('logs', () => {
  it('hold no email, password, cookie or token of a person signing in', async () => {
    const sink = new Lines();
    const app = await buildApp({ config: t.config, database: t.database, logger: createLogger({ LOG_LEVEL: 'trace' }, sink) });
    try {
      const wrong = await app.inject({ method: 'POST', url: '/api/v1/session?email=' + encodeURIComponent(d.emails.teacher), payload: { email: d.emails.teacher, password: 'wrong-password-1' } });
      expect(wrong.statusCode).toBe(401);
      const ok = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: d.emails.teacher, password: TEST_PASSWORD } });
      expect(ok.statusCode).toBe(200);
      const cookie = ok.cookies.find((c) => c.name === 'village_session')!.value;
      const me = await app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie: `village_session=${cookie}`, authorization: 'Bearer vlg_not-a-real-token' } });
      expect(me.statusCode).toBe(401);
      const text = sink.lines.join('\n');
      expect(sink.lines.length).toBeGreaterThanOrEqual(6);
      expect(sink.lines.every((l) => JSON.parse(l).level >= 10)).toBe(true);
      expect(text).toContain('/api/v1/session');
      for (const secret of [d.emails.teacher, 'teacher@', TEST_PASSWORD, 'wrong-password-1', cookie, ok.json().csrfToken, 'vlg_not-a-real-token']) {
        expect(text).not.toContain(secret);
      }
    } finally {
      await app.close();
    }
  });
});

describe('graceful shutdown', () => {
  it('lets a request under way finish, refuses new ones, then closes the database', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'village-stop-'));
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    const server = await startServer(testConfig({ DATABASE_URL: `sqlite:${path.join(dir, 'v.db')}`, PORT: '0' }), {
      logDestination: new Lines(),
      beforeListen: (app) => {
        app.get('/slow', async () => {
          entered();
          await released;
          return { finished: true };
        });
      },
    });
    try {
      const slow = fetch(`${server.address}/slow`).then(async (r) => ({ status: r.status, body: await r.json() }));
      await inside;
      let stopped = false;
      const stopping = server.stop().then(() => (stopped = true));
      await new Promise((r) => setTimeout(r, 100));
      expect(stopped).toBe(false);
      const late = await fetch(`${server.address}/health`).then((r) => r.status, () => 'refused');
      expect([503, 'refused']).toContain(late);
      release();
      expect(await slow).toEqual({ status: 200, body: { finished: true } });
      await stopping;
      expect(stopped).toBe(true);
      await expect(server.database.db.selectFrom('districts').selectAll().execute()).rejects.toThrow();
    } finally {
      release();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('bad requests', () => {
  it('answers an unknown API route with 404 JSON, whatever the method', async () => {
    for (const [method, url] of [['GET', '/api/v1/nothing-here'], ['POST', '/api/v1/nothing-here'], ['DELETE', '/api/v1/schools'], ['GET', '/api/nothing']] as const) {
      const res = await t.anonymous().request(method, url, method === 'GET' ? undefined : {});
      expect([url, res.statusCode, res.headers['content-type']]).toEqual([url, 404, expect.stringContaining('application/json')]);
      expect(res.json()).toMatchObject({ error: 'not_found', message: expect.stringContaining(url) });
    }
  });

  it('answers malformed JSON with 400 and no stack trace', async () => {
    const c = await t.signIn(d.emails.district_admin);
    const res = await t.app.inject({ method: 'PATCH', url: '/api/v1/district', headers: { cookie: c.cookie!, 'x-csrf-token': c.csrfToken!, 'content-type': 'application/json' }, payload: '{"name": "x",' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: 'bad_request', message: 'The request body is not valid JSON.' });
  });

  it('answers an oversized body with 413 in the one error shape', async () => {
    const big = JSON.stringify({ email: 'x'.repeat(3 * 1024 * 1024), password: 'y' });
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/session', headers: { 'content-type': 'application/json' }, payload: big });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({ error: 'payload_too_large', message: 'The request body is too large.' });
  });

  it('answers too many sign-ins from one address with 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await t.anonymous().post('/api/v1/session', { email: 'nobody@test.example', password: 'wrong-password-1' }, )).statusCode);
    expect(statuses.slice(0, 2)).toEqual([401, 401]);
    expect(statuses.at(-1)).toBe(429);
    const res = await t.anonymous().post('/api/v1/session', { email: d.emails.viewer, password: TEST_PASSWORD });
    expect(res.statusCode).toBe(429);
    expect(res.json()).toMatchObject({ error: 'rate_limited', message: expect.stringMatching(/try again in \d+ seconds/) });
    expect(res.headers['retry-after']).toBeDefined();
  });
});

describe('the web app', () => {
  it('serves its page for app addresses, and 404 for a missing file instead of the page', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'village-web-'));
    const { writeFileSync, mkdirSync } = await import('node:fs');
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Village</title>');
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'assets', 'app.js'), 'console.log(1)');
    const app = await buildApp({ config: testConfig({ VILLAGE_WEB_DIR: dir }), database: t.database });
    try {
      const page = await app.inject({ method: 'GET', url: '/admin/calendar?school=1' });
      expect([page.statusCode, page.headers['content-type']]).toEqual([200, expect.stringContaining('text/html')]);
      expect((await app.inject({ method: 'GET', url: '/assets/app.js' })).statusCode).toBe(200);
      const missing = await app.inject({ method: 'GET', url: '/assets/old-build.js' });
      expect([missing.statusCode, missing.headers['content-type']]).toEqual([404, expect.stringContaining('application/json')]);
      expect((await app.inject({ method: 'GET', url: '/favicon.ico' })).statusCode).toBe(404);
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
