import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const none = { dotenvPath: '' };

describe('configuration', () => {
  it('has working defaults: embedded SQLite under ./data on port 3000', () => {
    expect(loadConfig({}, none)).toMatchObject({ DATABASE_URL: 'sqlite:./data/village.db', HOST: '127.0.0.1', PORT: 3000, LOG_LEVEL: 'info', VILLAGE_SECURE_COOKIES: false, VILLAGE_DEMO: false });
  });

  it('reads values and flags, treating empty values as unset', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u@h/db', PORT: '8080', VILLAGE_SECURE_COOKIES: 'yes', VILLAGE_TRUST_PROXY: '1', LOG_LEVEL: '' }, none);
    expect(c).toMatchObject({ DATABASE_URL: 'postgres://u@h/db', PORT: 8080, VILLAGE_SECURE_COOKIES: true, VILLAGE_TRUST_PROXY: true, LOG_LEVEL: 'info' });
  });

  it('names every bad setting at once, with the value given', () => {
    let error: unknown;
    try {
      loadConfig({ DATABASE_URL: 'mysql://db', PORT: '70000', LOG_LEVEL: 'loud', VILLAGE_SECURE_COOKIES: 'sometimes', VILLAGE_LOCKOUT_ATTEMPTS: '2.5', VILLAGE_DEMO_STUDENTS: '3' }, none);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.map((p) => p.split(':')[0])).toEqual(['DATABASE_URL', 'PORT', 'LOG_LEVEL', 'VILLAGE_SECURE_COOKIES', 'VILLAGE_LOCKOUT_ATTEMPTS', 'VILLAGE_DEMO_STUDENTS']);
    expect(problems[1]).toMatch(/\(given: "70000"\)$/);
    expect((error as ConfigError).message).toMatch(/^Village cannot start: 6 bad settings\n {2}- DATABASE_URL: must start with sqlite:/);
  });

  it('reads a .env file, where the real environment wins', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'village-env-'));
    try {
      const file = path.join(dir, '.env');
      writeFileSync(file, 'PORT=4000\nLOG_LEVEL=debug\n# a comment\nVILLAGE_DEMO=true\n');
      expect(loadConfig({ LOG_LEVEL: 'warn' }, { dotenvPath: file })).toMatchObject({ PORT: 4000, LOG_LEVEL: 'warn', VILLAGE_DEMO: true });
      writeFileSync(file, 'PORT=not-a-port\n');
      expect(() => loadConfig({}, { dotenvPath: file })).toThrow(/PORT: .*given: "not-a-port"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
