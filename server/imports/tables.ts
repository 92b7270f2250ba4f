/** Tables owned by the imports capability: the import history (see migration 0010_imports). */
import type { Generated } from 'kysely';

/** Rows read, and what became of them, for a run and for each of its files. */
interface CountColumns {
  rows_read: Generated<number>;
  added: Generated<number>;
  changed: Generated<number>;
  removed: Generated<number>;
  skipped: Generated<number>;
  unchanged: Generated<number>;
  error_count: Generated<number>;
  warning_count: Generated<number>;
}

export interface ImportRunsTable extends CountColumns {
  id: Generated<number>;
  district_id: number;
  /** 'csv' | 'oneroster' | 'edfi' | 'mixed' */
  source: string;
  /** What was imported, as a person would say it: "csv attendance: attendance.csv". */
  label: string;
  /** 'running' | 'done' | 'refused' | 'failed' */
  status: string;
  /** JSON: { skipBadRows, replaceAttendance } */
  options: Generated<string>;
  actor_user_id: number | null;
  actor_label: string;
  via: string;
  started_at: string;
  finished_at: string | null;
  heartbeat_at: string | null;
  /** JSON: the kinds of records that changed. */
  kinds: Generated<string>;
  message: string | null;
  seconds: number | null;
}

export interface ImportFilesTable extends CountColumns {
  district_id: number;
  import_id: number;
  position: number;
  name: string;
  /** 'csv:attendance', 'oneroster:users', 'edfi:InterchangeStudent', … */
  kind: string;
  encoding: string | null;
  size_bytes: number | null;
}

export interface ImportIssuesTable {
  id: Generated<number>;
  district_id: number;
  import_id: number;
  /** 'error' | 'warning' */
  severity: string;
  file: string;
  line: number;
  column_name: string | null;
  reason: string;
}

export interface ImportsTables {
  import_runs: ImportRunsTable;
  import_files: ImportFilesTable;
  import_issues: ImportIssuesTable;
}
