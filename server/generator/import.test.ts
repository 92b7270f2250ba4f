/**
 * A generated district goes through the ordinary import engine without a single error or warning,
 * lands whole (every student, span, school day and attendance row), and importing it again leaves
 * every stored record as it was. The demo district, loaded the same way, has what the other demos
 * and the demo accounts count on.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/db.ts';
import { createDistrict } from '../districts/commands.ts';
import { systemActor } from '../auth/actor.ts';
import { runImport, type ImportSource } from '../imports/index.ts';
import { generateDistrict, type GeneratedDistrict } from './index.ts';
import { demoSchoolCount, demoThrough, loadDemoRoster } from '../demo/roster.ts';
import { createDemoAccounts } from '../demo/accounts.ts';

describe('importing a generated district', () => {
  let database: TestDatabase;
  let gen: GeneratedDistrict;
  let districtId: number;
  let sources: ImportSource[];
  const tmp = mkdtempSync(path.join(tmpdir(), 'village-generator-import-'));

  beforeAll(async () => {
    database = await createTestDatabase();
    districtId = (await createDistrict(database.db, { code: 'gen', name: 'Generated' })).id;
    gen = await generateDistrict({ students: 150, schools: 4, year: '2024-2025', seed: 9, priorYears: 1, through: '2025-03-14', out: tmp });
    sources = [
      { type: 'oneroster', path: gen.oneRosterDir },
      { type: 'csv-folder', path: gen.csvDir },
    ];
  });

  afterAll(async () => {
    await database?.drop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('imports without errors or warnings, all of it, and a second time leaves every record as it was', async () => {
    const first = await runImport(database, districtId, sources, { actor: systemActor(districtId) });
    expect(first.issues).toEqual([]);
    expect(first.status).toBe('done');
    const db = database.db;
    const count = async (table: 'students' | 'enrollments' | 'attendance_records' | 'calendar_days' | 'guardians' | 'schools' | 'assessments' | 'discipline_actions' | 'classes') =>
      Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where('district_id', '=', districtId).executeTakeFirstOrThrow()).n);
    expect(await count('schools')).toBe(4);
    expect(await count('students')).toBe(gen.studentsAllYears);
    expect(await count('enrollments')).toBe(gen.rows['csv/enrollments.csv']);
    expect(await count('attendance_records')).toBe(gen.rows['csv/attendance.csv']);
    expect(await count('calendar_days')).toBe(gen.rows['csv/calendar.csv']);
    expect(await count('assessments')).toBe(gen.rows['csv/assessments.csv']);
    expect(await count('discipline_actions')).toBe(gen.rows['csv/discipline.csv']);
    expect(await count('classes')).toBe(gen.rows['oneroster/classes.csv']);
    const years = await db.selectFrom('school_years').select('name').where('district_id', '=', districtId).orderBy('name').execute();
    expect(years.map((y) => y.name)).toEqual(['2023-2024', '2024-2025']);
    // The district's OneRoster org is recorded on the district, not created as a new one.
    expect(await db.selectFrom('districts').select('id').execute()).toHaveLength(1);

    const snapshot = async () => ({
      students: await db.selectFrom('students').select(['ext_id', 'first_name', 'middle_name', 'last_name', 'birth_date', 'sex', 'race_ethnicity', 'home_language', 'email', 'local_id', 'english_learner', 'disability', 'economically_disadvantaged', 'homeless', 'foster']).where('district_id', '=', districtId).orderBy('ext_id').execute(),
      guardians: await db.selectFrom('guardians').select(['ext_id', 'first_name', 'last_name', 'phone', 'email', 'preferred_language']).where('district_id', '=', districtId).orderBy('ext_id').execute(),
      links: await db.selectFrom('student_guardians').select(['student_id', 'guardian_id', 'relationship', 'lives_with_student']).where('district_id', '=', districtId).orderBy(['student_id', 'guardian_id']).execute(),
    });
    const before = await snapshot();
    const second = await runImport(database, districtId, sources, { actor: systemActor(districtId) });
    expect(await snapshot()).toEqual(before);
    expect(second.status).toBe('done');
    // Nothing is added, changed or removed, by any file. (OneRoster and the templates describe the
    // same students and guardians with different fields — OneRoster has no preferred language, the
    // templates no middle name — and each field is set only by the last file that carries it, so no
    // file sets a value another sets back.)
    expect(second.files.filter((f) => f.added || f.changed || f.removed).map((f) => ({ name: f.name, added: f.added, changed: f.changed, removed: f.removed }))).toEqual([]);
    expect(second.totals).toMatchObject({ added: 0, changed: 0, removed: 0 });
    expect(second.nothingChanged).toBe(true);
    expect(await count('attendance_records')).toBe(gen.rows['csv/attendance.csv']);
  });
});

describe('the demo roster', () => {
  let database: TestDatabase;
  afterAll(async () => database?.drop());

  it('loads this year through yesterday and the year before, with a teacher at the first school and families of several children', async () => {
    database = await createTestDatabase();
    const db = database.db;
    const districtId = (await createDistrict(db, { code: 'demo', name: 'Demo' })).id;
    const messages: string[] = [];
    const ctx = { database, districtId, seed: 2026, year: '2025-2026', students: 200, onProgress: (m: string) => messages.push(m) };
    await loadDemoRoster(ctx);
    await createDemoAccounts(ctx);
    expect(messages.some((m) => /imported/.test(m))).toBe(true);
    const schools = await db.selectFrom('schools').select(['id', 'code', 'school_type']).where('district_id', '=', districtId).orderBy('code').execute();
    expect(schools.length).toBe(demoSchoolCount(200));
    expect(new Set(schools.map((s) => s.school_type))).toEqual(new Set(['elementary', 'middle', 'high']));
    const years = await db.selectFrom('school_years').select('name').where('district_id', '=', districtId).orderBy('name').execute();
    expect(years.map((y) => y.name)).toEqual(['2024-2025', '2025-2026']);
    // The demo teacher account is linked to a teacher with a class of students at the first school.
    const teacher = await db.selectFrom('users').select(['staff_id']).where('district_id', '=', districtId).where('role', '=', 'teacher').executeTakeFirstOrThrow();
    expect(teacher.staff_id).not.toBeNull();
    const taught = await db
      .selectFrom('class_teachers')
      .innerJoin('classes', 'classes.id', 'class_teachers.class_id')
      .innerJoin('class_students', 'class_students.class_id', 'classes.id')
      .select(['classes.school_id', 'class_students.student_id'])
      .where('class_teachers.district_id', '=', districtId)
      .where('class_teachers.staff_id', '=', teacher.staff_id!)
      .execute();
    expect(taught.length).toBeGreaterThan(5);
    expect(new Set(taught.map((t) => t.school_id))).toEqual(new Set([schools[0].id]));
    // Guardians with several children enrolled at the first school this year.
    const links = await db
      .selectFrom('student_guardians')
      .innerJoin('enrollments', 'enrollments.student_id', 'student_guardians.student_id')
      .innerJoin('school_years', 'school_years.id', 'enrollments.school_year_id')
      .select(['student_guardians.guardian_id', 'student_guardians.student_id'])
      .where('student_guardians.district_id', '=', districtId)
      .where('enrollments.school_id', '=', schools[0].id)
      .where('school_years.name', '=', '2025-2026')
      .execute();
    const children = new Map<number, Set<number>>();
    for (const l of links) children.set(l.guardian_id, (children.get(l.guardian_id) ?? new Set()).add(l.student_id));
    expect([...children.values()].filter((c) => c.size > 1).length).toBeGreaterThan(3);
  });

  it('has records through yesterday in a year under way, and the whole year once it is over', () => {
    expect(demoThrough('2026-2027', new Date('2026-11-27T10:00:00Z'))).toBe('2026-11-26');
    expect(demoThrough('2025-2026', new Date('2026-07-20T10:00:00Z'))).toBeNull();
    expect(demoSchoolCount(400)).toBe(4);
    expect(demoSchoolCount(1200)).toBe(5);
    expect(demoSchoolCount(50_000)).toBe(6);
  });
});
