import { sql, type Kysely } from 'kysely';
import { flag, isSqlite, types, withId, withTimestamps } from '../migration-helpers.ts';

/** Districts (tenants), schools, school years and calendars; accounts, sessions, tokens; the audit trail. */
export async function up(db: Kysely<any>): Promise<void> {
  const t = types(db);

  await withTimestamps(db, withId(db, db.schema.createTable('districts'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('source_ids', 'text', (c) => c.notNull().defaultTo('{}'))).execute();

  await withTimestamps(db, withId(db, db.schema.createTable('schools'))
    .addColumn('district_id', 'integer', (c) => c.notNull().references('districts.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('local_id', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('school_type', 'text', (c) => c.notNull().defaultTo('other'))
    .addColumn('low_grade', 'text')
    .addColumn('high_grade', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addUniqueConstraint('schools_district_code', ['district_id', 'code'])).execute();

  await withTimestamps(db, withId(db, db.schema.createTable('school_years'))
    .addColumn('district_id', 'integer', (c) => c.notNull().references('districts.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('start_date', t.date, (c) => c.notNull())
    .addColumn('end_date', t.date, (c) => c.notNull())
    .addUniqueConstraint('school_years_district_name', ['district_id', 'name'])).execute();

  await db.schema.createTable('calendar_days')
    .addColumn('district_id', 'integer', (c) => c.notNull().references('districts.id').onDelete('cascade'))
    .addColumn('school_id', 'integer', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('school_year_id', 'integer', (c) => c.notNull().references('school_years.id').onDelete('cascade'))
    .addColumn('date', t.date, (c) => c.notNull())
    .addColumn('instructional', 'integer', flag)
    .addColumn('event', 'text')
    .addPrimaryKeyConstraint('calendar_days_pk', ['district_id', 'school_id', 'date'])
    .execute();
  await db.schema.createIndex('calendar_days_year').on('calendar_days').columns(['district_id', 'school_year_id', 'school_id']).execute();

  await withTimestamps(db, withId(db, db.schema.createTable('users'))
    .addColumn('district_id', 'integer', (c) => c.notNull().references('districts.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull().defaultTo('en'))
    .addColumn('disabled', 'integer', flag)
    .addColumn('failed_signins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', t.timestamp)
    .addColumn('partner_id', 'integer')
    .addColumn('staff_id', 'integer')
    .addColumn('password_changed_at', t.timestamp)
    .addColumn('last_signin_at', t.timestamp)).execute();
  await db.schema.createIndex('users_district').on('users').columns(['district_id', 'role']).execute();

  await db.schema.createTable('user_schools')
    .addColumn('district_id', 'integer', (c) => c.notNull().references('districts.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('school_id', 'integer', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('user_schools_pk', ['user_id', 'school_id'])
    .execute();

  await db.schema.createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('district_id', 'integer', (c) => c.notNull().references('districts.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('last_seen_at', t.timestamp, (c) => c.notNull())
    .addColumn('expires_at', t.timestamp, (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  await withId(db, db.schema.createTable('api_tokens'))
    .addColumn('district_id', 'integer', (c) => c.notNull().references('districts.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('token_prefix', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('last_used_at', t.timestamp)
    .addColumn('expires_at', t.timestamp)
    .addColumn('revoked_at', t.timestamp)
    .execute();
  await db.schema.createIndex('api_tokens_user').on('api_tokens').column('user_id').execute();

  await withId(db, db.schema.createTable('audit_events'), true)
    .addColumn('district_id', 'integer')
    .addColumn('at', t.timestamp, (c) => c.notNull())
    .addColumn('actor_user_id', 'integer')
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('via', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text')
    .addColumn('ip', 'text')
    .addColumn('details', 'text')
    .execute();
  await db.schema.createIndex('audit_events_at').on('audit_events').columns(['district_id', 'at']).execute();
  await db.schema.createIndex('audit_events_entity').on('audit_events').columns(['district_id', 'entity_type', 'entity_id']).execute();
  await db.schema.createIndex('audit_events_actor').on('audit_events').columns(['district_id', 'actor_user_id', 'at']).execute();

  // The audit trail is append-only: the database itself refuses updates and deletes.
  if (isSqlite(db)) {
    await sql`create trigger audit_events_no_update before update on audit_events begin select raise(abort, 'the audit trail is append-only'); end`.execute(db);
    await sql`create trigger audit_events_no_delete before delete on audit_events begin select raise(abort, 'the audit trail is append-only'); end`.execute(db);
  } else {
    await sql`create function audit_events_append_only() returns trigger language plpgsql as $$ begin raise exception 'the audit trail is append-only'; end $$`.execute(db);
    await sql`create trigger audit_events_no_change before update or delete on audit_events for each row execute function audit_events_append_only()`.execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('Village migrations are not reversible; restore from a backup instead.');
}
