/**
 * Measures benchmark: a generated district (default 50,000 students, with its prior year), imported
 * through the ordinary importer into SQLite and PostgreSQL; then, on each database:
 *  - the time to recompute every measure after a full import (rebuild the per-student summary, then
 *    compute every measure's breakdowns from it, cold);
 *  - latency percentiles (p50 / p95 / p99 over N warm requests, default 200) of each API call the
 *    dashboards make, through the whole HTTP stack (session, access, validation, suppression,
 *    serialization), for a district director, a board member (suppressed) and a school coordinator;
 *  - the same chronic-absence-by-school figure computed by one plain SQL query over the raw tables,
 *    checked equal to the API's, its time, and the ratio.
 * Targets: p95 ≤ 100 ms per dashboard call on SQLite; full recompute ≤ 15 s.
 *
 *   npm run bench:measures -- [--students 50000] [--seed 1] [--requests 200]
 *                             [--only sqlite|postgres] [--pg postgres://postgres@127.0.0.1:5432/postgres] [--fresh]
 *
 * The generated files and the databases are kept in bench/out/measures/ (and a PostgreSQL database
 * named village_bench_<students>) and reused by the next run; --fresh rebuilds them.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import { openDatabase, type DatabaseHandle } from '../server/db/database.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { createDistrict } from '../server/districts/commands.ts';
import { createUser } from '../server/users/commands.ts';
import { createSession } from '../server/auth/sessions.ts';
import { systemActor } from '../server/auth/actor.ts';
import { generateDistrict } from '../server/generator/index.ts';
import { importFolder } from '../server/imports/index.ts';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import '../server/wiring.ts';
import { recomputeAll } from '../server/measures/refresh.ts';
import { clearSnapshotCache, getSnapshot, readVersions } from '../server/measures/snapshot.ts';
import { clearMeasureCaches, computeMeasure, defaultYear, listYears, type Dimension, type MeasureAccess } from '../server/measures/engine.ts';
import { listMeasures } from '../server/measures/registry.ts';
import { FULL_DAY_ABSENCES } from '../server/measures/summary.ts';
import type { Role } from '../common/roles.ts';
import { benchOptions } from './options.ts';

const options = benchOptions('measures', { requests: { type: 'string', default: '200' } });
const { students: STUDENTS, seed: SEED, only: ONLY, pgAdmin: PG_ADMIN, fresh: FRESH, year: YEAR, out: OUT, data: DATA } = options;
const REQUESTS = Number(options.extra.requests);

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const now = () => performance.now();

async function generated(): Promise<string> {
  const marker = path.join(DATA, 'generator.json');
  if (!FRESH && existsSync(marker)) {
    const m = JSON.parse(readFileSync(marker, 'utf8'));
    if (m.options?.students === STUDENTS && m.options?.seed === SEED && m.options?.year === YEAR) return path.join(DATA, 'csv');
  }
  console.log(`Generating a ${STUDENTS.toLocaleString('en')}-student district (${YEAR} and the year before)…`);
  const t = now();
  const g = await generateDistrict({ students: STUDENTS, year: YEAR, priorYears: 1, seed: SEED, out: DATA });
  console.log(`  ${g.rows['csv/attendance.csv'].toLocaleString('en')} attendance rows, ${g.schools.length} schools, in ${secs(now() - t)}.`);
  return g.csvDir;
}

async function openBenchDatabase(kind: 'sqlite' | 'postgres'): Promise<{ handle: DatabaseHandle; fresh: boolean }> {
  if (kind === 'sqlite') {
    const file = path.join(OUT, `bench-${STUDENTS}-${SEED}.db`);
    if (FRESH) for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
    const fresh = !existsSync(file);
    return { handle: openDatabase(`sqlite:${file}`), fresh };
  }
  const name = `village_bench_${STUDENTS}_${SEED}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  if (FRESH) await admin.query(`drop database if exists ${name} with (force)`);
  const exists = (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1;
  if (!exists) await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(PG_ADMIN);
  u.pathname = `/${name}`;
  return { handle: openDatabase(u.toString(), { poolSize: 4 }), fresh: !exists };
}

/** Imports the generated district unless this database already holds it. */
async function prepare(handle: DatabaseHandle, csvDir: string): Promise<{ districtId: number; importSeconds: number | null }> {
  await migrateToLatest(handle.db);
  const existing = await handle.db.selectFrom('districts').select('id').where('code', '=', 'bench').executeTakeFirst();
  if (existing) {
    const runs = await handle.db.selectFrom('import_runs').select('status').where('district_id', '=', existing.id).where('status', '=', 'done').execute();
    if (runs.length > 0) return { districtId: existing.id, importSeconds: null };
    throw new Error('the bench database holds an unfinished import; run again with --fresh');
  }
  const district = await createDistrict(handle.db, { code: 'bench', name: 'Riverside Unified School District (bench)' });
  console.log('  importing the generated district through the ordinary importer…');
  const t = now();
  const result = await importFolder(handle, district.id, csvDir, { kind: 'csv-templates', actor: systemActor(district.id) });
  if (result.status !== 'done') throw new Error(`the import was refused: ${result.message}`);
  const importSeconds = (now() - t) / 1000;
  console.log(`  imported ${result.totals.rows.toLocaleString('en')} rows in ${importSeconds.toFixed(0)} s (figures recomputed before it reported done).`);
  return { districtId: district.id, importSeconds };
}

