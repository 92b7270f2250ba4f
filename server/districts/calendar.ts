/**
 * School calendars: which days of a school year are instructional at a school. A date not stored is
 * not a school day; a stored non-instructional day carries the reason (a holiday, a break).
 * Every change tells the capabilities that depend on calendars (measures recompute days enrolled).
 */
import type { z } from 'zod';
import type { Db } from '../db/database.ts';
import { AppError } from '../http/errors.ts';
import { generateCalendarDays } from '../../common/calendar.ts';
import { runImportAppliedListeners } from '../imports/hooks.ts';
import { getSchool } from './schools.ts';
import { getSchoolYear, type SchoolYear } from './school-years.ts';
import type { calendarDaysInputSchema, calendarGenerateInputSchema, calendarSchema, calendarSummarySchema } from './schema.ts';

export type Calendar = z.output<typeof calendarSchema>;
export type CalendarSummary = z.output<typeof calendarSummarySchema>;

interface DayRow {
  date: string;
  instructional: boolean;
  event: string | null;
}

function summarise(days: DayRow[]): CalendarSummary {
  const instructional = days.filter((d) => d.instructional);
  return {
    instructionalDays: instructional.length,
    nonInstructionalDays: days.length - instructional.length,
    firstDay: instructional[0]?.date ?? null,
    lastDay: instructional[instructional.length - 1]?.date ?? null,
  };
}

async function readDays(db: Db, districtId: number, schoolId: number, yearId: number): Promise<DayRow[]> {
  const rows = await db
    .selectFrom('calendar_days')
    .select(['date', 'instructional', 'event'])
    .where('district_id', '=', districtId)
    .where('school_id', '=', schoolId)
    .where('school_year_id', '=', yearId)
    .orderBy('date')
    .execute();
  return rows.map((r) => ({ date: r.date, instructional: r.instructional === 1, event: r.event }));
}

async function scope(db: Db, districtId: number, schoolId: number, yearId: number): Promise<SchoolYear> {
  await getSchool(db, districtId, schoolId);
  return getSchoolYear(db, districtId, yearId);
}

export async function getCalendar(db: Db, districtId: number, schoolId: number, yearId: number): Promise<Calendar> {
  const year = await scope(db, districtId, schoolId, yearId);
  const days = await readDays(db, districtId, schoolId, yearId);
  return { schoolId, schoolYear: year, days, summary: summarise(days) };
}

function outsideYear(year: SchoolYear, dates: Iterable<{ date: string }>, path: (i: number) => string) {
  const fields: { path: string; message: string }[] = [];
  let i = 0;
  for (const d of dates) {
    if (d.date < year.startDate || d.date > year.endDate) fields.push({ path: path(i), message: `${d.date} is outside school year ${year.name} (${year.startDate} to ${year.endDate})` });
    i++;
  }
  if (fields.length) throw new AppError('validation_failed', `Some dates are outside school year ${year.name}.`, { fields: fields.slice(0, 50) });
}

async function upsertDays(trx: Db, districtId: number, schoolId: number, yearId: number, days: DayRow[], onConflict: 'update' | 'keep'): Promise<void> {
  for (let i = 0; i < days.length; i += 500) {
    const chunk = days.slice(i, i + 500).map((d) => ({
      district_id: districtId,
      school_id: schoolId,
      school_year_id: yearId,
      date: d.date,
      instructional: d.instructional ? 1 : 0,
      event: d.event,
    }));
    await trx
      .insertInto('calendar_days')
      .values(chunk)
      .onConflict((oc) => {
        const target = oc.columns(['district_id', 'school_id', 'date']);
        return onConflict === 'keep'
          ? target.doNothing()
          : target.doUpdateSet((eb) => ({ instructional: eb.ref('excluded.instructional'), event: eb.ref('excluded.event'), school_year_id: eb.ref('excluded.school_year_id') }));
      })
      .execute();
  }
}

async function changed(db: Db, districtId: number, yearId: number, schoolIds: number[]): Promise<void> {
  await runImportAppliedListeners(db, { districtId, importId: null, schoolYearIds: [yearId], schoolIds, allSchools: false, kinds: ['calendar'] });
}

