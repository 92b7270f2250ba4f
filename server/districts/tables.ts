import type { Generated } from 'kysely';

export interface DistrictsTable {
  id: Generated<number>;
  code: string;
  name: string;
  /** JSON: DistrictSettings (see ./settings.ts). */
  settings: Generated<string>;
  /** JSON: identifiers of this district in source systems (OneRoster org sourcedId, Ed-Fi LEA id). */
  source_ids: Generated<string>;
  created_at: Generated<string>;
  updated_at: Generated<string>;
}

export interface SchoolsTable {
  id: Generated<number>;
  district_id: number;
  /** The school's key in the source system (OneRoster org sourcedId, Ed-Fi SchoolId, school_id). */
  code: string;
  /** A second identifier (OneRoster identifier, state id). */
  local_id: string | null;
  name: string;
  school_type: Generated<string>;
  low_grade: string | null;
  high_grade: string | null;
  status: Generated<string>;
  created_at: Generated<string>;
  updated_at: Generated<string>;
}

export interface SchoolYearsTable {
  id: Generated<number>;
  district_id: number;
  /** '2021-2022' */
  name: string;
  start_date: string;
  end_date: string;
  created_at: Generated<string>;
  updated_at: Generated<string>;
}

export interface CalendarDaysTable {
  district_id: number;
  school_id: number;
  school_year_id: number;
  date: string;
  instructional: Generated<number>;
  event: string | null;
}

export interface DistrictTables {
  districts: DistrictsTable;
  schools: SchoolsTable;
  school_years: SchoolYearsTable;
  calendar_days: CalendarDaysTable;
}
