/** Tables of the home-visits capability (Parent Teacher Home Visits). See migration 0030_home_visits. */
import type { Generated } from 'kysely';

export interface HvProgramsTable {
  id: Generated<number>;
  district_id: number;
  school_id: number;
  school_year_id: number;
  /** Share of the school's families the program aims to visit (0–1). */
  coverage_target: Generated<number>;
  /** Pay per counted hour, in cents. */
  hourly_rate_cents: Generated<number>;
  count_visit_time: Generated<number>;
  count_travel_time: Generated<number>;
  count_reflection_time: Generated<number>;
  /** 'monthly' | 'semimonthly' | 'biweekly' */
  pay_period: Generated<string>;
  /** First day of a biweekly pay period (default: the school year's first day). */
  pay_period_anchor: string | null;
  /** How far a group's representation ratio may stray from 1 before visits count as concentrated. */
  cross_section_tolerance: Generated<number>;
  created_at: Generated<string>;
  updated_at: Generated<string>;
}

export interface HvCoordinatorsTable {
  district_id: number;
  program_id: number;
  user_id: number;
  added_at: string;
}

export interface HvVisitTypesTable {
  id: Generated<number>;
  district_id: number;
  program_id: number;
  name: string;
  /** 'hopes_and_dreams' (the relationship-building first visit) | 'relationship' | 'academic' */
  purpose: string;
  active: Generated<number>;
  position: Generated<number>;
}

export interface HvTrainingsTable {
  id: Generated<number>;
  district_id: number;
  staff_id: number;
  training_date: string;
  trainer: string;
  hours: number;
  notes: string | null;
  created_at: string;
}

export interface HvParticipationTable {
  district_id: number;
  school_year_id: number;
  staff_id: number;
  opted_in: Generated<number>;
  changed_at: string;
}

export interface HvFamilyAnswersTable {
  district_id: number;
  school_year_id: number;
  school_id: number;
  student_id: number;
  /** 'accepted' | 'declined' | 'no_answer' */
  response: Generated<string>;
  responded_on: string | null;
  /** A family that declined and later asked for a visit. */
  asked_again: Generated<number>;
  preferred_language: string | null;
  interpreter_needed: Generated<number>;
  updated_at: string;
}

export interface HvVisitsTable {
  id: Generated<number>;
  district_id: number;
  school_id: number;
  school_year_id: number;
  visit_type_id: number;
  purpose: string;
  /** 'scheduled' | 'held' (awaiting reflections) | 'completed' | 'cancelled' | 'no_show' */
  status: string;
  visit_date: string;
  /** 'HH:MM' */
  start_time: string;
  duration_minutes: number;
  /** 'home' | 'community' | 'virtual' */
  place: string;
  place_detail: string | null;
  language: string;
  /** When the visit was arranged with the family (no drop-in visits). */
  arranged_on: string;
  interpreter_name: string | null;
  interpreter_language: string | null;
  /** Hopes-and-dreams notes: seen only by the visit's educators and the school's coordinators. */
  notes: string | null;
  outcome_reason: string | null;
  created_by_user_id: number | null;
  logged_at: string | null;
  completed_at: string | null;
  closed_at: string | null;
  created_at: Generated<string>;
  updated_at: Generated<string>;
}

export interface HvVisitStudentsTable {
  district_id: number;
  visit_id: number;
  student_id: number;
}

export interface HvVisitEducatorsTable {
  district_id: number;
  visit_id: number;
  staff_id: number;
  travel_minutes: Generated<number>;
}

export interface HvReflectionsTable {
  district_id: number;
  visit_id: number;
  staff_id: number;
  learned: string;
  will_use: string;
  minutes: Generated<number>;
  written_at: string;
  recorded_by_user_id: number | null;
}

export interface HvSubmissionsTable {
  district_id: number;
  idempotency_key: string;
  user_id: number | null;
  action: string;
  payload_hash: string;
  visit_id: number | null;
  received_at: string;
}

export interface HomeVisitsTables {
  hv_programs: HvProgramsTable;
  hv_coordinators: HvCoordinatorsTable;
  hv_visit_types: HvVisitTypesTable;
  hv_trainings: HvTrainingsTable;
  hv_participation: HvParticipationTable;
  hv_family_answers: HvFamilyAnswersTable;
  hv_visits: HvVisitsTable;
  hv_visit_students: HvVisitStudentsTable;
  hv_visit_educators: HvVisitEducatorsTable;
  hv_reflections: HvReflectionsTable;
  hv_submissions: HvSubmissionsTable;
}
