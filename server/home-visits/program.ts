/** Program set-up per school and school year: coordinators, visit types, compensation, coverage target. */
import type { Db } from '../db/database.ts';
import { AppError } from '../http/errors.ts';
import { getDistrict } from '../districts/commands.ts';
import { assertCanManageProgram, seesSchool, type HvScope } from './policy.ts';

export interface SchoolYear {
  id: number;
  name: string;
  startDate: string;
  endDate: string;
}

import type { PayPeriodKind, ProgramView, VisitPurpose } from '../../common/home-visits.ts';
export type { PayPeriodKind, VisitPurpose } from '../../common/home-visits.ts';

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** The school year named, or the one in progress today, or the latest one. */
export async function resolveYear(db: Db, districtId: number, name?: string | null): Promise<SchoolYear> {
  const years = await db.selectFrom('school_years').select(['id', 'name', 'start_date', 'end_date']).where('district_id', '=', districtId).orderBy('start_date', 'desc').execute();
  if (years.length === 0) throw new AppError('not_found', 'This district has no school year yet.');
  let y = name ? years.find((r) => r.name === name) : undefined;
  if (name && !y) throw new AppError('validation_failed', `No school year "${name}". School years: ${years.map((r) => r.name).join(', ')}.`, { fields: [{ path: 'year', message: `unknown school year ${name}` }] });
  if (!y) {
    const t = today();
    y = years.find((r) => r.start_date <= t && t <= r.end_date) ?? years.find((r) => r.start_date <= t) ?? years[years.length - 1];
  }
  return { id: y.id, name: y.name, startDate: y.start_date, endDate: y.end_date };
}

export interface VisitType {
  id: number;
  name: string;
  purpose: VisitPurpose;
  active: boolean;
}

export type Program = ProgramView;

type ProgramRow = {
  id: number;
  school_id: number;
  coverage_target: number;
  hourly_rate_cents: number;
  count_visit_time: number;
  count_travel_time: number;
  count_reflection_time: number;
  pay_period: string;
  pay_period_anchor: string | null;
  cross_section_tolerance: number;
};

export async function findProgramRow(db: Db, districtId: number, schoolId: number, yearId: number): Promise<ProgramRow | undefined> {
  return db
    .selectFrom('hv_programs')
    .select(['id', 'school_id', 'coverage_target', 'hourly_rate_cents', 'count_visit_time', 'count_travel_time', 'count_reflection_time', 'pay_period', 'pay_period_anchor', 'cross_section_tolerance'])
    .where('district_id', '=', districtId)
    .where('school_id', '=', schoolId)
    .where('school_year_id', '=', yearId)
    .executeTakeFirst();
}

async function assertSchool(db: Db, districtId: number, schoolId: number): Promise<{ id: number; name: string }> {
  const s = await db.selectFrom('schools').select(['id', 'name']).where('district_id', '=', districtId).where('id', '=', schoolId).executeTakeFirst();
  if (!s) throw new AppError('not_found', 'No such school.');
  return s;
}

/** The visit types a program starts with; before it is saved they are shown with ids -1, -2… (minus their position). */
export const DEFAULT_VISIT_TYPES: ReadonlyArray<{ name: string; purpose: VisitPurpose; position: number }> = [
  { name: 'Hopes and dreams', purpose: 'hopes_and_dreams', position: 1 },
  { name: 'Academic', purpose: 'academic', position: 2 },
];

/** What a program not saved yet starts with (the columns' defaults, the district's coverage target). */
const PROGRAM_DEFAULTS = { hourly_rate_cents: 0, count_visit_time: 1, count_travel_time: 1, count_reflection_time: 1, pay_period: 'monthly', pay_period_anchor: null, cross_section_tolerance: 0.25 } as const;

/**
 * The school's program for the year, created with the district's defaults when first needed by a
 * change (a save, a coordinator, a visit type, a visit). Reads never create it: see getProgram.
 */