async function accounts(handle: DatabaseHandle, districtId: number): Promise<Record<'director' | 'board' | 'coordinator', { cookie: string; schoolId: number | null }>> {
  const db = handle.db;
  const firstSchool = await db.selectFrom('schools').select('id').where('district_id', '=', districtId).orderBy('code').executeTakeFirstOrThrow();
  const want: Array<[key: 'director' | 'board' | 'coordinator', role: Role]> = [
    ['director', 'district_admin'],
    ['board', 'viewer'],
    ['coordinator', 'school_staff'],
  ];
  const out = {} as Record<'director' | 'board' | 'coordinator', { cookie: string; schoolId: number | null }>;
  for (const [key, role] of want) {
    const email = `${key}@bench.example`;
    let user = await db.selectFrom('users').select(['id', 'district_id']).where('email', '=', email).executeTakeFirst();
    if (!user) {
      const created = await createUser(db, { districtId, email, displayName: key, role, password: 'bench-password-1', schoolIds: role === 'school_staff' ? [firstSchool.id] : [] });
      user = { id: created.user.id, district_id: districtId };
    }
    const s = await createSession(db, { id: user.id, district_id: districtId }, { ip: null, userAgent: 'bench', hours: 2 });
    out[key] = { cookie: `village_session=${s.token}`, schoolId: role === 'school_staff' ? firstSchool.id : null };
  }
  return out;
}

/**
 * Recompute after a full import, cold: rebuild the per-student summary of every school year, then
 * compute every measure of the current year at its default date for full access and for the public
 * (each computation holds every breakdown: school, grade, group and their combinations). Then, apart,
 * everything else the dashboards compute on first use: the prior year and the monthly trends.
 */
async function fullRecompute(handle: DatabaseHandle, districtId: number, currentYear: string) {
  clearSnapshotCache();
  clearMeasureCaches();
  const t0 = now();
  const r = await recomputeAll(handle.db, districtId);
  const t1 = now();
  let computed = 0;
  const compute = async (year: string, measure: string, by: Dimension[], access: MeasureAccess) => {
    try {
      await computeMeasure(handle.db, districtId, { measure, year, by }, access);
      computed++;
    } catch (err) {
      console.log(`  (${measure} ${year}: ${(err as Error).message})`);
    }
  };
  const both: MeasureAccess[] = [{ kind: 'full' }, { kind: 'public' }];
  for (const m of listMeasures()) for (const access of both) await compute(currentYear, m.key, [], access);
  const t2 = now();
  const currentComputed = computed;
  for (const y of await listYears(handle.db, districtId)) {
    for (const access of both) {
      if (y.name !== currentYear) for (const m of listMeasures()) await compute(y.name, m.key, [], access);
      await compute(y.name, 'chronic-absence', ['month'], access);
    }
  }
  const t3 = now();
  return { summaryMs: t1 - t0, measuresMs: t2 - t1, totalMs: t2 - t0, restMs: t3 - t2, years: r.years, rows: r.rows, absenceRecords: r.absenceRecords, computed: currentComputed, restComputed: computed - currentComputed };
}

/** How busy the machine is: a fixed CPU loop, and the load average (the figures scale with both). */
function machineLoad(): string {
  const t = now();
  let x = 0;
  for (let i = 0; i < 1e8; i++) x += i % 7;
  const ms = now() - t;
  return `CPU check: 10^8-step loop ${ms.toFixed(0)} ms${x < 0 ? '' : ''}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores`;
}

function percentiles(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
  return { p50: at(50), p95: at(95), p99: at(99), max: s[s.length - 1] };
}

