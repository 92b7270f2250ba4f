/**
 * The Village CSV templates through the whole engine, on the database the run uses: every template
 * read and stored, the same files twice change nothing, bad rows are refused with file, line,
 * column and reason (and nothing is written), or skipped when asked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../../test/db.ts';
import { createDistrict } from '../districts/commands.ts';
import { importCsv, importFolder, runImport } from './index.ts';
import { csv, fixtureFolder, options, removeFixtures, smallTemplates, snapshot } from './test-helpers.ts';
import { templateKindOfFile } from './templates.ts';

let t: TestDatabase;
let districtId: number;
beforeAll(async () => {
  t = await createTestDatabase();
  districtId = (await createDistrict(t.db, { code: 'tpl', name: 'Templates' })).id;
});
afterAll(async () => {
  removeFixtures();
  await t.drop();
});

const base = () => fixtureFolder(smallTemplates());

describe('Village CSV templates', () => {
  it('stores every template, creating the schools and the school year they name', async () => {
    const r = await importFolder(t, districtId, base(), options(districtId, { kind: 'csv-templates' }));
    expect(r.status).toBe('done');
    expect(r.errors).toBe(0);
    expect(r.files.map((f) => [f.name, f.rows, f.added])).toEqual([
      ['schools.csv', 2, 2],
      ['students.csv', 3, 3],
      ['guardians.csv', 3, 5],
      ['calendar.csv', 5, 5],
      ['enrollments.csv', 3, 3],
      ['attendance.csv', 6, 6],
      ['attendance_totals.csv', 1, 1],
      ['assessments.csv', 3, 3],
      ['discipline.csv', 2, 2],
    ]);
    const db = t.db;
    const ana = await db.selectFrom('students').selectAll().where('district_id', '=', districtId).where('ext_id', '=', 'st1').executeTakeFirstOrThrow();
    expect(ana).toMatchObject({ first_name: 'Ana', last_name: 'Reyes', birth_date: '2014-03-01', sex: 'F', hispanic_latino: 1, races: 'white', race_ethnicity: 'hispanic', english_learner: 1, economically_disadvantaged: 1, home_language: 'es', status: 'active' });
    const ben = await db.selectFrom('students').select(['race_ethnicity']).where('district_id', '=', districtId).where('ext_id', '=', 'st2').executeTakeFirstOrThrow();
    expect(ben.race_ethnicity).toBe('two_or_more');
    const year = await db.selectFrom('school_years').selectAll().where('district_id', '=', districtId).executeTakeFirstOrThrow();
    expect(year).toMatchObject({ name: '2021-2022', start_date: '2021-07-01', end_date: '2022-06-30' });
    const school = await db.selectFrom('schools').selectAll().where('district_id', '=', districtId).where('code', '=', 'S2').executeTakeFirstOrThrow();
    expect(school).toMatchObject({ name: 'Birch Middle', school_type: 'middle', low_grade: '06', high_grade: '08' });
    const att = await db.selectFrom('attendance_records').select(['status', 'minutes_absent']).where('district_id', '=', districtId).orderBy('status').execute();
    expect(att).toHaveLength(6);
    expect(att.find((a) => a.status === 'partial')?.minutes_absent).toBe(120);
    const links = await db.selectFrom('student_guardians').select(['relationship', 'lives_with_student']).where('district_id', '=', districtId).orderBy('relationship').execute();
    expect(links).toEqual([
      { relationship: 'Aunt', lives_with_student: 0 },
      { relationship: 'Father', lives_with_student: 1 },
      { relationship: 'Mother', lives_with_student: 1 },
    ]);
    expect(await db.selectFrom('guardians').select('ext_id').where('district_id', '=', districtId).execute()).toHaveLength(2);
    const test = await db.selectFrom('assessments').selectAll().where('district_id', '=', districtId).where('subject', '=', 'ela').orderBy('scale_score').execute();
    expect(test.map((a) => [a.scale_score, a.performance_level, a.proficient])).toEqual(expect.arrayContaining([[2450.5, 3, 1], [null, null, null]]));
    // Absences on a day that is not instructional, and outside enrollment, are stored and reported.
    const reasons = r.issues.map((i) => i.reason).join('\n');
    expect(reasons).toMatch(/not instructional/);
    expect(reasons).toMatch(/outside the student's enrollment/);
    expect(reasons).toMatch(/school year 2021-2022 was created/);
    // The history has the run, its files and its warnings.
    const run = await db.selectFrom('import_runs').selectAll().where('id', '=', r.importId).executeTakeFirstOrThrow();
    expect(run).toMatchObject({ status: 'done', district_id: districtId, actor_label: 'test', via: 'cli' });
    expect(await db.selectFrom('import_files').select('name').where('import_id', '=', r.importId).execute()).toHaveLength(9);
  });

  it('changes nothing when the same files are imported again, and says so', async () => {
    const before = await snapshot(t.db, districtId);
    const r = await importFolder(t, districtId, base(), options(districtId, { kind: 'csv-templates' }));
    expect(r.status).toBe('done');
    expect(r.nothingChanged).toBe(true);
    expect(r.message).toMatch(/^Nothing changed/);
    expect(r.totals).toMatchObject({ added: 0, changed: 0, removed: 0, skipped: 0 });
    expect(r.totals.unchanged).toBe(r.totals.rows);
    expect(await snapshot(t.db, districtId)).toEqual(before);
  });

  it('updates a stored record when a row with its key says something else', async () => {
    const r = await importCsv(t, districtId, 'students', path.join(fixtureFolder({ 's.csv': csv('student_id,first_name,last_name,home_language', 'st1,Anita,Reyes,en') }), 's.csv'), options(districtId));
    expect(r.files[0]).toMatchObject({ rows: 1, added: 0, changed: 1 });
    const ana = await t.db.selectFrom('students').selectAll().where('district_id', '=', districtId).where('ext_id', '=', 'st1').executeTakeFirstOrThrow();
    // Only the columns the file has are changed: the flags and race stay as they were.
    expect(ana).toMatchObject({ first_name: 'Anita', home_language: 'en', english_learner: 1, race_ethnicity: 'hispanic', birth_date: '2014-03-01' });
  });

  it('refuses a file with errors, naming file, line, column and reason, and writes nothing', async () => {
    const before = await snapshot(t.db, districtId);
    const dir = fixtureFolder({
      'attendance.csv': csv(
        'student_id,school_id,date,status',
        'st1,S1,2021-08-19,absent_unexcused',
        'st1,S1,2021-02-30,absent_unexcused',
        'nobody,S1,2021-08-19,absent_unexcused',
        'st1,S9,2021-08-19,present',
        'st1,S1,2021-08-19,sick',
      ),
    });
    const issues: string[] = [];
    const r = await importCsv(t, districtId, 'attendance', path.join(dir, 'attendance.csv'), options(districtId, { onIssue: (i) => i.severity === 'error' && issues.push(`${i.file}:${i.line}:${i.column}: ${i.reason}`) }));
    expect(r.status).toBe('refused');
    expect(issues).toEqual([
      'attendance.csv:3:date: "2021-02-30" is not a real date',
      'attendance.csv:4:student_id: the student "nobody" is not known (not in this import, nor in Village)',
      'attendance.csv:5:school_id: the school "S9" is not known (not in this import, nor in Village)',
      'attendance.csv:6:status: "sick" is not an attendance status (one of present, absent_excused, absent_unexcused, suspension_out_of_school, suspension_in_school, tardy, partial)',
    ]);
    expect(r.message).toMatch(/^Refused: 4 errors; nothing was written/);
    expect(await snapshot(t.db, districtId)).toEqual(before);
    const run = await t.db.selectFrom('import_runs').select(['status', 'error_count']).where('id', '=', r.importId).executeTakeFirstOrThrow();
    expect(run).toEqual({ status: 'refused', error_count: 4 });
    const stored = await t.db.selectFrom('import_issues').select(['line', 'column_name']).where('import_id', '=', r.importId).where('severity', '=', 'error').orderBy('line').execute();
    expect(stored).toEqual([
      { line: 3, column_name: 'date' },
      { line: 4, column_name: 'student_id' },
      { line: 5, column_name: 'school_id' },
      { line: 6, column_name: 'status' },
    ]);
  });

  it('with skipBadRows writes the good rows and reports every skipped one', async () => {
    const dir = fixtureFolder({ 'a.csv': csv('student_id,school_id,date,status', 'st1,S1,2021-08-19,absent_unexcused', 'nobody,S1,2021-08-19,present', 'st2,S1,2021-08-19,tardy', 'st2,S1,not-a-date,tardy') });
    const r = await importCsv(t, districtId, 'attendance', path.join(dir, 'a.csv'), options(districtId, { skipBadRows: true }));
    expect(r.status).toBe('done');
    expect(r.files[0]).toMatchObject({ rows: 4, added: 2, skipped: 2 });
    expect(r.issues.filter((i) => i.severity === 'error').map((i) => i.line)).toEqual([3, 5]);
  });

  it('names both lines when a key repeats in one file', async () => {
    const dir = fixtureFolder({ 'e.csv': csv('student_id,school_id,school_year,grade,entry_date', 'st1,S1,2021-2022,03,2021-08-16', 'st2,S1,2021-2022,04,2021-08-16', 'st1,S1,2021-2022,03,2021-08-16') });
    const r = await importCsv(t, districtId, 'enrollments', path.join(dir, 'e.csv'), options(districtId));
    expect(r.status).toBe('refused');
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([{ severity: 'error', file: 'e.csv', line: 4, column: 'entry_date', reason: 'the enrollment of student "st1" at school "S1" from 2021-08-16 is already on line 2 of this file' }]);
  });

  it('refuses a file missing a required column, and reports misspelled and unknown columns', async () => {
    const missing = await importCsv(t, districtId, 'students', path.join(fixtureFolder({ 's.csv': csv('student_id,first_name', 'x,Y') }), 's.csv'), options(districtId));
    expect(missing.status).toBe('refused');
    expect(missing.issues.find((i) => i.severity === 'error' && i.column === 'last_name')?.reason).toBe('the required column "last_name" is missing');
    const before = await snapshot(t.db, districtId);
    const odd = await importCsv(t, districtId, 'students', path.join(fixtureFolder({ 's.csv': csv(' Student_ID ,frist_name,last_name,shoe_size', 'st3,Cy,Dee,42') }), 's.csv'), options(districtId));
    expect(odd.status).toBe('done');
    expect(odd.issues.map((i) => i.reason)).toEqual(['the column "frist_name" was read as "first_name" (it looks misspelled)', 'the column "shoe_size" is not one Village reads; it was ignored']);
    expect(await snapshot(t.db, districtId)).toEqual(before);
  });

  it('replaces the schools and dates an attendance file covers with --replace', async () => {
    const dir = fixtureFolder({ 'a.csv': csv('student_id,school_id,date,status', 'st1,S1,2021-08-17,present', 'st2,S1,2021-08-17,tardy') });
    const before = await t.db.selectFrom('attendance_records').select(['student_id', 'date', 'status']).where('district_id', '=', districtId).where('date', '=', '2021-08-17').execute();
    expect(before.map((b) => b.status).sort()).toEqual(['absent_excused', 'absent_unexcused']);
    const r = await importCsv(t, districtId, 'attendance', path.join(dir, 'a.csv'), options(districtId, { replaceAttendance: true }));
    expect(r.files[0]).toMatchObject({ rows: 2, added: 2, removed: 2 });
    const after = await t.db.selectFrom('attendance_records').select(['status']).where('district_id', '=', districtId).where('date', '=', '2021-08-17').execute();
    expect(after.map((b) => b.status).sort()).toEqual(['present', 'tardy']);
    // Other dates are untouched; the same file again changes nothing.
    expect(await t.db.selectFrom('attendance_records').select('status').where('district_id', '=', districtId).where('date', '=', '2021-08-16').execute()).toHaveLength(3);
    const again = await importCsv(t, districtId, 'attendance', path.join(dir, 'a.csv'), options(districtId, { replaceAttendance: true }));
    expect(again.nothingChanged).toBe(true);
  });

  it('keeps formula-like cells verbatim', async () => {
    const dir = fixtureFolder({ 's.csv': csv('student_id,first_name,last_name', 'st9,"=HYPERLINK(""http://x"")",+Plus', 'st10,@Sum,-12.5') });
    const r = await importCsv(t, districtId, 'students', path.join(dir, 's.csv'), options(districtId));
    expect(r.status).toBe('done');
    const rows = await t.db.selectFrom('students').select(['first_name', 'last_name']).where('district_id', '=', districtId).where('ext_id', 'in', ['st9', 'st10']).orderBy('ext_id').execute();
    expect(rows).toEqual([
      { first_name: '@Sum', last_name: '-12.5' },
      { first_name: '=HYPERLINK("http://x")', last_name: '+Plus' },
    ]);
  });

  it('reads UTF-16 and Latin-1 files correctly, saying so, and refuses binary files', async () => {
    const text = csv('student_id,first_name,last_name', 'st11,José,Muñoz');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const latin1 = Buffer.from(text.replace('st11', 'st12'), 'latin1');
    const dir = fixtureFolder({ 'u16.csv': utf16, 'l1.csv': latin1, 'bin.csv': Buffer.from([0x73, 0x74, 0x00, 0x01, 0x02, 0xff, 0x00, 0x10]) });
    const a = await importCsv(t, districtId, 'students', path.join(dir, 'u16.csv'), options(districtId));
    expect(a.status).toBe('done');
    expect(a.issues[0].reason).toMatch(/UTF-16/);
    const b = await importCsv(t, districtId, 'students', path.join(dir, 'l1.csv'), options(districtId));
    expect(b.status).toBe('done');
    expect(b.issues[0].reason).toMatch(/Latin-1/);
    const names = await t.db.selectFrom('students').select(['ext_id', 'first_name', 'last_name']).where('district_id', '=', districtId).where('ext_id', 'in', ['st11', 'st12']).orderBy('ext_id').execute();
    expect(names).toEqual([
      { ext_id: 'st11', first_name: 'José', last_name: 'Muñoz' },
      { ext_id: 'st12', first_name: 'José', last_name: 'Muñoz' },
    ]);
    const c = await importCsv(t, districtId, 'students', path.join(dir, 'bin.csv'), options(districtId));
    expect(c.status).toBe('refused');
    expect(c.issues[0].reason).toMatch(/NUL bytes: it is not a text \(CSV\) file/);
  });

  it('tolerates an unambiguous non-ISO date with a warning, and refuses an ambiguous one', async () => {
    const ok = await importCsv(t, districtId, 'students', path.join(fixtureFolder({ 's.csv': csv('student_id,first_name,last_name,birth_date', 'st13,A,B,25/12/2013', 'st14,C,D,12/31/2012') }), 's.csv'), options(districtId));
    expect(ok.status).toBe('done');
    expect(ok.issues.map((i) => i.reason)).toEqual(['the date "25/12/2013" was read as 2013-12-25 (day/month/year; dates are written YYYY-MM-DD) (and 1 more rows like it)']);
    const bad = await importCsv(t, districtId, 'students', path.join(fixtureFolder({ 's.csv': csv('student_id,first_name,last_name,birth_date', 'st15,A,B,03/04/2013') }), 's.csv'), options(districtId));
    expect(bad.status).toBe('refused');
    expect(bad.issues[0]).toMatchObject({ line: 2, column: 'birth_date', reason: '"03/04/2013" is ambiguous (day/month or month/day?); write dates as YYYY-MM-DD' });
  });

  it('knows a template by its file name', () => {
    expect(templateKindOfFile('attendance.csv')).toBe('attendance');
    expect(templateKindOfFile('Attendance_Totals.CSV')).toBe('attendance_totals');
    expect(templateKindOfFile('attendance-2021.csv')).toBe('attendance');
    expect(templateKindOfFile('students.txt')).toBeNull();
    expect(templateKindOfFile('pupils.csv')).toBeNull();
  });

  it('marks a run that cannot start because another import of the district is running', async () => {
    const started = await t.db.insertInto('import_runs').values({ district_id: districtId, source: 'csv', label: 'x', status: 'running', actor_label: 'other', via: 'web', started_at: new Date().toISOString(), heartbeat_at: new Date().toISOString() }).returning('id').executeTakeFirstOrThrow();
    await expect(runImport(t, districtId, [{ type: 'csv-folder', path: base() }], options(districtId))).rejects.toThrow(/another import of this district is running/);
    // A run whose process stopped long ago is marked failed, and no longer blocks.
    await t.db.updateTable('import_runs').set({ heartbeat_at: '2020-01-01T00:00:00.000Z' }).where('id', '=', started.id).execute();
    const r = await runImport(t, districtId, [{ type: 'csv-folder', path: base() }], options(districtId));
    expect(r.status).toBe('done');
    expect((await t.db.selectFrom('import_runs').select('status').where('id', '=', started.id).executeTakeFirstOrThrow()).status).toBe('failed');
  });
});
