/**
 * The staging tables an import fills before anything is applied: one per kind of record, holding
 * the record's values with every reference already resolved to a Village id — or, for a record this
 * import creates, to a provisional id (negative: -1, -2, … per kind) that becomes a real id when the
 * import is applied (see ./apply.ts). Every row names its file (index) and line.
 *
 * Rows of a kind whose sources may carry only some fields (schools, students, guardians and their
 * links, staff) hold `provides`, the fields the row carries as bits, and `applies`, the bits it
 * still sets once the import is read: a field a later row of the same record also carries is left
 * to that row (./apply.ts, `supersede`), so two sources that disagree never set a value only to
 * set it back, and a field no source carries is never blanked.
 */
import type { StagingColumnType } from '../../db/seam.ts';
import type { GuardianField, StaffField, StudentField } from '../records.ts';

type Columns = ReadonlyArray<readonly [string, StagingColumnType]>;

const where: Columns = [
  ['file', 'integer'],
  ['line', 'integer'],
];

export const STAGED = {
  years: [...where, ['ref', 'integer'], ['is_new', 'integer'], ['name', 'text'], ['start_date', 'date'], ['end_date', 'date']],
  schools: [...where, ['ref', 'integer'], ['is_new', 'integer'], ['provides', 'integer'], ['applies', 'integer'], ['code', 'text'], ['local_id', 'text'], ['name', 'text'], ['school_type', 'text'], ['low_grade', 'text'], ['high_grade', 'text']],
  students: [
    ...where,
    ['ref', 'integer'],
    ['is_new', 'integer'],
    ['provides', 'integer'],
    ['applies', 'integer'],
    ['ext_id', 'text'],
    ['local_id', 'text'],
    ['first_name', 'text'],
    ['last_name', 'text'],
    ['middle_name', 'text'],
    ['birth_date', 'date'],
    ['sex', 'text'],
    ['hispanic_latino', 'integer'],
    ['races', 'text'],
    ['race_ethnicity', 'text'],
    ['english_learner', 'integer'],
    ['disability', 'integer'],
    ['economically_disadvantaged', 'integer'],
    ['homeless', 'integer'],
    ['foster', 'integer'],
    ['home_language', 'text'],
    ['email', 'text'],
    ['source_modified_at', 'timestamp'],
  ],
  guardians: [...where, ['ref', 'integer'], ['is_new', 'integer'], ['provides', 'integer'], ['applies', 'integer'], ['ext_id', 'text'], ['first_name', 'text'], ['last_name', 'text'], ['phone', 'text'], ['email', 'text'], ['preferred_language', 'text'], ['source_modified_at', 'timestamp']],
  guardian_links: [...where, ['student_ref', 'integer'], ['guardian_ref', 'integer'], ['provides', 'integer'], ['applies', 'integer'], ['relationship', 'text'], ['lives_with_student', 'integer']],
  staff: [...where, ['ref', 'integer'], ['is_new', 'integer'], ['provides', 'integer'], ['applies', 'integer'], ['ext_id', 'text'], ['local_id', 'text'], ['first_name', 'text'], ['last_name', 'text'], ['email', 'text'], ['role', 'text'], ['source_modified_at', 'timestamp']],
  staff_schools: [...where, ['staff_ref', 'integer'], ['school_ref', 'integer']],
  sessions: [...where, ['ref', 'integer'], ['is_new', 'integer'], ['ext_id', 'text'], ['title', 'text'], ['type', 'text'], ['start_date', 'date'], ['end_date', 'date'], ['parent_ext_id', 'text'], ['year_ref', 'integer'], ['source_modified_at', 'timestamp']],
  courses: [...where, ['ref', 'integer'], ['is_new', 'integer'], ['ext_id', 'text'], ['title', 'text'], ['course_code', 'text'], ['school_ref', 'integer'], ['source_modified_at', 'timestamp']],
  classes: [...where, ['ref', 'integer'], ['is_new', 'integer'], ['ext_id', 'text'], ['school_ref', 'integer'], ['year_ref', 'integer'], ['course_ref', 'integer'], ['title', 'text'], ['class_code', 'text'], ['grades', 'text'], ['periods', 'text'], ['source_modified_at', 'timestamp']],
  class_members: [...where, ['role', 'text'], ['class_ref', 'integer'], ['person_ref', 'integer'], ['member_ext', 'text'], ['is_primary', 'integer'], ['begin_date', 'date'], ['end_date', 'date']],
  calendar: [...where, ['school_ref', 'integer'], ['year_ref', 'integer'], ['date', 'date'], ['instructional', 'integer'], ['event', 'text']],
  enrollments: [...where, ['student_ref', 'integer'], ['school_ref', 'integer'], ['year_ref', 'integer'], ['grade', 'text'], ['entry_date', 'date'], ['exit_date', 'date'], ['entry_type', 'text'], ['exit_type', 'text']],
  // status as its index in ATTENDANCE_STATUS_CODES: integers are cheaper to stage than text.
  attendance: [['file', 'integer'], ['student_ref', 'integer'], ['school_ref', 'integer'], ['date', 'date'], ['status', 'integer'], ['minutes_absent', 'integer']],
  attendance_cover: [['school_ref', 'integer'], ['date', 'date']],
  attendance_totals: [...where, ['student_ref', 'integer'], ['school_ref', 'integer'], ['year_ref', 'integer'], ['days_enrolled', 'integer'], ['days_absent', 'integer']],
  assessments: [
    ...where,
    ['student_ref', 'integer'],
    ['school_ref', 'integer'],
    ['year_ref', 'integer'],
    ['assessment', 'text'],
    ['subject', 'text'],
    ['administration_date', 'date'],
    ['grade', 'text'],
    ['scale_score', 'real'],
    ['performance_level', 'integer'],
    ['performance_level_label', 'text'],
    ['proficient', 'integer'],
  ],
  discipline: [...where, ['incident_id', 'text'], ['student_ref', 'integer'], ['school_ref', 'integer'], ['date', 'date'], ['behavior', 'text'], ['action', 'text'], ['days', 'real']],
  programs: [...where, ['student_ref', 'integer'], ['school_ref', 'integer'], ['program', 'text'], ['program_name', 'text'], ['begin_date', 'date'], ['end_date', 'date']],
  deletions: [...where, ['kind', 'text'], ['ext_id', 'text'], ['ref', 'integer']],
} as const satisfies Record<string, Columns>;

