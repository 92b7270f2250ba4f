import type { Kysely } from 'kysely';
import { flag, types, withId, withTimestamps } from '../migration-helpers.ts';

/**
 * Parent Teacher Home Visits: programs per school and year (coordinators, visit types, compensation,
 * coverage target), educators' training and participation, families' answers, visits with their
 * educators, students and reflections, and the keys of submissions already received (offline forms).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = types(db);
  const district = (c: any) => c.notNull().references('districts.id').onDelete('cascade');
  const on = (c: any) => c.notNull().defaultTo(1);

  await withTimestamps(db, withId(db, db.schema.createTable('hv_programs'))
    .addColumn('district_id', 'integer', district)
    .addColumn('school_id', 'integer', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('school_year_id', 'integer', (c) => c.notNull().references('school_years.id').onDelete('cascade'))
    .addColumn('coverage_target', t.double, (c) => c.notNull().defaultTo(0.1))
    .addColumn('hourly_rate_cents', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('count_visit_time', 'integer', on)
    .addColumn('count_travel_time', 'integer', on)
    .addColumn('count_reflection_time', 'integer', on)
    .addColumn('pay_period', 'text', (c) => c.notNull().defaultTo('monthly'))
    .addColumn('pay_period_anchor', t.date)
    .addColumn('cross_section_tolerance', t.double, (c) => c.notNull().defaultTo(0.25))
    .addUniqueConstraint('hv_programs_key', ['district_id', 'school_id', 'school_year_id'])).execute();

  await db.schema.createTable('hv_coordinators')
    .addColumn('district_id', 'integer', district)
    .addColumn('program_id', 'integer', (c) => c.notNull().references('hv_programs.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('added_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('hv_coordinators_pk', ['district_id', 'program_id', 'user_id'])
    .execute();
  await db.schema.createIndex('hv_coordinators_user').on('hv_coordinators').columns(['district_id', 'user_id']).execute();

  await withId(db, db.schema.createTable('hv_visit_types'))
    .addColumn('district_id', 'integer', district)
    .addColumn('program_id', 'integer', (c) => c.notNull().references('hv_programs.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', on)
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('hv_visit_types_key', ['district_id', 'program_id', 'name'])
    .execute();

  await withId(db, db.schema.createTable('hv_trainings'))
    .addColumn('district_id', 'integer', district)
    .addColumn('staff_id', 'integer', (c) => c.notNull().references('staff.id').onDelete('cascade'))
    .addColumn('training_date', t.date, (c) => c.notNull())
    .addColumn('trainer', 'text', (c) => c.notNull())
    .addColumn('hours', t.double, (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addUniqueConstraint('hv_trainings_key', ['district_id', 'staff_id', 'training_date', 'trainer'])
    .execute();

  await db.schema.createTable('hv_participation')
    .addColumn('district_id', 'integer', district)
    .addColumn('school_year_id', 'integer', (c) => c.notNull().references('school_years.id').onDelete('cascade'))
    .addColumn('staff_id', 'integer', (c) => c.notNull().references('staff.id').onDelete('cascade'))
    .addColumn('opted_in', 'integer', flag)
    .addColumn('changed_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('hv_participation_pk', ['district_id', 'school_year_id', 'staff_id'])
    .execute();

  // A family's answer is kept for each of its students, so it survives roster changes that regroup
  // siblings; the family's answer is the latest among its students.
  await db.schema.createTable('hv_family_answers')
    .addColumn('district_id', 'integer', district)
    .addColumn('school_year_id', 'integer', (c) => c.notNull().references('school_years.id').onDelete('cascade'))
    .addColumn('school_id', 'integer', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('student_id', 'integer', (c) => c.notNull().references('students.id').onDelete('cascade'))
    .addColumn('response', 'text', (c) => c.notNull().defaultTo('no_answer'))
    .addColumn('responded_on', t.date)
    .addColumn('asked_again', 'integer', flag)
    .addColumn('preferred_language', 'text')
    .addColumn('interpreter_needed', 'integer', flag)
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('hv_family_answers_pk', ['district_id', 'school_year_id', 'school_id', 'student_id'])
    .execute();

  await withTimestamps(db, withId(db, db.schema.createTable('hv_visits'))
    .addColumn('district_id', 'integer', district)
    .addColumn('school_id', 'integer', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('school_year_id', 'integer', (c) => c.notNull().references('school_years.id').onDelete('cascade'))
    .addColumn('visit_type_id', 'integer', (c) => c.notNull().references('hv_visit_types.id'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('visit_date', t.date, (c) => c.notNull())
    .addColumn('start_time', 'text', (c) => c.notNull())
    .addColumn('duration_minutes', 'integer', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('place_detail', 'text')
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('arranged_on', t.date, (c) => c.notNull())
    .addColumn('interpreter_name', 'text')
    .addColumn('interpreter_language', 'text')
    .addColumn('notes', 'text')
    .addColumn('outcome_reason', 'text')
    .addColumn('created_by_user_id', 'integer')
    .addColumn('logged_at', t.timestamp)
    .addColumn('completed_at', t.timestamp)
    .addColumn('closed_at', t.timestamp)).execute();
  await db.schema.createIndex('hv_visits_school').on('hv_visits').columns(['district_id', 'school_year_id', 'school_id']).execute();
  await db.schema.createIndex('hv_visits_date').on('hv_visits').columns(['district_id', 'visit_date']).execute();

  await db.schema.createTable('hv_visit_students')
    .addColumn('district_id', 'integer', district)
    .addColumn('visit_id', 'integer', (c) => c.notNull().references('hv_visits.id').onDelete('cascade'))
    .addColumn('student_id', 'integer', (c) => c.notNull().references('students.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('hv_visit_students_pk', ['district_id', 'visit_id', 'student_id'])
    .execute();
  await db.schema.createIndex('hv_visit_students_student').on('hv_visit_students').columns(['district_id', 'student_id']).execute();

  await db.schema.createTable('hv_visit_educators')
    .addColumn('district_id', 'integer', district)
    .addColumn('visit_id', 'integer', (c) => c.notNull().references('hv_visits.id').onDelete('cascade'))
    .addColumn('staff_id', 'integer', (c) => c.notNull().references('staff.id').onDelete('cascade'))
    .addColumn('travel_minutes', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('hv_visit_educators_pk', ['district_id', 'visit_id', 'staff_id'])
    .execute();
  await db.schema.createIndex('hv_visit_educators_staff').on('hv_visit_educators').columns(['district_id', 'staff_id']).execute();

  await db.schema.createTable('hv_reflections')
    .addColumn('district_id', 'integer', district)
    .addColumn('visit_id', 'integer', (c) => c.notNull().references('hv_visits.id').onDelete('cascade'))
    .addColumn('staff_id', 'integer', (c) => c.notNull().references('staff.id').onDelete('cascade'))
    .addColumn('learned', 'text', (c) => c.notNull())
    .addColumn('will_use', 'text', (c) => c.notNull())
    .addColumn('minutes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('written_at', t.timestamp, (c) => c.notNull())
    .addColumn('recorded_by_user_id', 'integer')
    .addPrimaryKeyConstraint('hv_reflections_pk', ['district_id', 'visit_id', 'staff_id'])
    .execute();

  // Keys of submissions already applied (client-generated, one per saved form): a form sent twice
  // is answered with what the first sending did, and changes nothing.
  await db.schema.createTable('hv_submissions')
    .addColumn('district_id', 'integer', district)
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('payload_hash', 'text', (c) => c.notNull())
    .addColumn('visit_id', 'integer')
    .addColumn('received_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('hv_submissions_pk', ['district_id', 'idempotency_key'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Village migrations are not reversible; restore from a backup instead.');
}
