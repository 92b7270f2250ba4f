/**
 * Which student records a person may see (PRODUCT.md, "Who may see student records"):
 *  - district administrators and data managers: every student of the district;
 *  - school staff: students enrolled (in any year) at their schools;
 *  - teachers: students in the classes they teach;
 *  - partner staff: only students named by an active agreement's data-sharing terms (decided by the
 *    partners capability, which registers itself below);
 *  - union representatives and viewers: none (aggregates only).
 * Every query for student records filters with visibleStudentIds(); a student outside it is "not found".
 */
import { sql, type SelectQueryBuilder } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import type { Actor } from './actor.ts';
import { DISTRICT_WIDE_STUDENT_ROLES } from '../../common/roles.ts';
import { AppError } from '../http/errors.ts';

export type StudentIdQuery = SelectQueryBuilder<Database, any, { id: number }>;

export type PartnerStudentScope = (db: Db, actor: Actor) => StudentIdQuery;

let partnerScope: PartnerStudentScope | null = null;

/** The partners capability supplies the students an active data-sharing agreement names. */
export function registerPartnerStudentScope(scope: PartnerStudentScope): void {
  partnerScope = scope;
}

function nothing(db: Db): StudentIdQuery {
  return db.selectFrom('students').select('students.id as id').where(sql<boolean>`1 = 0`);
}

/** A subquery of the ids of every student this person may see, for `where('students.id', 'in', …)`. */
export function visibleStudentIds(db: Db, actor: Actor): StudentIdQuery {
  if (DISTRICT_WIDE_STUDENT_ROLES.includes(actor.role)) {
    return db.selectFrom('students').select('students.id as id').where('students.district_id', '=', actor.districtId);
  }
  if (actor.role === 'school_staff') {
    if (actor.schoolIds.length === 0) return nothing(db);
    return db
      .selectFrom('enrollments')
      .select('enrollments.student_id as id')
      .where('enrollments.district_id', '=', actor.districtId)
      .where('enrollments.school_id', 'in', actor.schoolIds);
  }
  if (actor.role === 'teacher') {
    if (actor.staffId === null) return nothing(db);
    return db
      .selectFrom('class_students')
      .innerJoin('class_teachers', (j) => j.onRef('class_teachers.class_id', '=', 'class_students.class_id').onRef('class_teachers.district_id', '=', 'class_students.district_id'))
      .select('class_students.student_id as id')
      .where('class_students.district_id', '=', actor.districtId)
      .where('class_teachers.staff_id', '=', actor.staffId)
      .where('class_students.status', '=', 'active')
      .where('class_teachers.status', '=', 'active');
  }
  if (actor.role === 'partner_staff' && partnerScope && actor.partnerId !== null) return partnerScope(db, actor);
  return nothing(db);
}

/** Whether this person may see student-level records at all (some students, in principle). */
export function hasStudentAccess(actor: Actor): boolean {
  return actor.role !== 'union_rep' && actor.role !== 'viewer';
}

export async function canSeeStudent(db: Db, actor: Actor, studentId: number): Promise<boolean> {
  const row = await db
    .selectFrom('students')
    .select('id')
    .where('district_id', '=', actor.districtId)
    .where('id', '=', studentId)
    .where('id', 'in', visibleStudentIds(db, actor))
    .executeTakeFirst();
  return !!row;
}

/** Throws not_found (never "forbidden": a record outside one's scope does not exist for them). */
export async function assertStudentVisible(db: Db, actor: Actor, studentId: number): Promise<void> {
  if (!(await canSeeStudent(db, actor, studentId))) throw new AppError('not_found', 'No such student.');
}
