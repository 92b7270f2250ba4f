/**
 * Keeps figures fresh: after an import, the summary of the school years and schools it touched is
 * rebuilt (attendance, enrollments, calendars), or the figures' version is bumped (students,
 * assessments, discipline, …), before the import reports done. Every process reloads on the next
 * request.
 */
import type { Db } from '../db/database.ts';
import type { ImportAppliedEvent } from '../imports/hooks.ts';
import { bumpVersion } from './registry.ts';
import { recomputeSummary, type RecomputeProgress, type RecomputeResult } from './summary.ts';

/** Kinds of records the per-student summary is built from. */
const SUMMARY_KINDS = new Set(['attendance', 'attendance_totals', 'enrollments', 'calendar', 'years', 'schools']);

export async function refreshAfterImport(db: Db, event: ImportAppliedEvent, progress?: (message: string) => void): Promise<void> {
  const summary = event.kinds.filter((k) => SUMMARY_KINDS.has(k));
  if (summary.length > 0) {
    await recomputeSummary(
      db,
      event.districtId,
      {
        yearIds: event.schoolYearIds.length > 0 ? event.schoolYearIds : undefined,
        schoolIds: event.allSchools || event.schoolIds.length === 0 ? undefined : event.schoolIds,
      },
      progress ? (message) => progress(message) : undefined,
    );
  }
  // Students' groups, assessments, discipline and anything else the measures read directly.
  if (event.kinds.some((k) => !SUMMARY_KINDS.has(k))) await bumpVersion(db, event.districtId, 'roster');
}

/** Rebuilds every school year's summary of a district (the `village measures recompute` command). */
export async function recomputeAll(db: Db, districtId: number, options: { yearIds?: number[]; progress?: RecomputeProgress } = {}): Promise<RecomputeResult> {
  const result = await recomputeSummary(db, districtId, { yearIds: options.yearIds }, options.progress);
  await bumpVersion(db, districtId, 'roster');
  return result;
}
