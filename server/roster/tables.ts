import type { Generated } from 'kysely';
import type { EdfiTables } from '../imports/edfi/tables.ts';

type Flag = Generated<number>;

export interface StudentsTable {
  id: Generated<number>;
  district_id: number;
  /** Key in the source system: OneRoster sourcedId, Ed-Fi StudentUniqueId or CSV student_id. */
  ext_id: string;
  /** Second identifier (OneRoster identifier, state id). */
  local_id: string | null;
  first_name: string;
  last_name: string;
  middle_name: string | null;
  birth_date: string | null;
  /** 'F' | 'M' | 'X' | null */
  sex: string | null;
  hispanic_latino: number | null;
  /** ';'-separated federal race codes. */
  races: string | null;
  /** Federal rule, derived from hispanic_latino and races (see ./race.ts). */
  race_ethnicity: Generated<string>;
  english_learner: Flag;
  disability: Flag;
  economically_disadvantaged: Flag;
  homeless: Flag;
  foster: Flag;
  /** ISO 639-1 code. */
  home_language: string | null;
  email: string | null;
  /** 'active' | 'deleted' (tobedeleted in OneRoster: kept for history, out of every measure). */
  status: Generated<string>;
  deleted_at: string | null;
  source_modified_at: string | null;
  created_at: Generated<string>;
  updated_at: Generated<string>;
}

export interface GuardiansTable {
  id: Generated<number>;
  district_id: number;
  ext_id: string;
  first_name: string;
  last_name: string;
  phone: string | null;
  email: string | null;
  preferred_language: string | null;
  status: Generated<string>;
  deleted_at: string | null;
  source_modified_at: string | null;
  created_at: Generated<string>;
  updated_at: Generated<string>;
}

export interface StudentGuardiansTable {
  district_id: number;
  student_id: number;
  guardian_id: number;
  relationship: string | null;
  lives_with_student: Flag;
  status: Generated<string>;
}

export interface StaffTable {
  id: Generated<number>;
  district_id: number;
  ext_id: string;
  local_id: string | null;
  first_name: string;
  last_name: string;
  email: string | null;
  role: Generated<string>;
  status: Generated<string>;
  deleted_at: string | null;
  source_modified_at: string | null;
  created_at: Generated<string>;
  updated_at: Generated<string>;
}

export interface StaffSchoolsTable {
  district_id: number;
  staff_id: number;
  school_id: number;
}

export interface AcademicSessionsTable {
  id: Generated<number>;
  district_id: number;
  ext_id: string;
  title: string;
  /** 'schoolYear' | 'term' | 'semester' | 'gradingPeriod' */
  type: string;
  start_date: string;
  end_date: string;
  parent_ext_id: string | null;
  school_year_id: number | null;
  status: Generated<string>;
  source_modified_at: string | null;
  created_at: Generated<string>;
  updated_at: Generated<string>;
}

export interface CoursesTable {
  id: Generated<number>;
  district_id: number;
  ext_id: string;
  title: string;
  course_code: string | null;
  school_id: number | null;
  status: Generated<string>;
  source_modified_at: string | null;
  created_at: Generated<string>;
  updated_at: Generated<string>;
}

export interface ClassesTable {
  id: Generated<number>;
  district_id: number;
  ext_id: string;
  school_id: number;
  school_year_id: number | null;
  course_id: number | null;
  title: string;
  class_code: string | null;
  /** ';'-separated CEDS grade codes. */
  grades: string | null;
  periods: string | null;
  status: Generated<string>;
  source_modified_at: string | null;
  created_at: Generated<string>;
  updated_at: Generated<string>;
}

export interface ClassStudentsTable {
  district_id: number;
  class_id: number;
  student_id: number;
  ext_id: string | null;
  begin_date: string | null;
  end_date: string | null;
  status: Generated<string>;
}

export interface ClassTeachersTable {
  district_id: number;
  class_id: number;
  staff_id: number;
  ext_id: string | null;
  is_primary: Flag;
  begin_date: string | null;
  end_date: string | null;
  status: Generated<string>;
}

export interface EnrollmentsTable {
  id: Generated<number>;
  district_id: number;
  student_id: number;
  school_id: number;
  school_year_id: number;
  /** CEDS code: PK, TK, KG, 01 … 12 */
  grade: string;
  entry_date: string;
  /** Last day enrolled, inclusive; null while still enrolled. */
  exit_date: string | null;
  entry_type: string | null;
  exit_type: string | null;
  status: Generated<string>;
  created_at: Generated<string>;
  updated_at: Generated<string>;
}

export interface AttendanceRecordsTable {
  district_id: number;
  student_id: number;
  school_id: number;
  date: string;
  /** present | absent_excused | absent_unexcused | suspension_out_of_school | suspension_in_school | tardy | partial */
  status: string;
  minutes_absent: number | null;
}

export interface AttendanceTotalsTable {
  district_id: number;
  student_id: number;
  school_id: number;
  school_year_id: number;
  days_enrolled: number;
  days_absent: number;
}

export interface AssessmentsTable {
  id: Generated<number>;
  district_id: number;
  student_id: number;
  school_id: number | null;
  school_year_id: number;
  assessment: string;
  /** ela | math | science | other */
  subject: string;
  administration_date: string;
  grade: string | null;
  scale_score: number | null;
  performance_level: number | null;
  performance_level_label: string | null;
  proficient: number | null;
}

export interface DisciplineActionsTable {
  id: Generated<number>;
  district_id: number;
  incident_id: string;
  student_id: number;
  school_id: number;
  date: string;
  behavior: string | null;
  /** out_of_school_suspension | in_school_suspension | expulsion | other */
  action: string;
  days: number | null;
}

export interface StudentProgramsTable {
  id: Generated<number>;
  district_id: number;
  student_id: number;
  school_id: number | null;
  /** special_education | english_learner | food_service | other */
  program: string;
  program_name: string | null;
  begin_date: string;
  end_date: string | null;
}

/**
 * The roster's tables, with the Ed-Fi reader's descriptor mappings (kept with the roster's Ed-Fi
 * reader in server/imports/edfi/tables.ts).
 */
export interface RosterTables extends EdfiTables {
  students: StudentsTable;
  guardians: GuardiansTable;
  student_guardians: StudentGuardiansTable;
  staff: StaffTable;
  staff_schools: StaffSchoolsTable;
  academic_sessions: AcademicSessionsTable;
  courses: CoursesTable;
  classes: ClassesTable;
  class_students: ClassStudentsTable;
  class_teachers: ClassTeachersTable;
  enrollments: EnrollmentsTable;
  attendance_records: AttendanceRecordsTable;
  attendance_totals: AttendanceTotalsTable;
  assessments: AssessmentsTable;
  discipline_actions: DisciplineActionsTable;
  student_programs: StudentProgramsTable;
}