export async function ensureProgram(db: Db, districtId: number, schoolId: number, yearId: number): Promise<number> {
  const existing = await findProgramRow(db, districtId, schoolId, yearId);
  if (existing) return existing.id;
  await assertSchool(db, districtId, schoolId);
  const district = await getDistrict(db, districtId);
  // No transaction of its own: this runs inside callers' transactions too. Two callers at once
  // create one program (the unique key), and only the one that created it adds the visit types.
  const row = await db
    .insertInto('hv_programs')
    .values({ district_id: districtId, school_id: schoolId, school_year_id: yearId, coverage_target: district.settings.homeVisitCoverageTarget })
    .onConflict((oc) => oc.columns(['district_id', 'school_id', 'school_year_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (row) {
    await db
      .insertInto('hv_visit_types')
      .values(DEFAULT_VISIT_TYPES.map((t) => ({ district_id: districtId, program_id: row.id, name: t.name, purpose: t.purpose, position: t.position })))
      .execute();
    return row.id;
  }
  return (await findProgramRow(db, districtId, schoolId, yearId))!.id;
}

/**
 * The id of a visit type of the school's program, saving the program first when the type named is one
 * of the defaults shown before it was saved (a negative id: minus its position).
 */
export async function resolveVisitTypeId(db: Db, districtId: number, programId: number, typeId: number): Promise<number | undefined> {
  if (typeId > 0) return typeId;
  const row = await db.selectFrom('hv_visit_types').select('id').where('district_id', '=', districtId).where('program_id', '=', programId).where('position', '=', -typeId).orderBy('id').executeTakeFirst();
  return row?.id;
}

/** The program as it is, or (not saved yet) as it would start: reading never creates it. */
export async function getProgram(db: Db, scope: HvScope, schoolId: number, year: SchoolYear): Promise<Program> {
  const districtId = scope.actor.districtId;
  const school = await assertSchool(db, districtId, schoolId);
  if (!seesSchool(scope, schoolId) && !(await worksAtSchool(db, districtId, scope.staffId, schoolId)) && !['union_rep', 'viewer', 'partner_staff'].includes(scope.actor.role)) {
    throw new AppError('not_found', 'No such school program.');
  }
  const p = await findProgramRow(db, districtId, schoolId, year.id);
  if (!p) {
    const district = await getDistrict(db, districtId);
    const d = PROGRAM_DEFAULTS;
    return {
      id: null,
      schoolId,
      schoolName: school.name,
      year: year.name,
      coverageTarget: district.settings.homeVisitCoverageTarget,
      hourlyRateCents: d.hourly_rate_cents,
      countVisitTime: d.count_visit_time === 1,
      countTravelTime: d.count_travel_time === 1,
      countReflectionTime: d.count_reflection_time === 1,
      payPeriod: d.pay_period,
      payPeriodAnchor: d.pay_period_anchor,
      crossSectionTolerance: d.cross_section_tolerance,
      coordinators: [],
      visitTypes: DEFAULT_VISIT_TYPES.map((t) => ({ id: -t.position, name: t.name, purpose: t.purpose, active: true })),
    };
  }
  const programId = p.id;
  const coordinators = await db
    .selectFrom('hv_coordinators')
    .innerJoin('users', 'users.id', 'hv_coordinators.user_id')
    .select(['users.id', 'users.display_name', 'users.email', 'users.role'])
    .where('hv_coordinators.district_id', '=', districtId)
    .where('hv_coordinators.program_id', '=', programId)
    .orderBy('users.display_name')
    .execute();
  const types = await db
    .selectFrom('hv_visit_types')
    .select(['id', 'name', 'purpose', 'active'])
    .where('district_id', '=', districtId)
    .where('program_id', '=', programId)
    .orderBy('position')
    .orderBy('id')
    .execute();
  return {
    id: p.id,
    schoolId,
    schoolName: school.name,
    year: year.name,
    coverageTarget: p.coverage_target,
    hourlyRateCents: p.hourly_rate_cents,
    countVisitTime: p.count_visit_time === 1,
    countTravelTime: p.count_travel_time === 1,
    countReflectionTime: p.count_reflection_time === 1,
    payPeriod: p.pay_period as PayPeriodKind,
    payPeriodAnchor: p.pay_period_anchor,
    crossSectionTolerance: p.cross_section_tolerance,
    coordinators: coordinators.map((c) => ({ userId: c.id, displayName: c.display_name, email: c.email, role: c.role })),
    visitTypes: types.map((t) => ({ id: t.id, name: t.name, purpose: t.purpose as VisitPurpose, active: t.active === 1 })),
  };
}

export async function worksAtSchool(db: Db, districtId: number, staffId: number | null, schoolId: number): Promise<boolean> {
  if (staffId === null) return false;
  const a = await db.selectFrom('staff_schools').select('staff_id').where('district_id', '=', districtId).where('staff_id', '=', staffId).where('school_id', '=', schoolId).executeTakeFirst();
  if (a) return true;
  const b = await db
    .selectFrom('class_teachers')
    .innerJoin('classes', 'classes.id', 'class_teachers.class_id')
    .select('class_teachers.staff_id')
    .where('class_teachers.district_id', '=', districtId)
    .where('class_teachers.staff_id', '=', staffId)
    .where('classes.school_id', '=', schoolId)
    .executeTakeFirst();
  return !!b;
}

/** Schools whose programs this person may open. */
export async function programSchools(db: Db, scope: HvScope): Promise<Array<{ id: number; name: string; code: string }>> {
  const districtId = scope.actor.districtId;
  let q = db.selectFrom('schools').select(['id', 'name', 'code']).where('district_id', '=', districtId).where('status', '=', 'active');
  if (!scope.districtWide && !['union_rep', 'viewer', 'partner_staff'].includes(scope.actor.role)) {
    const ids = new Set(scope.schoolIds);
    if (scope.staffId !== null) {
      const a = await db.selectFrom('staff_schools').select('school_id').where('district_id', '=', districtId).where('staff_id', '=', scope.staffId).execute();
      const b = await db
        .selectFrom('class_teachers')
        .innerJoin('classes', 'classes.id', 'class_teachers.class_id')
        .select('classes.school_id')
        .where('class_teachers.district_id', '=', districtId)
        .where('class_teachers.staff_id', '=', scope.staffId)
        .execute();
      for (const r of [...a, ...b]) ids.add(r.school_id);
    }
    for (const s of scope.actor.schoolIds) ids.add(s);
    if (ids.size === 0) return [];
    q = q.where('id', 'in', [...ids]);
  }
  return q.orderBy('name').execute();
}

export interface ProgramPatch {
  coverageTarget?: number;
  hourlyRateCents?: number;
  countVisitTime?: boolean;
  countTravelTime?: boolean;
  countReflectionTime?: boolean;
  payPeriod?: PayPeriodKind;
  payPeriodAnchor?: string | null;
  crossSectionTolerance?: number;
}

export async function updateProgram(db: Db, scope: HvScope, schoolId: number, year: SchoolYear, patch: ProgramPatch): Promise<Program> {
  assertCanManageProgram(scope, schoolId);
  const districtId = scope.actor.districtId;
  if (patch.payPeriodAnchor && (patch.payPeriodAnchor < year.startDate || patch.payPeriodAnchor > year.endDate)) {
    throw new AppError('validation_failed', `The first pay day must fall within the school year ${year.name} (${year.startDate} to ${year.endDate}).`, {
      fields: [{ path: 'payPeriodAnchor', message: 'outside the school year' }],
    });
  }
  const id = await ensureProgram(db, districtId, schoolId, year.id);
  const set: Record<string, unknown> = { updated_at: new Date().toISOString() };
  if (patch.coverageTarget !== undefined) set.coverage_target = patch.coverageTarget;
  if (patch.hourlyRateCents !== undefined) set.hourly_rate_cents = patch.hourlyRateCents;
  if (patch.countVisitTime !== undefined) set.count_visit_time = patch.countVisitTime ? 1 : 0;
  if (patch.countTravelTime !== undefined) set.count_travel_time = patch.countTravelTime ? 1 : 0;
  if (patch.countReflectionTime !== undefined) set.count_reflection_time = patch.countReflectionTime ? 1 : 0;
  if (patch.payPeriod !== undefined) set.pay_period = patch.payPeriod;
  if (patch.payPeriodAnchor !== undefined) set.pay_period_anchor = patch.payPeriodAnchor;
  if (patch.crossSectionTolerance !== undefined) set.cross_section_tolerance = patch.crossSectionTolerance;
  await db.updateTable('hv_programs').set(set).where('district_id', '=', districtId).where('id', '=', id).execute();
  return getProgram(db, scope, schoolId, year);
}

/** A coordinator is an account (school staff or a teacher) of the school, named per school and year. */
export async function addCoordinator(db: Db, scope: HvScope, schoolId: number, year: SchoolYear, userId: number): Promise<Program> {
  const districtId = scope.actor.districtId;
  if (!(scope.districtWide || scope.coordinatorSchoolIds.includes(schoolId) || (scope.actor.role === 'school_staff' && scope.actor.schoolIds.includes(schoolId)))) {
    throw new AppError('forbidden', 'Only the district, the school\'s staff or its coordinators can name coordinators.', { reason: 'not_coordinator' });
  }
  const user = await db.selectFrom('users').select(['id', 'role', 'staff_id', 'disabled', 'display_name']).where('district_id', '=', districtId).where('id', '=', userId).executeTakeFirst();
  if (!user) throw new AppError('validation_failed', 'No such account in this district.', { fields: [{ path: 'userId', message: 'unknown account' }] });
  if (user.role !== 'school_staff' && user.role !== 'teacher') {
    throw new AppError('validation_failed', `${user.display_name} is a ${user.role.replace('_', ' ')}; a coordinator is a member of the school's staff or a teacher.`, { fields: [{ path: 'userId', message: 'must be school staff or a teacher' }] });
  }
  const linked = await db.selectFrom('user_schools').select('user_id').where('district_id', '=', districtId).where('user_id', '=', userId).where('school_id', '=', schoolId).executeTakeFirst();
  if (!linked && !(await worksAtSchool(db, districtId, user.staff_id, schoolId))) {
    throw new AppError('validation_failed', `${user.display_name} does not work at this school.`, { fields: [{ path: 'userId', message: 'not at this school' }] });
  }
  const programId = await ensureProgram(db, districtId, schoolId, year.id);
  await db
    .insertInto('hv_coordinators')
    .values({ district_id: districtId, program_id: programId, user_id: userId, added_at: new Date().toISOString() })
    .onConflict((oc) => oc.columns(['district_id', 'program_id', 'user_id']).doNothing())
    .execute();
  return getProgram(db, { ...scope }, schoolId, year);
}

export async function removeCoordinator(db: Db, scope: HvScope, schoolId: number, year: SchoolYear, userId: number): Promise<Program> {
  assertCanManageProgram(scope, schoolId);
  // A program not saved yet has no coordinator to remove (and is not created by trying).
  const programId = (await findProgramRow(db, scope.actor.districtId, schoolId, year.id))?.id ?? -1;
  const res = await db.deleteFrom('hv_coordinators').where('district_id', '=', scope.actor.districtId).where('program_id', '=', programId).where('user_id', '=', userId).executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) throw new AppError('not_found', 'That account is not a coordinator of this program.');
  return getProgram(db, scope, schoolId, year);
}

export async function addVisitType(db: Db, scope: HvScope, schoolId: number, year: SchoolYear, input: { name: string; purpose: VisitPurpose }): Promise<Program> {
  assertCanManageProgram(scope, schoolId);
  // One transaction: a refused change does not leave a newly saved program behind.
  return db.transaction().execute((trx) => addVisitTypeIn(trx, scope, schoolId, year, input));
}

async function addVisitTypeIn(db: Db, scope: HvScope, schoolId: number, year: SchoolYear, input: { name: string; purpose: VisitPurpose }): Promise<Program> {
  const districtId = scope.actor.districtId;
  const programId = await ensureProgram(db, districtId, schoolId, year.id);
  const clash = await db.selectFrom('hv_visit_types').select('id').where('district_id', '=', districtId).where('program_id', '=', programId).where('name', '=', input.name).executeTakeFirst();
  if (clash) throw new AppError('conflict', `This program already has a visit type named "${input.name}".`, { fields: [{ path: 'name', message: 'already used' }] });
  const max = await db.selectFrom('hv_visit_types').select((eb) => eb.fn.max('position').as('p')).where('district_id', '=', districtId).where('program_id', '=', programId).executeTakeFirst();
  await db.insertInto('hv_visit_types').values({ district_id: districtId, program_id: programId, name: input.name, purpose: input.purpose, position: Number(max?.p ?? 0) + 1 }).execute();
  return getProgram(db, scope, schoolId, year);
}

export async function setVisitTypeActive(db: Db, scope: HvScope, schoolId: number, year: SchoolYear, typeId: number, active: boolean): Promise<Program> {
  assertCanManageProgram(scope, schoolId);
  if (typeId < -DEFAULT_VISIT_TYPES.length) throw new AppError('not_found', 'No such visit type in this program.');
  // One transaction: a refused change does not leave a newly saved program behind.
  return db.transaction().execute((trx) => setVisitTypeActiveIn(trx, scope, schoolId, year, typeId, active));
}

async function setVisitTypeActiveIn(db: Db, scope: HvScope, schoolId: number, year: SchoolYear, typeId: number, active: boolean): Promise<Program> {
  const districtId = scope.actor.districtId;
  const programId = await ensureProgram(db, districtId, schoolId, year.id);
  const id = await resolveVisitTypeId(db, districtId, programId, typeId);
  const row = id === undefined ? undefined : await db.selectFrom('hv_visit_types').select(['id', 'purpose']).where('district_id', '=', districtId).where('program_id', '=', programId).where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found', 'No such visit type in this program.');
  if (!active && row.purpose === 'hopes_and_dreams') {
    const others = await db.selectFrom('hv_visit_types').select('id').where('district_id', '=', districtId).where('program_id', '=', programId).where('purpose', '=', 'hopes_and_dreams').where('active', '=', 1).where('id', '!=', row.id).executeTakeFirst();
    if (!others) throw new AppError('unprocessable', 'A program needs at least one relationship-building (hopes and dreams) visit type: every family\'s first visit is one.');
  }
  await db.updateTable('hv_visit_types').set({ active: active ? 1 : 0 }).where('district_id', '=', districtId).where('id', '=', row.id).execute();
  return getProgram(db, scope, schoolId, year);
}

/** The schools' programs this person may open, with their coordinators and targets. */
export async function listPrograms(db: Db, scope: HvScope, year: SchoolYear) {
  const schools = await programSchools(db, scope);
  const district = await getDistrict(db, scope.actor.districtId);
  const programs = schools.length
    ? await db.selectFrom('hv_programs').select(['id', 'school_id', 'coverage_target']).where('district_id', '=', scope.actor.districtId).where('school_year_id', '=', year.id).where('school_id', 'in', schools.map((s) => s.id)).execute()
    : [];
  const coordinators = programs.length
    ? await db.selectFrom('hv_coordinators').innerJoin('users', 'users.id', 'hv_coordinators.user_id').select(['hv_coordinators.program_id', 'users.display_name']).where('hv_coordinators.district_id', '=', scope.actor.districtId).where('hv_coordinators.program_id', 'in', programs.map((p) => p.id)).execute()
    : [];
  return {
    year: year.name,
    schools: schools.map((s) => {
      const p = programs.find((x) => x.school_id === s.id);
      return {
        id: s.id,
        name: s.name,
        code: s.code,
        coordinator: scope.coordinatorSchoolIds.includes(s.id),
        coordinators: p ? coordinators.filter((c) => c.program_id === p.id).map((c) => c.display_name) : [],
        target: p?.coverage_target ?? district.settings.homeVisitCoverageTarget,
      };
    }),
  };
}

/** Accounts that could coordinate a school's program: its staff and teachers. */
export async function schoolUsers(db: Db, scope: HvScope, schoolId: number) {
  const districtId = scope.actor.districtId;
  await assertSchool(db, districtId, schoolId);
  if (!scope.districtWide && !scope.schoolIds.includes(schoolId)) throw new AppError('not_found', 'No such school program.');
  const byLink = db.selectFrom('user_schools').select('user_id').where('district_id', '=', districtId).where('school_id', '=', schoolId);
  const staffHere = db.selectFrom('staff_schools').select('staff_id').where('district_id', '=', districtId).where('school_id', '=', schoolId);
  const users = await db
    .selectFrom('users')
    .select(['id', 'display_name', 'email', 'role'])
    .where('district_id', '=', districtId)
    .where('disabled', '=', 0)
    .where('role', 'in', ['school_staff', 'teacher'])
    .where((eb) => eb.or([eb('id', 'in', byLink), eb('staff_id', 'in', staffHere)]))
    .orderBy('display_name')
    .execute();
  return { users: users.map((u) => ({ id: u.id, displayName: u.display_name, email: u.email, role: u.role })) };
}
