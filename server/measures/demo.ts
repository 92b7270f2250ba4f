/**
 * What the measures capability adds to the demo district (whose figures the import already computed):
 * a few shared goals set the way a community-schools director would set them (baselines
 * computed from last year's data, targets for the end of this year and the next), owned by the
 * district, schools, a partner and the union.
 */
import { systemActor } from '../auth/actor.ts';
import type { DemoContext } from '../demo/context.ts';
import { computeMeasure, listYears } from './engine.ts';
import { createGoal, type GoalInput } from './goals.ts';

const round = (x: number) => Math.round(x * 200) / 200; // to the half percent

export async function loadMeasuresDemo(ctx: DemoContext): Promise<void> {
  const db = ctx.database.db;
  const districtId = ctx.districtId;
  const years = await listYears(db, districtId);
  const current = years.find((y) => y.name === ctx.year) ?? years[years.length - 1];
  const prior = years.filter((y) => y.end_date < (current?.start_date ?? '')).pop();
  if (!current || !prior) return;
  const full = { kind: 'full' } as const;
  const bySchool = await computeMeasure(db, districtId, { measure: 'chronic-absence', year: prior.name, by: ['school'] }, full);
  const schools = await db.selectFrom('schools').select(['id', 'code', 'name']).where('district_id', '=', districtId).orderBy('code').execute();
  // The school with the most chronic absence last year gets its own goal.
  const worst = [...bySchool.rows].filter((r) => r.rate !== null && (r.denominator as number) >= 30).sort((a, b) => (b.rate as number) - (a.rate as number))[0];
  const worstSchool = schools.find((s) => s.code === worst?.school_id);
  const partner = await db.selectFrom('partners').select(['id']).where('district_id', '=', districtId).orderBy('id').executeTakeFirst();
  const district = (await computeMeasure(db, districtId, { measure: 'chronic-absence', year: prior.name }, full)).rows[0];
  const attendance = (await computeMeasure(db, districtId, { measure: 'average-daily-attendance', year: prior.name }, full)).rows[0];
  const endThisYear = `${current.end_date.slice(0, 4)}-06-30`;
  const endNextYear = `${Number(current.end_date.slice(0, 4)) + 1}-06-30`;
  const goals: GoalInput[] = [];
  if (district?.rate != null) {
    goals.push({
      title: 'Cut chronic absence by a fifth across the district',
      measure: 'chronic-absence',
      baselineYear: prior.name,
      target: round((district.rate as number) * 0.8),
      startDate: current.start_date,
      targetDate: endNextYear,
      notes: 'Shared with the board and the teachers\u2019 union in the community-schools plan.',
      owners: [{ type: 'district' }, { type: 'union' }],
    });
  }
  if (worst && worstSchool) {
    goals.push({
      title: `${worstSchool.name}: fewer students chronically absent this year`,
      measure: 'chronic-absence',
      schoolId: worstSchool.id,
      baselineYear: prior.name,
      target: round((worst.rate as number) * 0.85),
      startDate: current.start_date,
      targetDate: endThisYear,
      owners: [{ type: 'school', id: worstSchool.id }, ...(partner ? [{ type: 'partner' as const, id: partner.id }] : [])],
    });
  }
  const el = (await computeMeasure(db, districtId, { measure: 'chronic-absence', year: prior.name, by: ['group'] }, full)).rows.find((r) => r.group === 'english_learner=Y');
  if (el?.rate != null) {
    goals.push({
      title: 'Close the attendance gap for English learners',
      measure: 'chronic-absence',
      group: 'english_learner=Y',
      baselineYear: prior.name,
      target: round((el.rate as number) * 0.75),
      startDate: current.start_date,
      targetDate: endNextYear,
      owners: [{ type: 'district' }, ...(partner ? [{ type: 'partner' as const, id: partner.id }] : [])],
    });
  }
  if (attendance?.rate != null) {
    goals.push({
      title: 'Average daily attendance of 95%',
      measure: 'average-daily-attendance',
      baselineYear: prior.name,
      target: Math.max(round(attendance.rate as number), 0.95),
      startDate: current.start_date,
      targetDate: endNextYear,
      owners: [{ type: 'district' }, { type: 'union' }],
    });
  }
  const actor = systemActor(districtId);
  for (const g of goals) await createGoal(db, actor, g);
}