/** Marks days instructional or not (with the event's name), or removes them ('none'). */
export async function setCalendarDays(db: Db, districtId: number, schoolId: number, input: z.output<typeof calendarDaysInputSchema>): Promise<Calendar> {
  const year = await scope(db, districtId, schoolId, input.yearId);
  outsideYear(year, input.days, (i) => `days.${i}.date`);
  const byDate = new Map(input.days.map((d) => [d.date, d]));
  const upserts = [...byDate.values()].filter((d) => d.status !== 'none').map((d) => ({ date: d.date, instructional: d.status === 'instructional', event: d.event?.trim() || null }));
  const removals = [...byDate.values()].filter((d) => d.status === 'none').map((d) => d.date);
  await db.transaction().execute(async (trx) => {
    await upsertDays(trx, districtId, schoolId, year.id, upserts, 'update');
    if (removals.length) {
      await trx.deleteFrom('calendar_days').where('district_id', '=', districtId).where('school_id', '=', schoolId).where('date', 'in', removals).execute();
    }
  });
  await changed(db, districtId, year.id, [schoolId]);
  return getCalendar(db, districtId, schoolId, year.id);
}

/** Fills a school's calendar with the chosen weekdays between two dates, minus the holidays. */
export async function generateCalendar(db: Db, districtId: number, schoolId: number, input: z.output<typeof calendarGenerateInputSchema>): Promise<Calendar> {
  const year = await scope(db, districtId, schoolId, input.yearId);
  if (input.to < input.from) throw new AppError('validation_failed', 'The last day comes before the first.', { fields: [{ path: 'to', message: 'must not be before the first day' }] });
  outsideYear(year, [{ date: input.from }], () => 'from');
  outsideYear(year, [{ date: input.to }], () => 'to');
  outsideYear(year, input.holidays, (i) => `holidays.${i}.date`);
  const days = generateCalendarDays(input.from, input.to, input.weekdays, input.holidays);
  await db.transaction().execute(async (trx) => {
    if (input.mode === 'replace') {
      await trx
        .deleteFrom('calendar_days')
        .where('district_id', '=', districtId)
        .where('school_id', '=', schoolId)
        .where('date', '>=', input.from)
        .where('date', '<=', input.to)
        .execute();
    }
    await upsertDays(trx, districtId, schoolId, year.id, days, input.mode === 'keep' ? 'keep' : 'update');
  });
  await changed(db, districtId, year.id, [schoolId]);
  return getCalendar(db, districtId, schoolId, year.id);
}

/** Replaces other schools' calendars for a year with this school's. */
export async function copyCalendar(db: Db, districtId: number, fromSchoolId: number, yearId: number, toSchoolIds: number[]): Promise<{ schoolIds: number[]; days: number }> {
  const year = await scope(db, districtId, fromSchoolId, yearId);
  const targets = [...new Set(toSchoolIds)].filter((id) => id !== fromSchoolId);
  if (targets.length === 0) throw new AppError('validation_failed', 'Choose at least one other school.', { fields: [{ path: 'toSchoolIds', message: 'must name a school other than the source' }] });
  const found = await db.selectFrom('schools').select('id').where('district_id', '=', districtId).where('id', 'in', targets).execute();
  const missing = targets.filter((id) => !found.some((f) => f.id === id));
  if (missing.length) throw new AppError('validation_failed', 'Some schools do not exist.', { fields: [{ path: 'toSchoolIds', message: `unknown school ids: ${missing.join(', ')}` }] });
  const days = await readDays(db, districtId, fromSchoolId, year.id);
  if (days.length === 0) throw new AppError('validation_failed', `This school has no calendar for ${year.name} to copy.`, { fields: [{ path: 'yearId', message: 'the source calendar is empty' }] });
  await db.transaction().execute(async (trx) => {
    for (const schoolId of targets) {
      await trx.deleteFrom('calendar_days').where('district_id', '=', districtId).where('school_id', '=', schoolId).where('school_year_id', '=', year.id).execute();
      await upsertDays(trx, districtId, schoolId, year.id, days, 'update');
    }
  });
  await changed(db, districtId, year.id, targets);
  return { schoolIds: targets, days: days.length };
}
