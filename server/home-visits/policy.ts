/**
 * Who may do what in the home-visit program (PRODUCT.md, "Who may see student records" and the five
 * core practices):
 *  - teachers: their own visits and their own students' families;
 *  - coordinators (any account named coordinator of a school's program for the year): that school;
 *  - school staff: their schools, without the text of notes;
 *  - district administrators and data managers: everything but the text of hopes-and-dreams notes
 *    and reflections;
 *  - partner staff: aggregates, plus visit dates for the students their data-sharing terms name;
 *  - union representatives: participation, training and compensation; viewers: aggregates.
 * The text of notes and reflections is for the visit's educators and the school's coordinators only.
 */
import type { Db } from '../db/database.ts';
import type { Actor } from '../auth/actor.ts';
import { DISTRICT_WIDE_STUDENT_ROLES } from '../../common/roles.ts';
import { AppError } from '../http/errors.ts';

export interface HvScope {
  actor: Actor;
  yearId: number;
  /** Sees every school's program (district roles). */
  districtWide: boolean;
  /** Schools whose program this person coordinates this year. */
  coordinatorSchoolIds: number[];
  /** Schools whose visits this person sees (without notes unless coordinator). */
  schoolIds: number[];
  /** The person's own roster record, when they are an educator. */
  staffId: number | null;
}

export async function coordinatorSchools(db: Db, actor: Actor, yearId: number): Promise<number[]> {
  if (actor.userId === null) return [];
  const rows = await db
    .selectFrom('hv_coordinators')
    .innerJoin('hv_programs', 'hv_programs.id', 'hv_coordinators.program_id')
    .select('hv_programs.school_id')
    .where('hv_coordinators.district_id', '=', actor.districtId)
    .where('hv_coordinators.user_id', '=', actor.userId)
    .where('hv_programs.school_year_id', '=', yearId)
    .execute();
  return rows.map((r) => r.school_id);
}

export async function hvScope(db: Db, actor: Actor, yearId: number): Promise<HvScope> {
  const districtWide = DISTRICT_WIDE_STUDENT_ROLES.includes(actor.role);
  const coordinatorSchoolIds = await coordinatorSchools(db, actor, yearId);
  const schoolIds = new Set(coordinatorSchoolIds);
  if (actor.role === 'school_staff') for (const s of actor.schoolIds) schoolIds.add(s);
  return { actor, yearId, districtWide, coordinatorSchoolIds, schoolIds: [...schoolIds], staffId: actor.staffId };
}

/** May see every visit of this school (that visits happened, not what was said). */
export function seesSchool(scope: HvScope, schoolId: number): boolean {
  return scope.districtWide || scope.schoolIds.includes(schoolId);
}

export function coordinates(scope: HvScope, schoolId: number): boolean {
  return scope.coordinatorSchoolIds.includes(schoolId);
}

/** May set up the program of a school: district administrators, data managers and its coordinators. */
export function assertCanManageProgram(scope: HvScope, schoolId: number): void {
  if (scope.districtWide || coordinates(scope, schoolId)) return;
  throw new AppError('forbidden', 'Only the district or this school\'s home-visit coordinators can change its program.', { reason: 'not_coordinator' });
}

/** The text of notes and reflections: the visit's educators and the school's coordinators. */
export function seesNotes(scope: HvScope, visit: { schoolId: number; educatorStaffIds: number[] }): boolean {
  if (coordinates(scope, visit.schoolId)) return true;
  return scope.staffId !== null && visit.educatorStaffIds.includes(scope.staffId);
}

/** Every (school, year) whose program this account coordinates, as `${schoolId}:${yearId}`. */
export async function coordinatedPrograms(db: Db, actor: Actor): Promise<Set<string>> {
  if (actor.userId === null) return new Set();
  const rows = await db
    .selectFrom('hv_coordinators')
    .innerJoin('hv_programs', 'hv_programs.id', 'hv_coordinators.program_id')
    .select(['hv_programs.school_id', 'hv_programs.school_year_id'])
    .where('hv_coordinators.district_id', '=', actor.districtId)
    .where('hv_coordinators.user_id', '=', actor.userId)
    .execute();
  return new Set(rows.map((r) => `${r.school_id}:${r.school_year_id}`));
}
