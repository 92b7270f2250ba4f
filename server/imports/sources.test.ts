/**
 * Several sources describing the same records: OneRoster and the Village CSV templates imported
 * together (as the demo does) or one after the other. Each field is set by the last source that
 * carries it, a source that does not carry a field leaves it as it is, and importing the same files
 * again changes nothing and says so. After a large import the planner statistics are fresh.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from '../../test/db.ts';
import { createDistrict } from '../districts/commands.ts';
import { generateDistrict } from '../generator/index.ts';
import { importCsv, importFolder, runImport, type ImportResult, type ImportSource } from './index.ts';
import { csv, fixtureFolder, options, removeFixtures, snapshot } from './test-helpers.ts';

let t: TestDatabase;
const tmp = mkdtempSync(path.join(tmpdir(), 'village-imports-sources-'));
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  removeFixtures();
  rmSync(tmp, { recursive: true, force: true });
  await t.drop();
});

const district = async (code: string) => (await createDistrict(t.db, { code, name: code })).id;

/** OneRoster 1.2: a school, a student with a middle name, a parent, a teacher. */
function oneRoster(users = 'sourcedId,status,dateLastModified,enabledUser,username,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,primaryOrgSourcedId'): Record<string, string> {
  const row = (cells: Record<string, string>) =>
    users
      .split(',')
      .map((c) => cells[c] ?? '')
      .join(',');
  return {
    'manifest.csv': csv('propertyName,value', 'oneroster.version,1.2', 'file.orgs,bulk', 'file.academicSessions,bulk', 'file.users,bulk', 'file.roles,bulk'),
    'orgs.csv': csv('sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId', 'D1,active,,Lakeside USD,district,,', 'SCH1,active,,Lakeside Elementary,school,0101,D1'),
    'academicSessions.csv': csv('sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear', 'Y22,active,,2021-2022,schoolYear,2021-08-16,2022-06-03,,2022'),
    'users.csv': csv(
      users,
      row({ sourcedId: 'U1', status: 'active', enabledUser: 'true', username: 'ana', givenName: 'Ana', familyName: 'Ruiz', middleName: 'Luz', identifier: '1001', email: 'ana@s.example', agentSourcedIds: 'P1', primaryOrgSourcedId: 'SCH1' }),
      row({ sourcedId: 'U2', status: 'active', enabledUser: 'true', username: 'bo', givenName: 'Bo', familyName: 'Ruiz', identifier: '1002', agentSourcedIds: 'P1', primaryOrgSourcedId: 'SCH1' }),
      row({ sourcedId: 'P1', status: 'active', enabledUser: 'true', username: 'pat', givenName: 'Pat', familyName: 'Ruiz', email: 'pat@home.example', phone: '555-0100', agentSourcedIds: '"U1,U2"', primaryOrgSourcedId: 'SCH1' }),
      row({ sourcedId: 'T1', status: 'active', enabledUser: 'true', username: 'tess', givenName: 'Tess', familyName: 'Vance', identifier: 'E7', email: 'tess@s.example', primaryOrgSourcedId: 'SCH1' }),
    ),
    'roles.csv': csv(
      'sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,orgSourcedId',
      'R1,active,,U1,primary,student,,,SCH1',
      'R2,active,,U2,primary,student,,,SCH1',
      'R3,active,,P1,primary,parent,,,SCH1',
      'R4,active,,T1,primary,teacher,,,SCH1',
    ),
  };
}

/** The same people in the Village templates: no middle name; the guardian's relationship, language and household. */
function templates(): Record<string, string> {
  return {
    'schools.csv': csv('school_id,name,school_type,low_grade,high_grade', 'SCH1,Lakeside Elementary School,elementary,KG,05'),
    'students.csv': csv('student_id,first_name,last_name,birth_date,sex,hispanic_latino,races,english_learner,disability,economically_disadvantaged,homeless,foster,home_language', 'U1,Ana,Ruiz,2013-04-02,F,Y,white,Y,N,Y,N,N,es', 'U2,Bo,Ruiz,2015-09-12,M,Y,white,N,N,Y,N,N,es'),
    'guardians.csv': csv('guardian_id,student_id,first_name,last_name,relationship,phone,email,preferred_language,lives_with_student', 'P1,U1,Pat,Ruiz,Mother,(555) 0100,pat@home.example,es,Y', 'P1,U2,Pat,Ruiz,Mother,(555) 0100,pat@home.example,es,N'),
  };
}

