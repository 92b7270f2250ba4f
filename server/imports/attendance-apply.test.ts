/**
 * Applying attendance files too large to update the table's indexes row by row: on SQLite the
 * indexes are rebuilt once (see the seam's bulkWrite), and the rows are written in key order. The
 * counts stay exact, the same file twice changes nothing, and an import that fails half way leaves
 * the rows and the indexes exactly as they were.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { sql } from 'kysely';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from '../../test/db.ts';
import { createDistrict } from '../districts/commands.ts';
import { importCsv } from './index.ts';
import { csv, fixtureFolder, options, removeFixtures, snapshot } from './test-helpers.ts';

const STUDENTS = 700;
/** Weekdays from 2021-08-16 on. */
const DAYS = (() => {
  const out: string[] = [];
  for (let t = Date.UTC(2021, 7, 16); out.length < 320; t += 86_400_000) {
    const d = new Date(t);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) out.push(d.toISOString().slice(0, 10));
  }
  return out;
})();
const student = (i: number) => `st${String(i).padStart(4, '0')}`;
const statusOf = (i: number, day: number) => ((i + day) % 17 === 0 ? 'partial' : (i + day) % 5 === 0 ? 'tardy' : 'present');

interface Row {
  student: string;
  date: string;
  status: string;
  minutes: number | null;
}

/** Every student's rows for days [from, to), student by student. */
function rows(from: number, to: number): Row[] {
  const out: Row[] = [];
  for (let i = 1; i <= STUDENTS; i++) {
    for (let day = from; day < to; day++) {
      const status = statusOf(i, day);
      out.push({ student: student(i), date: DAYS[day], status, minutes: status === 'partial' ? 60 + (i % 7) * 10 : null });
    }
  }
  return out;
}

function attendanceFile(list: Row[]): string {
  const dir = fixtureFolder({ 'attendance.csv': csv('student_id,school_id,date,status,minutes_absent', ...list.map((r) => `${r.student},S1,${r.date},${r.status},${r.minutes ?? ''}`)) });
  return path.join(dir, 'attendance.csv');
}

let t: TestDatabase;
let districtId: number;

