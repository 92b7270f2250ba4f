/**
 * The whole HTTP application over a fresh test database, and a client that signs in as a person
 * and sends the session cookie and CSRF token like the web app does.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../server/app.ts';
import { loadConfig, type Config } from '../server/config.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';
import { TEST_PASSWORD } from './fixtures.ts';

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  config: Config;
  /** A client with no session. */
  anonymous(): TestClient;
  /** A client signed in with email and password (the test password by default). */
  signIn(email: string, password?: string): Promise<TestClient>;
  close(): Promise<void>;
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig(
    { DATABASE_URL: 'sqlite::memory:', LOG_LEVEL: 'silent', VILLAGE_SIGNIN_RATE_PER_MINUTE: '1000', VILLAGE_WEB_DIR: './web/dist', VILLAGE_FILES_DIR: './data/test-files', ...overrides },
    { dotenvPath: '' },
  );
}

export async function createTestApp(options: { config?: Record<string, string>; database?: TestDatabase } = {}): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const config = testConfig(options.config);
  const app = await buildApp({ config, database });
  await app.ready();
  const t: TestApp = {
    app,
    database,
    config,
    anonymous: () => new TestClient(app, null, null),
    async signIn(email, password = TEST_PASSWORD) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password } });
      if (res.statusCode !== 200) throw new Error(`sign-in as ${email} failed: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === 'village_session');
      return new TestClient(app, cookie ? `village_session=${cookie.value}` : null, res.json().csrfToken);
    },
    async close() {
      await app.close();
      if (!options.database) await database.drop();
    },
  };
  return t;
}

export class TestClient {
  constructor(
    private readonly app: FastifyInstance,
    readonly cookie: string | null,
    readonly csrfToken: string | null,
    private readonly bearer: string | null = null,
  ) {}

  static withToken(app: FastifyInstance, token: string): TestClient {
    return new TestClient(app, null, null, token);
  }

  request(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const h: Record<string, string> = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrfToken && method !== 'GET') h['x-csrf-token'] = this.csrfToken;
    if (this.bearer) h.authorization = `Bearer ${this.bearer}`;
    return this.app.inject({ method, url, headers: h, ...(payload !== undefined ? { payload: payload as object } : {}) });
  }
  get(url: string) {
    return this.request('GET', url);
  }
  post(url: string, body?: unknown) {
    return this.request('POST', url, body ?? {});
  }
  put(url: string, body?: unknown) {
    return this.request('PUT', url, body ?? {});
  }
  patch(url: string, body?: unknown) {
    return this.request('PATCH', url, body ?? {});
  }
  delete(url: string) {
    return this.request('DELETE', url);
  }
}
