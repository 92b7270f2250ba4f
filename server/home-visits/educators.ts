/**
 * Educators in the program: training records (date, trainer, hours) and voluntary participation per
 * school year (an educator opts in, and can opt out at any time). Only an educator who is trained and
 * opted in can be scheduled for a visit or log one.
 */
import type { Db } from '../db/database.ts';
import { AppError } from '../http/errors.ts';
import type { HvScope } from './policy.ts';
import type { EducatorView } from '../../common/home-visits.ts';
import { worksAtSchool, type SchoolYear } from './program.ts';

export type Training = EducatorView['trainings'][number];

export type Educator = EducatorView;

/** Staff who work at the schools given (assigned to them, or teaching a class there). */
async function staffAtSchools(db: Db, districtId: number, schoolIds: number[]): Promise<Map<number, Set<number>>> {
  const out = new Map<number, Set<number>>();
  if (schoolIds.length === 0) return out;
  const a = await db.selectFrom('staff_schools').select(['staff_id', 'school_id']).where('district_id', '=', districtId).where('school_id', 'in', schoolIds).execute();
  const b = await db
    .selectFrom('class_teachers')
    .innerJoin('classes', 'classes.id', 'class_teachers.class_id')
    .select(['class_teachers.staff_id', 'classes.school_id'])
    .distinct()
    .where('class_teachers.district_id', '=', districtId)
    .where('class_teachers.status', '=', 'active')
    .where('classes.school_id', 'in', schoolIds)
    .execute();
  for (const r of [...a, ...b]) {
    const set = out.get(r.staff_id) ?? new Set<number>();
    set.add(r.school_id);
    out.set(r.staff_id, set);
  }
  return out;
}

export async function listEducators(db: Db, districtId: number, year: SchoolYear, schoolIds: number[], options: { staffIds?: number[] } = {}): Promise<Educator[]> {
  const at = await staffAtSchools(db, districtId, schoolIds);
  let ids = [...at.keys()];
  if (options.staffIds) ids = ids.filter((id) => options.staffIds!.includes(id));
  if (ids.length === 0) return [];
  const staff = await db.selectFrom('staff').select(['id', 'first_name', 'last_name', 'email']).where('district_id', '=', districtId).where('id', 'in', ids).where('status', '=', 'active').orderBy('last_name').orderBy('first_name').execute();
  const trainings = await db.selectFrom('hv_trainings').select(['id', 'staff_id', 'training_date', 'trainer', 'hours', 'notes']).where('district_id', '=', districtId).where('staff_id', 'in', ids).orderBy('training_date').execute();
  const part = await db.selectFrom('hv_participation').select(['staff_id', 'opted_in', 'changed_at']).where('district_id', '=', districtId).where('school_year_id', '=', year.id).where('staff_id', 'in', ids).execute();
  return staff.map((s) => {
    const mine = trainings.filter((t) => t.staff_id === s.id).map((t) => ({ id: t.id, date: t.training_date, trainer: t.trainer, hours: t.hours, notes: t.notes }));
    const p = part.find((x) => x.staff_id === s.id);
    return {
      staffId: s.id,
      firstName: s.first_name,
      lastName: s.last_name,
      email: s.email,
      schoolIds: [...(at.get(s.id) ?? [])].sort((a, b) => a - b),
      trainings: mine,
      trained: mine.length > 0,
      firstTrainedOn: mine[0]?.date ?? null,
      optedIn: p?.opted_in === 1,
      participationChangedAt: p?.changed_at ?? null,
    };
  });
}

async function assertStaff(db: Db, districtId: number, staffId: number): Promise<{ id: number; first_name: string; last_name: string }> {
  const s = await db.selectFrom('staff').select(['id', 'first_name', 'last_name']).where('district_id', '=', districtId).where('id', '=', staffId).executeTakeFirst();
  if (!s) throw new AppError('not_found', 'No such educator.');
  return s;
}

/** Coordinators of a school the educator works at, the district, and the union (which co-runs training). */
async function assertCanManageEducator(db: Db, scope: HvScope, staffId: number, what: string): Promise<void> {
  if (scope.districtWide || scope.actor.role === 'union_rep') return;
  for (const schoolId of scope.coordinatorSchoolIds) if (await worksAtSchool(db, scope.actor.districtId, staffId, schoolId)) return;
  throw new AppError('forbidden', `Only the district, the union or the educator's school coordinators can ${what}.`, { reason: 'not_coordinator' });
}