async function indexes(): Promise<string[]> {
  const r =
    testDatabaseKind() === 'postgres'
      ? await sql<{ name: string }>`select indexname as name from pg_indexes where tablename = 'attendance_records' order by 1`.execute(t.db)
      : await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'attendance_records' order by 1`.execute(t.db);
  return r.rows.map((x) => x.name);
}

async function attendanceCount(): Promise<number> {
  const r = await t.db.selectFrom('attendance_records').select((eb) => eb.fn.countAll().as('n')).where('district_id', '=', districtId).executeTakeFirstOrThrow();
  return Number(r.n);
}

beforeAll(async () => {
  t = await createTestDatabase();
  districtId = (await createDistrict(t.db, { code: 'att', name: 'Attendance' })).id;
  const students = Array.from({ length: STUDENTS }, (_, k) => `${student(k + 1)},First${k + 1},Last${k + 1}`);
  const dir = fixtureFolder({
    'schools.csv': csv('school_id,name,school_type,low_grade,high_grade', 'S1,Alder Elementary,elementary,KG,05'),
    'students.csv': csv('student_id,first_name,last_name', ...students),
  });
  for (const f of ['schools.csv', 'students.csv']) {
    const r = await importCsv(t, districtId, f === 'schools.csv' ? 'schools' : 'students', path.join(dir, f), options(districtId));
    expect(r.status).toBe('done');
  }
});

afterAll(async () => {
  removeFixtures();
  await t?.drop();
});

describe('a large attendance file', () => {
  const first = rows(0, 150);
  let stored: string[] = [];

  it('is stored whole, with the table’s indexes, and the same file again changes nothing', async () => {
    stored = await indexes();
    expect(first.length).toBeGreaterThan(100_000);
    const file = attendanceFile(first);
    const r = await importCsv(t, districtId, 'attendance', file, options(districtId));
    expect(r.errors).toBe(0);
    expect(r.files[0]).toMatchObject({ rows: first.length, added: first.length, changed: 0, removed: 0 });
    expect(await attendanceCount()).toBe(first.length);
    expect(await indexes()).toEqual(stored);

    const before = await snapshot(t.db, districtId);
    const again = await importCsv(t, districtId, 'attendance', file, options(districtId));
    expect(again.nothingChanged).toBe(true);
    expect(again.files[0]).toMatchObject({ rows: first.length, added: 0, changed: 0, removed: 0, unchanged: first.length });
    expect(await snapshot(t.db, districtId)).toEqual(before);
    expect(await indexes()).toEqual(stored);
  });

  it('counts exactly the rows it adds and the minutes it changes, in whatever order the file comes', async () => {
    const next = rows(0, 150);
    // Ten stored rows with other minutes, and the whole district on ten more days.
    const changed = next.filter((r) => r.status === 'partial').slice(0, 10);
    for (const r of changed) r.minutes = 1000 + (r.minutes ?? 0);
    const added = rows(150, 160);
    // Day by day rather than student by student: the rows are sorted before they are written.
    const file = [...next, ...added].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.student < b.student ? -1 : 1));
    const r = await importCsv(t, districtId, 'attendance', attendanceFile(file), options(districtId));
    expect(r.errors).toBe(0);
    expect(r.files[0]).toMatchObject({ rows: file.length, added: added.length, changed: changed.length, removed: 0, unchanged: next.length - changed.length });
    expect(await attendanceCount()).toBe(first.length + added.length);
    const ids = new Map((await t.db.selectFrom('students').select(['id', 'ext_id']).where('district_id', '=', districtId).execute()).map((s) => [s.ext_id, s.id]));
    for (const c of changed.slice(0, 3)) {
      const row = await t.db.selectFrom('attendance_records').select('minutes_absent').where('district_id', '=', districtId).where('student_id', '=', ids.get(c.student)!).where('date', '=', c.date).executeTakeFirstOrThrow();
      expect(row.minutes_absent).toBe(c.minutes);
    }
    expect(await indexes()).toEqual(stored);
    const again = await importCsv(t, districtId, 'attendance', attendanceFile(file), options(districtId));
    expect(again.nothingChanged).toBe(true);
  });

  it('that fails while it is applied leaves every row and index as it was', async () => {
    // Many new rows (more than the table holds: its indexes are dropped to be rebuilt), the last
    // of which the database refuses.
    const more = rows(160, 320);
    more[more.length - 1].minutes = 1439;
    if (testDatabaseKind() === 'postgres') {
      await sql`create function refuse_1439() returns trigger language plpgsql as $$ begin if new.minutes_absent = 1439 then raise exception 'refused'; end if; return new; end $$`.execute(t.db);
      await sql`create trigger refuse_1439 before insert on attendance_records for each row execute function refuse_1439()`.execute(t.db);
    } else {
      await sql`create trigger refuse_1439 before insert on attendance_records when new.minutes_absent = 1439 begin select raise(abort, 'refused'); end`.execute(t.db);
    }
    try {
      const before = await snapshot(t.db, districtId);
      const count = await attendanceCount();
      await expect(importCsv(t, districtId, 'attendance', attendanceFile(more), options(districtId))).rejects.toThrow(/refused/);
      expect(await attendanceCount()).toBe(count);
      expect(await snapshot(t.db, districtId)).toEqual(before);
      expect(await indexes()).toEqual(stored);
    } finally {
      await sql`drop trigger refuse_1439${sql.raw(testDatabaseKind() === 'postgres' ? ' on attendance_records' : '')}`.execute(t.db);
    }
    // And the same file without the refused row goes in whole, indexes and all.
    more.pop();
    const r = await importCsv(t, districtId, 'attendance', attendanceFile(more), options(districtId));
    expect(r.files[0]).toMatchObject({ added: more.length, changed: 0 });
    expect(await indexes()).toEqual(stored);
    const planned = testDatabaseKind() === 'postgres' ? null : await sql<{ detail: string }>`explain query plan select count(*) from attendance_records where district_id = ${districtId} and school_id = 1 and date = '2021-09-01'`.execute(t.db);
    if (planned) expect(planned.rows.map((p) => p.detail).join(' ')).toMatch(/attendance_records_school_date/);
  });
});
