/**
 * Building blocks for the measures tests: a district with a school year and schools whose calendars
 * are small enough to count by hand, and one-line helpers to add students, enrollments and records
 * straight into the roster tables.
 */
import type { Db } from '../db/database.ts';
import { createDistrict, updateDistrictSettings } from '../districts/commands.ts';
import type { DistrictSettings } from '../districts/settings.ts';
import { recomputeSummary } from './summary.ts';

export interface MeasureFixture {
  db: Db;
  districtId: number;
  yearId: number;
  schools: Record<string, number>;
  student(ext: string, attrs?: Partial<StudentAttrs>): Promise<number>;
  enroll(studentId: number, school: string, grade: string, entry: string, exit?: string | null): Promise<void>;
  attend(studentId: number, school: string, date: string, status: string, minutesAbsent?: number | null): Promise<void>;
  settings(patch: Partial<DistrictSettings>): Promise<void>;
  recompute(): Promise<void>;
}

export interface StudentAttrs {
  race_ethnicity: string;
  sex: string | null;
  english_learner: number;
  disability: number;
  economically_disadvantaged: number;
  homeless: number;
  foster: number;
  home_language: string | null;
}

/** Weekdays (Mon–Fri) from `from` to `to`, both inclusive, except the listed dates. */
export function weekdays(from: string, to: string, except: string[] = []): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    const d = new Date(t);
    const iso = d.toISOString().slice(0, 10);
    const wd = d.getUTCDay();
    if (wd !== 0 && wd !== 6 && !except.includes(iso)) out.push(iso);
  }
  return out;
}

export interface SchoolSpec {
  code: string;
  /** Instructional days. */
  days: string[];
  /** Days stored as not instructional (holidays). */
  holidays?: string[];
}

export async function measureFixture(db: Db, options: { code?: string; year?: string; start?: string; end?: string; schools: SchoolSpec[] }): Promise<MeasureFixture> {
  const code = options.code ?? 'm';
  const district = await createDistrict(db, { code, name: `Measures ${code}` });
  const districtId = district.id;
  const year = await db
    .insertInto('school_years')
    .values({ district_id: districtId, name: options.year ?? '2021-2022', start_date: options.start ?? '2021-08-16', end_date: options.end ?? '2022-06-10' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const schools: Record<string, number> = {};
  for (const s of options.schools) {
    const id = (await db.insertInto('schools').values({ district_id: districtId, code: s.code, name: `School ${s.code}`, school_type: 'elementary' }).returning('id').executeTakeFirstOrThrow()).id;
    schools[s.code] = id;
    const rows = [
      ...s.days.map((date) => ({ district_id: districtId, school_id: id, school_year_id: year.id, date, instructional: 1, event: null })),
      ...(s.holidays ?? []).map((date) => ({ district_id: districtId, school_id: id, school_year_id: year.id, date, instructional: 0, event: 'Holiday' })),
    ];
    for (let i = 0; i < rows.length; i += 200) await db.insertInto('calendar_days').values(rows.slice(i, i + 200)).execute();
  }
  return {
    db,
    districtId,
    yearId: year.id,
    schools,
    async student(ext, attrs = {}) {
      const row = await db
        .insertInto('students')
        .values({
          district_id: districtId,
          ext_id: ext,
          first_name: `First ${ext}`,
          last_name: `Last ${ext}`,
          race_ethnicity: attrs.race_ethnicity ?? 'white',
          sex: attrs.sex === undefined ? 'F' : attrs.sex,
          english_learner: attrs.english_learner ?? 0,
          disability: attrs.disability ?? 0,
          economically_disadvantaged: attrs.economically_disadvantaged ?? 0,
          homeless: attrs.homeless ?? 0,
          foster: attrs.foster ?? 0,
          home_language: attrs.home_language === undefined ? 'en' : attrs.home_language,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },
    async enroll(studentId, school, grade, entry, exit = null) {
      await db.insertInto('enrollments').values({ district_id: districtId, student_id: studentId, school_id: schools[school], school_year_id: year.id, grade, entry_date: entry, exit_date: exit }).execute();
    },
    async attend(studentId, school, date, status, minutesAbsent = null) {
      await db.insertInto('attendance_records').values({ district_id: districtId, student_id: studentId, school_id: schools[school], date, status, minutes_absent: minutesAbsent }).execute();
    },
    async settings(patch) {
      await updateDistrictSettings(db, districtId, patch);
    },
    async recompute() {
      await recomputeSummary(db, districtId);
    },
  };
}
