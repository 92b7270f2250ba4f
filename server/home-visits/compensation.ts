/**
 * Compensation (second core practice: educators are paid for visiting time): hours per educator per
 * pay period from completed visits, counting what each school's program counts (visit, travel,
 * reflection time), at the program's hourly rate; a payroll CSV; and the union's view of participation,
 * training and compensation.
 */
import type { Db } from '../db/database.ts';
import type { Actor } from '../auth/actor.ts';
import { AppError } from '../http/errors.ts';
import { toSpreadsheetCsv } from '../../common/csv-escape.ts';
import { hvScope } from './policy.ts';
import { listEducators, type Educator } from './educators.ts';
import type { PayPeriodKind, SchoolYear } from './program.ts';
import type { PayRowView } from '../../common/home-visits.ts';

const DAY = 86_400_000;
const dayNum = (d: string) => Math.floor(Date.parse(`${d}T00:00:00Z`) / DAY);
const dateOf = (n: number) => new Date(n * DAY).toISOString().slice(0, 10);

/** The pay period a date falls in. Biweekly periods run 14 days from the anchor (either way). */
export function payPeriodOf(kind: PayPeriodKind, anchor: string, date: string): { start: string; end: string } {
  if (kind === 'monthly' || kind === 'semimonthly') {
    const [y, m, d] = date.split('-').map(Number);
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    const mm = `${y}-${String(m).padStart(2, '0')}`;
    if (kind === 'monthly') return { start: `${mm}-01`, end: `${mm}-${String(last).padStart(2, '0')}` };
    return d <= 15 ? { start: `${mm}-01`, end: `${mm}-15` } : { start: `${mm}-16`, end: `${mm}-${String(last).padStart(2, '0')}` };
  }
  const offset = Math.floor((dayNum(date) - dayNum(anchor)) / 14);
  const start = dayNum(anchor) + offset * 14;
  return { start: dateOf(start), end: dateOf(start + 13) };
}

export type PayRow = PayRowView;

export interface CompensationReport {
  year: string;
  rows: PayRow[];
  /** Visits held but awaiting reflections: paid once complete. */
  pending: Array<{ staffId: number; name: string; visits: number }>;
}

/** Which schools' pay this person sees: everything (district, union), their schools (staff, coordinators), or only their own pay (teachers). */
async function payScope(db: Db, actor: Actor, year: SchoolYear): Promise<{ schoolIds: number[] | 'all'; onlyStaffId: number | null }> {
  const scope = await hvScope(db, actor, year.id);
  if (scope.districtWide || actor.role === 'union_rep') return { schoolIds: 'all', onlyStaffId: null };
  if (scope.schoolIds.length) return { schoolIds: scope.schoolIds, onlyStaffId: null };
  if (actor.role === 'teacher' && scope.staffId !== null) return { schoolIds: 'all', onlyStaffId: scope.staffId };
  throw new AppError('forbidden', 'Compensation is for the district, the union, the school\'s coordinators and each educator\'s own pay.', { reason: 'scope' });
}

export async function compensationReport(db: Db, actor: Actor, year: SchoolYear): Promise<CompensationReport> {
  const { schoolIds, onlyStaffId } = await payScope(db, actor, year);
  const districtId = actor.districtId;
  let q = db
    .selectFrom('hv_visits')
    .innerJoin('hv_visit_educators', (j) => j.onRef('hv_visit_educators.visit_id', '=', 'hv_visits.id').onRef('hv_visit_educators.district_id', '=', 'hv_visits.district_id'))
    .innerJoin('staff', 'staff.id', 'hv_visit_educators.staff_id')
    .innerJoin('schools', 'schools.id', 'hv_visits.school_id')
    .innerJoin('hv_programs', (j) => j.onRef('hv_programs.school_id', '=', 'hv_visits.school_id').onRef('hv_programs.school_year_id', '=', 'hv_visits.school_year_id').onRef('hv_programs.district_id', '=', 'hv_visits.district_id'))
    .leftJoin('hv_reflections', (j) => j.onRef('hv_reflections.visit_id', '=', 'hv_visits.id').onRef('hv_reflections.staff_id', '=', 'hv_visit_educators.staff_id').onRef('hv_reflections.district_id', '=', 'hv_visits.district_id'))
    .select([
      'hv_visits.id',
      'hv_visits.status',
      'hv_visits.visit_date',
      'hv_visits.duration_minutes',
      'hv_visits.school_id',
      'schools.name as school_name',
      'staff.id as staff_id',
      'staff.ext_id',
      'staff.first_name',
      'staff.last_name',
      'staff.email',
      'hv_visit_educators.travel_minutes',
      'hv_reflections.minutes as reflection_minutes',
      'hv_programs.hourly_rate_cents',
      'hv_programs.count_visit_time',
      'hv_programs.count_travel_time',
      'hv_programs.count_reflection_time',
      'hv_programs.pay_period',
      'hv_programs.pay_period_anchor',
    ])
    .where('hv_visits.district_id', '=', districtId)
    .where('hv_visits.school_year_id', '=', year.id)
    .where('hv_visits.status', 'in', ['completed', 'held']);
  if (schoolIds !== 'all') q = q.where('hv_visits.school_id', 'in', schoolIds);
  if (onlyStaffId !== null) q = q.where('hv_visit_educators.staff_id', '=', onlyStaffId);
  const rows = await q.execute();
  return { year: year.name, ...summarisePay(rows, year) };
}

type PayInput = {
  status: string;
  visit_date: string;
  duration_minutes: number;
  school_id: number;
  school_name: string;
  staff_id: number;
  ext_id: string;
  first_name: string;
  last_name: string;
  email: string | null;
  travel_minutes: number;
  reflection_minutes: number | null;
  hourly_rate_cents: number;
  count_visit_time: number;
  count_travel_time: number;
  count_reflection_time: number;
  pay_period: string;
  pay_period_anchor: string | null;
};

