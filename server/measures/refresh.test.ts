/**
 * Fresh figures: an import (or a calendar change) rebuilds the summary of the schools and years it
 * touched, leaves the others as they were, and every process sees the new version at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/db.ts';
import { computeMeasure } from './engine.ts';
import { refreshAfterImport } from './refresh.ts';
import { measureFixture, weekdays, type MeasureFixture } from './test-helpers.ts';

let database: TestDatabase;
let f: MeasureFixture;
const ids: number[] = [];
const FULL = { kind: 'full' } as const;

beforeAll(async () => {
  database = await createTestDatabase();
  f = await measureFixture(database.db, {
    code: 'r',
    schools: [
      { code: 'A', days: weekdays('2021-09-01', '2021-10-29') },
      { code: 'B', days: weekdays('2021-09-01', '2021-10-29') },
    ],
  });
  for (const school of ['A', 'B']) {
    const id = await f.student(`s-${school}`);
    ids.push(id);
    await f.enroll(id, school, '05', '2021-09-01');
  }
  await f.recompute();
});
afterAll(() => database?.drop());

const bySchool = async () => (await computeMeasure(database.db, f.districtId, { measure: 'average-daily-attendance', year: '2021-2022', by: ['school'] }, FULL)).rows.map((r) => [r.school_id, r.numerator, r.denominator]);

describe('figures after an import', () => {
  it('rebuilds only the schools an import touched', async () => {
    expect(await bySchool()).toEqual([['A', 43, 43], ['B', 43, 43]]);
    // Absences arrive for both schools, but the import says it touched only A.
    await f.attend(ids[0], 'A', '2021-09-01', 'absent_unexcused');
    await f.attend(ids[1], 'B', '2021-09-01', 'absent_unexcused');
    await refreshAfterImport(database.db, { districtId: f.districtId, importId: null, schoolYearIds: [f.yearId], schoolIds: [f.schools.A], allSchools: false, kinds: ['attendance'] });
    expect(await bySchool()).toEqual([['A', 42, 43], ['B', 43, 43]]);
    // A corrected calendar for B (a day off) changes B's days enrolled without re-importing attendance.
    await database.db.updateTable('calendar_days').set({ instructional: 0 }).where('school_id', '=', f.schools.B).where('date', '=', '2021-09-01').execute();
    await refreshAfterImport(database.db, { districtId: f.districtId, importId: null, schoolYearIds: [f.yearId], schoolIds: [f.schools.B], allSchools: false, kinds: ['calendar'] });
    expect(await bySchool()).toEqual([['A', 42, 43], ['B', 42, 42]]);
  });

  it('picks up changed student groups without rebuilding the summary', async () => {
    const group = async () => (await computeMeasure(database.db, f.districtId, { measure: 'chronic-absence', year: '2021-2022', by: ['group'] }, FULL)).rows.filter((r) => r.group?.startsWith('english_learner')).map((r) => [r.group, r.denominator]);
    expect(await group()).toEqual([['english_learner=N', 2]]);
    await database.db.updateTable('students').set({ english_learner: 1 }).where('id', '=', ids[0]).execute();
    await refreshAfterImport(database.db, { districtId: f.districtId, importId: null, schoolYearIds: [], schoolIds: [], allSchools: true, kinds: ['students'] });
    expect(await group()).toEqual([['english_learner=Y', 1], ['english_learner=N', 1]]);
  });
});