const changedFiles = (r: ImportResult) => r.files.filter((f) => f.added || f.changed || f.removed).map((f) => `${f.name}: ${f.added} added, ${f.changed} changed, ${f.removed} removed`);

async function stored(d: number) {
  const db = t.db;
  return {
    students: await db.selectFrom('students').select(['ext_id', 'first_name', 'middle_name', 'last_name', 'birth_date', 'local_id', 'email', 'home_language']).where('district_id', '=', d).orderBy('ext_id').execute(),
    guardians: await db.selectFrom('guardians').select(['ext_id', 'first_name', 'phone', 'email', 'preferred_language']).where('district_id', '=', d).orderBy('ext_id').execute(),
    links: await db
      .selectFrom('student_guardians')
      .innerJoin('students', 'students.id', 'student_guardians.student_id')
      .select(['students.ext_id', 'student_guardians.relationship', 'student_guardians.lives_with_student'])
      .where('student_guardians.district_id', '=', d)
      .orderBy('students.ext_id')
      .execute(),
    staff: await db.selectFrom('staff').select(['ext_id', 'email', 'local_id']).where('district_id', '=', d).orderBy('ext_id').execute(),
    schools: await db.selectFrom('schools').select(['code', 'name', 'local_id', 'school_type']).where('district_id', '=', d).execute(),
  };
}

describe('OneRoster and the Village templates in one import', () => {
  it('sets each field from the last source that carries it, and a second import changes nothing and says so', async () => {
    const d = await district('both');
    const sources: ImportSource[] = [
      { type: 'oneroster', path: fixtureFolder(oneRoster()) },
      { type: 'csv-folder', path: fixtureFolder(templates()) },
    ];
    const first = await runImport(t, d, sources, options(d));
    expect(first.errors).toBe(0);
    expect(first.status).toBe('done');
    const after = await stored(d);
    // The middle name only OneRoster has is kept; the templates' fields win where both have one.
    expect(after.students).toEqual([
      { ext_id: 'U1', first_name: 'Ana', middle_name: 'Luz', last_name: 'Ruiz', birth_date: '2013-04-02', local_id: '1001', email: 'ana@s.example', home_language: 'es' },
      { ext_id: 'U2', first_name: 'Bo', middle_name: null, last_name: 'Ruiz', birth_date: '2015-09-12', local_id: '1002', email: null, home_language: 'es' },
    ]);
    expect(after.guardians).toEqual([{ ext_id: 'P1', first_name: 'Pat', phone: '(555) 0100', email: 'pat@home.example', preferred_language: 'es' }]);
    expect(after.links).toEqual([
      { ext_id: 'U1', relationship: 'Mother', lives_with_student: 1 },
      { ext_id: 'U2', relationship: 'Mother', lives_with_student: 0 },
    ]);
    expect(after.schools).toEqual([{ code: 'SCH1', name: 'Lakeside Elementary School', local_id: '0101', school_type: 'elementary' }]);

    const before = await snapshot(t.db, d);
    for (let i = 0; i < 2; i++) {
      const again = await runImport(t, d, sources, options(d));
      expect(again.status).toBe('done');
      expect(changedFiles(again)).toEqual([]);
      expect(again.totals).toMatchObject({ added: 0, changed: 0, removed: 0 });
      expect(again.nothingChanged).toBe(true);
      expect(again.message).toMatch(/^Nothing changed/);
      expect(again.kinds).toEqual([]);
      expect(await snapshot(t.db, d)).toEqual(before);
    }
  });

  it('the other way round too: OneRoster read last wins where both carry a field, and still changes nothing twice', async () => {
    const d = await district('both2');
    const sources: ImportSource[] = [
      { type: 'csv-folder', path: fixtureFolder(templates()) },
      { type: 'oneroster', path: fixtureFolder(oneRoster()) },
    ];
    const first = await runImport(t, d, sources, options(d));
    expect(first.errors).toBe(0);
    const after = await stored(d);
    expect(after.students.map((s) => s.middle_name)).toEqual(['Luz', null]);
    expect(after.guardians).toEqual([{ ext_id: 'P1', first_name: 'Pat', phone: '555-0100', email: 'pat@home.example', preferred_language: 'es' }]);
    // OneRoster's role names the relationship; it says nothing of who lives with whom.
    expect(after.links).toEqual([
      { ext_id: 'U1', relationship: 'parent', lives_with_student: 1 },
      { ext_id: 'U2', relationship: 'parent', lives_with_student: 0 },
    ]);
    const before = await snapshot(t.db, d);
    const again = await runImport(t, d, sources, options(d));
    expect(changedFiles(again)).toEqual([]);
    expect(again.nothingChanged).toBe(true);
    expect(await snapshot(t.db, d)).toEqual(before);
  });
});