export async function addTraining(db: Db, scope: HvScope, staffId: number, input: { date: string; trainer: string; hours: number; notes?: string | null }): Promise<Training> {
  const districtId = scope.actor.districtId;
  await assertStaff(db, districtId, staffId);
  await assertCanManageEducator(db, scope, staffId, 'record training');
  const t = new Date().toISOString().slice(0, 10);
  if (input.date > t) throw new AppError('validation_failed', `A training dated ${input.date} has not happened yet; record it once it has.`, { fields: [{ path: 'date', message: 'in the future' }] });
  const clash = await db.selectFrom('hv_trainings').select('id').where('district_id', '=', districtId).where('staff_id', '=', staffId).where('training_date', '=', input.date).where('trainer', '=', input.trainer).executeTakeFirst();
  if (clash) throw new AppError('conflict', `This training (${input.date}, ${input.trainer}) is already recorded for this educator.`);
  const row = await db
    .insertInto('hv_trainings')
    .values({ district_id: districtId, staff_id: staffId, training_date: input.date, trainer: input.trainer, hours: input.hours, notes: input.notes ?? null, created_at: new Date().toISOString() })
    .returning(['id', 'training_date', 'trainer', 'hours', 'notes'])
    .executeTakeFirstOrThrow();
  return { id: row.id, date: row.training_date, trainer: row.trainer, hours: row.hours, notes: row.notes };
}

/** Opting in or out is the educator's own choice; coordinators and the district may record it for them. */
export async function setParticipation(db: Db, scope: HvScope, staffId: number, year: SchoolYear, optedIn: boolean): Promise<{ optedIn: boolean; changedAt: string }> {
  const districtId = scope.actor.districtId;
  await assertStaff(db, districtId, staffId);
  if (scope.staffId !== staffId) await assertCanManageEducator(db, scope, staffId, 'record another educator\'s choice');
  if (scope.staffId !== staffId && scope.actor.role === 'union_rep') {
    throw new AppError('forbidden', 'Educators opt in or out themselves, or through their school coordinator.', { reason: 'not_self' });
  }
  const changedAt = new Date().toISOString();
  await db
    .insertInto('hv_participation')
    .values({ district_id: districtId, school_year_id: year.id, staff_id: staffId, opted_in: optedIn ? 1 : 0, changed_at: changedAt })
    .onConflict((oc) => oc.columns(['district_id', 'school_year_id', 'staff_id']).doUpdateSet({ opted_in: optedIn ? 1 : 0, changed_at: changedAt }))
    .execute();
  return { optedIn, changedAt };
}

/** Why each educator cannot take part in a visit on `date` at `schoolId` (empty when all can). */
export async function educatorProblems(db: Db, districtId: number, year: SchoolYear, schoolId: number, staffIds: number[], date: string): Promise<string[]> {
  const problems: string[] = [];
  if (staffIds.length === 0) return problems;
  const staff = await db.selectFrom('staff').select(['id', 'first_name', 'last_name', 'status']).where('district_id', '=', districtId).where('id', 'in', staffIds).execute();
  const trained = await db.selectFrom('hv_trainings').select(['staff_id']).distinct().where('district_id', '=', districtId).where('staff_id', 'in', staffIds).where('training_date', '<=', date).execute();
  const part = await db.selectFrom('hv_participation').select(['staff_id', 'opted_in']).where('district_id', '=', districtId).where('school_year_id', '=', year.id).where('staff_id', 'in', staffIds).execute();
  for (const id of staffIds) {
    const s = staff.find((x) => x.id === id);
    if (!s || s.status !== 'active') {
      problems.push(`Educator #${id} is not on the staff roster.`);
      continue;
    }
    const name = `${s.first_name} ${s.last_name}`;
    if (!trained.some((t) => t.staff_id === id)) problems.push(`${name} has no home-visit training recorded on or before ${date}; only trained educators can visit.`);
    if (part.find((p) => p.staff_id === id)?.opted_in !== 1) problems.push(`${name} has not opted in to home visits for ${year.name}; visiting is voluntary.`);
    if (!(await worksAtSchool(db, districtId, id, schoolId))) problems.push(`${name} does not work at this school.`);
  }
  return problems;
}

