/**
 * A fresh, migrated database for one test file: a temporary SQLite file by default, or (when the
 * run has TEST_DATABASE_URL) a copy of this run's PostgreSQL template database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../server/db/database.ts';
import { migrateToLatest } from '../server/db/migrate.ts';

export interface TestDatabase extends DatabaseHandle {
  /** Closes and removes the database. */
  drop(): Promise<void>;
}

function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = '/' + name;
  return u.toString();
}

export const testDatabaseKind = (): 'sqlite' | 'postgres' => (inject('pgTemplate') ? 'postgres' : 'sqlite');

export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject('pgAdminUrl');
  const template = inject('pgTemplate');
  if (adminUrl && template) {
    const name = `village_test_${inject('runId')}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name} template ${template}`);
    await admin.end();
    const handle = openDatabase(withDatabaseName(adminUrl, name), { poolSize: 5 });
    return {
      ...handle,
      async drop() {
        await handle.close();
        const c = new pg.Client({ connectionString: adminUrl });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      },
    };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'village-test-'));
  const handle = openDatabase(`sqlite:${path.join(dir, 'test.db')}`);
  await migrateToLatest(handle.db);
  return {
    ...handle,
    async drop() {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
