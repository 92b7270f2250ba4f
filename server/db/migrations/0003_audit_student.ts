import type { Kysely } from 'kysely';

/**
 * The student an audit event concerns (a read of their record, or a change to a record about them),
 * so a district can list every access to one student's records quickly.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_events').addColumn('student_id', 'integer').execute();
  await db.schema.createIndex('audit_events_student').on('audit_events').columns(['district_id', 'student_id', 'at']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Village migrations are not reversible; restore from a backup instead.');
}
