/**
 * Import benchmark: a generated district (default 50,000 students, one school year, a row for every
 * student and enrolled day — about 9 million attendance rows) imported through the ordinary engine
 * into SQLite and into PostgreSQL, as a data manager would: first the roster (OneRoster 1.2 plus the
 * Village templates other than attendance), then the attendance file. For each database it prints
 * rows per second per file (reading, checking and staging), the apply and recompute times, the
 * attendance import end to end, the whole district's time, and the peak memory of the process.
 * Targets on a 2-core machine: whole district ≤ 60 s on SQLite; attendance ≥ 250,000 rows/s;
 * peak memory ≤ 500 MB.
 *
 *   npm run bench:import -- [--students 50000] [--seed 1] [--only sqlite|postgres]
 *                           [--pg postgres://postgres@127.0.0.1:5432/postgres] [--fresh] [--memory]
 *
 * The generated files are kept in bench/out/imports/ and reused (--fresh makes them again); each
 * run imports into a new database (a temporary SQLite file, a PostgreSQL database dropped after).
 * --memory also prints what the main thread holds (heap, buffers) at the end of each phase.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../server/db/database.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { createDistrict } from '../server/districts/commands.ts';
import { systemActor } from '../server/auth/actor.ts';
import { generateDistrict } from '../server/generator/index.ts';
import { runImport, type ImportProgress, type ImportResult, type ImportSource } from '../server/imports/index.ts';
import '../server/wiring.ts';
import { benchOptions, n } from './options.ts';

const options = benchOptions('imports', { memory: { type: 'boolean', default: false } });
const { students: STUDENTS, seed: SEED, only: ONLY, pgAdmin: PG_ADMIN, fresh: FRESH, year: YEAR, out: OUT, data: DATA } = options;
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * Peak memory of this process (RSS: the JavaScript heaps of every thread, buffers and SQLite's page
 * caches), overall and per phase of the import under way (reading, applying, recomputing). On Linux
 * the kernel's high-water mark of the resident set (VmHWM), read and reset (/proc/self/clear_refs)
 * at each change of phase: exact, even while the main thread is held in one long SQLite statement
 * and none of its timers can run. Elsewhere a worker thread samples the resident set every 20 ms.
 */
const PHASES = ['setup', 'reading', 'applying', 'recomputing'] as const;
type Phase = (typeof PHASES)[number];
const shared = new SharedArrayBuffer(8 * (PHASES.length + 1));
const phaseNow = new Int32Array(shared, 0, 1);
const phasePeaks = new Float64Array(shared, 8, PHASES.length);
const kernelPeak = (): number | null => {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
};
const resetKernelPeak = (): boolean => {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
};
const sampler =
  kernelPeak() !== null && resetKernelPeak()
    ? null
    : new Worker(
        `const { workerData } = require('node:worker_threads');
         const phase = new Int32Array(workerData, 0, 1), peaks = new Float64Array(workerData, 8, ${PHASES.length});
         setInterval(() => { const p = Atomics.load(phase, 0), rss = process.memoryUsage.rss(); if (rss > peaks[p]) peaks[p] = rss; }, 20);`,
        { eval: true, workerData: shared },
      );
sampler?.unref();
/** --memory: what the main thread holds at the end of each phase. */
const MEMORY_DETAIL = options.extra.memory === true;
let currentPhase: Phase = 'setup';
function enterPhase(next: Phase) {
  const i = PHASES.indexOf(currentPhase);
  const hwm = kernelPeak();
  if (hwm !== null) phasePeaks[i] = Math.max(phasePeaks[i], hwm);
  if (MEMORY_DETAIL && next !== currentPhase) {
    const m = process.memoryUsage();
    const mb = (x: number) => `${Math.round(x / 1048576)}`;
    console.log(`      [memory] end of ${currentPhase}: peak ${mb(phasePeaks[i])} MB; now rss ${mb(m.rss)}, heap ${mb(m.heapUsed)}/${mb(m.heapTotal)}, external ${mb(m.external)} (array buffers ${mb(m.arrayBuffers)}) MB`);
  }
  resetKernelPeak();
  currentPhase = next;
  Atomics.store(phaseNow, 0, PHASES.indexOf(next));
}
const peakOf = (phase: Phase) => phasePeaks[PHASES.indexOf(phase)];
const resetPeaks = () => {
  enterPhase('setup');
  phasePeaks.fill(0);
};

async function generated(): Promise<{ roster: string; templates: string; attendance: string }> {
  const marker = path.join(DATA, 'generator.json');
  const fresh = FRESH || !existsSync(marker) || (() => {
    const m = JSON.parse(readFileSync(marker, 'utf8'));
    return !(m.options?.students === STUDENTS && m.options?.seed === SEED && m.options?.year === YEAR && m.attendance === 'all');
  })();
  if (fresh) {
    console.log(`Generating a ${n(STUDENTS)}-student district for ${YEAR} (every enrolled day)…`);
    const t = performance.now();
    const g = await generateDistrict({ students: STUDENTS, year: YEAR, seed: SEED, out: DATA, attendance: 'all' });
    console.log(`  ${n(g.rows['csv/attendance.csv'])} attendance rows, ${g.schools.length} schools, in ${secs(performance.now() - t)}.`);
  }
  // The roster import reads every template but attendance: a folder of links to them.
  const templates = path.join(OUT, `roster-templates-${STUDENTS}-${SEED}`);
  rmSync(templates, { recursive: true, force: true });
  mkdirSync(templates, { recursive: true });
  for (const f of readdirSync(path.join(DATA, 'csv'))) if (f !== 'attendance.csv') symlinkSync(path.join(DATA, 'csv', f), path.join(templates, f));
  return { roster: path.join(DATA, 'oneroster'), templates, attendance: path.join(DATA, 'csv', 'attendance.csv') };
}

