/** The import history of a district: what was imported, by whom, and what came of it. */
import type { Db } from '../db/database.ts';
import { AppError } from '../http/errors.ts';
import type { ImportCounts } from './run.ts';

export interface ImportRunSummary extends ImportCounts {
  id: number;
  source: string;
  label: string;
  status: 'running' | 'done' | 'refused' | 'failed';
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

export interface ImportFileSummary extends ImportCounts {
  name: string;
  kind: string;
  encoding: string | null;
  sizeBytes: number | null;
  errors: number;
  warnings: number;
}

export interface ImportIssueRow {
  severity: 'error' | 'warning';
  file: string;
  line: number;
  column: string | null;
  reason: string;
}

export interface ImportRunDetail extends ImportRunSummary {
  files: ImportFileSummary[];
  issues: ImportIssueRow[];
  /** Issues stored (the history keeps the first few thousand of a run). */
  issueCount: number;
}

function parseJson<T>(s: string | null | undefined, fallback: T): T {
  try {
    return s ? (JSON.parse(s) as T) : fallback;
  } catch {
    return fallback;
  }
}

type RunRow = {
  id: number;
  source: string;
  label: string;
  status: string;
  actor_label: string;
  via: string;
  started_at: string;
  finished_at: string | null;
  seconds: number | null;
  rows_read: number;
  added: number;
  changed: number;
  removed: number;
  skipped: number;
  unchanged: number;
  error_count: number;
  warning_count: number;
  kinds: string;
  message: string | null;
  options: string;
};

function toSummary(r: RunRow): ImportRunSummary {
  const options = parseJson<{ skipBadRows?: boolean; replaceAttendance?: boolean }>(r.options, {});
  return {
    id: r.id,
    source: r.source,
    label: r.label,
    status: r.status as ImportRunSummary['status'],
    actor: r.actor_label,
    via: r.via,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    seconds: r.seconds === null ? null : Number(r.seconds),
    rows: Number(r.rows_read),
    added: Number(r.added),
    changed: Number(r.changed),
    removed: Number(r.removed),
    skipped: Number(r.skipped),
    unchanged: Number(r.unchanged),
    errors: r.error_count,
    warnings: r.warning_count,
    kinds: parseJson<string[]>(r.kinds, []),
    message: r.message,
    options: { skipBadRows: !!options.skipBadRows, replaceAttendance: !!options.replaceAttendance },
  };
}

const RUN_COLUMNS = ['id', 'source', 'label', 'status', 'actor_label', 'via', 'started_at', 'finished_at', 'seconds', 'rows_read', 'added', 'changed', 'removed', 'skipped', 'unchanged', 'error_count', 'warning_count', 'kinds', 'message', 'options'] as const;

export async function listImports(db: Db, districtId: number, options: { limit?: number; offset?: number } = {}): Promise<ImportRunSummary[]> {
  const rows = await db
    .selectFrom('import_runs')
    .select([...RUN_COLUMNS])
    .where('district_id', '=', districtId)
    .orderBy('id', 'desc')
    .limit(Math.min(options.limit ?? 50, 500))
    .offset(options.offset ?? 0)
    .execute();
  return rows.map((r) => toSummary(r as RunRow));
}

export async function countImports(db: Db, districtId: number): Promise<number> {
  const r = await db.selectFrom('import_runs').select((eb) => eb.fn.countAll<number>().as('n')).where('district_id', '=', districtId).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function getImport(db: Db, districtId: number, id: number, options: { issues?: number; issueOffset?: number; severity?: 'error' | 'warning' } = {}): Promise<ImportRunDetail> {
  const run = await db.selectFrom('import_runs').select([...RUN_COLUMNS]).where('district_id', '=', districtId).where('id', '=', id).executeTakeFirst();
  if (!run) throw new AppError('not_found', 'No such import.');
  const files = await db.selectFrom('import_files').selectAll().where('district_id', '=', districtId).where('import_id', '=', id).orderBy('position').execute();
  let issues = db.selectFrom('import_issues').select(['severity', 'file', 'line', 'column_name', 'reason']).where('district_id', '=', districtId).where('import_id', '=', id);
  let count = db.selectFrom('import_issues').select((eb) => eb.fn.countAll<number>().as('n')).where('district_id', '=', districtId).where('import_id', '=', id);
  if (options.severity) {
    issues = issues.where('severity', '=', options.severity);
    count = count.where('severity', '=', options.severity);
  }
  const issueRows = await issues.orderBy('id').limit(options.issues ?? 200).offset(options.issueOffset ?? 0).execute();
  const issueCount = Number((await count.executeTakeFirstOrThrow()).n);
  return {
    ...toSummary(run as RunRow),
    files: files.map((f) => ({
      name: f.name,
      kind: f.kind,
      encoding: f.encoding,
      sizeBytes: f.size_bytes === null ? null : Number(f.size_bytes),
      rows: Number(f.rows_read),
      added: Number(f.added),
      changed: Number(f.changed),
      removed: Number(f.removed),
      skipped: Number(f.skipped),
      unchanged: Number(f.unchanged),
      errors: f.error_count,
      warnings: f.warning_count,
    })),
    issues: issueRows.map((i) => ({ severity: i.severity as 'error' | 'warning', file: i.file, line: i.line, column: i.column_name, reason: i.reason })),
    issueCount,
  };
}
