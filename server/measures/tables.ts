import type { Generated } from 'kysely';

/**
 * Per student, school and school year: enrollment spans, counted absence dates and ignored absence
 * records, so that measures at any as-of date are fast aggregates (see ./summary.ts).
 */
export interface MeasureStudentYearsTable {
  district_id: number;
  school_year_id: number;
  school_id: number;
  student_id: number;
  /** JSON: [[entry_date, exit_date | null, grade], …] sorted by entry date. */
  spans: Generated<string>;
  /** Counted absence dates, 'YYYY-MM-DD' comma separated, sorted. */
  absences: Generated<string>;
  /** Absence records that do not count: 'n:DATE' (not an instructional day), 'o:DATE' (outside enrollment). */
  ignored: Generated<string>;
  /** From attendance_totals, when the school has no daily records for the year. */
  totals_enrolled: number | null;
  totals_absent: number | null;
}

/** The version of a district's figures; any process reloads its cached figures when it changes. */
export interface MeasureVersionsTable {
  district_id: number;
  /** 'year:<school_year_id>' | 'roster' | 'measure:<key>' */
  scope: string;
  version: Generated<number>;
  updated_at: string;
}

export interface MeasureGoalsTable {
  id: Generated<number>;
  district_id: number;
  title: string;
  measure: string;
  /** JSON: the measure's extra row keys (proficiency: { assessment, subject }). */
  measure_keys: Generated<string>;
  school_id: number | null;
  /** 'kind=value' or null */
  student_group: string | null;
  baseline_year_id: number | null;
  baseline_value: number;
  target_value: number;
  start_date: string;
  target_date: string;
  notes: string | null;
  created_by: number | null;
  created_at: Generated<string>;
  updated_at: Generated<string>;
}

export interface MeasureGoalOwnersTable {
  district_id: number;
  goal_id: number;
  /** 'district' | 'school' | 'partner' | 'union' */
  owner_type: string;
  /** schools.id, partners.id, or 0 for the district and the union */
  owner_id: Generated<number>;
}

export interface MeasuresTables {
  measure_student_years: MeasureStudentYearsTable;
  measure_versions: MeasureVersionsTable;
  measure_goals: MeasureGoalsTable;
  measure_goal_owners: MeasureGoalOwnersTable;
}
