/**
 * Shared goals: a measure, a scope (the district, a school, a student group or both), a baseline,
 * a target, a target date and owners (the district, schools, partners, the union). Progress and
 * whether the goal is on track are computed from the data, with the suppression the reader's access
 * calls for (a goal about a small group shows no figure to those who may not see it).
 */
import type { z } from 'zod';
import type { Db } from '../db/database.ts';
import type { Actor } from '../auth/actor.ts';
import { recordAudit } from '../audit/record.ts';
import { AppError, type FieldError } from '../http/errors.ts';
import { computeMeasure, defaultYear, resolveYear, type MeasureAccess, type MeasureRow } from './engine.ts';
import { dayOf, today } from './dates.ts';
import { FLAG_VALUES, parseGroup, RACE_VALUES, SEX_VALUES } from './groups.ts';
import { getMeasure, listMeasures } from './registry.ts';
import type { goalInputSchema, goalPatchSchema, goalSchema } from './schema.ts';

export type Goal = z.output<typeof goalSchema>;
export type GoalInput = z.output<typeof goalInputSchema>;
export type GoalPatch = z.output<typeof goalPatchSchema>;

const OWNER_TYPES = ['district', 'school', 'partner', 'union'] as const;

/** Measures a goal can be set on: those with a rate. */
export function goalMeasures(): string[] {
  return listMeasures().filter((m) => m.rate !== false).map((m) => m.key);
}

interface GoalRow {
  id: number;
  title: string;
  measure: string;
  measure_keys: string;
  school_id: number | null;
  student_group: string | null;
  baseline_year_id: number | null;
  baseline_value: number;
  target_value: number;
  start_date: string;
  target_date: string;
  notes: string | null;
}

const round4 = (x: number) => Math.round(x * 10000) / 10000;

function matchRow(rows: MeasureRow[], school: string | null, group: string | null, keys: Record<string, string>): MeasureRow | undefined {
  return rows.find((r) => r.school_id === school && r.group === group && Object.entries(keys).every(([k, v]) => r[k] === v));
}

/** The goal's measure for its scope: one row of the measure, or undefined when nobody is in it. */
async function scopedValue(db: Db, districtId: number, g: Pick<GoalRow, 'measure' | 'measure_keys' | 'school_id' | 'student_group'>, schoolCode: string | null, year: string, asOf: string | undefined, access: MeasureAccess) {
  const by = [...(g.school_id !== null ? (['school'] as const) : []), ...(g.student_group ? (['group'] as const) : [])];
  const result = await computeMeasure(db, districtId, { measure: g.measure, year, by, asOf }, access);
  return { result, row: matchRow(result.rows, schoolCode, g.student_group, JSON.parse(g.measure_keys) as Record<string, string>) };
}

async function progressOf(db: Db, districtId: number, g: GoalRow, schoolCode: string | null, access: MeasureAccess): Promise<Goal['progress']> {
  const empty = (status: Goal['progress']['status'], year: string | null = null, asOf: string | null = null): Goal['progress'] => ({ year, asOf, current: null, denominator: null, expected: null, share: null, status });
  const on = today() < g.target_date ? today() : g.target_date;
  const year = await defaultYear(db, districtId, on);
  if (!year || !getMeasure(g.measure)) return empty('no_data');
  let value;
  try {
    value = await scopedValue(db, districtId, g, schoolCode, year.name, on < today() && on <= year.end_date && on >= year.start_date ? on : undefined, access);
  } catch (err) {
    if (err instanceof AppError) return empty('no_data', year.name);
    throw err;
  }
  const { result, row } = value;
  if (!row) return empty('no_data', result.year, result.asOf);
  if (row.suppressed) return empty('suppressed', result.year, result.asOf);
  const current = (row.rate ?? null) as number | null;
  if (current === null) return empty('no_data', result.year, result.asOf);
  const lower = getMeasure(g.measure)?.better === 'lower';
  const span = dayOf(g.target_date) - dayOf(g.start_date);
  const elapsed = Math.min(1, Math.max(0, span > 0 ? (dayOf(result.asOf) - dayOf(g.start_date)) / span : 1));
  const expected = g.baseline_value + (g.target_value - g.baseline_value) * elapsed;
  const reached = lower ? current <= g.target_value : current >= g.target_value;
  const onTrack = lower ? current <= expected + 1e-9 : current >= expected - 1e-9;
  const share = g.baseline_value === g.target_value ? (reached ? 1 : 0) : (g.baseline_value - current) / (g.baseline_value - g.target_value);
  return {
    year: result.year,
    asOf: result.asOf,
    current,
    denominator: row.denominator as number,
    expected: round4(expected),
    share: round4(share),
    status: reached ? 'met' : onTrack ? 'on_track' : 'off_track',
  };
}

