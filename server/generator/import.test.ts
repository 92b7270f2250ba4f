/**
 * A generated district goes through the ordinary import engine without a single error or warning,
 * lands whole (every student, span, school day and attendance row), and importing it again leaves
 * every stored record as it was.
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
    // Nothing is added or removed. (OneRoster and the templates describe the same students and
    // guardians with different fields — OneRoster has no preferred language, the templates no middle
    // name — so a file may count rows it set and the next file set back as changed; the stored
    // records, compared above, do not change.)
    expect(second.files.filter((f) => f.added || f.removed).map((f) => f.name)).toEqual([]);
    expect(await count('attendance_records')).toBe(gen.rows['csv/attendance.csv']);
  });
});
