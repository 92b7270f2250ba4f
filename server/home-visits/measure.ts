/**
 * `home-visit-coverage` for `village measure` and /api/v1/measures (DATA-FORMATS.md): denominator the
 * students enrolled, numerator the students whose family had a completed visit by the as-of date, and
 * the distinct families and families visited. Breakdowns and suppression are the measures engine's.
 *
 * At a school, a student's family is the family of that school (siblings at the school are one
 * family). Across the district, a family with children at two schools counts at each school, so the
 * district's families are the schools' families added up; each student counts under the family of the
 * school where they enrolled last.
 */
import type { MeasureDefinition, MeasureEvaluator, PrepareContext } from '../measures/registry.ts';
import { loadRoster } from './families.ts';
import { loadCompletedVisits } from './coverage.ts';

export const HOME_VISIT_COVERAGE = 'home-visit-coverage';

async function prepare(ctx: PrepareContext): Promise<MeasureEvaluator> {
  const roster = await loadRoster(ctx.db, ctx.districtId, ctx.year.id);
  const visits = await loadCompletedVisits(ctx.db, ctx.districtId, ctx.year.id);
  // First completed visit of each family.
  const firstVisit = new Map<string, string>();
  for (const v of visits) {
    for (const id of v.studentIds) {
      const f = roster.familyOf(v.schoolId, id);
      if (f && (!firstVisit.has(f.key) || v.date < firstVisit.get(f.key)!)) firstVisit.set(f.key, v.date);
    }
  }
  // Each student's schools in the year, the school of their latest enrollment last.
  const entries = await ctx.db
    .selectFrom('enrollments')
    .select(['student_id', 'school_id', 'entry_date'])
    .where('district_id', '=', ctx.districtId)
    .where('school_year_id', '=', ctx.year.id)
    .where('status', '=', 'active')
    .orderBy('entry_date')
    .execute();
  const schoolsOf = new Map<number, Array<{ schoolId: number; entry: string }>>();
  for (const e of entries) {
    const list = schoolsOf.get(e.student_id) ?? [];
    list.push({ schoolId: e.school_id, entry: e.entry_date });
    schoolsOf.set(e.student_id, list);
  }
  return {
    evaluate(view, asOf) {
      const visitedBy = (key: string) => {
        const d = firstVisit.get(key);
        return d !== undefined && d <= asOf;
      };
      if (view.schoolId !== null) {
        const f = roster.familyOf(view.schoolId, view.studentId);
        if (!f) return { denominator: 1, numerator: 0, distinct: { families: `s${view.studentId}`, families_visited: null } };
        const visited = visitedBy(f.key);
        return { denominator: 1, numerator: visited ? 1 : 0, distinct: { families: f.key, families_visited: visited ? f.key : null } };
      }
      const schools = (schoolsOf.get(view.studentId) ?? []).filter((s) => s.entry <= asOf);
      const families = schools.map((s) => roster.familyOf(s.schoolId, view.studentId)).filter((f) => !!f);
      const home = families[families.length - 1];
      const visited = families.some((f) => visitedBy(f!.key));
      if (!home) return { denominator: 1, numerator: 0, distinct: { families: `s${view.studentId}`, families_visited: null } };
      return { denominator: 1, numerator: visited ? 1 : 0, distinct: { families: home.key, families_visited: visited ? home.key : null } };
    },
  };
}

export const homeVisitCoverageMeasure: MeasureDefinition = {
  key: HOME_VISIT_COVERAGE,
  description: 'Students whose family had a completed home visit, over students enrolled; with families and families visited',
  better: 'higher',
  fields: [
    { name: 'families', kind: 'distinct' },
    { name: 'families_visited', kind: 'distinct' },
  ],
  prepare,
};
