import { sql, type Kysely } from 'kysely';
import { types, withId, withTimestamps } from '../migration-helpers.ts';

/**
 * Shared measurement: a per-student, per-school, per-year summary of days enrolled and absences
 * (maintained by recompute after imports, so every breakdown is a fast aggregate), the version of
 * each district's figures (so every process knows when to reload them), and shared goals with
 * their owners.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = types(db);
  const district = (c: any) => c.notNull().references('districts.id').onDelete('cascade');

  // One row per student, school and school year with an enrollment or an attendance record there.
  // spans: JSON [[entry, exit|null, grade], …]; absences: counted absence dates ('YYYY-MM-DD', comma
  // separated, sorted); ignored: absence records that do not count, as 'n:date' (not an
  // instructional day) or 'o:date' (outside enrollment), comma separated.
  await db.schema.createTable('measure_student_years')
    .addColumn('district_id', 'integer', district)
    .addColumn('school_year_id', 'integer', (c) => c.notNull().references('school_years.id').onDelete('cascade'))
    .addColumn('school_id', 'integer', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('student_id', 'integer', (c) => c.notNull().references('students.id').onDelete('cascade'))
    .addColumn('spans', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('absences', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('ignored', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('totals_enrolled', 'integer')
    .addColumn('totals_absent', 'integer')
    .addPrimaryKeyConstraint('measure_student_years_pk', ['district_id', 'school_year_id', 'school_id', 'student_id'])
    .execute();

  // Absence records are under a tenth of daily attendance (which holds present days too): a partial
  // index lets the summary read only them, by date (with the minutes of partial days, so the index
  // alone answers), and costs imports nothing for other rows.
  await db.schema
    .createIndex('attendance_records_absences')
    .on('attendance_records')
    .columns(['district_id', 'date', 'minutes_absent'])
    .where(sql<boolean>`status in ('absent_excused', 'absent_unexcused', 'suspension_out_of_school', 'partial')`)
    .execute();

  // The version of a district's figures: scope 'year:<id>' for a school year's summary, 'roster' for
  // student attributes, assessments and discipline, 'measure:<key>' for a registered measure's data.
  await db.schema.createTable('measure_versions')
    .addColumn('district_id', 'integer', district)
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('measure_versions_pk', ['district_id', 'scope'])
    .execute();

  await withTimestamps(db, withId(db, db.schema.createTable('measure_goals'))
    .addColumn('district_id', 'integer', district)
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('measure', 'text', (c) => c.notNull())
    // JSON: extra row keys of the measure (proficiency: assessment and subject).
    .addColumn('measure_keys', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('school_id', 'integer', (c) => c.references('schools.id').onDelete('cascade'))
    // 'kind=value' (race=hispanic, english_learner=Y), or null for every student.
    .addColumn('student_group', 'text')
    .addColumn('baseline_year_id', 'integer', (c) => c.references('school_years.id').onDelete('set null'))
    .addColumn('baseline_value', t.double, (c) => c.notNull())
    .addColumn('target_value', t.double, (c) => c.notNull())
    .addColumn('start_date', t.date, (c) => c.notNull())
    .addColumn('target_date', t.date, (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))).execute();
  await db.schema.createIndex('measure_goals_district').on('measure_goals').columns(['district_id', 'target_date']).execute();

  // Who owns a goal: the district, a school, a partner organisation or the union.
  await db.schema.createTable('measure_goal_owners')
    .addColumn('district_id', 'integer', district)
    .addColumn('goal_id', 'integer', (c) => c.notNull().references('measure_goals.id').onDelete('cascade'))
    .addColumn('owner_type', 'text', (c) => c.notNull())
    // schools.id for a school, partners.id for a partner, 0 for the district and the union.
    .addColumn('owner_id', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('measure_goal_owners_pk', ['district_id', 'goal_id', 'owner_type', 'owner_id'])
    .execute();
  await db.schema.createIndex('measure_goal_owners_owner').on('measure_goal_owners').columns(['district_id', 'owner_type', 'owner_id']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Village migrations are not reversible; restore from a backup instead.');
}
