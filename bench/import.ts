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
 *                           [--pg postgres://postgres@127.0.0.1:5432/postgres] [--fresh]
 *
 * The generated files are kept in bench/out/imports/ and reused (--fresh makes them again); each
 * run imports into a new database (a temporary SQLite file, a PostgreSQL database dropped after).
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../server/db/database.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { createDistrict } from '../server/districts/commands.ts';
import { systemActor } from '../server/auth/actor.ts';
import { generateDistrict } from '../server/generator/index.ts';
import { runImport, type ImportProgress, type ImportResult, type ImportSource } from '../server/imports/index.ts';
import '../server/wiring.ts';

const args = process.argv.slice(2);
const opt = (name: string, fallback?: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const STUDENTS = Number(opt('students', '50000'));
const SEED = Number(opt('seed', '1'));
const ONLY = opt('only');
const PG_ADMIN = opt('pg', process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres') as string;
const FRESH = args.includes('--fresh');
const YEAR = '2024-2025';
const OUT = path.resolve('bench', 'out', 'imports');
const DATA = path.join(OUT, `district-${STUDENTS}-${SEED}`);

const n = (x: number) => Math.round(x).toLocaleString('en-US');
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * Peak memory of this process, sampled every 50 ms (RSS: the JavaScript heap, buffers and SQLite's
 * cache), overall and per phase of the import under way (reading, applying, recomputing).
 */
let peakRss = 0;
let currentPhase = 'setup';
const phasePeak: Record<string, number> = {};
const sampler = setInterval(() => {
  const rss = process.memoryUsage().rss;
  peakRss = Math.max(peakRss, rss);
  phasePeak[currentPhase] = Math.max(phasePeak[currentPhase] ?? 0, rss);
}, 50);
sampler.unref();

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
    currentPhase = p.phase === 'recomputing' ? 'recomputing (measures)' : p.phase === 'done' ? 'setup' : 'import';
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
  peakRss = process.memoryUsage().rss;
  for (const k of Object.keys(phasePeak)) delete phasePeak[k];
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
    console.log(`  peak memory: ${n(peakRss / 1024 / 1024)} MB (resident set of the whole process); while importing ${n((phasePeak.import ?? 0) / 1024 / 1024)} MB, while the measures recompute ${n((phasePeak['recomputing (measures)'] ?? 0) / 1024 / 1024)} MB`);
  } finally {
    await handle.close();
    await drop();
  }
}

mkdirSync(OUT, { recursive: true });
const files = await generated();
for (const kind of ['sqlite', 'postgres'] as const) if (!ONLY || ONLY === kind) await bench(kind, files);
clearInterval(sampler);
