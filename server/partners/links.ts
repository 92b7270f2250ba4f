/**
 * What the partners capability takes from the shared-measurement capability: the titles of its
 * shared goals (agreements link to them), and chronic absence by school (needs are informed by it).
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { computeMeasure, defaultYear } from '../measures/engine.ts';

const goalsTableSeen = new WeakSet<object>();

async function measureGoalsAvailable(db: Db): Promise<boolean> {
  if (goalsTableSeen.has(db)) return true;
  const tables = await db.introspection.getTables();
  const ok = tables.some((t) => t.name === 'measure_goals');
  if (ok) goalsTableSeen.add(db);
  return ok;
}

/** Titles of the district's shared goals with these ids (those that exist). */
export async function measureGoalTitles(db: Db, districtId: number, ids: number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  if (ids.length === 0 || !(await measureGoalsAvailable(db))) return out;
  const { rows } = await sql<{ id: number; title: string }>`select id, title from measure_goals where district_id = ${districtId} and id in (${sql.join([...new Set(ids)])})`.execute(db);
  for (const r of rows) out.set(Number(r.id), r.title);
  return out;
}

/** Every shared goal of the district, for choosing one to link an agreement's goal to. */
export async function measureGoalOptions(db: Db, districtId: number): Promise<Array<{ id: number; title: string }>> {
  if (!(await measureGoalsAvailable(db))) return [];
  const { rows } = await sql<{ id: number; title: string }>`select id, title from measure_goals where district_id = ${districtId} order by title`.execute(db);
  return rows.map((r) => ({ id: Number(r.id), title: r.title }));
}

export interface SchoolAbsence {
  schoolCode: string;
  eligible: number;
  chronic: number;
  rate: number;
}

/**
 * Chronic absence by school for the current school year, computed by the measures capability with
 * full access (the figures inform needs; they are shown to staff only as a rate with its counts).
 * Null when the district has no year or no calendar yet.
 */
export async function chronicAbsenceBySchool(db: Db, districtId: number): Promise<{ year: string; asOf: string; schools: SchoolAbsence[] } | null> {
  const year = await defaultYear(db, districtId);
  if (!year) return null;
  try {
    const result = await computeMeasure(db, districtId, { measure: 'chronic-absence', year: year.name, by: ['school'] }, { kind: 'full' });
    return {
      year: result.year,
      asOf: result.asOf,
      schools: result.rows
        .filter((r) => r.school_id !== null && typeof r.denominator === 'number' && r.denominator > 0)
        .map((r) => ({ schoolCode: String(r.school_id), eligible: Number(r.denominator), chronic: Number(r.numerator), rate: Number(r.rate) })),
    };
  } catch {
    // No calendar or no records yet: nothing to suggest from.
    return null;
  }
}
