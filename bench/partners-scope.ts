/**
 * Partner data-sharing scope benchmark: how long the students a partner may see take to work out,
 * on a district of 50,000 students (default), for the two kinds of terms — a list of named students
 * and a school/grade scope narrowed by consent records — and how long recording the disclosures of
 * a page of students takes. Prints p50 / p95 over N runs (default 50) on SQLite and PostgreSQL.
 *
 *   npx tsx bench/partners-scope.ts [--students 50000] [--runs 50] [--only sqlite|postgres]
 *                                   [--pg postgres://postgres@127.0.0.1:5432/postgres] [--keep]
 *
 * --keep leaves the PostgreSQL database (village_bench_partners_<pid>) for EXPLAIN.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../server/db/database.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { createDistrict } from '../server/districts/commands.ts';
import { operatorActor, type Actor } from '../server/auth/actor.ts';
import { canSeeStudent, visibleStudentIds } from '../server/auth/scope.ts';
import '../server/wiring.ts';
import { createPartner } from '../server/partners/directory.ts';
import { changeStatus, createAgreement, setSignatories } from '../server/partners/agreements.ts';
import { createTerms, recordDisclosures, setTermsScope, setTermsStudents } from '../server/partners/data-sharing.ts';
import { addDaysIso, todayIso } from '../server/partners/agreement-rules.ts';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const STUDENTS = Number(opt('students', '50000'));
const RUNS = Number(opt('runs', '50'));
const ONLY = opt('only', '');
const PG_ADMIN = opt('pg', process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const KEEP = args.includes('--keep');
const SCHOOLS = 20;
const GRADES = ['KG', '01', '02', '03', '04', '05'];

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const ms = (n: number) => `${n.toFixed(1)} ms`;

async function time(label: string, fn: () => Promise<unknown>) {
  const t: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const s = performance.now();
    await fn();
    t.push(performance.now() - s);
  }
  console.log(`  ${label.padEnd(58)} p50 ${ms(pct(t, 50)).padStart(9)}  p95 ${ms(pct(t, 95)).padStart(9)}`);
}

async function seed(h: DatabaseHandle): Promise<{ list: Actor; scope: Actor; sample: number[] }> {
  const db = h.db;
  const district = await createDistrict(db, { code: 'bench', name: 'Bench district' });
  const d = district.id;
  const op = operatorActor(d);
  const year = await db.insertInto('school_years').values({ district_id: d, name: '2025-2026', start_date: '2025-08-15', end_date: '2026-06-15' }).returning('id').executeTakeFirstOrThrow();
  const schools: number[] = [];
  for (let i = 0; i < SCHOOLS; i++) schools.push((await db.insertInto('schools').values({ district_id: d, code: `S${i}`, name: `School ${i}` }).returning('id').executeTakeFirstOrThrow()).id);
  const started = performance.now();
  await h.seam.copyInto(
    'students',
    ['district_id', 'ext_id', 'first_name', 'last_name', 'birth_date'],
    (function* () {
      for (let i = 0; i < STUDENTS; i++) yield [d, `st${i}`, `First${i}`, `Last${i}`, '2015-03-01'];
    })(),
  );
  const ids = (await db.selectFrom('students').select('id').where('district_id', '=', d).orderBy('id').execute()).map((r) => r.id);
  await h.seam.copyInto(
    'enrollments',
    ['district_id', 'student_id', 'school_id', 'school_year_id', 'grade', 'entry_date', 'status', 'created_at', 'updated_at'],
    (function* () {
      const at = new Date().toISOString();
      for (let i = 0; i < ids.length; i++) yield [d, ids[i], schools[i % SCHOOLS], year.id, GRADES[i % GRADES.length], '2025-08-15', 'active', at, at];
    })(),
  );
  await h.seam.analyze('students');
  await h.seam.analyze('enrollments');
  console.log(`  seeded ${STUDENTS.toLocaleString('en-US')} students in ${SCHOOLS} schools in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const today = todayIso();
  const makeTerms = async (name: string, selection: 'list' | 'scope') => {
    const partnerId = await createPartner(db, op, { name, alternateName: null, sector: 'literacy_attendance_nonprofit', description: name, mission: null, email: null, website: null, status: 'active' });
    const agreement = await createAgreement(db, op, {
      title: name,
      purpose: 'Bench',
      startDate: addDaysIso(today, -10),
      endDate: addDaysIso(today, 300),
      renewalNoticeDays: 30,
      parties: [
        { type: 'district', name: null, responsibilities: [] },
        { type: 'partner', partnerId, name: null, responsibilities: [] },
      ],
    });
    await setSignatories(db, op, agreement, [
      { party: 'district', name: 'D', title: null, email: null, signedOn: addDaysIso(today, -11) },
      { party: `partner:${partnerId}`, name: 'P', title: null, email: null, signedOn: addDaysIso(today, -11) },
    ]);
    await changeStatus(db, op, agreement, { action: 'activate' });
    const terms = await createTerms(db, op, agreement, { partnerId, ferpaRoute: selection === 'list' ? 'school_official' : 'consent', dataCategories: ['attendance'], purpose: 'Bench', selection, destructionDate: addDaysIso(today, 400), notes: null });
    return { partnerId, terms };
  };
  const list = await makeTerms('List partner', 'list');
  await setTermsStudents(db, op, list.terms, { studentIds: ids.filter((_, i) => i % 100 === 0) });
  const scope = await makeTerms('Scope partner', 'scope');
  await setTermsScope(db, op, scope.terms, [
    { schoolId: schools[0], grade: null },
    { schoolId: schools[1], grade: null },
  ]);
  // One student in ten of those two schools has a parent's consent on file.
  const consented = ids.filter((_, i) => i % SCHOOLS < 2 && Math.floor(i / SCHOOLS) % 10 === 0);
  await h.seam.copyInto(
    'consent_records',
    ['district_id', 'terms_id', 'student_id', 'given_by', 'signer_name', 'signed_on', 'records_described', 'purpose', 'created_at', 'updated_at'],
    (function* () {
      const at = new Date().toISOString();
      for (const id of consented) yield [d, scope.terms, id, 'parent', 'Parent', addDaysIso(today, -5), 'Attendance', 'Bench', at, at];
    })(),
  );
  await h.seam.analyze('consent_records');
  const actor = (partnerId: number): Actor => ({ ...op, role: 'partner_staff', partnerId, email: `p${partnerId}@bench`, via: 'web' });
  return { list: actor(list.partnerId), scope: actor(scope.partnerId), sample: ids.filter((_, i) => i % 100 === 0).slice(0, 500) };
}

async function run(label: string, h: DatabaseHandle) {
  console.log(`\n${label}`);
  await migrateToLatest(h.db);
  const { list, scope, sample } = await seed(h);
  const listed = (await visibleStudentIds(h.db, list).execute()).length;
  const scoped = (await visibleStudentIds(h.db, scope).execute()).length;
  console.log(`  the list partner sees ${listed} students; the scope partner sees ${scoped}`);
  await time('visibleStudentIds, list of named students (all ids)', () => visibleStudentIds(h.db, list).execute());
  await time('visibleStudentIds, school scope narrowed by consent (all ids)', () => visibleStudentIds(h.db, scope).execute());
  await time('canSeeStudent, one student, school scope + consent', () => canSeeStudent(h.db, scope, sample[3]));
  await time(`recordDisclosures for a page of ${Math.min(50, sample.length)} students`, () => recordDisclosures(h.db, list, sample.slice(0, 50), 'bench'));
}

if (ONLY !== 'postgres') {
  const dir = mkdtempSync(path.join(tmpdir(), 'village-bench-partners-'));
  const h = openDatabase(`sqlite:${path.join(dir, 'bench.db')}`);
  try {
    await run(`SQLite — ${STUDENTS.toLocaleString('en-US')} students`, h);
  } finally {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
if (ONLY !== 'sqlite') {
  const name = `village_bench_partners_${process.pid}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const u = new URL(PG_ADMIN);
  u.pathname = `/${name}`;
  const h = openDatabase(u.toString());
  try {
    await run(`PostgreSQL — ${STUDENTS.toLocaleString('en-US')} students`, h);
  } finally {
    await h.close();
    if (KEEP) console.log(`  kept database ${name}`);
    else await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
