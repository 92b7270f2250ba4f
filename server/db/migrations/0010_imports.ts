import type { Kysely } from 'kysely';
import { types, withId } from '../migration-helpers.ts';

/**
 * The import history: every import run (who, when, what, how it ended), the files it read with
 * the rows added, changed, removed and skipped in each, and the errors and warnings it reported.
 * Staging tables are not here: each import makes its own apart from these (see the seam).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = types(db);
  const district = (c: any) => c.notNull().references('districts.id').onDelete('cascade');
  // Rows read, and what became of them: for a run, and for each of its files.
  const counts = <T extends { addColumn: (...a: any[]) => T }>(b: T): T => {
    let out = b;
    for (const c of ['rows_read', 'added', 'changed', 'removed', 'skipped', 'unchanged']) out = out.addColumn(c, t.bigint, (x: any) => x.notNull().defaultTo(0));
    for (const c of ['error_count', 'warning_count']) out = out.addColumn(c, 'integer', (x: any) => x.notNull().defaultTo(0));
    return out;
  };

  await counts(withId(db, db.schema.createTable('import_runs')))
    .addColumn('district_id', 'integer', district)
    // 'csv' | 'oneroster' | 'edfi' | 'mixed'
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    // 'running' | 'done' | 'refused' | 'failed'
    .addColumn('status', 'text', (c) => c.notNull())
    // JSON: { skipBadRows, replaceAttendance }
    .addColumn('options', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('actor_user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('via', 'text', (c) => c.notNull())
    .addColumn('started_at', t.timestamp, (c) => c.notNull())
    .addColumn('finished_at', t.timestamp)
    .addColumn('heartbeat_at', t.timestamp)
    // JSON: the kinds of records that changed (students, attendance, …)
    .addColumn('kinds', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('message', 'text')
    .addColumn('seconds', t.double)
    .execute();
  await db.schema.createIndex('import_runs_district').on('import_runs').columns(['district_id', 'started_at']).execute();
  await db.schema.createIndex('import_runs_status').on('import_runs').columns(['district_id', 'status']).execute();

  await counts(db.schema.createTable('import_files'))
    .addColumn('district_id', 'integer', district)
    .addColumn('import_id', 'integer', (c) => c.notNull().references('import_runs.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    // What the file was read as: 'csv:attendance', 'oneroster:users', 'edfi:InterchangeStudent', …
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('encoding', 'text')
    .addColumn('size_bytes', t.bigint)
    .addPrimaryKeyConstraint('import_files_pk', ['district_id', 'import_id', 'position'])
    .execute();

  await withId(db, db.schema.createTable('import_issues'), true)
    .addColumn('district_id', 'integer', district)
    .addColumn('import_id', 'integer', (c) => c.notNull().references('import_runs.id').onDelete('cascade'))
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('file', 'text', (c) => c.notNull())
    .addColumn('line', 'integer', (c) => c.notNull())
    .addColumn('column_name', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('import_issues_run').on('import_issues').columns(['district_id', 'import_id', 'severity']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Village migrations are not reversible; restore from a backup instead.');
}
