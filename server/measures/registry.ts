/**
 * The measures Village computes, in one registry. Each measure says, for one student's record as of
 * a date, what the student adds to a row (denominator, numerator, extra fields); the engine does the
 * rest for every measure alike: the population (who is enrolled, days enrolled and absent, grade,
 * student groups), breakdowns by school, grade, student group and month, small-cell suppression,
 * `village measure …`, /api/v1/measures/…, goals and dashboards.
 *
 * Another capability adds a measure with registerMeasure() (from its wiring module, so the web server
 * and the command line both see it), and calls measureDataChanged() when its own data changes, so
 * every process recomputes that measure's figures.
 */
import type { Db } from '../db/database.ts';
import type { DistrictSettings } from '../districts/settings.ts';

/** One student's record as of a date, at a school or (schoolId null) across the district. */
export interface StudentView {
  studentId: number;
  /** The school of this record; null for the district-level record (each student once, days summed across schools). */
  schoolId: number | null;
  /** CEDS grade of the latest enrollment as of the date (at this school, or in the district). */
  grade: string;
  /** Instructional days enrolled up to the date. */
  daysEnrolled: number;
  /** Distinct instructional days within enrollment with a full-day absence, up to the date. */
  daysAbsent: number;
  /** daysEnrolled ≥ the district's minimum days enrolled. */
  eligible: boolean;
  /** Enrolled on the date. */
  enrolledOnDate: boolean;
}

export interface MeasureYear {
  id: number;
  /** '2021-2022' */
  name: string;
  startDate: string;
  endDate: string;
}

export interface PrepareContext {
  db: Db;
  districtId: number;
  year: MeasureYear;
  settings: DistrictSettings;
}

/** What one student adds to the row they fall in. */
export interface Contribution {
  /** Usually 1 (one student); for a day-based measure, the student's days. */
  denominator: number;
  numerator: number;
  /** Additive fields (days_lost), and the parts of a `counts` field ('tiers.severe'). */
  sums?: Record<string, number>;
  /** Distinct-count fields: the row's value is the number of distinct keys among its students (families). */
  distinct?: Record<string, string | null>;
  /** Values of the measure's extra row keys (proficiency: assessment, subject). */
  keys?: Record<string, string>;
}

export interface MeasureEvaluator {
  /**
   * The student's contribution(s) as of `asOf` ('YYYY-MM-DD'), or null when the student is not in
   * this measure's population. Several contributions only with extra row keys (one per key value).
   */
  evaluate(view: StudentView, asOf: string): Contribution | Contribution[] | null;
}

export type MeasureField =
  | { name: string; kind: 'sum' }
  | { name: string; kind: 'distinct' }
  /** An object of student counts that partition the denominator (tiers: satisfactory, at_risk, …). */
  | { name: string; kind: 'counts'; parts: readonly string[] };

export interface MeasureDefinition {
  /** The name used by `village measure <key>` and /api/v1/measures/<key>, e.g. 'home-visit-coverage'. */
  key: string;
  /** One line for `village measures list` and the API. */
  description: string;
  /** Which way is better, for goals and the dashboard: 'lower' (chronic absence) or 'higher'. */
  better: 'lower' | 'higher';
  /** The row has a numerator (default true; attendance tiers: false). */
  numerator?: boolean;
  /** The row has a rate = numerator / denominator (default true). */
  rate?: boolean;
  /** Each student adds 0 or 1 to the numerator (default true; average daily attendance adds days). */
  binaryNumerator?: boolean;
  /** Extra row keys besides school_id, grade, group and month (proficiency: assessment, subject). */
  rowKeys?: readonly string[];
  /** Extra fields of each row, in output order. */
  fields?: readonly MeasureField[];
  /** Loads what the measure needs for a school year; called again whenever the figures' data change. */
  prepare(ctx: PrepareContext): Promise<MeasureEvaluator>;
}

const registry = new Map<string, MeasureDefinition>();

const KEY = /^[a-z][a-z0-9-]{1,40}$/;

/** Adds a measure. The key must be new; a second registration of the same key is a programming error. */
export function registerMeasure(def: MeasureDefinition): void {
  if (!KEY.test(def.key)) throw new Error(`measure key "${def.key}" must be lower-case words joined by "-"`);
  if (registry.has(def.key)) throw new Error(`measure "${def.key}" is registered twice`);
  const reserved = new Set(['school_id', 'grade', 'group', 'month', 'denominator', 'numerator', 'rate', 'suppressed']);
  for (const name of [...(def.rowKeys ?? []), ...(def.fields ?? []).map((f) => f.name)]) {
    if (reserved.has(name)) throw new Error(`measure "${def.key}": "${name}" is a reserved column name`);
  }
  registry.set(def.key, def);
}

export function getMeasure(key: string): MeasureDefinition | undefined {
  return registry.get(key);
}

const BUILT_IN = ['chronic-absence', 'attendance-tiers', 'average-daily-attendance', 'proficiency', 'suspension'];

/** Every registered measure: the built-in ones first, then others in registration order. */
export function listMeasures(): MeasureDefinition[] {
  const rank = (k: string) => (BUILT_IN.includes(k) ? BUILT_IN.indexOf(k) : BUILT_IN.length);
  return [...registry.values()].sort((a, b) => rank(a.key) - rank(b.key));
}

/**
 * Tells every process that a measure's own data changed (a home visit was completed, say), so its
 * figures are recomputed on the next request. Cheap: one row updated.
 */
export async function measureDataChanged(db: Db, districtId: number, measureKey: string): Promise<void> {
  await bumpVersion(db, districtId, `measure:${measureKey}`);
}

/** Increments the version of one scope of a district's figures (see tables.ts). */
export async function bumpVersion(db: Db, districtId: number, scope: string): Promise<void> {
  const now = new Date().toISOString();
  await db
    .insertInto('measure_versions')
    .values({ district_id: districtId, scope, version: 1, updated_at: now })
    .onConflict((oc) => oc.columns(['district_id', 'scope']).doUpdateSet((eb) => ({ version: eb('measure_versions.version', '+', 1), updated_at: now })))
    .execute();
}
