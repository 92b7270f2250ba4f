/** School years of a district. Every query is scoped to the district; years never overlap. */
import type { z } from 'zod';
import type { Db } from '../db/database.ts';
import { AppError } from '../http/errors.ts';
import { schoolYearProblems } from '../../common/calendar.ts';
import type { schoolYearInputSchema, schoolYearSchema } from './schema.ts';

export type SchoolYear = z.output<typeof schoolYearSchema>;
type SchoolYearInput = z.output<typeof schoolYearInputSchema>;

const toYear = (r: { id: number; name: string; start_date: string; end_date: string }): SchoolYear => ({
  id: r.id,
  name: r.name,
  startDate: r.start_date,
  endDate: r.end_date,
});

export async function listSchoolYears(db: Db, districtId: number): Promise<SchoolYear[]> {
  const rows = await db.selectFrom('school_years').select(['id', 'name', 'start_date', 'end_date']).where('district_id', '=', districtId).orderBy('start_date', 'desc').execute();
  return rows.map(toYear);
}

export async function getSchoolYear(db: Db, districtId: number, id: number): Promise<SchoolYear> {
  const row = await db.selectFrom('school_years').select(['id', 'name', 'start_date', 'end_date']).where('district_id', '=', districtId).where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found', 'No such school year.');
  return toYear(row);
}

async function validate(db: Db, districtId: number, input: SchoolYearInput, exceptId?: number): Promise<void> {
  const fields = schoolYearProblems(input);
  if (fields.length === 0) {
    let overlapping = db
      .selectFrom('school_years')
      .select(['id', 'name'])
      .where('district_id', '=', districtId)
      .where('start_date', '<=', input.endDate)
      .where('end_date', '>=', input.startDate);
    if (exceptId !== undefined) overlapping = overlapping.where('id', '!=', exceptId);
    const other = await overlapping.executeTakeFirst();
    if (other) fields.push({ path: 'startDate', message: `the dates overlap school year ${other.name}` });
  }
  if (fields.length) throw new AppError('validation_failed', 'The school year is not valid.', { fields });
  let sameName = db.selectFrom('school_years').select('id').where('district_id', '=', districtId).where('name', '=', input.name);
  if (exceptId !== undefined) sameName = sameName.where('id', '!=', exceptId);
  if (await sameName.executeTakeFirst()) {
    throw new AppError('conflict', `The school year ${input.name} already exists.`, { fields: [{ path: 'name', message: 'is already used' }] });
  }
}

export async function createSchoolYear(db: Db, districtId: number, input: SchoolYearInput): Promise<SchoolYear> {
  await validate(db, districtId, input);
  const row = await db
    .insertInto('school_years')
    .values({ district_id: districtId, name: input.name, start_date: input.startDate, end_date: input.endDate })
    .returning(['id', 'name', 'start_date', 'end_date'])
    .executeTakeFirstOrThrow();
  return toYear(row);
}

/**
 * Changes a school year's name or dates. Refused when calendar days already stored for the year would
 * fall outside the new dates (nothing stored is dropped silently).
 */
export async function updateSchoolYear(db: Db, districtId: number, id: number, patch: Partial<SchoolYearInput>): Promise<SchoolYear> {
  const current = await getSchoolYear(db, districtId, id);
  const next: SchoolYearInput = { name: patch.name ?? current.name, startDate: patch.startDate ?? current.startDate, endDate: patch.endDate ?? current.endDate };
  await validate(db, districtId, next, id);
  const outside = await db
    .selectFrom('calendar_days')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('date').as('first'), eb.fn.max('date').as('last')])
    .where('district_id', '=', districtId)
    .where('school_year_id', '=', id)
    .where((eb) => eb.or([eb('date', '<', next.startDate), eb('date', '>', next.endDate)]))
    .executeTakeFirstOrThrow();
  if (Number(outside.n) > 0) {
    throw new AppError('validation_failed', `${outside.n} calendar day(s) of ${current.name} (${outside.first} to ${outside.last}) fall outside the new dates; remove them from the calendars first.`, {
      fields: [{ path: next.startDate > String(outside.first) ? 'startDate' : 'endDate', message: 'would leave calendar days outside the school year' }],
    });
  }
  await db
    .updateTable('school_years')
    .set({ name: next.name, start_date: next.startDate, end_date: next.endDate, updated_at: new Date().toISOString() })
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .execute();
  return getSchoolYear(db, districtId, id);
}