async function ownerNames(db: Db, districtId: number, owners: Array<{ goal_id: number; owner_type: string; owner_id: number }>) {
  const schoolIds = owners.filter((o) => o.owner_type === 'school').map((o) => o.owner_id);
  const partnerIds = owners.filter((o) => o.owner_type === 'partner').map((o) => o.owner_id);
  const schools = schoolIds.length ? await db.selectFrom('schools').select(['id', 'name']).where('district_id', '=', districtId).where('id', 'in', schoolIds).execute() : [];
  const partners = partnerIds.length ? await db.selectFrom('partners').select(['id', 'name']).where('district_id', '=', districtId).where('id', 'in', partnerIds).execute() : [];
  const district = await db.selectFrom('districts').select('name').where('id', '=', districtId).executeTakeFirst();
  return (o: { owner_type: string; owner_id: number }): string => {
    if (o.owner_type === 'school') return schools.find((s) => s.id === o.owner_id)?.name ?? `School ${o.owner_id}`;
    if (o.owner_type === 'partner') return partners.find((p) => p.id === o.owner_id)?.name ?? `Partner ${o.owner_id}`;
    if (o.owner_type === 'district') return district?.name ?? 'District';
    return 'Teachers\u2019 union';
  };
}

/** Every goal of the district (optionally of one school), with progress computed for the reader. */
export async function listGoals(db: Db, actor: Actor, access: MeasureAccess, options: { schoolId?: number; goalId?: number } = {}): Promise<Goal[]> {
  let q = db
    .selectFrom('measure_goals')
    .leftJoin('schools', (j) => j.onRef('schools.id', '=', 'measure_goals.school_id').onRef('schools.district_id', '=', 'measure_goals.district_id'))
    .leftJoin('school_years', (j) => j.onRef('school_years.id', '=', 'measure_goals.baseline_year_id').onRef('school_years.district_id', '=', 'measure_goals.district_id'))
    .select([
      'measure_goals.id',
      'measure_goals.title',
      'measure_goals.measure',
      'measure_goals.measure_keys',
      'measure_goals.school_id',
      'measure_goals.student_group',
      'measure_goals.baseline_year_id',
      'measure_goals.baseline_value',
      'measure_goals.target_value',
      'measure_goals.start_date',
      'measure_goals.target_date',
      'measure_goals.notes',
      'schools.code as school_code',
      'schools.name as school_name',
      'school_years.name as baseline_year',
    ])
    .where('measure_goals.district_id', '=', actor.districtId)
    .orderBy('measure_goals.target_date')
    .orderBy('measure_goals.id');
  if (options.schoolId !== undefined) q = q.where('measure_goals.school_id', '=', options.schoolId);
  if (options.goalId !== undefined) q = q.where('measure_goals.id', '=', options.goalId);
  const rows = await q.execute();
  if (rows.length === 0) return [];
  const owners = await db
    .selectFrom('measure_goal_owners')
    .select(['goal_id', 'owner_type', 'owner_id'])
    .where('district_id', '=', actor.districtId)
    .where('goal_id', 'in', rows.map((r) => r.id))
    .execute();
  owners.sort((a, b) => OWNER_TYPES.indexOf(a.owner_type as (typeof OWNER_TYPES)[number]) - OWNER_TYPES.indexOf(b.owner_type as (typeof OWNER_TYPES)[number]) || a.owner_id - b.owner_id);
  const nameOf = await ownerNames(db, actor.districtId, owners);
  const out: Goal[] = [];
  for (const r of rows) {
    out.push({
      id: r.id,
      title: r.title,
      measure: r.measure,
      measureKeys: JSON.parse(r.measure_keys) as Record<string, string>,
      better: getMeasure(r.measure)?.better ?? 'lower',
      school: r.school_id !== null ? { id: r.school_id, code: r.school_code ?? '', name: r.school_name ?? '' } : null,
      group: r.student_group,
      baselineYear: r.baseline_year ?? null,
      baseline: r.baseline_value,
      target: r.target_value,
      startDate: r.start_date,
      targetDate: r.target_date,
      notes: r.notes,
      owners: owners
        .filter((o) => o.goal_id === r.id)
        .map((o) => ({ type: o.owner_type as Goal['owners'][number]['type'], id: o.owner_type === 'school' || o.owner_type === 'partner' ? o.owner_id : null, name: nameOf(o) })),
      progress: await progressOf(db, actor.districtId, r, r.school_code ?? null, access),
    });
  }
  return out;
}

