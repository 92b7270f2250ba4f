/**
 * Running an import from start to end: plan the files of each source, record the run as started,
 * stage every record (./engine/sink.ts), then either refuse (errors, nothing written) or apply it all
 * in one transaction (./engine/apply.ts) with the history rows, and finally let the listeners
 * recompute figures (./hooks.ts). See ./index.ts for how to call it.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../db/database.ts';
import type { Actor } from '../auth/actor.ts';
import { recordAudit } from '../audit/record.ts';
import type { ImportIssue } from './records.ts';
import { CSV_KINDS, readTemplateFile, templateKindOfFile, templateOrder, type CsvKind } from './templates.ts';
import { ImportStopped, StagingSink, type FileState } from './engine/sink.ts';
import { Applier, refreshStatistics, type ApplyOutcome } from './engine/apply.ts';
import { COLLECT_AFTER_ROWS, collectGarbage } from './engine/memory.ts';
import { runImportAppliedListeners } from './hooks.ts';
import { readOneRoster } from './oneroster.ts';
import { openArchive, type OpenedSource } from './zip.ts';
import { loadDescriptorMappings, recordUnmappedDescriptors } from './edfi/mappings.ts';
import { readEdfiFolder } from './edfi/index.ts';

export type ImportSource =
  /** One Village CSV template file. `name` is how messages call it (default: its file name). */
  | { type: 'csv'; kind: CsvKind; path: string; name?: string }
  /** A folder of Village templates, each known by its file name (schools.csv, attendance.csv, …). */
  | { type: 'csv-folder'; path: string }
  /** A OneRoster 1.1/1.2 CSV folder or .zip. */
  | { type: 'oneroster'; path: string }
  /** A folder (or .zip) of Ed-Fi XML interchanges. */
  | { type: 'edfi'; path: string };

export interface ImportProgress {
  phase: 'reading' | 'applying' | 'recomputing' | 'done';
  /** The file being read. */
  file: string | null;
  bytesRead: number;
  totalBytes: number;
  /** Records read and staged so far. */
  records: number;
  rowsPerSecond: number;
  message?: string;
}

export interface ImportOptions {
  /** Who imports: recorded in the history and the audit trail. */
  actor: Actor;
  /** Write the good rows and report every bad one, instead of refusing the whole import. */
  skipBadRows?: boolean;
  /** Attendance files replace every stored record of the schools and dates they cover. */
  replaceAttendance?: boolean;
  onProgress?: (p: ImportProgress) => void;
  /** Every error and warning as it is found (the history keeps the first few thousand). */
  onIssue?: (i: ImportIssue) => void;
  /** A run already recorded as started (the web upload creates it before handing over). */
  importId?: number;
  /** Stop reading after this many errors (the import is refused anyway); default 10,000. */
  stopAfterErrors?: number;
}

export interface ImportCounts {
  rows: number;
  added: number;
  changed: number;
  removed: number;
  skipped: number;
  unchanged: number;
}

export interface ImportFileResult extends ImportCounts {
  name: string;
  kind: string;
  encoding: string | null;
  sizeBytes: number | null;
  errors: number;
  warnings: number;
}

export interface ImportResult {
  importId: number;
  /** done: applied (or nothing to change); refused: nothing was written. */
  status: 'done' | 'refused';
  nothingChanged: boolean;
  files: ImportFileResult[];
  totals: ImportCounts;
  errors: number;
  warnings: number;
  /** The first issues (all of them went to onIssue). */
  issues: ImportIssue[];
  kinds: string[];
  seconds: number;
  message: string;
}

/** The run could not start: another import of the district is running. */
export class ImportBusyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportBusyError';
  }
}

const STALE_AFTER_MS = 90_000;

/** The kind of source, for the history. */
function sourceLabel(sources: ImportSource[]): { source: string; label: string } {
  const types = new Set(sources.map((s) => (s.type === 'csv-folder' ? 'csv' : s.type)));
  const source = types.size === 1 ? [...types][0] : 'mixed';
  const name = { 'csv-folder': 'Village CSV templates', oneroster: 'OneRoster', edfi: 'Ed-Fi' } as const;
  const label = sources.map((s) => (s.type === 'csv' ? `Village CSV ${s.kind}: ${s.name ?? path.basename(s.path)}` : `${name[s.type]}: ${path.basename(s.path)}`)).join(' + ');
  return { source, label };
}

