/**
 * Dashboards: the district overview (key figures with the change from last year, schools ranked by
 * chronic absence, gaps across student groups, the monthly trend, goals) and the same for one school.
 * Every figure comes from the measure engine with the reader's suppression.
 */
import type { z } from 'zod';
import type { Db } from '../db/database.ts';
import type { Actor } from '../auth/actor.ts';
import { AppError } from '../http/errors.ts';
import { defaultYear, listYears, loadMeasure, priorYear, resolveYear, resultFrom, type Dimension, type MeasureAccess, type MeasureRow } from './engine.ts';
import { GROUP_KINDS, type GroupKind } from './groups.ts';
import { listMeasures } from './registry.ts';
import { listGoals } from './goals.ts';
import type { dashboardSchema } from './schema.ts';

export type Dashboard = z.output<typeof dashboardSchema>;

interface CellOut {
  denominator: number | null;
  numerator: number | null;
  rate: number | null;
  band?: string | null;
  suppressed: boolean;
}

const cell = (r: MeasureRow | undefined): CellOut | null =>
  r
    ? { denominator: r.denominator as number | null, numerator: r.numerator as number | null, rate: (r.rate ?? null) as number | null, ...(r.rate_band ? { band: r.rate_band as string } : {}), suppressed: r.suppressed }
    : null;

const change = (now: CellOut | null, before: CellOut | null) =>
  now && before && now.rate !== null && before.rate !== null ? Math.round((now.rate - before.rate) * 10000) / 10000 : null;

/** The same day a year earlier (28 February for 29 February). */
export function yearEarlier(date: string): string {
  const y = Number(date.slice(0, 4)) - 1;
  const md = date.slice(5) === '02-29' ? '02-28' : date.slice(5);
  return `${y}-${md}`;
}

const monthEarlier = (month: string) => `${Number(month.slice(0, 4)) - 1}${month.slice(4)}`;