export async function getGoal(db: Db, actor: Actor, access: MeasureAccess, id: number): Promise<Goal> {
  const [goal] = await listGoals(db, actor, access, { goalId: id });
  if (!goal) throw new AppError('not_found', 'No such goal.');
  return goal;
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** Checks a goal and fills in what can be computed; throws validation_failed naming every problem. */
async function validated(db: Db, districtId: number, input: GoalInput, options: { newTargetDate: boolean } = { newTargetDate: true }) {
  const fields: FieldError[] = [];
  const def = getMeasure(input.measure);
  if (!def || def.rate === false) fields.push({ path: 'measure', message: `must be one of ${goalMeasures().join(', ')}` });
  const keys: Record<string, string> = {};
  for (const k of def?.rowKeys ?? []) {
    const v = input.measureKeys?.[k]?.trim();
    if (!v) fields.push({ path: `measureKeys.${k}`, message: `${input.measure} goals name the ${k}` });
    else keys[k] = v;
  }
  let schoolCode: string | null = null;
  if (input.schoolId) {
    const s = await db.selectFrom('schools').select('code').where('district_id', '=', districtId).where('id', '=', input.schoolId).executeTakeFirst();
    if (!s) fields.push({ path: 'schoolId', message: 'no such school in this district' });
    else schoolCode = s.code;
  }
  const group = input.group?.trim() || null;
  if (group) {
    const g = parseGroup(group);
    const values: Record<string, readonly string[]> = { race: RACE_VALUES, sex: SEX_VALUES };
    const valid = g && (g.kind === 'home_language' ? /^([a-z]{2,3}|unknown)$/.test(g.value) : (values[g.kind] ?? FLAG_VALUES).includes(g.value));
    if (!valid) fields.push({ path: 'group', message: 'must be kind=value, e.g. race=hispanic, sex=F, english_learner=Y, home_language=es' });
  }
  if (!(input.target >= 0 && input.target <= 1)) fields.push({ path: 'target', message: `must be between 0% and 100% (given ${pct(input.target)})` });
  if (input.baseline !== undefined && input.baseline !== null && !(input.baseline >= 0 && input.baseline <= 1)) {
    fields.push({ path: 'baseline', message: `must be between 0% and 100% (given ${pct(input.baseline)})` });
  }
  const startDate = input.startDate ?? today();
  if (options.newTargetDate && input.targetDate < today()) fields.push({ path: 'targetDate', message: `${input.targetDate} is in the past; a target date must be today or later` });
  else if (input.targetDate <= startDate) fields.push({ path: 'targetDate', message: `must come after the start date ${startDate}` });
  let baselineYearId: number | null = null;
  let baselineYear: string | null = null;
  if (input.baselineYear) {
    try {
      const y = await resolveYear(db, districtId, input.baselineYear);
      baselineYearId = y.id;
      baselineYear = y.name;
    } catch (err) {
      fields.push({ path: 'baselineYear', message: (err as Error).message });
    }
  }
  const owners = new Map<string, { type: string; id: number }>();
  for (const [i, o] of input.owners.entries()) {
    const id = o.type === 'school' || o.type === 'partner' ? o.id ?? null : 0;
    if (id === null) {
      fields.push({ path: `owners.${i}.id`, message: `a ${o.type} owner names the ${o.type}` });
      continue;
    }
    if (o.type === 'school' && !(await db.selectFrom('schools').select('id').where('district_id', '=', districtId).where('id', '=', id).executeTakeFirst())) {
      fields.push({ path: `owners.${i}.id`, message: 'no such school in this district' });
    }
    if (o.type === 'partner' && !(await db.selectFrom('partners').select('id').where('district_id', '=', districtId).where('id', '=', id).executeTakeFirst())) {
      fields.push({ path: `owners.${i}.id`, message: 'no such partner in this district' });
    }
    owners.set(`${o.type}:${id}`, { type: o.type, id });
  }
  if (fields.length) throw new AppError('validation_failed', 'The goal is not valid.', { fields });

  let baseline = input.baseline ?? null;
  if (baseline === null) {
    if (!baselineYear) throw new AppError('validation_failed', 'The goal is not valid.', { fields: [{ path: 'baseline', message: 'give a baseline value, or a baseline year to compute it from' }] });
    try {
      const { row } = await scopedValue(db, districtId, { measure: input.measure, measure_keys: JSON.stringify(keys), school_id: input.schoolId ?? null, student_group: group }, schoolCode, baselineYear, undefined, { kind: 'full' });
      baseline = (row?.rate as number | null | undefined) ?? null;
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
    }
    if (baseline === null) throw new AppError('validation_failed', 'The goal is not valid.', { fields: [{ path: 'baseline', message: `there is no ${input.measure} figure for this scope in ${baselineYear}; give a baseline value` }] });
  }
  const better = def?.better;
  if (better === 'lower' && input.target > baseline) {
    throw new AppError('validation_failed', 'The goal is not valid.', { fields: [{ path: 'target', message: `lower is better for ${input.measure}: the target (${pct(input.target)}) should not be above the baseline (${pct(baseline)})` }] });
  }
  if (better === 'higher' && input.target < baseline) {
    throw new AppError('validation_failed', 'The goal is not valid.', { fields: [{ path: 'target', message: `higher is better for ${input.measure}: the target (${pct(input.target)}) should not be below the baseline (${pct(baseline)})` }] });
  }
  return {
    row: {
      title: input.title.trim(),
      measure: input.measure,
      measure_keys: JSON.stringify(keys),
      school_id: input.schoolId ?? null,
      student_group: group,
      baseline_year_id: baselineYearId,
      baseline_value: round4(baseline),
      target_value: round4(input.target),
      start_date: startDate,
      target_date: input.targetDate,
      notes: input.notes?.trim() || null,
    },
    owners: [...owners.values()],
  };
}

async function writeOwners(db: Db, districtId: number, goalId: number, owners: Array<{ type: string; id: number }>) {
  await db.deleteFrom('measure_goal_owners').where('district_id', '=', districtId).where('goal_id', '=', goalId).execute();
  if (owners.length) await db.insertInto('measure_goal_owners').values(owners.map((o) => ({ district_id: districtId, goal_id: goalId, owner_type: o.type, owner_id: o.id }))).execute();
}

export async function createGoal(db: Db, actor: Actor, input: GoalInput): Promise<Goal> {
  const v = await validated(db, actor.districtId, input);
  const id = await db.transaction().execute(async (trx) => {
    const { id } = await trx.insertInto('measure_goals').values({ ...v.row, district_id: actor.districtId, created_by: actor.userId }).returning('id').executeTakeFirstOrThrow();
    await writeOwners(trx, actor.districtId, id, v.owners);
    return id;
  });
  await recordAudit(db, actor, { action: 'create', entityType: 'goal', entityId: id, details: { measure: v.row.measure, target: v.row.target_value, targetDate: v.row.target_date } });
  return getGoal(db, actor, { kind: 'full' }, id);
}

export async function updateGoal(db: Db, actor: Actor, id: number, patch: GoalPatch): Promise<Goal> {
  const current = await getGoal(db, actor, { kind: 'full' }, id);
  const merged: GoalInput = {
    title: patch.title ?? current.title,
    measure: patch.measure ?? current.measure,
    measureKeys: patch.measureKeys ?? current.measureKeys,
    schoolId: patch.schoolId !== undefined ? patch.schoolId : current.school?.id ?? null,
    group: patch.group !== undefined ? patch.group : current.group,
    baselineYear: patch.baselineYear !== undefined ? patch.baselineYear : current.baselineYear,
    baseline: patch.baseline !== undefined ? patch.baseline : patch.baselineYear !== undefined || patch.measure !== undefined || patch.schoolId !== undefined || patch.group !== undefined ? null : current.baseline,
    target: patch.target ?? current.target,
    startDate: patch.startDate ?? current.startDate,
    targetDate: patch.targetDate ?? current.targetDate,
    notes: patch.notes !== undefined ? patch.notes : current.notes,
    owners: patch.owners ?? current.owners.map((o) => ({ type: o.type, id: o.id })),
  };
  const v = await validated(db, actor.districtId, merged, { newTargetDate: patch.targetDate !== undefined && patch.targetDate !== current.targetDate });
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('measure_goals').set({ ...v.row, updated_at: new Date().toISOString() }).where('district_id', '=', actor.districtId).where('id', '=', id).execute();
    await writeOwners(trx, actor.districtId, id, v.owners);
  });
  await recordAudit(db, actor, { action: 'update', entityType: 'goal', entityId: id, details: { fields: Object.keys(patch) } });
  return getGoal(db, actor, { kind: 'full' }, id);
}

export async function deleteGoal(db: Db, actor: Actor, id: number): Promise<void> {
  const res = await db.deleteFrom('measure_goals').where('district_id', '=', actor.districtId).where('id', '=', id).executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) throw new AppError('not_found', 'No such goal.');
  await recordAudit(db, actor, { action: 'delete', entityType: 'goal', entityId: id });
}

export { OWNER_TYPES };
