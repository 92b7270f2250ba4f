/**
 * The command line's contract (DATA-FORMATS.md): exit status 0 done, 1 refused or failed (nothing
 * written), 2 usage error; errors on standard error, one line each. Commands run in-process against
 * this run's database (SQLite or PostgreSQL); one test runs the real `village` binary.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/db.ts';
import { main } from './main.ts';
import { checkCredentials, findUserByEmail } from '../server/users/commands.ts';

let database: TestDatabase;
const savedUrl = process.env.DATABASE_URL;
beforeAll(async () => {
  database = await createTestDatabase();
  process.env.DATABASE_URL = database.url;
});
afterAll(async () => {
  process.env.DATABASE_URL = savedUrl;
  await database.drop();
});

interface Run {
  status: number;
  out: string;
  err: string;
}

async function village(...args: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (err.push(String(chunk)), true));
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (out.push(String(chunk)), true));
  process.exitCode = undefined;
  try {
    await main(['node', 'village', ...args]);
    return { status: Number(process.exitCode ?? 0), out: out.join('\n'), err: err.join('\n') };
  } finally {
    process.exitCode = undefined;
    log.mockRestore();
    error.mockRestore();
    stderr.mockRestore();
    stdout.mockRestore();
  }
}

const passwordIn = (out: string) => /^Password: (\S+)$/m.exec(out)?.[1];

describe('village district', () => {
  it('creates a district, and refuses a duplicate with exit status 1', async () => {
    const ok = await village('district', 'create', 'grandbend', 'Grand Bend ISD');
    expect(ok).toMatchObject({ status: 0, out: 'Created district grandbend (Grand Bend ISD).' });
    const dup = await village('district', 'create', 'GrandBend', 'Again');
    expect(dup.status).toBe(1);
    expect(dup.err).toMatch(/already exists/);
    const bad = await village('district', 'create', 'no spaces!', 'Bad');
    expect(bad.status).toBe(1);
    expect(bad.err).toMatch(/^village: code: /m);
    expect((await village('district', 'create', 'onlycode')).status).toBe(2);
    const list = await village('district', 'list');
    expect(list).toMatchObject({ status: 0, out: 'grandbend\tGrand Bend ISD' });
  });
});

describe('village users', () => {
  it('creates an account with a generated password that signs in', async () => {
    const res = await village('users', 'create', '--email', 'Ana@Example.org', '--role', 'district_admin', '--name', 'Ana Admin');
    expect(res.status).toBe(0);
    expect(res.out).toMatch(/^Created district_admin account ana@example.org in grandbend\./);
    const password = passwordIn(res.out)!;
    expect(password).toMatch(/^[a-z2-9-]{23}$/);
    const check = await checkCredentials(database.db, 'ana@example.org', password, { attempts: 5, minutes: 15 });
    expect(check.ok).toBe(true);
  });

  it('answers usage errors with 2 and refused input with 1, writing nothing', async () => {
    expect((await village('users', 'create', '--email', 'x@example.org', '--role', 'wizard')).status).toBe(2);
    expect((await village('users', 'create', '--role', 'viewer')).status).toBe(2);
    expect((await village('users', 'create', '--email', 'x@example.org', '--role', 'viewer', '--locale', 'fr')).status).toBe(2);
    const dup = await village('users', 'create', '--email', 'ana@example.org', '--role', 'viewer');
    expect(dup.status).toBe(1);
    expect(dup.err).toMatch(/already exists/);
    const weak = await village('users', 'create', '--email', 'weak@example.org', '--role', 'viewer', '--password', 'short');
    expect(weak.status).toBe(1);
    expect(weak.err).toMatch(/^village: password: must be at least 10 characters long$/m);
    const school = await village('users', 'create', '--email', 'staff@example.org', '--role', 'school_staff', '--school', 'NOPE');
    expect(school.status).toBe(1);
    expect(school.err).toMatch(/unknown school code: NOPE/);
    const noSchool = await village('users', 'create', '--email', 'staff@example.org', '--role', 'school_staff');
    expect(noSchool.status).toBe(1);
    expect(noSchool.err).toMatch(/schoolIds: school staff need at least one school/);
    for (const email of ['x@example.org', 'weak@example.org', 'staff@example.org']) expect(await findUserByEmail(database.db, email)).toBeUndefined();
  });

  it('needs --district once there are several districts', async () => {
    await village('district', 'create', 'second', 'Second District');
    const res = await village('users', 'create', '--email', 'b@example.org', '--role', 'viewer');
    expect(res.status).toBe(2);
    expect(res.err).toMatch(/--district/);
    expect((await village('users', 'create', '--email', 'b@example.org', '--role', 'viewer', '--district', 'second', '--password', 'a-good-password')).status).toBe(0);
    expect((await village('users', 'list', '--district', 'nowhere')).status).toBe(1);
  });

  it('resets a password: the new one works, the old one does not', async () => {
    const res = await village('users', 'reset-password', 'ana@example.org', '--district', 'grandbend');
    expect(res.status).toBe(0);
    const password = passwordIn(res.out)!;
    expect((await checkCredentials(database.db, 'ana@example.org', password, { attempts: 5, minutes: 15 })).ok).toBe(true);
    const given = await village('users', 'reset-password', 'ana@example.org', '--district', 'grandbend', '--password', 'another-good-one');
    expect(given).toMatchObject({ status: 0, out: 'Password reset for ana@example.org.' });
    expect((await checkCredentials(database.db, 'ana@example.org', password, { attempts: 5, minutes: 15 })).ok).toBe(false);
    expect((await village('users', 'reset-password', 'nobody@example.org', '--district', 'grandbend')).status).toBe(1);
    expect((await village('users', 'reset-password', 'b@example.org', '--district', 'grandbend')).status).toBe(1); // another district's account
    expect((await village('users', 'reset-password', 'ana@example.org', '--district', 'grandbend', '--password', 'short')).status).toBe(1);
  });

  it('disables and enables an account', async () => {
    expect(await village('users', 'disable', 'b@example.org', '--district', 'second')).toMatchObject({ status: 0, out: 'Disabled b@example.org.' });
    expect((await findUserByEmail(database.db, 'b@example.org'))!.disabled).toBe(1);
    expect((await checkCredentials(database.db, 'b@example.org', 'a-good-password', { attempts: 5, minutes: 15 })).ok).toBe(false);
    const list = await village('users', 'list', '--district', 'second');
    expect(list.out).toBe('b@example.org\tviewer\tb@example.org\t(disabled)');
    expect(await village('users', 'disable', 'b@example.org', '--enable', '--district', 'second')).toMatchObject({ status: 0, out: 'Enabled b@example.org.' });
    expect((await findUserByEmail(database.db, 'b@example.org'))!.disabled).toBe(0);
    expect((await village('users', 'disable', 'nobody@example.org', '--district', 'second')).status).toBe(1);
    expect((await village('users', 'disable')).status).toBe(2);
    const audit = await database.db.selectFrom('audit_events').select(['action', 'via', 'details']).where('entity_type', '=', 'user').where('action', '=', 'update').orderBy('id').execute();
    expect(audit.map((a) => [a.via, JSON.parse(a.details!).disabled])).toEqual([['cli', true], ['cli', false]]);
  });
});

describe('village db', () => {
  it('lists every migration as applied on a migrated database', async () => {
    const res = await village('db', 'status');
    expect(res.status).toBe(0);
    expect(res.out).toMatch(/^applied \S+ +0001_foundation$/m);
    expect(res.out).toMatch(/The database is up to date\.$/);
    expect(res.out).not.toMatch(/^pending/m);
  });

  it('shows pending migrations on a new database, and applies them', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'village-cli-'));
    const url = process.env.DATABASE_URL;
    process.env.DATABASE_URL = `sqlite:${path.join(dir, 'new.db')}`;
    try {
      const before = await village('db', 'status');
      expect(before.status).toBe(0);
      expect(before.out).toMatch(/^pending +0001_foundation$/m);
      expect(before.out).toMatch(/\d+ pending: run "village db migrate"\./);
      const migrate = await village('db', 'migrate');
      expect(migrate.out).toMatch(/^applied: 0001_foundation$/m);
      expect((await village('db', 'status')).out).toMatch(/The database is up to date\.$/);
      expect((await village('db', 'migrate')).out).toBe('The database is up to date.');
    } finally {
      process.env.DATABASE_URL = url;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('bad settings', () => {
  const bad = { DATABASE_URL: 'mysql://db', PORT: 'eighty', LOG_LEVEL: 'chatty', VILLAGE_SESSION_HOURS: '-2', VILLAGE_DEMO: 'maybe' };
  const expectAllNamed = (stderr: string) => {
    expect(stderr).toMatch(/^Village cannot start: 5 bad settings$/m);
    for (const key of Object.keys(bad)) expect(stderr).toMatch(new RegExp(`^  - ${key}: .+\\(given: `, 'm'));
  };

  it('stop the village binary at start, each one named, with exit status 1', () => {
    const r = spawnSync(process.execPath, ['bin/village.js', 'db', 'status'], { env: { ...process.env, ...bad }, encoding: 'utf8', timeout: 90_000 });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expectAllNamed(r.stderr);
  });

  it('stop the server before it listens', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, bad);
    try {
      const r = await village('serve');
      expect(r.status).toBe(1);
      expect(r.out).toBe('');
      expectAllNamed(r.err);
    } finally {
      for (const k of Object.keys(bad)) delete process.env[k];
      Object.assign(process.env, saved);
    }
  });
});