/** Starts a run in the history (status running). Refuses when another import of the district is running. */
export async function startRun(database: DatabaseHandle, districtId: number, sources: ImportSource[], options: Pick<ImportOptions, 'actor' | 'skipBadRows' | 'replaceAttendance'>): Promise<number> {
  const db = database.db;
  const now = new Date();
  const running = await db.selectFrom('import_runs').select(['id', 'started_at', 'heartbeat_at', 'actor_label']).where('district_id', '=', districtId).where('status', '=', 'running').execute();
  for (const r of running) {
    const alive = new Date(r.heartbeat_at ?? r.started_at).getTime() > now.getTime() - STALE_AFTER_MS;
    if (alive) throw new ImportBusyError(`another import of this district is running (started ${r.started_at} by ${r.actor_label}); try again when it has finished`);
    await db.updateTable('import_runs').set({ status: 'failed', finished_at: now.toISOString(), message: 'The import was interrupted (its process stopped).' }).where('id', '=', r.id).where('district_id', '=', districtId).execute();
  }
  const { source, label } = sourceLabel(sources);
  const row = await db
    .insertInto('import_runs')
    .values({
      district_id: districtId,
      source,
      label: label.slice(0, 500),
      status: 'running',
      options: JSON.stringify({ skipBadRows: !!options.skipBadRows, replaceAttendance: !!options.replaceAttendance }),
      actor_user_id: options.actor.userId,
      actor_label: options.actor.email,
      via: options.actor.via,
      started_at: now.toISOString(),
      heartbeat_at: now.toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Marks a run as failed (the process doing it stopped, or an unexpected error) and removes its staging tables. */
export async function failRun(database: DatabaseHandle, districtId: number, importId: number, message: string): Promise<void> {
  await database.db.updateTable('import_runs').set({ status: 'failed', finished_at: new Date().toISOString(), message: message.slice(0, 2000) }).where('id', '=', importId).where('district_id', '=', districtId).where('status', '=', 'running').execute();
}

/** Removes what a run that stopped without cleaning up may have left (its staging tables). */
export async function dropRunStaging(database: DatabaseHandle, importId: number): Promise<void> {
  await (await database.seam.openStaging(`r${importId}`)).drop();
}

interface PlannedCsv {
  kind: CsvKind;
  path: string;
  name: string;
}

/** The template files of a folder, in reading order; other files are reported. */
function planCsvFolder(folder: string, sink: StagingSink): PlannedCsv[] {
  const planned: PlannedCsv[] = [];
  const label = path.basename(folder);
  let entries: string[];
  try {
    entries = readdirSync(folder).sort();
  } catch (err) {
    sink.issue({ severity: 'error', file: label, line: 0, column: null, reason: `cannot read the folder: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist' : (err as Error).message}`, fatal: true });
    return [];
  }
  for (const e of entries) {
    const full = path.join(folder, e);
    if (!statSync(full).isFile() || e.startsWith('.')) continue;
    const kind = templateKindOfFile(e);
    if (kind) planned.push({ kind, path: full, name: e });
    else sink.issue({ severity: 'warning', file: e, line: 0, column: null, reason: `not a Village template (${CSV_KINDS.map((k) => `${k}.csv`).join(', ')}); not read` });
  }
  const seen = new Map<CsvKind, string>();
  for (const p of planned) {
    const prev = seen.get(p.kind);
    if (prev) sink.issue({ severity: 'warning', file: p.name, line: 0, column: null, reason: `a second ${p.kind} file (after ${prev}); both are read, the later one wins where they differ` });
    seen.set(p.kind, p.name);
  }
  return planned.sort((a, b) => templateOrder(a.kind) - templateOrder(b.kind) || a.name.localeCompare(b.name));
}

function sizeOf(p: string): number {
  try {
    const s = statSync(p);
    if (s.isFile()) return s.size;
    let total = 0;
    for (const e of readdirSync(p)) total += sizeOf(path.join(p, e));
    return total;
  } catch {
    return 0;
  }
}

/**
 * Imports the sources into the district, all or nothing (see ./index.ts). Resolves with the result
 * whether applied or refused; throws only when the import could not run (another import of the
 * district is running: ImportBusyError; the database failed).
 */
export async function runImport(database: DatabaseHandle, districtId: number, sources: ImportSource[], options: ImportOptions): Promise<ImportResult> {
  const started = performance.now();
  const { db, seam } = database;
  const importId = options.importId ?? (await startRun(database, districtId, sources, options));
  const staging = await seam.openStaging(`r${importId}`);
  const opened: OpenedSource[] = [];
  let lastProgress = 0;
  let lastHeartbeat = Date.now();
  let doneBytes = 0;
  let currentFile: string | null = null;
  let currentBytes = 0;
  let totalBytes = 0;
  let sink: StagingSink | null = null;
  const progress = (p: Omit<ImportProgress, 'rowsPerSecond' | 'totalBytes' | 'records'> & { force?: boolean }) => {
    const now = performance.now();
    if (!options.onProgress || (!p.force && now - lastProgress < 200)) return;
    lastProgress = now;
    const records = sink?.recordsStaged ?? 0;
    const secs = (now - started) / 1000;
    options.onProgress({ phase: p.phase, file: p.file, bytesRead: p.bytesRead, totalBytes: Math.max(totalBytes, p.bytesRead), records, rowsPerSecond: secs > 0 ? Math.round(records / secs) : 0, message: p.message });
  };
  try {
    sink = await StagingSink.open(db, districtId, staging, {
      replaceAttendance: !!options.replaceAttendance,
      skipBadRows: !!options.skipBadRows,
      stopAfterErrors: options.stopAfterErrors ?? 10_000,
      onIssue: options.onIssue,
      onProgress: (file, bytesRead) => {
        // The garbage of reading is given back as it grows (./engine/memory.ts).
        collectGarbage();
        if (file !== currentFile) {
          doneBytes += currentBytes;
          currentFile = file;
        }
        currentBytes = bytesRead;
        progress({ phase: 'reading', file, bytesRead: doneBytes + bytesRead });
      },
    });
    const s = sink;
    const heartbeat = async () => {
      if (Date.now() - lastHeartbeat < 10_000) return;
      lastHeartbeat = Date.now();
      await staging.flush();
      await db.updateTable('import_runs').set({ heartbeat_at: new Date().toISOString() }).where('id', '=', importId).execute();
    };
    const flush = s.flush.bind(s);
    s.flush = async () => {
      await flush();
      await heartbeat();
    };

    // 1. Read every source into the staging tables.
    for (const src of sources) {
      if (src.type === 'oneroster' || src.type === 'edfi') {
        const o = await openArchive(src.path, s);
        if (o) opened.push(o);
        totalBytes += o ? sizeOf(o.folder) : 0;
      } else totalBytes += sizeOf(src.path);
    }
    let archive = 0;
    try {
      for (const src of sources) {
        if (src.type === 'csv') {
          await readTemplateFile(src.kind, src.path, src.name ?? path.basename(src.path), s);
        } else if (src.type === 'csv-folder') {
          for (const p of planCsvFolder(src.path, s)) await readTemplateFile(p.kind, p.path, p.name, s);
        } else {
          const o = opened[archive++];
          if (!o) continue;
          if (src.type === 'oneroster') await readOneRoster(o.folder, o.label, s);
          else {
            const mappings = await loadDescriptorMappings(db, districtId);
            const summary = await readEdfiFolder(o.folder, s, {
              mappings,
              onProgress: (p) => progress({ phase: 'reading', file: p.file, bytesRead: doneBytes + p.doneBytes }),
            });
            await staging.flush();
            if (summary.unmapped.length) await recordUnmappedDescriptors(db, districtId, summary.unmapped);
            for (const f of summary.files) if (f.status === 'read') s.fileDone(f.file, f.records);
          }
        }
      }
    } catch (err) {
      if (!(err instanceof ImportStopped)) throw err;
      s.issue({ severity: 'error', file: currentFile ?? '(import)', line: 0, column: null, reason: err.message, fatal: true });
    }
    await s.finish();
    if (s.recordsStaged >= COLLECT_AFTER_ROWS) collectGarbage(true);

    // 2. Refuse, or apply everything in one transaction.
    const refused = s.fatalCount > 0 || (s.errorCount > 0 && !options.skipBadRows);
    let outcome: ApplyOutcome | null = null;
    progress({ phase: refused ? 'done' : 'applying', file: null, bytesRead: totalBytes, force: true, message: refused ? 'refused' : 'applying' });
    const result = (o: ApplyOutcome | null): ImportResult => buildResult(importId, s, o, refused, options, (performance.now() - started) / 1000);
    if (refused) {
      const r = result(null);
      await db.transaction().execute(async (trx) => writeHistory(trx as never, districtId, r, s.files));
      return r;
    }
    let r!: ImportResult;
    await Applier.prepare(db, staging, s, districtId);
    staging.applying();
    await db.transaction().execute(async (trx) => {
      outcome = await new Applier(trx, seam, staging, s, districtId).apply();
      r = result(outcome);
      await writeHistory(trx as never, districtId, r, s.files);
    });
    staging.applied();
    const applied = outcome as ApplyOutcome | null;
    // Fresh planner statistics for the tables the import grew, before the figures are recomputed.
    if (applied) await refreshStatistics(db, seam, applied.grown).catch(() => {});
    for (const note of applied?.notes ?? []) options.onIssue?.({ severity: 'warning', file: note.file, line: 0, column: null, reason: note.reason });
    if (applied && applied.kinds.size > 0) {
      await recordAudit(db, options.actor, { action: 'import', entityType: 'import', entityId: importId, details: { kinds: [...applied.kinds], added: r.totals.added, changed: r.totals.changed, removed: r.totals.removed } });
      progress({ phase: 'recomputing', file: null, bytesRead: totalBytes, force: true, message: 'recomputing figures' });
      const kinds = [...applied.kinds];
      try {
        await runImportAppliedListeners(db, { districtId, importId, schoolYearIds: applied.yearIds, schoolIds: applied.schoolIds, allSchools: kinds.some((k) => k === 'students' || k === 'schools' || k === 'years'), kinds }, (message) =>
          progress({ phase: 'recomputing', file: null, bytesRead: totalBytes, message }),
        );
      } catch (err) {
        const message = `The import was applied, but the figures could not be recomputed: ${(err as Error).message}`;
        r.message = message;
        await db.updateTable('import_runs').set({ message }).where('id', '=', importId).execute();
      }
    }
    r.seconds = (performance.now() - started) / 1000;
    await db.updateTable('import_runs').set({ seconds: r.seconds }).where('id', '=', importId).execute();
    // And what the whole import (and the figures recomputed after it) left behind.
    if (s.recordsStaged >= COLLECT_AFTER_ROWS) collectGarbage(true);
    progress({ phase: 'done', file: null, bytesRead: totalBytes, force: true, message: r.message });
    return r;
  } catch (err) {
    await failRun(database, districtId, importId, `The import failed: ${(err as Error).message}`).catch(() => {});
    throw err;
  } finally {
    await staging.drop().catch(() => {});
    for (const o of opened) o.cleanup();
  }
}

function buildResult(importId: number, sink: StagingSink, outcome: ApplyOutcome | null, refused: boolean, options: ImportOptions, seconds: number): ImportResult {
  const files: ImportFileResult[] = sink.files.map((f: FileState) => {
    const c = outcome?.counts[f.index] ?? { added: 0, changed: 0, removed: 0 };
    const skipped = refused ? 0 : f.errorRows;
    const rows = f.rowsReported ?? f.staged + f.errorRows;
    const unchanged = refused ? 0 : Math.max(0, rows - c.added - c.changed - c.removed - skipped);
    return { name: f.name, kind: f.kind, encoding: f.encoding, sizeBytes: f.sizeBytes, rows, added: c.added, changed: c.changed, removed: c.removed, skipped, unchanged, errors: f.errors, warnings: f.warnings };
  });
  const totals: ImportCounts = { rows: 0, added: 0, changed: 0, removed: 0, skipped: 0, unchanged: 0 };
  for (const f of files) for (const k of Object.keys(totals) as Array<keyof ImportCounts>) totals[k] += f[k];
  const issues = [...sink.issues];
  for (const n of outcome?.notes ?? []) issues.push({ severity: 'warning', file: n.file, line: 0, column: null, reason: n.reason });
  const nothingChanged = !refused && totals.added + totals.changed + totals.removed === 0;
  const n = (x: number, one: string, many = `${one}s`) => `${x.toLocaleString('en-US')} ${x === 1 ? one : many}`;
  let message: string;
  if (refused) {
    message = `Refused: ${n(sink.errorCount, 'error')}; nothing was written.${options.skipBadRows || sink.fatalCount ? '' : ' Fix them, or import again skipping bad rows.'}`;
  } else if (nothingChanged) {
    message = `Nothing changed: ${n(totals.rows, 'row')} read, every record already as stored${totals.skipped ? `; ${n(totals.skipped, 'bad row')} skipped` : ''}.`;
  } else {
    const c = (x: number) => x.toLocaleString('en-US');
    message = `Done: ${n(totals.rows, 'row')} read: ${c(totals.added)} added, ${c(totals.changed)} changed, ${c(totals.removed)} removed, ${c(totals.skipped)} skipped, ${c(totals.unchanged)} unchanged.`;
  }
  return {
    importId,
    status: refused ? 'refused' : 'done',
    nothingChanged,
    files,
    totals,
    errors: sink.errorCount,
    warnings: sink.warningCount + (outcome?.notes.length ?? 0),
    issues,
    kinds: outcome ? [...outcome.kinds] : [],
    seconds,
    message,
  };
}

const KEEP_ISSUES = 5000;

async function writeHistory(trx: DatabaseHandle['db'], districtId: number, r: ImportResult, files: FileState[]): Promise<void> {
  await trx
    .updateTable('import_runs')
    .set({
      status: r.status,
      finished_at: new Date().toISOString(),
      rows_read: r.totals.rows,
      added: r.totals.added,
      changed: r.totals.changed,
      removed: r.totals.removed,
      skipped: r.totals.skipped,
      unchanged: r.totals.unchanged,
      error_count: r.errors,
      warning_count: r.warnings,
      kinds: JSON.stringify(r.kinds),
      message: r.message,
      seconds: r.seconds,
    })
    .where('id', '=', r.importId)
    .where('district_id', '=', districtId)
    .execute();
  const rows = r.files.map((f, i) => ({
    district_id: districtId,
    import_id: r.importId,
    position: i,
    name: f.name.slice(0, 500),
    kind: f.kind,
    encoding: f.encoding ?? files[i]?.encoding ?? null,
    size_bytes: f.sizeBytes,
    rows_read: f.rows,
    added: f.added,
    changed: f.changed,
    removed: f.removed,
    skipped: f.skipped,
    unchanged: f.unchanged,
    error_count: f.errors,
    warning_count: f.warnings,
  }));
  for (let i = 0; i < rows.length; i += 200) await trx.insertInto('import_files').values(rows.slice(i, i + 200)).execute();
  const issues = r.issues.slice(0, KEEP_ISSUES).map((i) => ({ district_id: districtId, import_id: r.importId, severity: i.severity, file: i.file.slice(0, 500), line: i.line, column_name: i.column?.slice(0, 200) ?? null, reason: i.reason.slice(0, 2000) }));
  for (let i = 0; i < issues.length; i += 500) await trx.insertInto('import_issues').values(issues.slice(i, i + 500)).execute();
  void sql;
}

/** One folder of one kind: OneRoster (folder or zip), Ed-Fi, or Village templates. */
export function importFolder(database: DatabaseHandle, districtId: number, folder: string, options: ImportOptions & { kind: 'oneroster' | 'csv-templates' | 'edfi' }): Promise<ImportResult> {
  const source: ImportSource = options.kind === 'csv-templates' ? { type: 'csv-folder', path: folder } : { type: options.kind, path: folder };
  return runImport(database, districtId, [source], options);
}

/** One Village CSV template file. */
export function importCsv(database: DatabaseHandle, districtId: number, kind: CsvKind, file: string, options: ImportOptions & { name?: string }): Promise<ImportResult> {
  return runImport(database, districtId, [{ type: 'csv', kind, path: file, name: options.name }], options);
}
