/**
 * Once per test run: when TEST_DATABASE_URL points at PostgreSQL, create a fresh, migrated template
 * database for this run; every test file then gets its own copy (see ./db.ts). Dropped at the end.
 */
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../server/db/database.ts';
import { migrateToLatest } from '../server/db/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string | null;
    pgTemplate: string | null;
    runId: string;
  }
}

export function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = '/' + name;
  return u.toString();
}

export default async function setup(project: TestProject) {
  const runId = randomBytes(4).toString('hex');
  project.provide('runId', runId);
  const url = process.env.TEST_DATABASE_URL;
  if (!url || !/^postgres(ql)?:\/\//.test(url)) {
    project.provide('pgAdminUrl', null);
    project.provide('pgTemplate', null);
    return;
  }
  const template = `village_test_${runId}_tpl`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${template}`);
  await admin.end();
  const handle = openDatabase(withDatabaseName(url, template));
  await migrateToLatest(handle.db);
  await handle.close();
  project.provide('pgAdminUrl', url);
  project.provide('pgTemplate', template);
  return async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const { rows } = await c.query(`select datname from pg_database where datname like $1`, [`village_test_${runId}%`]);
    for (const r of rows) await c.query(`drop database if exists ${r.datname} with (force)`);
    await c.end();
  };
}
