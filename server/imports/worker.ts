/**
 * An import run in its own process: the web server hands it a job over IPC and it reports progress
 * back. On SQLite a long import keeps the thread that runs it busy (better-sqlite3 is synchronous),
 * so the server's own event loop stays free to answer requests, and the import opens its own
 * database connection. The same code as `village import` runs here (./run.ts).
 */
import '../wiring.ts';
import { rmSync } from 'node:fs';
import { openDatabase } from '../db/database.ts';
import type { Actor } from '../auth/actor.ts';
import { dropRunStaging, failRun, runImport, type ImportProgress, type ImportResult, type ImportSource } from './run.ts';

export interface ImportJob {
  databaseUrl: string;
  districtId: number;
  importId: number;
  actor: Actor;
  sources: ImportSource[];
  skipBadRows: boolean;
  replaceAttendance: boolean;
  /** A folder of uploaded files to remove when the import ends. */
  cleanup: string | null;
}

export type WorkerMessage = { type: 'progress'; progress: ImportProgress } | { type: 'done'; result: Omit<ImportResult, 'issues'> } | { type: 'failed'; message: string };

function send(m: WorkerMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve();
    process.send(m, undefined, {}, () => resolve());
  });
}

async function run(job: ImportJob): Promise<void> {
  const database = openDatabase(job.databaseUrl, { poolSize: 4 });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await failRun(database, job.districtId, job.importId, 'The import was stopped: the server shut down while it ran.').catch(() => {});
    await dropRunStaging(database, job.importId).catch(() => {});
    if (job.cleanup) rmSync(job.cleanup, { recursive: true, force: true });
    process.exit(1);
  };
  process.on('SIGTERM', stop);
  process.on('disconnect', stop);
  try {
    const result = await runImport(database, job.districtId, job.sources, {
      actor: job.actor,
      importId: job.importId,
      skipBadRows: job.skipBadRows,
      replaceAttendance: job.replaceAttendance,
      onProgress: (progress) => void send({ type: 'progress', progress }),
    });
    const { issues: _issues, ...rest } = result;
    await send({ type: 'done', result: rest });
  } catch (err) {
    await send({ type: 'failed', message: (err as Error).message });
  } finally {
    process.off('disconnect', stop);
    if (job.cleanup) rmSync(job.cleanup, { recursive: true, force: true });
    await database.close();
  }
}

process.once('message', (m: { type: string; job: ImportJob }) => {
  if (m?.type !== 'job') return;
  run(m.job).then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
