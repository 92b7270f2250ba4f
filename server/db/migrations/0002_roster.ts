import { sql, type Kysely } from 'kysely';
import { flag, isSqlite, types, withId, withTimestamps } from '../migration-helpers.ts';

/**
 * The roster and the student records measures are computed from: students, guardians, staff,
 * courses, classes, enrollment spans, daily attendance, attendance totals, assessments, discipline,
 * and programs. Every table carries district_id.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = types(db);
  const district = (c: any) => c.notNull().references('districts.id').onDelete('cascade');

  await withTimestamps(db, withId(db, db.schema.createTable('students'))
    .addColumn('district_id', 'integer', district)
    .addColumn('ext_id', 'text', (c) => c.notNull())
    .addColumn('local_id', 'text')
    .addColumn('first_name', 'text', (c) => c.notNull())
    .addColumn('last_name', 'text', (c) => c.notNull())
    .addColumn('middle_name', 'text')
    .addColumn('birth_date', t.date)
    .addColumn('sex', 'text')
    .addColumn('hispanic_latino', 'integer')
    .addColumn('races', 'text')
    .addColumn('race_ethnicity', 'text', (c) => c.notNull().defaultTo('unknown'))
    .addColumn('english_learner', 'integer', flag)
    .addColumn('disability', 'integer', flag)
    .addColumn('economically_disadvantaged', 'integer', flag)
    .addColumn('homeless', 'integer', flag)
    .addColumn('foster', 'integer', flag)
    .addColumn('home_language', 'text')
    .addColumn('email', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('deleted_at', t.timestamp)
    .addColumn('source_modified_at', t.timestamp)
    .addUniqueConstraint('students_district_ext', ['district_id', 'ext_id'])).execute();
  await db.schema.createIndex('students_local').on('students').columns(['district_id', 'local_id']).execute();
  await db.schema.createIndex('students_name').on('students').columns(['district_id', 'last_name', 'first_name']).execute();

  await withTimestamps(db, withId(db, db.schema.createTable('guardians'))
    .addColumn('district_id', 'integer', district)
    .addColumn('ext_id', 'text', (c) => c.notNull())
    .addColumn('first_name', 'text', (c) => c.notNull())
    .addColumn('last_name', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('email', 'text')
    .addColumn('preferred_language', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('deleted_at', t.timestamp)
    .addColumn('source_modified_at', t.timestamp)
    .addUniqueConstraint('guardians_district_ext', ['district_id', 'ext_id'])).execute();

  await db.schema.createTable('student_guardians')
    .addColumn('district_id', 'integer', district)
    .addColumn('student_id', 'integer', (c) => c.notNull().references('students.id').onDelete('cascade'))
    .addColumn('guardian_id', 'integer', (c) => c.notNull().references('guardians.id').onDelete('cascade'))
    .addColumn('relationship', 'text')
    .addColumn('lives_with_student', 'integer', flag)
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addPrimaryKeyConstraint('student_guardians_pk', ['district_id', 'student_id', 'guardian_id'])
    .execute();
  await db.schema.createIndex('student_guardians_guardian').on('student_guardians').columns(['district_id', 'guardian_id']).execute();

  await withTimestamps(db, withId(db, db.schema.createTable('staff'))
    .addColumn('district_id', 'integer', district)
    .addColumn('ext_id', 'text', (c) => c.notNull())
    .addColumn('local_id', 'text')
    .addColumn('first_name', 'text', (c) => c.notNull())
    .addColumn('last_name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('role', 'text', (c) => c.notNull().defaultTo('teacher'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('deleted_at', t.timestamp)
    .addColumn('source_modified_at', t.timestamp)
    .addUniqueConstraint('staff_district_ext', ['district_id', 'ext_id'])).execute();
  await db.schema.createIndex('staff_email').on('staff').columns(['district_id', 'email']).execute();

  await db.schema.createTable('staff_schools')
    .addColumn('district_id', 'integer', district)
    .addColumn('staff_id', 'integer', (c) => c.notNull().references('staff.id').onDelete('cascade'))
    .addColumn('school_id', 'integer', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('staff_schools_pk', ['district_id', 'staff_id', 'school_id'])
    .execute();

  await withTimestamps(db, withId(db, db.schema.createTable('academic_sessions'))
    .addColumn('district_id', 'integer', district)
    .addColumn('ext_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('start_date', t.date, (c) => c.notNull())
    .addColumn('end_date', t.date, (c) => c.notNull())
    .addColumn('parent_ext_id', 'text')
    .addColumn('school_year_id', 'integer', (c) => c.references('school_years.id').onDelete('set null'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('source_modified_at', t.timestamp)
    .addUniqueConstraint('academic_sessions_district_ext', ['district_id', 'ext_id'])).execute();

  await withTimestamps(db, withId(db, db.schema.createTable('courses'))
    .addColumn('district_id', 'integer', district)
    .addColumn('ext_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('course_code', 'text')
    .addColumn('school_id', 'integer', (c) => c.references('schools.id').onDelete('set null'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('source_modified_at', t.timestamp)
    .addUniqueConstraint('courses_district_ext', ['district_id', 'ext_id'])).execute();

  await withTimestamps(db, withId(db, db.schema.createTable('classes'))
    .addColumn('district_id', 'integer', district)
    .addColumn('ext_id', 'text', (c) => c.notNull())
    .addColumn('school_id', 'integer', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('school_year_id', 'integer', (c) => c.references('school_years.id').onDelete('set null'))
    .addColumn('course_id', 'integer', (c) => c.references('courses.id').onDelete('set null'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('class_code', 'text')
    .addColumn('grades', 'text')
    .addColumn('periods', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('source_modified_at', t.timestamp)
    .addUniqueConstraint('classes_district_ext', ['district_id', 'ext_id'])).execute();
  await db.schema.createIndex('classes_school').on('classes').columns(['district_id', 'school_id']).execute();

  await db.schema.createTable('class_students')
    .addColumn('district_id', 'integer', district)
    .addColumn('class_id', 'integer', (c) => c.notNull().references('classes.id').onDelete('cascade'))
    .addColumn('student_id', 'integer', (c) => c.notNull().references('students.id').onDelete('cascade'))
    .addColumn('ext_id', 'text')
    .addColumn('begin_date', t.date)
    .addColumn('end_date', t.date)
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addPrimaryKeyConstraint('class_students_pk', ['district_id', 'class_id', 'student_id'])
    .execute();
  await db.schema.createIndex('class_students_student').on('class_students').columns(['district_id', 'student_id']).execute();

  await db.schema.createTable('class_teachers')
    .addColumn('district_id', 'integer', district)
    .addColumn('class_id', 'integer', (c) => c.notNull().references('classes.id').onDelete('cascade'))
    .addColumn('staff_id', 'integer', (c) => c.notNull().references('staff.id').onDelete('cascade'))
    .addColumn('ext_id', 'text')
    .addColumn('is_primary', 'integer', flag)
    .addColumn('begin_date', t.date)
    .addColumn('end_date', t.date)
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addPrimaryKeyConstraint('class_teachers_pk', ['district_id', 'class_id', 'staff_id'])
    .execute();
  await db.schema.createIndex('class_teachers_staff').on('class_teachers').columns(['district_id', 'staff_id']).execute();

  await withTimestamps(db, withId(db, db.schema.createTable('enrollments'))
    .addColumn('district_id', 'integer', district)
    .addColumn('student_id', 'integer', (c) => c.notNull().references('students.id').onDelete('cascade'))
    .addColumn('school_id', 'integer', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('school_year_id', 'integer', (c) => c.notNull().references('school_years.id').onDelete('cascade'))
    .addColumn('grade', 'text', (c) => c.notNull())
    .addColumn('entry_date', t.date, (c) => c.notNull())
    .addColumn('exit_date', t.date)
    .addColumn('entry_type', 'text')
    .addColumn('exit_type', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addUniqueConstraint('enrollments_key', ['district_id', 'student_id', 'school_id', 'entry_date'])).execute();
  await db.schema.createIndex('enrollments_year_school').on('enrollments').columns(['district_id', 'school_year_id', 'school_id']).execute();

  // Daily attendance: the largest table (≈180 rows per student per year). No surrogate key; a row
  // identical to a stored one changes nothing.
  let attendance = db.schema.createTable('attendance_records')
    .addColumn('district_id', 'integer', (c) => c.notNull())
    .addColumn('student_id', 'integer', (c) => c.notNull())
    .addColumn('school_id', 'integer', (c) => c.notNull())
    .addColumn('date', t.date, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('minutes_absent', 'integer')
    .addPrimaryKeyConstraint('attendance_records_pk', ['district_id', 'student_id', 'school_id', 'date', 'status']);
  if (isSqlite(db)) attendance = attendance.modifyEnd(sql`without rowid`);
  await attendance.execute();
  await db.schema.createIndex('attendance_records_school_date').on('attendance_records').columns(['district_id', 'school_id', 'date']).execute();

  await db.schema.createTable('attendance_totals')
    .addColumn('district_id', 'integer', district)
    .addColumn('student_id', 'integer', (c) => c.notNull().references('students.id').onDelete('cascade'))
    .addColumn('school_id', 'integer', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('school_year_id', 'integer', (c) => c.notNull().references('school_years.id').onDelete('cascade'))
    .addColumn('days_enrolled', 'integer', (c) => c.notNull())
    .addColumn('days_absent', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('attendance_totals_pk', ['district_id', 'student_id', 'school_id', 'school_year_id'])
    .execute();

  await withId(db, db.schema.createTable('assessments'))
    .addColumn('district_id', 'integer', district)
    .addColumn('student_id', 'integer', (c) => c.notNull().references('students.id').onDelete('cascade'))
    .addColumn('school_id', 'integer', (c) => c.references('schools.id').onDelete('set null'))
    .addColumn('school_year_id', 'integer', (c) => c.notNull().references('school_years.id').onDelete('cascade'))
    .addColumn('assessment', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('administration_date', t.date, (c) => c.notNull())
    .addColumn('grade', 'text')
    .addColumn('scale_score', t.double)
    .addColumn('performance_level', 'integer')
    .addColumn('performance_level_label', 'text')
    .addColumn('proficient', 'integer')
    .addUniqueConstraint('assessments_key', ['district_id', 'student_id', 'assessment', 'subject', 'administration_date'])
    .execute();
  await db.schema.createIndex('assessments_year').on('assessments').columns(['district_id', 'school_year_id', 'assessment', 'subject']).execute();

  await withId(db, db.schema.createTable('discipline_actions'))
    .addColumn('district_id', 'integer', district)
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('student_id', 'integer', (c) => c.notNull().references('students.id').onDelete('cascade'))
    .addColumn('school_id', 'integer', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('date', t.date, (c) => c.notNull())
    .addColumn('behavior', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('days', t.double)
    .addUniqueConstraint('discipline_actions_key', ['district_id', 'incident_id', 'student_id'])
    .execute();
  await db.schema.createIndex('discipline_actions_school_date').on('discipline_actions').columns(['district_id', 'school_id', 'date']).execute();

  await withId(db, db.schema.createTable('student_programs'))
    .addColumn('district_id', 'integer', district)
    .addColumn('student_id', 'integer', (c) => c.notNull().references('students.id').onDelete('cascade'))
    .addColumn('school_id', 'integer', (c) => c.references('schools.id').onDelete('set null'))
    .addColumn('program', 'text', (c) => c.notNull())
    .addColumn('program_name', 'text')
    .addColumn('begin_date', t.date, (c) => c.notNull())
    .addColumn('end_date', t.date)
    .addUniqueConstraint('student_programs_key', ['district_id', 'student_id', 'program', 'begin_date'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Village migrations are not reversible; restore from a backup instead.');
}
