/**
 * What happens after an import has been applied. Listeners (the measures capability recomputes the
 * affected figures) run before the import reports done, so figures are fresh when it says so.
 */
import type { Db } from '../db/database.ts';

export interface ImportAppliedEvent {
  districtId: number;
  /** import_runs id, when the import is recorded in the history. */
  importId: number | null;
  /** School years whose records changed. */
  schoolYearIds: number[];
  /** Schools whose records changed (empty with `allSchools`). */
  schoolIds: number[];
  allSchools: boolean;
  /** Which kinds of records changed: students, enrollments, calendar, attendance, assessments, … */
  kinds: string[];
}

export type ImportAppliedListener = (db: Db, event: ImportAppliedEvent, progress?: (message: string) => void) => Promise<void>;

const listeners: ImportAppliedListener[] = [];

export function onImportApplied(listener: ImportAppliedListener): void {
  listeners.push(listener);
}

export async function runImportAppliedListeners(db: Db, event: ImportAppliedEvent, progress?: (message: string) => void): Promise<void> {
  for (const l of listeners) await l(db, event, progress);
}