export async function dashboard(db: Db, actor: Actor, access: MeasureAccess, q: { year?: string; asOf?: string; schoolId?: number }): Promise<Dashboard> {
  const districtId = actor.districtId;
  const year = q.year ? await resolveYear(db, districtId, q.year) : await defaultYear(db, districtId);
  if (!year) throw new AppError('not_found', 'The district has no school years yet.');
  const main = await loadMeasure(db, districtId, { measure: 'chronic-absence', year: year.name, asOf: q.asOf });
  const { snap, asOf } = main;
  let school: Dashboard['school'] = null;
  if (q.schoolId !== undefined) {
    const s = snap.schools.get(q.schoolId);
    if (!s) throw new AppError('not_found', 'No such school.');
    school = { id: s.id, code: s.code, name: s.name };
  }

  // The prior year, as of the same date a year earlier (its whole year when this one is finished).
  const prior = await priorYear(db, districtId, year);
  let priorAsOf: string | null = null;
  if (prior) {
    const shifted = yearEarlier(asOf);
    priorAsOf = shifted < prior.start_date ? prior.start_date : shifted > prior.end_date ? prior.end_date : shifted;
  }
  const cache = new Map<string, Promise<Awaited<ReturnType<typeof loadMeasure>> | null>>();
  const load = (measure: string, which: 'now' | 'prior') => {
    const key = `${measure}:${which}`;
    let p = cache.get(key);
    if (!p) {
      p =
        which === 'now'
          ? loadMeasure(db, districtId, { measure, year: year.name, asOf })
          : prior && priorAsOf
            ? loadMeasure(db, districtId, { measure, year: prior.name, asOf: priorAsOf }).then(
                (l) => (l.snap.lastDay !== null && priorAsOf !== null && l.asOf === priorAsOf ? l : null),
                (err) => {
                  if (err instanceof AppError) return null; // no calendar: no comparison
                  throw err;
                },
              )
            : Promise.resolve(null);
      cache.set(key, p);
    }
    return p;
  };
  const code = school?.code ?? null;
  const rows = async (measure: string, which: 'now' | 'prior', by: Dimension[]): Promise<MeasureRow[]> => {
    const l = await load(measure, which);
    if (!l) return [];
    const dims: Dimension[] = school ? ['school', ...by.filter((d) => d !== 'school')] : by;
    const r = resultFrom(l, dims, access).rows;
    return school ? r.filter((x) => x.school_id === code) : r;
  };
  const base: Dimension[] = [];

  const rateMeasures = listMeasures().filter((m) => m.rate !== false && !(m.rowKeys?.length));
  const figures: Dashboard['figures'] = [];
  for (const m of rateMeasures) {
    const [now] = await rows(m.key, 'now', base);
    const [before] = await rows(m.key, 'prior', base);
    const c = cell(now) ?? { denominator: null, numerator: null, rate: null, suppressed: false };
    figures.push({ measure: m.key, ...c, prior: cell(before), change: change(cell(now), cell(before)) });
  }

  const [t] = await rows('attendance-tiers', 'now', base);
  const tiers = t
    ? { denominator: t.denominator as number | null, ...(t.tiers as Record<'satisfactory' | 'at_risk' | 'moderate' | 'severe', number | null>), suppressed: t.suppressed }
    : null;

  const profNow = await rows('proficiency', 'now', base);
  const profBefore = await rows('proficiency', 'prior', base);
  const proficiency: Dashboard['proficiency'] = profNow.map((r) => {
    const before = profBefore.find((p) => p.assessment === r.assessment && p.subject === r.subject);
    return { measure: 'proficiency', assessment: String(r.assessment), subject: String(r.subject), ...(cell(r) as CellOut), prior: cell(before), change: change(cell(r), cell(before)) };
  });

  const overall = figures.find((f) => f.measure === 'chronic-absence');
  let schools: Dashboard['schools'] = [];
  if (!school) {
    const now = await rows('chronic-absence', 'now', ['school']);
    const before = await rows('chronic-absence', 'prior', ['school']);
    const byCode = new Map([...snap.schools.values()].map((s) => [s.code, s]));
    schools = now
      .map((r) => {
        const s = byCode.get(r.school_id as string);
        return { schoolId: s?.id ?? 0, code: String(r.school_id), name: s?.name ?? String(r.school_id), ...(cell(r) as CellOut), prior: cell(before.find((b) => b.school_id === r.school_id)) };
      })
      .sort((a, b) => (a.rate === null ? 1 : 0) - (b.rate === null ? 1 : 0) || (b.rate ?? 0) - (a.rate ?? 0) || a.name.localeCompare(b.name));
  }

  const grades = (await rows('chronic-absence', 'now', ['grade'])).map((r) => ({ grade: String(r.grade), ...(cell(r) as CellOut) }));
  const gaps = (await rows('chronic-absence', 'now', ['group'])).map((r) => {
    const c = cell(r) as CellOut;
    const kind = String(r.group).split('=')[0] as GroupKind;
    return { group: String(r.group), kind: GROUP_KINDS.includes(kind) ? kind : 'race', ...c, gap: c.rate !== null && overall?.rate != null ? Math.round((c.rate - overall.rate) * 10000) / 10000 : null };
  });
  const trendBefore = await rows('chronic-absence', 'prior', ['month']);
  const trend = (await rows('chronic-absence', 'now', ['month'])).map((r) => ({
    month: String(r.month),
    ...(cell(r) as CellOut),
    prior: cell(trendBefore.find((b) => b.month === monthEarlier(String(r.month)))),
  }));

  const goals = await listGoals(db, actor, access, school ? { schoolId: school.id } : {});
  const result = resultFrom(main, [], access);
  return {
    year: year.name,
    years: (await listYears(db, districtId)).map((y) => y.name),
    asOf,
    priorYear: prior && (await load('chronic-absence', 'prior')) ? prior.name : null,
    priorAsOf: prior && (await load('chronic-absence', 'prior')) ? priorAsOf : null,
    minN: snap.settings.minN,
    suppressionApplied: access.kind !== 'full',
    school,
    figures,
    tiers,
    proficiency,
    schools,
    grades,
    gaps,
    trend,
    goals,
    ignored: result.ignored,
    warnings: result.warnings,
  };
}
