/**
 * The web server's side of imports run in a child process (./worker.ts): start one, follow its
 * progress (kept in memory: the page asks for it every second), and stop every child when the
 * server stops. When the database lives only in memory (no file another process could open), the
 * import runs in this process instead.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { rmSync } from 'node:fs';
import type { DatabaseHandle } from '../db/database.ts';
import { dropRunStaging, failRun, runImport, type ImportProgress } from './run.ts';
import type { ImportJob, WorkerMessage } from './worker.ts';

export interface LiveImport {
  importId: number;
  districtId: number;
  progress: ImportProgress | null;
  finished: boolean;
}

const live = new Map<number, LiveImport & { child: ChildProcess | null }>();

function tsxLoader(): string {
  const require = createRequire(import.meta.url);
  return pathToFileURL(path.join(path.dirname(require.resolve('tsx/package.json')), 'dist', 'loader.mjs')).href;
}

const workerPath = path.join(path.dirname(fileURLToPath(import.meta.url)), 'worker.ts');

/** Runs the job in a child process (or in this one for an in-memory database). */
export function startImportJob(job: ImportJob, inProcess?: DatabaseHandle): void {
  const entry: LiveImport & { child: ChildProcess | null } = { importId: job.importId, districtId: job.districtId, progress: null, finished: false, child: null };
  live.set(job.importId, entry);
  const finish = () => {
    entry.finished = true;
    entry.child = null;
    // Kept a little while so a page asking right after the end still gets the last progress.
    setTimeout(() => live.delete(job.importId), 60_000).unref();
  };
  if (inProcess) {
    runImport(inProcess, job.districtId, job.sources, { actor: job.actor, importId: job.importId, skipBadRows: job.skipBadRows, replaceAttendance: job.replaceAttendance, onProgress: (p) => (entry.progress = p) })
      .catch(() => {})
      .finally(() => {
        if (job.cleanup) rmSync(job.cleanup, { recursive: true, force: true });
        finish();
      });
    return;
  }
  const child = fork(workerPath, [], { execArgv: ['--import', tsxLoader()], stdio: ['ignore', 'ignore', 'pipe', 'ipc'], env: { ...process.env } });
  entry.child = child;
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    if (stderr.length < 4000) stderr += d.toString('utf8');
  });
  let ended = false;
  child.on('message', (m: WorkerMessage) => {
    if (m.type === 'progress') entry.progress = m.progress;
    else if (m.type === 'done' || m.type === 'failed') ended = true;
  });
  child.on('exit', (code, signal) => {
    if (!ended) {
      const why = signal ? `signal ${signal}` : `exit status ${code}`;
      void failRunByUrl(job, `The import process stopped unexpectedly (${why}).${stderr ? ` ${stderr.split('\n').find((l) => l.trim()) ?? ''}` : ''}`);
    }
    if (job.cleanup) rmSync(job.cleanup, { recursive: true, force: true });
    finish();
  });
  child.send({ type: 'job', job });
}

async function failRunByUrl(job: ImportJob, message: string) {
  const { openDatabase } = await import('../db/database.ts');
  const h = openDatabase(job.databaseUrl, { poolSize: 1 });
  try {
    await failRun(h, job.districtId, job.importId, message);
    await dropRunStaging(h, job.importId).catch(() => {});
  } finally {
    await h.close();
  }
}

export function liveImport(importId: number, districtId: number): LiveImport | null {
  const e = live.get(importId);
  return e && e.districtId === districtId ? { importId: e.importId, districtId: e.districtId, progress: e.progress, finished: e.finished } : null;
}

/** Stops every running import child (the server is shutting down); they mark their runs failed. */
export async function stopImportJobs(): Promise<void> {
  const children = [...live.values()].map((e) => e.child).filter((c): c is ChildProcess => !!c && c.exitCode === null);
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          const t = setTimeout(() => {
            c.kill('SIGKILL');
            resolve();
          }, 5000);
          c.once('exit', () => {
            clearTimeout(t);
            resolve();
          });
          c.kill('SIGTERM');
        }),
    ),
  );
}
