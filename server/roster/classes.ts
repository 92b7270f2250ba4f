/**
 * Classes as the person asking may see them: a teacher their own classes, school staff the classes
 * of their schools, district administrators and data managers every class of the district. A class's
 * students are further limited to visibleStudentIds; a class outside one's scope is "not found".
 */
import { sql, type SelectQueryBuilder } from 'kysely';
import type { z } from 'zod';
import type { Db } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import type { DialectSeam } from '../db/seam.ts';
import type { Actor } from '../auth/actor.ts';
import { DISTRICT_WIDE_STUDENT_ROLES } from '../../common/roles.ts';
import { AppError } from '../http/errors.ts';
import { studentSummaries, visibleTo } from './students.ts';
import type { classDetailSchema, classListQuery, classSummarySchema } from './schema.ts';

type ClassSummary = z.input<typeof classSummarySchema>;
type ClassDetail = z.input<typeof classDetailSchema>;

type ClassQuery = SelectQueryBuilder<Database, 'classes', object>;

/** Limits a query on classes to those this person may see (nothing for roles without classes). */
function scoped(db: Db, actor: Actor): ClassQuery {
  let q = db.selectFrom('classes').where('classes.district_id', '=', actor.districtId).where('classes.status', '=', 'active');
  if (DISTRICT_WIDE_STUDENT_ROLES.includes(actor.role)) return q;
  if (actor.role === 'school_staff') return actor.schoolIds.length ? q.where('classes.school_id', 'in', actor.schoolIds) : q.where(sql<boolean>`1 = 0`);
  if (actor.role === 'teacher' && actor.staffId !== null) {
    const staffId = actor.staffId;
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('class_teachers')
          .select(sql`1`.as('one'))
          .whereRef('class_teachers.class_id', '=', 'classes.id')
          .where('class_teachers.district_id', '=', actor.districtId)
          .where('class_teachers.staff_id', '=', staffId)
          .where('class_teachers.status', '=', 'active'),
      ),
    );
    return q;
  }
  return q.where(sql<boolean>`1 = 0`);
}

async function summaries(db: Db, actor: Actor, rows: Array<{ id: number; ext_id: string; title: string; class_code: string | null; school_id: number; school_name: string; year_name: string | null; grades: string | null; periods: string | null }>): Promise<ClassSummary[]> {
  const ids = rows.map((r) => r.id);
  const teachers = ids.length
    ? await db
        .selectFrom('class_teachers')
        .innerJoin('staff', (j) => j.onRef('staff.id', '=', 'class_teachers.staff_id').onRef('staff.district_id', '=', 'class_teachers.district_id'))
        .select(['class_teachers.class_id', 'staff.first_name', 'staff.last_name', 'class_teachers.is_primary'])
        .where('class_teachers.district_id', '=', actor.districtId)
        .where('class_teachers.class_id', 'in', ids)
        .where('class_teachers.status', '=', 'active')
        .orderBy('class_teachers.is_primary', 'desc')
        .orderBy('staff.last_name')
        .execute()
    : [];
  const counts = ids.length
    ? await db
        .selectFrom('class_students')
        .select(['class_students.class_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('class_students.district_id', '=', actor.districtId)
        .where('class_students.class_id', 'in', ids)
        .where('class_students.status', '=', 'active')
        .where(visibleTo(db, actor, 'class_students.student_id'))
        .groupBy('class_students.class_id')
        .execute()
    : [];
  const countOf = new Map(counts.map((c) => [c.class_id, Number(c.n)]));
  return rows.map((r) => ({
    id: r.id,
    classId: r.ext_id,
    title: r.title,
    classCode: r.class_code,
    schoolId: r.school_id,
    schoolName: r.school_name,
    schoolYear: r.year_name,
    grades: r.grades ? r.grades.split(';').filter(Boolean) : [],
    periods: r.periods,
    teachers: teachers.filter((t) => t.class_id === r.id).map((t) => `${t.first_name} ${t.last_name}`),
    studentCount: countOf.get(r.id) ?? 0,
  }));
}

function withNames(q: ClassQuery) {
  return q
    .innerJoin('schools', (j) => j.onRef('schools.id', '=', 'classes.school_id').onRef('schools.district_id', '=', 'classes.district_id'))
    .leftJoin('school_years', (j) => j.onRef('school_years.id', '=', 'classes.school_year_id').onRef('school_years.district_id', '=', 'classes.district_id'))
    .select(['classes.id', 'classes.ext_id', 'classes.title', 'classes.class_code', 'classes.school_id', 'schools.name as school_name', 'school_years.name as year_name', 'classes.grades', 'classes.periods']);
}

export async function listClasses(db: Db, seam: DialectSeam, actor: Actor, query: z.output<typeof classListQuery>) {
  let q = scoped(db, actor);
  if (query.schoolId !== undefined) q = q.where('classes.school_id', '=', query.schoolId);
  if (query.yearId !== undefined) q = q.where('classes.school_year_id', '=', query.yearId);
  const term = (query.q ?? '').replace(/[\\%_]/g, '').trim();
  if (term) q = q.where((eb) => eb.or([seam.ilike(eb.ref('classes.title'), `%${term}%`), eb('classes.class_code', '=', term), eb('classes.ext_id', '=', term)]));
  const { total } = await q.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await withNames(q)
    .orderBy('schools.name')
    .orderBy('classes.title')
    .orderBy('classes.id')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  return { classes: await summaries(db, actor, rows), total: Number(total), page: query.page, pageSize: query.pageSize };
}

/** One class and its students (those this person may see): 404 when the class is outside their scope. */
export async function getClass(db: Db, actor: Actor, classId: number): Promise<ClassDetail> {
  const row = await withNames(scoped(db, actor).where('classes.id', '=', classId)).executeTakeFirst();
  if (!row) throw new AppError('not_found', 'No such class.');
  const [summary] = await summaries(db, actor, [row]);
  const students = await db
    .selectFrom('class_students')
    .innerJoin('students', (j) => j.onRef('students.id', '=', 'class_students.student_id').onRef('students.district_id', '=', 'class_students.district_id'))
    .select(['students.id', 'students.ext_id', 'students.local_id', 'students.first_name', 'students.last_name', 'students.birth_date', 'students.status'])
    .where('class_students.district_id', '=', actor.districtId)
    .where('class_students.class_id', '=', row.id)
    .where('class_students.status', '=', 'active')
    .where('students.status', '=', 'active')
    .where(visibleTo(db, actor, 'students.id'))
    .execute();
  // Sorted by name as people read it (accents beside their letters), the same on both databases.
  const collator = new Intl.Collator('en', { sensitivity: 'base' });
  students.sort((a, b) => collator.compare(a.last_name, b.last_name) || collator.compare(a.first_name, b.first_name) || a.id - b.id);
  return { ...summary, students: await studentSummaries(db, actor.districtId, students) };
}