/** The plain SQL over the raw tables: chronic absence by school, as of a date. */
async function plainSql(handle: DatabaseHandle, districtId: number, yearId: number, start: string, asOf: string, minDays: number) {
  const statuses = sql.join(FULL_DAY_ABSENCES.map((s) => sql.lit(s)));
  const q = sql<{ code: string; eligible: number; chronic: number }>`
    with enrolled as (
      select e.student_id, e.school_id, count(distinct c.date) as days
      from enrollments e
      join students st on st.id = e.student_id and st.district_id = e.district_id and st.status = 'active'
      join calendar_days c on c.district_id = e.district_id and c.school_id = e.school_id and c.school_year_id = e.school_year_id
        and c.instructional = 1 and c.date >= e.entry_date and (e.exit_date is null or c.date <= e.exit_date) and c.date <= ${asOf}
      where e.district_id = ${districtId} and e.school_year_id = ${yearId} and e.status = 'active'
      group by e.student_id, e.school_id
    ),
    absent as (
      select a.student_id, a.school_id, count(distinct a.date) as days
      from attendance_records a
      join calendar_days c on c.district_id = a.district_id and c.school_id = a.school_id and c.date = a.date and c.instructional = 1 and c.school_year_id = ${yearId}
      where a.district_id = ${districtId} and a.date >= ${start} and a.date <= ${asOf} and a.status in (${statuses})
        and exists (select 1 from enrollments e where e.district_id = a.district_id and e.student_id = a.student_id and e.school_id = a.school_id
          and e.school_year_id = ${yearId} and e.status = 'active' and e.entry_date <= a.date and (e.exit_date is null or a.date <= e.exit_date))
      group by a.student_id, a.school_id
    )
    select s.code as code,
      sum(case when en.days >= ${minDays} then 1 else 0 end) as eligible,
      sum(case when en.days >= ${minDays} and 10 * coalesce(ab.days, 0) >= en.days then 1 else 0 end) as chronic
    from enrolled en
    left join absent ab on ab.student_id = en.student_id and ab.school_id = en.school_id
    join schools s on s.id = en.school_id
    group by s.code
    having sum(case when en.days >= ${minDays} then 1 else 0 end) > 0
    order by s.code`;
  const times: number[] = [];
  let rows: Array<{ code: string; eligible: number; chronic: number }> = [];
  for (let i = 0; i < 3; i++) {
    const t = now();
    rows = (await q.execute(handle.db)).rows;
    times.push(now() - t);
  }
  times.sort((a, b) => a - b);
  return { ms: times[1], rows: rows.map((r) => ({ code: r.code, eligible: Number(r.eligible), chronic: Number(r.chronic) })) };
}