describe('a OneRoster delta file read after the templates', () => {
  it('takes nothing from the templates where its record is older than Village’s copy (and is not applied)', async () => {
    const d = await district('delta');
    const bulk = oneRoster();
    bulk['users.csv'] = bulk['users.csv'].replace(/,active,,/g, ',active,2022-01-01T00:00:00Z,');
    expect((await importFolder(t, d, fixtureFolder(bulk), options(d, { kind: 'oneroster' }))).errors).toBe(0);
    const delta = fixtureFolder({
      'manifest.csv': csv('propertyName,value', 'oneroster.version,1.2', 'file.users,delta', 'file.roles,bulk'),
      'users.csv': csv('sourcedId,status,dateLastModified,enabledUser,username,givenName,familyName,middleName,identifier,email', 'U1,active,2021-06-01T00:00:00Z,true,ana,Ana-old,Ruiz,Old,1001,ana@s.example'),
      'roles.csv': csv('sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,orgSourcedId', 'R1,active,,U1,primary,student,,,SCH1'),
    });
    const students = fixtureFolder({ 'students.csv': csv('student_id,first_name,last_name', 'U1,Anna,Ruiz') });
    const r = await runImport(
      t,
      d,
      [
        { type: 'csv', kind: 'students', path: path.join(students, 'students.csv') },
        { type: 'oneroster', path: delta },
      ],
      options(d),
    );
    expect(r.errors).toBe(0);
    expect(r.issues.some((i) => /not applied: Village's copy is more recent/.test(i.reason))).toBe(true);
    const u1 = (await stored(d)).students[0];
    expect(u1).toMatchObject({ ext_id: 'U1', first_name: 'Anna', middle_name: 'Luz' });
    expect(changedFiles(r)).toEqual(['students.csv: 0 added, 1 changed, 0 removed']);
  });
});

describe('a source never blanks a field it does not carry', () => {
  it('students.csv (no middle name) after OneRoster keeps the middle name; guardians.csv without optional columns keeps them', async () => {
    const d = await district('apart');
    expect((await importFolder(t, d, fixtureFolder(oneRoster()), options(d, { kind: 'oneroster' }))).errors).toBe(0);
    expect((await importFolder(t, d, fixtureFolder(templates()), options(d, { kind: 'csv-templates' }))).errors).toBe(0);
    const students = fixtureFolder({ 'students.csv': csv('student_id,first_name,last_name', 'U1,Ana,Ruiz', 'U2,Bo,Ruiz') });
    const r = await importCsv(t, d, 'students', path.join(students, 'students.csv'), options(d));
    expect(r.nothingChanged).toBe(true);
    const guardians = fixtureFolder({ 'guardians.csv': csv('guardian_id,student_id,first_name,last_name', 'P1,U1,Pat,Ruiz', 'P1,U2,Pat,Ruiz') });
    const g = await importCsv(t, d, 'guardians', path.join(guardians, 'guardians.csv'), options(d));
    expect(g.nothingChanged).toBe(true);
    const after = await stored(d);
    expect(after.students.map((s) => [s.middle_name, s.birth_date, s.home_language])).toEqual([
      ['Luz', '2013-04-02', 'es'],
      [null, '2015-09-12', 'es'],
    ]);
    expect(after.guardians).toEqual([{ ext_id: 'P1', first_name: 'Pat', phone: '(555) 0100', email: 'pat@home.example', preferred_language: 'es' }]);
    expect(after.links).toEqual([
      { ext_id: 'U1', relationship: 'Mother', lives_with_student: 1 },
      { ext_id: 'U2', relationship: 'Mother', lives_with_student: 0 },
    ]);
  });

  it('a OneRoster users.csv without middleName, email or phone columns leaves those as they are', async () => {
    const d = await district('narrow');
    expect((await importFolder(t, d, fixtureFolder(oneRoster()), options(d, { kind: 'oneroster' }))).errors).toBe(0);
    const before = await stored(d);
    const narrow = oneRoster('sourcedId,status,dateLastModified,enabledUser,username,givenName,familyName,identifier,agentSourcedIds,primaryOrgSourcedId');
    const r = await importFolder(t, d, fixtureFolder(narrow), options(d, { kind: 'oneroster' }));
    expect(r.errors).toBe(0);
    expect(changedFiles(r)).toEqual([]);
    expect(await stored(d)).toEqual(before);
    expect(before.students[0].middle_name).toBe('Luz');
    expect(before.guardians[0]).toMatchObject({ phone: '555-0100', email: 'pat@home.example' });
    expect(before.staff).toEqual([{ ext_id: 'T1', email: 'tess@s.example', local_id: 'E7' }]);
  });
});

describe('a generated district, OneRoster and templates together (as the demo loads it)', () => {
  it('imports, and the same two folders again change nothing; the planner statistics are fresh', async () => {
    const d = await district('gen');
    const gen = await generateDistrict({ students: 120, schools: 3, year: '2025-2026', seed: 7, attendance: 'absences', out: path.join(tmp, 'gen') });
    const sources: ImportSource[] = [
      { type: 'oneroster', path: gen.oneRosterDir },
      { type: 'csv-folder', path: gen.csvDir },
    ];
    const first = await runImport(t, d, sources, options(d));
    expect(first.issues).toEqual([]);
    // Middle names come from OneRoster only (the templates have none).
    const middle = await t.db.selectFrom('students').select((eb) => eb.fn.countAll().as('n')).where('district_id', '=', d).where('middle_name', 'is not', null).executeTakeFirstOrThrow();
    expect(Number(middle.n)).toBeGreaterThan(0);
    const before = await snapshot(t.db, d);
    const second = await runImport(t, d, sources, options(d));
    expect(changedFiles(second)).toEqual([]);
    expect(second.nothingChanged).toBe(true);
    expect(second.totals.unchanged).toBe(second.totals.rows);
    expect(await snapshot(t.db, d)).toEqual(before);

    // The tables the first import filled were analysed: the planner's row count is the table's.
    for (const table of ['students', 'student_guardians', 'enrollments', 'class_students']) {
      const n = Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(t.db)).rows[0].n);
      expect(await plannerRows(table), table).toBe(n);
    }
  });
});

/** The row count the planner's statistics give a table (null when it has none). */
async function plannerRows(table: string): Promise<number | null> {
  if (testDatabaseKind() === 'postgres') {
    const r = await sql<{ n: number }>`select reltuples as n from pg_class where oid = ${table}::regclass`.execute(t.db);
    const n = Number(r.rows[0]?.n ?? -1);
    return n < 0 ? null : n;
  }
  const r = await sql<{ stat: string }>`select stat from sqlite_stat1 where tbl = ${table} limit 1`.execute(t.db);
  return r.rows[0] ? Number(r.rows[0].stat.split(' ')[0]) : null;
}