/** Sums completed visits into rows per educator, school and pay period (pure). */
export function summarisePay(rows: readonly PayInput[], year: Pick<SchoolYear, 'startDate'>): { rows: PayRow[]; pending: CompensationReport['pending'] } {
  const out = new Map<string, PayRow>();
  const pending = new Map<number, { staffId: number; name: string; visits: number }>();
  for (const r of rows) {
    const name = `${r.first_name} ${r.last_name}`;
    if (r.status !== 'completed') {
      const p = pending.get(r.staff_id) ?? { staffId: r.staff_id, name, visits: 0 };
      p.visits++;
      pending.set(r.staff_id, p);
      continue;
    }
    const period = payPeriodOf(r.pay_period as PayPeriodKind, r.pay_period_anchor ?? year.startDate, r.visit_date);
    const key = `${r.staff_id}|${r.school_id}|${period.start}`;
    const row = out.get(key) ?? {
      staffId: r.staff_id,
      staffNumber: r.ext_id,
      name,
      email: r.email,
      schoolId: r.school_id,
      schoolName: r.school_name,
      periodStart: period.start,
      periodEnd: period.end,
      visits: 0,
      visitMinutes: 0,
      travelMinutes: 0,
      reflectionMinutes: 0,
      hours: 0,
      rateCents: r.hourly_rate_cents,
      amountCents: 0,
    };
    row.visits++;
    if (r.count_visit_time) row.visitMinutes += r.duration_minutes;
    if (r.count_travel_time) row.travelMinutes += r.travel_minutes;
    if (r.count_reflection_time) row.reflectionMinutes += r.reflection_minutes ?? 0;
    const minutes = row.visitMinutes + row.travelMinutes + row.reflectionMinutes;
    row.hours = Math.round((minutes / 60) * 100) / 100;
    row.amountCents = Math.round((minutes * row.rateCents) / 60);
    out.set(key, row);
  }
  const sorted = [...out.values()].sort((a, b) => a.periodStart.localeCompare(b.periodStart) || a.name.localeCompare(b.name) || a.schoolName.localeCompare(b.schoolName));
  return { rows: sorted, pending: [...pending.values()].sort((a, b) => a.name.localeCompare(b.name)) };
}

/** The payroll file: one row per educator, school and pay period; safe to open in a spreadsheet. */
export function payrollCsv(rows: readonly PayRow[]): string {
  const header = ['staff_id', 'name', 'email', 'school', 'period_start', 'period_end', 'visits', 'visit_hours', 'travel_hours', 'reflection_hours', 'total_hours', 'hourly_rate', 'amount'];
  const h = (m: number) => (Math.round((m / 60) * 100) / 100).toFixed(2);
  const money = (c: number) => (c / 100).toFixed(2);
  return toSpreadsheetCsv(
    header,
    rows.map((r) => [r.staffNumber, r.name, r.email ?? '', r.schoolName, r.periodStart, r.periodEnd, r.visits, h(r.visitMinutes), h(r.travelMinutes), h(r.reflectionMinutes), r.hours.toFixed(2), money(r.rateCents), money(r.amountCents)]),
  );
}

export interface ParticipationReport {
  year: string;
  schools: Array<{ schoolId: number; schoolName: string; educators: number; trained: number; optedIn: number; visiting: number; trainingHours: number; paidHours: number; amountCents: number }>;
  educators: Array<Educator & { completedVisits: number; paidHours: number; amountCents: number; trainingHours: number }>;
}

/** The union representative's view: participation, training and compensation, educator by educator. No student data. */
export async function participationReport(db: Db, actor: Actor, year: SchoolYear): Promise<ParticipationReport> {
  const { schoolIds, onlyStaffId } = await payScope(db, actor, year);
  if (onlyStaffId !== null) throw new AppError('forbidden', 'Participation across educators is for the district, the union and the school\'s coordinators.', { reason: 'scope' });
  const schools = await db.selectFrom('schools').select(['id', 'name']).where('district_id', '=', actor.districtId).where('status', '=', 'active').orderBy('name').execute();
  const shown = schoolIds === 'all' ? schools : schools.filter((s) => schoolIds.includes(s.id));
  const educators = await listEducators(db, actor.districtId, year, shown.map((s) => s.id));
  const pay = await compensationReport(db, actor, year);
  const perEducator = educators.map((e) => {
    const mine = pay.rows.filter((r) => r.staffId === e.staffId);
    return {
      ...e,
      completedVisits: mine.reduce((s, r) => s + r.visits, 0),
      paidHours: Math.round(mine.reduce((s, r) => s + r.hours, 0) * 100) / 100,
      amountCents: mine.reduce((s, r) => s + r.amountCents, 0),
      trainingHours: e.trainings.reduce((s, t) => s + t.hours, 0),
    };
  });
  return {
    year: year.name,
    schools: shown.map((s) => {
      const here = perEducator.filter((e) => e.schoolIds.includes(s.id));
      const rows = pay.rows.filter((r) => r.schoolId === s.id);
      return {
        schoolId: s.id,
        schoolName: s.name,
        educators: here.length,
        trained: here.filter((e) => e.trained).length,
        optedIn: here.filter((e) => e.optedIn).length,
        visiting: new Set(rows.map((r) => r.staffId)).size,
        trainingHours: here.reduce((sum, e) => sum + e.trainingHours, 0),
        paidHours: Math.round(rows.reduce((sum, r) => sum + r.hours, 0) * 100) / 100,
        amountCents: rows.reduce((sum, r) => sum + r.amountCents, 0),
      };
    }),
    educators: perEducator,
  };
}
