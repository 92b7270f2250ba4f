/** Parent Teacher Home Visits: program set-up, educators, families, visits, coverage, cross-section, results, compensation. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { route } from '../http/route.ts';
import { recordAudit } from '../audit/record.ts';
import { toSpreadsheetCsv } from '../../common/csv-escape.ts';
import { access } from './access.ts';
import * as s from './schema.ts';
import { hvScope } from './policy.ts';
import { addCoordinator, addVisitType, getProgram, listPrograms, removeCoordinator, resolveYear, schoolUsers, setVisitTypeActive, updateProgram } from './program.ts';
import { addTraining, listEducators, setParticipation } from './educators.ts';
import { programSchools } from './program.ts';
import { listFamilies, setFamilyAnswer } from './family-answers.ts';
import { closeVisit, createVisit, fieldKit, getVisit, listVisits, logVisit, reflect, studentVisitRecord } from './visits.ts';
import { coverageReport, crossSectionReport, resultsReport } from './analysis.ts';
import { compensationReport, participationReport, payrollCsv } from './compensation.ts';

const tags = ['home visits'];
const of = (method: string, path: string) => access[`${method} /api/v1/home-visits${path}`];

export function registerHomeVisitRoutes(app: FastifyInstance): void {
  route(app, {
    method: 'GET', path: '/home-visits/programs', summary: 'The home-visit programs of my schools', tags, access: of('GET', '/programs'),
    query: s.yearQuery, response: s.programListSchema,
    handler: async ({ actor, ctx, query }) => {
      const year = await resolveYear(ctx.db, actor.districtId, query.year);
      return listPrograms(ctx.db, await hvScope(ctx.db, actor, year.id), year);
    },
  });
  route(app, {
    method: 'GET', path: '/home-visits/programs/:schoolId', summary: 'One school\'s program for a year', tags, access: of('GET', '/programs/:schoolId'),
    params: s.schoolParam, query: s.yearQuery, response: s.programSchema,
    handler: async ({ actor, ctx, params, query }) => {
      const year = await resolveYear(ctx.db, actor.districtId, query.year);
      return getProgram(ctx.db, await hvScope(ctx.db, actor, year.id), params.schoolId, year);
    },
  });
  route(app, {
    method: 'PATCH', path: '/home-visits/programs/:schoolId', summary: 'Set up a school\'s program: target, compensation, what time counts', tags, access: of('PATCH', '/programs/:schoolId'),
    params: s.schoolParam, body: s.programPatchSchema, response: s.programSchema,
    handler: async ({ actor, ctx, params, body }) => {
      const year = await resolveYear(ctx.db, actor.districtId, body.year);
      const { year: _y, ...patch } = body;
      const program = await updateProgram(ctx.db, await hvScope(ctx.db, actor, year.id), params.schoolId, year, patch);
      await recordAudit(ctx.db, actor, { action: 'update', entityType: 'home_visit_program', entityId: program.id, details: { fields: Object.keys(patch) } });
      return program;
    },
  });
  route(app, {
    method: 'GET', path: '/home-visits/programs/:schoolId/users', summary: 'Accounts that could coordinate this school\'s program', tags, access: of('GET', '/programs/:schoolId/users'),
    params: s.schoolParam, query: s.yearQuery, response: s.schoolUsersSchema,
    handler: async ({ actor, ctx, params, query }) => {
      const year = await resolveYear(ctx.db, actor.districtId, query.year);
      return schoolUsers(ctx.db, await hvScope(ctx.db, actor, year.id), params.schoolId);
    },
  });
  route(app, {
    method: 'POST', path: '/home-visits/programs/:schoolId/coordinators', summary: 'Name a coordinator of the school\'s program', tags, access: of('POST', '/programs/:schoolId/coordinators'),
    params: s.schoolParam, body: s.coordinatorInput, response: s.programSchema,
    handler: async ({ actor, ctx, params, body }) => {
      const year = await resolveYear(ctx.db, actor.districtId, body.year);
      const program = await addCoordinator(ctx.db, await hvScope(ctx.db, actor, year.id), params.schoolId, year, body.userId);
      await recordAudit(ctx.db, actor, { action: 'update', entityType: 'home_visit_program', entityId: program.id, details: { coordinatorAdded: body.userId } });
      return program;
    },
  });
  route(app, {
    method: 'DELETE', path: '/home-visits/programs/:schoolId/coordinators/:userId', summary: 'Remove a coordinator', tags, access: of('DELETE', '/programs/:schoolId/coordinators/:userId'),
    params: z.object({ schoolId: z.coerce.number().int().positive(), userId: z.coerce.number().int().positive() }), query: s.yearQuery, response: s.programSchema,
    handler: async ({ actor, ctx, params, query }) => {
      const year = await resolveYear(ctx.db, actor.districtId, query.year);
      const program = await removeCoordinator(ctx.db, await hvScope(ctx.db, actor, year.id), params.schoolId, year, params.userId);
      await recordAudit(ctx.db, actor, { action: 'update', entityType: 'home_visit_program', entityId: program.id, details: { coordinatorRemoved: params.userId } });
      return program;
    },
  });
  route(app, {
    method: 'POST', path: '/home-visits/programs/:schoolId/visit-types', summary: 'Add a visit type', tags, access: of('POST', '/programs/:schoolId/visit-types'),
    params: s.schoolParam, body: s.visitTypeInput, response: s.programSchema, status: 201,
    handler: async ({ actor, ctx, params, body }) => {
      const year = await resolveYear(ctx.db, actor.districtId, body.year);
      const program = await addVisitType(ctx.db, await hvScope(ctx.db, actor, year.id), params.schoolId, year, { name: body.name, purpose: body.purpose });
      await recordAudit(ctx.db, actor, { action: 'update', entityType: 'home_visit_program', entityId: program.id, details: { visitTypeAdded: body.name } });
      return program;
    },
  });
  route(app, {
    method: 'PATCH', path: '/home-visits/programs/:schoolId/visit-types/:typeId', summary: 'Offer or stop offering a visit type', tags, access: of('PATCH', '/programs/:schoolId/visit-types/:typeId'),
    params: s.visitTypeParam, body: s.visitTypePatch, response: s.programSchema,
    handler: async ({ actor, ctx, params, body }) => {
      const year = await resolveYear(ctx.db, actor.districtId, body.year);
      const program = await setVisitTypeActive(ctx.db, await hvScope(ctx.db, actor, year.id), params.schoolId, year, params.typeId, body.active);
      await recordAudit(ctx.db, actor, { action: 'update', entityType: 'home_visit_program', entityId: program.id, details: { visitType: params.typeId, active: body.active } });
      return program;
    },
  });

  route(app, {
    method: 'GET', path: '/home-visits/educators', summary: 'Educators of my schools: training and participation', tags, access: of('GET', '/educators'),
    query: s.educatorsQuery, response: z.object({ year: z.string(), educators: z.array(s.educatorSchema) }),
    handler: async ({ actor, ctx, query }) => {
      const year = await resolveYear(ctx.db, actor.districtId, query.year);
      const scope = await hvScope(ctx.db, actor, year.id);
      const schools = (await programSchools(ctx.db, scope)).map((x) => x.id).filter((id) => !query.schoolId || id === query.schoolId);
      return { year: year.name, educators: await listEducators(ctx.db, actor.districtId, year, schools) };
    },
  });
  route(app, {
    method: 'POST', path: '/home-visits/educators/:staffId/trainings', summary: 'Record an educator\'s home-visit training', tags, access: of('POST', '/educators/:staffId/trainings'),
    params: s.staffParam, body: s.trainingInput, response: s.trainingSchema, status: 201,
    handler: async ({ actor, ctx, params, body }) => {
      const year = await resolveYear(ctx.db, actor.districtId, null);
      const t = await addTraining(ctx.db, await hvScope(ctx.db, actor, year.id), params.staffId, body);
      await recordAudit(ctx.db, actor, { action: 'create', entityType: 'home_visit_training', entityId: t.id, details: { staffId: params.staffId, date: t.date, hours: t.hours } });
      return t;
    },
  });
  route(app, {
    method: 'PUT', path: '/home-visits/educators/:staffId/participation', summary: 'Opt in to home visits, or out (voluntary, any time)', tags, access: of('PUT', '/educators/:staffId/participation'),
    params: s.staffParam, body: s.participationInput, response: z.object({ optedIn: z.boolean(), changedAt: z.string() }),
    handler: async ({ actor, ctx, params, body }) => {
      const year = await resolveYear(ctx.db, actor.districtId, body.year);
      const r = await setParticipation(ctx.db, await hvScope(ctx.db, actor, year.id), params.staffId, year, body.optedIn);
      await recordAudit(ctx.db, actor, { action: 'update', entityType: 'home_visit_participation', entityId: params.staffId, details: { year: year.name, optedIn: body.optedIn } });
      return r;
    },
  });

  route(app, {
    method: 'GET', path: '/home-visits/families', summary: 'A school\'s families (siblings at the school are one family), their answers and visits', tags, access: of('GET', '/families'),
    query: s.familiesQuery, response: z.object({ year: z.string(), schoolId: z.number().int(), families: z.array(s.familySchema) }),
    handler: async ({ actor, ctx, query }) => {
      const year = await resolveYear(ctx.db, actor.districtId, query.year);
      return { year: year.name, schoolId: query.schoolId, families: await listFamilies(ctx.db, actor, year, query.schoolId) };
    },
  });
  route(app, {
    method: 'PUT', path: '/home-visits/families/answer', summary: 'Record a family\'s answer, language and interpreter need', tags, access: of('PUT', '/families/answer'),
    body: s.answerInput, response: s.familySchema,
    handler: async ({ actor, ctx, body }) => {
      const year = await resolveYear(ctx.db, actor.districtId, body.year);
      const { year: _y, ...input } = body;
      return setFamilyAnswer(ctx.db, actor, year, input);
    },
  });

  route(app, {
    method: 'GET', path: '/home-visits/visits', summary: 'Visits I may see', tags, access: of('GET', '/visits'),
    query: s.visitsQuery, response: s.visitListSchema,
    handler: async ({ actor, ctx, query }) => {
      const year = await resolveYear(ctx.db, actor.districtId, query.year);
      return listVisits(ctx.db, actor, year, { schoolId: query.schoolId, status: query.status, mine: query.mine === '1' || query.mine === 'true', limit: query.limit });
    },
  });
  route(app, {
    method: 'POST', path: '/home-visits/visits', summary: 'Schedule a visit, or log one arranged in advance that has taken place', tags, access: of('POST', '/visits'),
    description: 'Send a client-made idempotencyKey with forms saved offline: the same form sent twice is recorded once, and the second answer says so (replayed: true).',
    body: s.visitInput, response: s.submissionSchema, status: 201,
    handler: async ({ actor, ctx, body }) => {
      const year = await resolveYear(ctx.db, actor.districtId, body.year);
      const { year: _y, ...input } = body;
      return createVisit(ctx.db, actor, year, input);
    },
  });
  route(app, {
    method: 'GET', path: '/home-visits/visits/:visitId', summary: 'One visit (notes only for its educators and the school\'s coordinators)', tags, access: of('GET', '/visits/:visitId'),
    params: s.visitParam, response: s.visitSchema,
    handler: async ({ actor, ctx, params }) => getVisit(ctx.db, actor, params.visitId),
  });
  route(app, {
    method: 'POST', path: '/home-visits/visits/:visitId/log', summary: 'Log a scheduled visit as held', tags, access: of('POST', '/visits/:visitId/log'),
    params: s.visitParam, body: s.logInput, response: s.submissionSchema,
    handler: async ({ actor, ctx, params, body }) => logVisit(ctx.db, actor, params.visitId, body),
  });
  route(app, {
    method: 'POST', path: '/home-visits/visits/:visitId/reflections', summary: 'Write my reflection on a visit (what we learned; how we will use it)', tags, access: of('POST', '/visits/:visitId/reflections'),
    params: s.visitParam, body: s.reflectionInput, response: s.submissionSchema,
    handler: async ({ actor, ctx, params, body }) => reflect(ctx.db, actor, params.visitId, body),
  });
  route(app, {
    method: 'POST', path: '/home-visits/visits/:visitId/close', summary: 'Record a cancellation or a no-show', tags, access: of('POST', '/visits/:visitId/close'),
    params: s.visitParam, body: s.closeInput, response: s.visitSchema,
    handler: async ({ actor, ctx, params, body }) => closeVisit(ctx.db, actor, params.visitId, body),
  });
  route(app, {
    method: 'GET', path: '/home-visits/field-kit', summary: 'What an educator needs offline at the door: families, visit types, partners, scheduled visits', tags, access: of('GET', '/field-kit'),
    query: s.yearQuery, response: s.fieldKitSchema,
    handler: async ({ actor, ctx, query }) => fieldKit(ctx.db, actor, await resolveYear(ctx.db, actor.districtId, query.year)),
  });
  route(app, {
    method: 'GET', path: '/home-visits/students/:studentId/record', summary: 'A student\'s home-visit record, for a parent who asks to inspect it', tags, access: of('GET', '/students/:studentId/record'),
    params: s.studentParam, response: s.studentRecordSchema,
    handler: async ({ actor, ctx, params }) => studentVisitRecord(ctx.db, actor, params.studentId),
  });
  route(app, {
    method: 'GET', path: '/home-visits/students/:studentId/record.csv', summary: 'The same record as a CSV file', tags, access: of('GET', '/students/:studentId/record.csv'),
    params: s.studentParam, produces: 'text/csv',
    handler: async ({ actor, ctx, params, reply }) => {
      const r = await studentVisitRecord(ctx.db, actor, params.studentId);
      const header = ['visit', 'date', 'start', 'minutes', 'school', 'visit_type', 'status', 'place', 'language', 'educators', 'interpreter', 'students', 'notes', 'reflections'];
      const rows = r.visits.map((v) => [
        v.id, v.date, v.startTime, v.durationMinutes, v.schoolName, v.visitType.name, v.status, v.place, v.language,
        v.educators.map((e) => e.name).join('; '), v.interpreter?.name ?? '', v.students.map((x) => `${x.firstName} ${x.lastName}`).join('; '),
        v.notesVisible ? (v.notes ?? '') : '(not readable by the person exporting)',
        v.reflections ? v.reflections.map((x) => `${x.name}: learned: ${x.learned} / will use: ${x.willUse}`).join(' | ') : '(not readable by the person exporting)',
      ]);
      const name = `home-visits-${r.student.studentNumber.replace(/[^A-Za-z0-9_-]/g, '_')}.csv`;
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send('\ufeff' + toSpreadsheetCsv(header, rows));
    },
  });

  route(app, {
    method: 'GET', path: '/home-visits/coverage', summary: 'Coverage in students and families by district, school, grade, class and teacher, and month by month', tags, access: of('GET', '/coverage'),
    query: s.asOfQuery, response: s.coverageSchema,
    description: 'With schoolId, the grade, class and teacher rows are that school\'s (a teacher\'s row counts only their classes there); the district and school rows stay whole.',
    handler: async ({ actor, ctx, query }) => coverageReport(ctx.db, actor, await resolveYear(ctx.db, actor.districtId, query.year), query.asOf, query.schoolId ?? null),
  });
  route(app, {
    method: 'GET', path: '/home-visits/cross-section', summary: 'Whether visited families are a cross-section of enrolled families', tags, access: of('GET', '/cross-section'),
    query: s.asOfQuery, response: s.crossSectionSchema,
    handler: async ({ actor, ctx, query }) => crossSectionReport(ctx.db, actor, await resolveYear(ctx.db, actor.districtId, query.year), query.schoolId ?? null, query.asOf),
  });
  route(app, {
    method: 'GET', path: '/home-visits/results', summary: 'Attendance of visited and not visited students, and before and after each first visit (a correlation)', tags, access: of('GET', '/results'),
    query: s.asOfQuery, response: s.resultsSchema,
    handler: async ({ actor, ctx, query }) => resultsReport(ctx.db, actor, await resolveYear(ctx.db, actor.districtId, query.year), query.schoolId ?? null, query.asOf),
  });
  route(app, {
    method: 'GET', path: '/home-visits/compensation', summary: 'Hours per educator per pay period', tags, access: of('GET', '/compensation'),
    query: s.yearQuery, response: s.compensationSchema,
    handler: async ({ actor, ctx, query }) => compensationReport(ctx.db, actor, await resolveYear(ctx.db, actor.districtId, query.year)),
  });
  route(app, {
    method: 'GET', path: '/home-visits/compensation.csv', summary: 'Payroll export (CSV)', tags, access: of('GET', '/compensation.csv'),
    query: s.yearQuery, produces: 'text/csv',
    handler: async ({ actor, ctx, query, reply }) => {
      const year = await resolveYear(ctx.db, actor.districtId, query.year);
      const report = await compensationReport(ctx.db, actor, year);
      await recordAudit(ctx.db, actor, { action: 'export', entityType: 'home_visit_payroll', entityId: year.name, details: { rows: report.rows.length } });
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="home-visit-payroll-${year.name}.csv"`).send('\ufeff' + payrollCsv(report.rows));
    },
  });
  route(app, {
    method: 'GET', path: '/home-visits/participation', summary: 'Participation, training and compensation by educator (the union\'s view)', tags, access: of('GET', '/participation'),
    query: s.yearQuery, response: s.participationSchema,
    handler: async ({ actor, ctx, query }) => participationReport(ctx.db, actor, await resolveYear(ctx.db, actor.districtId, query.year)),
  });
}
