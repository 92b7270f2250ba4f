/** What the imports API returns (server/imports/schema.ts). */
export type ImportStatus = 'running' | 'done' | 'refused' | 'failed';

export interface Counts {
  rows: number;
  added: number;
  changed: number;
  removed: number;
  skipped: number;
  unchanged: number;
}

export interface ImportSummary extends Counts {
  id: number;
  source: string;
  label: string;
  status: ImportStatus;
  actor: string;
  via: string;
  startedAt: string;
  finishedAt: string | null;
  seconds: number | null;
  errors: number;
  warnings: number;
  kinds: string[];
  message: string | null;
  options: { skipBadRows: boolean; replaceAttendance: boolean };
}

export interface ImportIssue {
  severity: 'error' | 'warning';
  file: string;
  line: number;
  column: string | null;
  reason: string;
}

export interface ImportDetail extends ImportSummary {
  files: Array<Counts & { name: string; kind: string; encoding: string | null; sizeBytes: number | null; errors: number; warnings: number }>;
  issues: ImportIssue[];
  issueCount: number;
}

export interface ImportList {
  imports: ImportSummary[];
  total: number;
  templates: Array<{ kind: string; columns: Array<{ name: string; required: boolean }> }>;
}

export interface ImportProgress {
  id: number;
  status: ImportStatus;
  phase: 'queued' | 'reading' | 'applying' | 'recomputing' | 'done';
  file: string | null;
  bytesRead: number;
  totalBytes: number;
  records: number;
  rowsPerSecond: number;
  message: string | null;
}
