/**
 * The measures Village defines itself (PRODUCT.md, "Rules of the domain"; DATA-FORMATS.md, "Measure
 * exports"): chronic absence, attendance tiers, average daily attendance, proficiency, suspension.
 * Registered once, on first import of this module.
 */
import { registerMeasure, getMeasure, type Contribution, type MeasureEvaluator, type PrepareContext } from './registry.ts';

export const TIERS = ['satisfactory', 'at_risk', 'moderate', 'severe'] as const;
export type Tier = (typeof TIERS)[number];

/** Chronically absent: days absent / days enrolled ≥ 10%, compared in integers. */
export function isChronicallyAbsent(daysAbsent: number, daysEnrolled: number): boolean {
  return 10 * daysAbsent >= daysEnrolled;
}

/** Satisfactory < 5%; at risk 5% to < 10%; moderate chronic 10% to < 20%; severe chronic ≥ 20%. */
export function tierOf(daysAbsent: number, daysEnrolled: number): Tier {
  if (5 * daysAbsent >= daysEnrolled) return 'severe';
  if (10 * daysAbsent >= daysEnrolled) return 'moderate';
  if (20 * daysAbsent >= daysEnrolled) return 'at_risk';
  return 'satisfactory';
}

/** One sums object per tier, shared by every student's contribution. */
const TIER_SUMS = Object.fromEntries(TIERS.map((t) => [t, { [`tiers.${t}`]: 1 }])) as Record<Tier, Record<string, number>>;

const constant = (evaluate: MeasureEvaluator['evaluate']) => async (): Promise<MeasureEvaluator> => ({ evaluate });

function registerBuiltins() {
  registerMeasure({
    key: 'chronic-absence',
    description: 'Eligible students (enrolled at least the minimum days) who missed 10% or more of their days enrolled',
    better: 'lower',
    prepare: constant((v) => (v.eligible ? { denominator: 1, numerator: isChronicallyAbsent(v.daysAbsent, v.daysEnrolled) ? 1 : 0 } : null)),
  });

  registerMeasure({
    key: 'attendance-tiers',
    description: 'Eligible students per attendance tier: satisfactory (<5% absent), at risk (5–10%), moderate (10–20%), severe (≥20%)',
    better: 'lower',
    numerator: false,
    rate: false,
    fields: [{ name: 'tiers', kind: 'counts', parts: TIERS }],
    prepare: constant((v) => (v.eligible ? { denominator: 1, numerator: 0, sums: TIER_SUMS[tierOf(v.daysAbsent, v.daysEnrolled)] } : null)),
  });

  registerMeasure({
    key: 'average-daily-attendance',
    description: 'Student-days present over student-days enrolled',
    better: 'higher',
    binaryNumerator: false,
    prepare: constant((v) => ({ denominator: v.daysEnrolled, numerator: v.daysEnrolled - v.daysAbsent })),
  });

  registerMeasure({
    key: 'proficiency',
    description: 'Students proficient on their latest administration of each assessment and subject in the year, over students tested',
    better: 'higher',
    rowKeys: ['assessment', 'subject'],
    prepare: prepareProficiency,
  });

  registerMeasure({
    key: 'suspension',
    description: 'Students with at least one out-of-school suspension over students enrolled, and the school days lost to them',
    better: 'lower',
    fields: [{ name: 'days_lost', kind: 'sum' }],
    prepare: prepareSuspension,
  });
}

interface Administration {
  date: string;
  schoolId: number | null;
  proficient: boolean;
}

/**
 * Each student's latest administration of an assessment and subject by the date (in the year) counts;
 * at a school only when that administration was taken there; administrations without a school count
 * at district level only. Administrations without a proficiency result are left out.
 */
async function prepareProficiency(ctx: PrepareContext): Promise<MeasureEvaluator> {
  const rows = await ctx.db
    .selectFrom('assessments')
    .select(['student_id', 'school_id', 'assessment', 'subject', 'administration_date', 'proficient'])
    .where('district_id', '=', ctx.districtId)
    .where('school_year_id', '=', ctx.year.id)
    .where('proficient', 'is not', null)
    .orderBy('administration_date')
    .execute();
  const byStudent = new Map<number, Map<string, Administration[]>>();
  // One keys object per assessment and subject, shared by every contribution (the engine files
  // contributions by this object).
  const keysOf = new Map<string, { assessment: string; subject: string }>();
  for (const r of rows) {
    let tests = byStudent.get(r.student_id);
    if (!tests) byStudent.set(r.student_id, (tests = new Map()));
    const key = `${r.assessment}\u0000${r.subject}`;
    if (!keysOf.has(key)) keysOf.set(key, { assessment: r.assessment, subject: r.subject });
    let list = tests.get(key);
    if (!list) tests.set(key, (list = []));
    list.push({ date: r.administration_date, schoolId: r.school_id, proficient: r.proficient === 1 });
  }
  return {
    evaluate(v, asOf) {
      const tests = byStudent.get(v.studentId);
      if (!tests) return null;
      const out: Contribution[] = [];
      for (const [key, list] of tests) {
        let latest: Administration | null = null;
        for (const a of list) if (a.date <= asOf) latest = a;
        if (!latest) continue;
        if (v.schoolId !== null && latest.schoolId !== v.schoolId) continue;
        out.push({ denominator: 1, numerator: latest.proficient ? 1 : 0, keys: keysOf.get(key) });
      }
      return out.length ? out : null;
    },
  };
}

/** Out-of-school suspensions in the year up to the date: at the school, or anywhere in the district. */
async function prepareSuspension(ctx: PrepareContext): Promise<MeasureEvaluator> {
  const rows = await ctx.db
    .selectFrom('discipline_actions')
    .select(['student_id', 'school_id', 'date', 'days'])
    .where('district_id', '=', ctx.districtId)
    .where('action', '=', 'out_of_school_suspension')
    .where('date', '>=', ctx.year.startDate)
    .where('date', '<=', ctx.year.endDate)
    .execute();
  const byStudent = new Map<number, Array<{ schoolId: number; date: string; days: number }>>();
  for (const r of rows) {
    let list = byStudent.get(r.student_id);
    if (!list) byStudent.set(r.student_id, (list = []));
    // A suspension whose length is not given counts as one day.
    list.push({ schoolId: r.school_id, date: r.date, days: r.days ?? 1 });
  }
  return {
    evaluate(v, asOf) {
      let any = 0;
      let days = 0;
      for (const s of byStudent.get(v.studentId) ?? []) {
        if (s.date > asOf || (v.schoolId !== null && s.schoolId !== v.schoolId)) continue;
        any = 1;
        days += s.days;
      }
      return { denominator: 1, numerator: any, sums: { days_lost: days } };
    },
  };
}

if (!getMeasure('chronic-absence')) registerBuiltins();