async function freshDatabase(kind: 'sqlite' | 'postgres'): Promise<{ handle: DatabaseHandle; drop: () => Promise<void> }> {
  if (kind === 'sqlite') {
    const file = path.join(OUT, `bench-${STUDENTS}-${SEED}.db`);
    const clean = () => {
      for (const f of readdirSync(OUT)) if (f.startsWith(path.basename(file))) rmSync(path.join(OUT, f), { force: true });
    };
    clean();
    const handle = openDatabase(`sqlite:${file}`);
    return { handle, drop: async () => clean() };
  }
  const name = `village_bench_import_${STUDENTS}_${SEED}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(PG_ADMIN);
  u.pathname = `/${name}`;
  const handle = openDatabase(u.toString(), { poolSize: 6 });
  return {
    handle,
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

interface Timed {
  result: ImportResult;
  ms: number;
  /** Time spent reading each file (from the progress reports), and in each later phase. */
  fileMs: Map<string, number>;
  phaseMs: Record<string, number>;
}

async function timedImport(database: DatabaseHandle, districtId: number, sources: ImportSource[]): Promise<Timed> {
  const fileMs = new Map<string, number>();
  const phaseMs: Record<string, number> = {};
  const started = performance.now();
  let last = started;
  let lastKey = 'reading:';
  const mark = (p: ImportProgress) => {
    enterPhase(p.phase === 'done' ? 'setup' : p.phase);
    const t = performance.now();
    const key = `${p.phase}:${p.phase === 'reading' ? (p.file ?? '') : ''}`;
    if (key === lastKey) return;
    const [phase, file] = lastKey.split(/:(.*)/s);
    if (phase === 'reading' && file) fileMs.set(file, (fileMs.get(file) ?? 0) + (t - last));
    else phaseMs[phase] = (phaseMs[phase] ?? 0) + (t - last);
    last = t;
    lastKey = key;
  };
  const result = await runImport(database, districtId, sources, { actor: systemActor(districtId), onProgress: mark });
  mark({ phase: 'done', file: null, bytesRead: 0, totalBytes: 0, records: 0, rowsPerSecond: 0 });
  if (result.status !== 'done') throw new Error(`the import was refused: ${result.issues.slice(0, 5).map((i) => `${i.file}:${i.line}: ${i.reason}`).join('; ')}`);
  return { result, ms: performance.now() - started, fileMs, phaseMs };
}

function report(t: Timed) {
  for (const f of t.result.files) {
    const ms = t.fileMs.get(f.name);
    if (!ms || f.rows === 0) continue;
    console.log(`    ${f.name.padEnd(22)} ${n(f.rows).padStart(11)} rows  ${secs(ms).padStart(7)}  ${n((f.rows / ms) * 1000).padStart(11)} rows/s (read, checked, staged)`);
  }
  for (const [phase, ms] of Object.entries(t.phaseMs)) if (phase !== 'reading' && phase !== 'done' && ms > 50) console.log(`    ${phase.padEnd(22)} ${secs(ms).padStart(25)}`);
}

async function bench(kind: 'sqlite' | 'postgres', files: Awaited<ReturnType<typeof generated>>) {
  console.log(`\n${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'}`);
  const { handle, drop } = await freshDatabase(kind);
  resetPeaks();
  const cpu0 = process.cpuUsage();
  try {
    await migrateToLatest(handle.db);
    const district = await createDistrict(handle.db, { code: 'bench', name: 'Bench Unified' });
    const roster = await timedImport(handle, district.id, [
      { type: 'oneroster', path: files.roster },
      { type: 'csv-folder', path: files.templates },
    ]);
    console.log(`  roster and records: ${n(roster.result.totals.rows)} rows in ${secs(roster.ms)}`);
    report(roster);
    const attendance = await timedImport(handle, district.id, [{ type: 'csv', kind: 'attendance', path: files.attendance }]);
    const rows = attendance.result.totals.rows;
    console.log(`  attendance: ${n(rows)} rows in ${secs(attendance.ms)} = ${n((rows / attendance.ms) * 1000)} rows/s end to end (read, checked, staged, applied, figures recomputed)`);
    report(attendance);
    const again = await timedImport(handle, district.id, [{ type: 'csv', kind: 'attendance', path: files.attendance }]);
    console.log(`  the same attendance file again: ${again.result.nothingChanged ? 'nothing changed' : 'CHANGED'} in ${secs(again.ms)}`);
    const cpu = process.cpuUsage(cpu0);
    console.log(`  whole district: ${secs(roster.ms + attendance.ms)} (${(((cpu.user + cpu.system) / 1e6) | 0)} s of CPU in this process, re-import included)`);
    enterPhase('setup');
    const mb = (x: number) => n(x / 1024 / 1024);
    console.log(`  peak memory: ${mb(Math.max(...phasePeaks))} MB (resident set of the whole process, worker threads included); while reading ${mb(peakOf('reading'))} MB, applying ${mb(peakOf('applying'))} MB, while the measures recompute ${mb(peakOf('recomputing'))} MB`);
  } finally {
    await handle.close();
    await drop();
  }
}

mkdirSync(OUT, { recursive: true });
const files = await generated();
for (const kind of ['sqlite', 'postgres'] as const) if (!ONLY || ONLY === kind) await bench(kind, files);
await sampler?.terminate();