async function benchDatabase(kind: 'sqlite' | 'postgres', csvDir: string) {
  console.log(`\n━━ ${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'} ━━`);
  const { handle } = await openBenchDatabase(kind);
  try {
    const { districtId, importSeconds } = await prepare(handle, csvDir);
    const students = Number((await handle.db.selectFrom('students').select((eb) => eb.fn.countAll<number>().as('n')).where('district_id', '=', districtId).executeTakeFirstOrThrow()).n);
    const attendance = Number((await handle.db.selectFrom('attendance_records').select((eb) => eb.fn.countAll<number>().as('n')).where('district_id', '=', districtId).executeTakeFirstOrThrow()).n);
    console.log(`  ${students.toLocaleString('en')} students, ${attendance.toLocaleString('en')} attendance records.`);

    console.log(`  ${machineLoad()}`);
    const year = (await defaultYear(handle.db, districtId, '2025-06-30'))!;
    const recompute = await fullRecompute(handle, districtId, year.name);
    console.log(
      `  full recompute: ${secs(recompute.totalMs)} = summary rebuild ${secs(recompute.summaryMs)} (${recompute.rows.toLocaleString('en')} student-school-years from ${recompute.absenceRecords.toLocaleString('en')} absence records, ${recompute.years} years)` +
        ` + every measure of ${year.name}, full and suppressed, every breakdown ${secs(recompute.measuresMs)} (${recompute.computed} results)`,
    );
    console.log(`  then, on first use: the prior year and the monthly trends, full and suppressed: ${secs(recompute.restMs)} (${recompute.restComputed} results)`);
    const as = await accounts(handle, districtId);
    const config = loadConfig({ DATABASE_URL: handle.url, LOG_LEVEL: 'silent', VILLAGE_WEB_DIR: './web/dist', VILLAGE_FILES_DIR: path.join(OUT, 'files') }, { dotenvPath: '' });
    const app = await buildApp({ config, database: handle });
    await app.ready();
    const school = as.coordinator.schoolId;
    const calls: Array<[label: string, who: keyof typeof as, url: string]> = [
      ['district overview (director)', 'director', `/api/v1/dashboard?year=${year.name}`],
      ['district overview (board, suppressed)', 'board', `/api/v1/dashboard?year=${year.name}`],
      ['school page (coordinator)', 'coordinator', `/api/v1/dashboard/schools/${school}?year=${year.name}`],
      ['chronic absence by school (board)', 'board', `/api/v1/measures/chronic-absence?year=${year.name}&by=school`],
      ['chronic absence by school and group (board)', 'board', `/api/v1/measures/chronic-absence?year=${year.name}&by=school,group`],
      ['attendance tiers by school and grade (board)', 'board', `/api/v1/measures/attendance-tiers?year=${year.name}&by=school,grade`],
      ['chronic absence by month (board)', 'board', `/api/v1/measures/chronic-absence?year=${year.name}&by=month`],
      ['goals (board)', 'board', '/api/v1/goals'],
      ['early-warning list of a school (coordinator)', 'coordinator', `/api/v1/student-lists/early-warning?year=${year.name}&schoolId=${school}`],
    ];
    const results: Array<{ call: string; cold: number; p50: number; p95: number; p99: number; max: number }> = [];
    for (const [label, who, url] of calls) {
      const inject = () => app.inject({ method: 'GET', url, headers: { cookie: as[who].cookie } });
      let t = now();
      const first = await inject();
      const cold = now() - t;
      if (first.statusCode !== 200) throw new Error(`${url}: ${first.statusCode} ${first.body.slice(0, 300)}`);
      const samples: number[] = [];
      for (let i = 0; i < REQUESTS; i++) {
        t = now();
        const res = await inject();
        samples.push(now() - t);
        if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode}`);
      }
      results.push({ call: label, cold, ...percentiles(samples) });
    }
    console.log(`  dashboard API calls, ${REQUESTS} warm requests each (ms):`);
    console.log(`    ${'call'.padEnd(48)} ${'first'.padStart(8)} ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'p99'.padStart(7)}`);
    for (const r of results) console.log(`    ${r.call.padEnd(48)} ${r.cold.toFixed(0).padStart(8)} ${r.p50.toFixed(1).padStart(7)} ${r.p95.toFixed(1).padStart(7)} ${r.p99.toFixed(1).padStart(7)}`);

    // The plain SQL figure, checked against the API's (full access, by school, same as-of).
    const api = (await app.inject({ method: 'GET', url: `/api/v1/measures/chronic-absence?year=${year.name}&by=school`, headers: { cookie: as.director.cookie } })).json();
    const snap = await getSnapshot(handle.db, districtId, year, await readVersions(handle.db, districtId));
    const plain = await plainSql(handle, districtId, year.id, year.start_date, api.asOf, snap.settings.minDaysEnrolled);
    const apiRows = api.rows.map((r: { school_id: string; denominator: number; numerator: number }) => ({ code: r.school_id, eligible: r.denominator, chronic: r.numerator }));
    const same = JSON.stringify(apiRows) === JSON.stringify(plain.rows);
    const apiSamples: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const t = now();
      await app.inject({ method: 'GET', url: `/api/v1/measures/chronic-absence?year=${year.name}&by=school`, headers: { cookie: as.director.cookie } });
      apiSamples.push(now() - t);
    }
    const apiP50 = percentiles(apiSamples).p50;
    console.log(
      `  chronic absence by school as of ${api.asOf}: plain SQL over the raw tables ${plain.ms.toFixed(0)} ms (median of 3) vs the API ${apiP50.toFixed(1)} ms (p50):` +
        ` ${(plain.ms / apiP50).toFixed(0)}× — figures ${same ? 'identical' : 'DIFFERENT'} (${plain.rows.length} schools)`,
    );
    if (!same) {
      console.log('    API  ', JSON.stringify(apiRows.slice(0, 5)));
      console.log('    SQL  ', JSON.stringify(plain.rows.slice(0, 5)));
    }
    console.log(`  ${machineLoad()}`);
    const worstP95 = Math.max(...results.map((r) => r.p95));
    console.log(`  targets: p95 ≤ 100 ms (worst ${worstP95.toFixed(1)} ms)${kind === 'sqlite' ? (worstP95 <= 100 ? ' ✔' : ' ✘') : ' (SQLite target)'}; full recompute ≤ 15 s (${secs(recompute.totalMs)})${recompute.totalMs <= 15_000 ? ' ✔' : ' ✘'}`);
    await app.close();
    return { kind, students, attendance, importSeconds, recompute, results, plainSql: { ms: plain.ms, apiP50, ratio: plain.ms / apiP50, identical: same } };
  } finally {
    await handle.close();
  }
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  const csvDir = await generated();
  const kinds = (ONLY ? [ONLY] : ['sqlite', 'postgres']) as Array<'sqlite' | 'postgres'>;
  for (const kind of kinds) await benchDatabase(kind, csvDir);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
