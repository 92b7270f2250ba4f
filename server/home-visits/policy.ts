/**
 * Who may do what in the home-visit program (PRODUCT.md, "Who may see student records" and the five
 * core practices):
 *  - teachers: their own visits and their own students' families;
 *  - coordinators (any account named coordinator of a school's program for the year): that school;
 *  - school staff: their schools, without the text of notes;
 *  - district administrators and data managers: everything but the text of hopes-and-dreams notes
 *    and reflections;
 *  - partner staff: aggregates; and, for the students named by data-sharing terms in force that name
 *    the "programs" kind of records (the home-visit program is one), those students' visits and
 *    family answers, with the family's place only under "contact", its language only under
 *    "demographics", the grade only under "enrollment" (the students are those visibleStudentIds()
 *    gives them; the kinds are read from the same terms by server/partners/data-sharing.ts). Partner
 *    staff act only under those terms: never as a visit's educator or a program's coordinator;
 *  - union representatives: participation, training and compensation; viewers: aggregates.
 * The text of notes and reflections (and of a cancellation's reason) is for the visit's educators and
 * the school's coordinators only; it never reaches partner staff.
 */
import type { Db } from '../db/database.ts';
import type { Actor } from '../auth/actor.ts';
import { visibleStudentIds } from '../auth/scope.ts';
import { DISTRICT_WIDE_STUDENT_ROLES } from '../../common/roles.ts';
import { AppError } from '../http/errors.ts';
import { authorizingTerms, parseCategories } from '../partners/data-sharing.ts';
import type { DataCategory } from '../partners/vocab.ts';

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
  // Partner staff see what data-sharing terms allow, nothing more: no school, no visit of their own.
  if (actor.role === 'partner_staff') return { actor, yearId, districtWide: false, coordinatorSchoolIds: [], schoolIds: [], staffId: null };
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
  if (scope.actor.role === 'partner_staff') return false;
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

/** The kind of records data-sharing terms must name for partner staff to see a student's home-visit records. */
export const HOME_VISIT_RECORDS: DataCategory = 'programs';

/**
 * For partner staff: for each of these students, the kinds of records named by the data-sharing terms
 * in force under which the partner sees them (a student missing from the map: none). Null for everyone
 * else, whose role and scope decide.
 */
export async function partnerCategories(db: Db, actor: Actor, studentIds: readonly number[]): Promise<Map<number, Set<DataCategory>> | null> {
  if (actor.role !== 'partner_staff') return null;
  const out = new Map<number, Set<DataCategory>>();
  const ids = [...new Set(studentIds)];
  if (actor.partnerId === null || ids.length === 0) return out;
  for (const r of await authorizingTerms(db, actor.districtId, actor.partnerId, ids)) {
    const kinds = out.get(r.studentId) ?? new Set<DataCategory>();
    for (const c of parseCategories(r.dataCategories)) kinds.add(c);
    out.set(r.studentId, kinds);
  }
  return out;
}

/**
 * Of these students, those whose home-visit records this person may see one by one: the students
 * visibleStudentIds() gives them, and for partner staff only those whose terms name the program's records.
 */
export async function homeVisitStudents(db: Db, actor: Actor, studentIds: readonly number[]): Promise<Set<number>> {
  const ids = [...new Set(studentIds)];
  const out = new Set<number>();
  if (ids.length === 0) return out;
  const kinds = await partnerCategories(db, actor, ids);
  if (kinds) {
    for (const [id, k] of kinds) if (k.has(HOME_VISIT_RECORDS)) out.add(id);
    return out;
  }
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await db.selectFrom('students').select('id').where('district_id', '=', actor.districtId).where('id', 'in', ids.slice(i, i + 1000)).where('id', 'in', visibleStudentIds(db, actor)).execute();
    for (const r of rows) out.add(r.id);
  }
  return out;
}

/** Whether a kind of record may be shown about these students (always, for everyone but partner staff). */
export function mayShow(kinds: Map<number, Set<DataCategory>> | null, studentIds: readonly number[], kind: DataCategory): boolean {
  return kinds === null || studentIds.some((id) => kinds.get(id)?.has(kind));
}