export type StagedKind = keyof typeof STAGED;

export const ATTENDANCE_STATUS_CODES = ['present', 'absent_excused', 'absent_unexcused', 'suspension_out_of_school', 'suspension_in_school', 'tardy', 'partial'] as const;
export const ATTENDANCE_STATUS_INDEX: Record<string, number> = Object.fromEntries(ATTENDANCE_STATUS_CODES.map((c, i) => [c, i]));

export const columnsOf = (kind: StagedKind): string[] => STAGED[kind].map(([c]) => c);

/** The provides bits of a kind's fields: one per field, in the order the fields are listed. */
function bitsOf<F extends string>(columns: Record<F, string[]>): Record<F, number> {
  return Object.fromEntries(Object.keys(columns).map((k, i) => [k, 1 << i])) as Record<F, number>;
}

/** The columns a row with the given provides bits sets (each once). */
export function providedColumns<F extends string>(columns: Record<F, string[]>, bits: Record<F, number>, provides: number): string[] {
  return [...new Set((Object.keys(columns) as F[]).filter((k) => provides & bits[k]).flatMap((k) => columns[k]))];
}

/** Columns set by each field a student row may provide. */
export const STUDENT_PROVIDES_COLUMNS: Record<StudentField, string[]> = {
  name: ['first_name', 'last_name'],
  birthDate: ['birth_date'],
  sex: ['sex'],
  ethnicity: ['hispanic_latino', 'races', 'race_ethnicity'],
  flags: ['english_learner', 'disability', 'economically_disadvantaged', 'homeless', 'foster'],
  homeLanguage: ['home_language'],
  email: ['email'],
  localId: ['local_id'],
  englishLearner: ['english_learner'],
  disability: ['disability'],
  economicallyDisadvantaged: ['economically_disadvantaged'],
  homeless: ['homeless'],
  foster: ['foster'],
  middleName: ['middle_name'],
};
export const STUDENT_PROVIDES = bitsOf(STUDENT_PROVIDES_COLUMNS);

export const SCHOOL_PROVIDES = { name: 1, type: 2, grades: 4, localId: 8 } as const;
export const SCHOOL_PROVIDES_COLUMNS: Record<keyof typeof SCHOOL_PROVIDES, string[]> = {
  name: ['name'],
  type: ['school_type'],
  grades: ['low_grade', 'high_grade'],
  localId: ['local_id'],
};

type GuardianPersonField = Exclude<GuardianField, 'relationship' | 'livesWithStudent'>;
/** A guardian's own fields (staged once per file as the person)… */
export const GUARDIAN_PROVIDES_COLUMNS: Record<GuardianPersonField, string[]> = {
  name: ['first_name', 'last_name'],
  phone: ['phone'],
  email: ['email'],
  preferredLanguage: ['preferred_language'],
};
export const GUARDIAN_PROVIDES = bitsOf(GUARDIAN_PROVIDES_COLUMNS);
/** …and those of their link to one child. */
export const GUARDIAN_LINK_PROVIDES_COLUMNS: Record<'relationship' | 'livesWithStudent', string[]> = {
  relationship: ['relationship'],
  livesWithStudent: ['lives_with_student'],
};
export const GUARDIAN_LINK_PROVIDES = bitsOf(GUARDIAN_LINK_PROVIDES_COLUMNS);

export const STAFF_PROVIDES_COLUMNS: Record<StaffField, string[]> = {
  name: ['first_name', 'last_name'],
  email: ['email'],
  localId: ['local_id'],
  role: ['role'],
};
export const STAFF_PROVIDES = bitsOf(STAFF_PROVIDES_COLUMNS);
