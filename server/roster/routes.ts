/** Students and classes: browsing the roster, scoped to what the person asking may see, every read audited. */
import type { FastifyInstance } from 'fastify';
import { route } from '../http/route.ts';
import { recordStudentReads } from '../audit/record.ts';
import { registerEdfiMappingRoutes } from '../imports/edfi/routes.ts';
import { CLASS_ROLES, STUDENT_ROLES } from './access.ts';
import { getClass, listClasses } from './classes.ts';
import { getStudent, listStudents } from './students.ts';
import { classDetailSchema, classIdParam, classListQuery, classListSchema, studentDetailQuery, studentDetailSchema, studentIdParam, studentListQuery, studentListSchema } from './schema.ts';

export function registerRosterRoutes(app: FastifyInstance): void {
  route(app, {
    method: 'GET',
    path: '/students',
    summary: 'Students I may see, by name or id, school, grade and year, a page at a time',
    tags: ['roster'],
    access: STUDENT_ROLES,
    query: studentListQuery,
    response: studentListSchema,
    handler: async ({ actor, ctx, query }) => {
      const result = await listStudents(ctx.db, ctx.seam, actor, query);
      await recordStudentReads(ctx.db, actor, result.students.map((s) => s.id), 'students.list');
      return result;
    },
  });

  route(app, {
    method: 'GET',
    path: '/students/:studentId',
    summary: "One student's record: enrollments, guardians, programs, the year's attendance, assessments and discipline",
    tags: ['roster'],
    access: STUDENT_ROLES,
    params: studentIdParam,
    query: studentDetailQuery,
    response: studentDetailSchema,
    handler: async ({ actor, ctx, params, query }) => {
      const student = await getStudent(ctx.db, actor, params.studentId, query.yearId);
      await recordStudentReads(ctx.db, actor, [student.id], 'students.detail');
      return student;
    },
  });

  route(app, {
    method: 'GET',
    path: '/classes',
    summary: "Classes I may see: a teacher's own, my schools', or the district's",
    tags: ['roster'],
    access: CLASS_ROLES,
    query: classListQuery,
    response: classListSchema,
    handler: async ({ actor, ctx, query }) => listClasses(ctx.db, ctx.seam, actor, query),
  });

  route(app, {
    method: 'GET',
    path: '/classes/:classId',
    summary: 'One class and its students',
    tags: ['roster'],
    access: CLASS_ROLES,
    params: classIdParam,
    response: classDetailSchema,
    handler: async ({ actor, ctx, params }) => {
      const klass = await getClass(ctx.db, actor, params.classId);
      await recordStudentReads(ctx.db, actor, klass.students.map((s) => s.id), 'classes.detail');
      return klass;
    },
  });

  // The Ed-Fi reader's descriptor mappings (the importer lives in server/imports/edfi/).
  registerEdfiMappingRoutes(app);
}
