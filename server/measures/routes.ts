/**
 * Measures, dashboards, the students behind a number, and shared goals. Aggregates are for everyone
 * signed in, with small cells suppressed on the server for anyone without student-level access to a
 * whole cell; student lists only for those who may see students, limited to the ones they may see.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { route } from '../http/route.ts';
import { recordAudit } from '../audit/record.ts';
import { AppError } from '../http/errors.ts';
import { idParam } from '../districts/schema.ts';
import type { Actor } from '../auth/actor.ts';
import type { AppContext } from '../http/context.ts';
import { computeMeasure, defaultYear, DIMENSIONS, listYears, parseDimensions, priorYear, requireMeasure, resolveYear, type MeasureResult } from './engine.ts';
import { GROUP_KINDS } from './groups.ts';
import { listMeasures } from './registry.ts';
import { measureAccessFor } from './audience.ts';
import { measureCsv } from './export.ts';
import { dashboard, yearEarlier } from './dashboard.ts';
import { studentList, studentListCsv } from './students.ts';
import { createGoal, deleteGoal, getGoal, listGoals, updateGoal } from './goals.ts';
import { recomputeAll } from './refresh.ts';
import {
  dashboardQuery,
  dashboardSchema,
  goalInputSchema,
  goalPatchSchema,
  goalSchema,
  measureListSchema,
  measureParams,
  measureQuery,
  measureResultSchema,
  STUDENT_LISTS,
  studentListQuery,
  studentListSchema,
} from './schema.ts';

const STUDENT_ROLES = ['district_admin', 'data_manager', 'school_staff', 'teacher', 'partner_staff'] as const;
const GOAL_EDITORS = ['district_admin', 'data_manager'] as const;

async function yearOrDefault(ctx: AppContext, actor: Actor, year: string | undefined): Promise<string> {
  if (year) return year;
  const y = await defaultYear(ctx.db, actor.districtId);
  if (!y) throw new AppError('not_found', 'The district has no school years yet.');
  return y.name;
}

async function measureFor(ctx: AppContext, actor: Actor, measure: string, query: z.output<typeof measureQuery>): Promise<MeasureResult & { prior?: MeasureResult | null }> {
  const db = ctx.db;
  requireMeasure(measure);
  const by = parseDimensions(query.by);
  const access = await measureAccessFor(db, actor);
  const year = await yearOrDefault(ctx, actor, query.year);
  const result: MeasureResult & { prior?: MeasureResult | null } = await computeMeasure(db, actor.districtId, { measure, year, by, asOf: query.asOf }, access);
  if (query.compare === 'prior-year') {
    const before = await priorYear(db, actor.districtId, await resolveYear(db, actor.districtId, year));
    result.prior = null;
    if (before) {
      const shifted = yearEarlier(result.asOf);
      const asOf = shifted > before.end_date ? before.end_date : shifted < before.start_date ? before.start_date : shifted;
      try {
        result.prior = await computeMeasure(db, actor.districtId, { measure, year: before.name, by, asOf }, access);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
      }
    }
  }
  return result;
}

export function registerMeasureRoutes(app: FastifyInstance): void {
  route(app, {
    method: 'GET',
    path: '/measures',
    summary: 'The measures, breakdowns, student groups and school years',
    tags: ['measures'],
    access: 'signed-in',
    response: measureListSchema,
    handler: async ({ actor, ctx }) => {
      const years = await listYears(ctx.db, actor.districtId);
      const current = await defaultYear(ctx.db, actor.districtId);
      return {
        measures: listMeasures().map((m) => ({
          key: m.key,
          description: m.description,
          better: m.better,
          numerator: m.numerator !== false,
          rate: m.rate !== false,
          rowKeys: [...(m.rowKeys ?? [])],
          fields: (m.fields ?? []).map((f) => (f.kind === 'counts' ? { name: f.name, kind: f.kind, parts: [...f.parts] } : { name: f.name, kind: f.kind })),
        })),
        dimensions: [...DIMENSIONS],
        groupKinds: [...GROUP_KINDS],
        years: years.map((y) => ({ name: y.name, startDate: y.start_date, endDate: y.end_date })).reverse(),
        defaultYear: current?.name ?? null,
      };
    },
  });

  route(app, {
    method: 'GET',
    path: '/measures/:measure',
    summary: 'A measure for a school year, year to date, broken down (small cells suppressed as your access requires)',
    description: 'The same result as `village measure <measure> --year … --by … --as-of …`; see DATA-FORMATS.md, "Measure exports".',
    tags: ['measures'],
    access: 'signed-in',
    params: measureParams,
    query: measureQuery,
    response: measureResultSchema,
    handler: async ({ actor, ctx, params, query }) => (await measureFor(ctx, actor, params.measure, query)) as z.input<typeof measureResultSchema>,
  });

  route(app, {
    method: 'GET',
    path: '/measures/:measure/csv',
    summary: 'A measure as CSV (the same columns as the JSON rows)',
    tags: ['measures'],
    access: 'signed-in',
    params: measureParams,
    query: measureQuery.omit({ compare: true }),
    produces: 'text/csv',
    handler: async ({ actor, ctx, params, query, reply }) => {
      const result = await measureFor(ctx, actor, params.measure, query);
      await recordAudit(ctx.db, actor, { action: 'export', entityType: 'measure', entityId: params.measure, details: { year: result.year, by: query.by ?? null, asOf: result.asOf } });
      const name = `${params.measure}-${result.year}${query.by ? `-by-${query.by.replace(/,/g, '-')}` : ''}.csv`;
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send('\ufeff' + measureCsv(requireMeasure(params.measure), result));
    },
  });

  route(app, {
    method: 'POST',
    path: '/measures/recompute',
    summary: 'Rebuild every school year\'s figures from the stored records',
    tags: ['measures'],
    access: ['district_admin', 'data_manager'],
    response: z.object({ years: z.number().int(), rows: z.number().int(), absenceRecords: z.number().int(), ms: z.number() }),
    handler: async ({ actor, ctx }) => {
      const result = await recomputeAll(ctx.db, actor.districtId);
      await recordAudit(ctx.db, actor, { action: 'update', entityType: 'measures', details: { recomputed: result.years, rows: result.rows } });
      return result;
    },
  });

  route(app, {
    method: 'GET',
    path: '/dashboard',
    summary: 'The district overview: key figures and change from last year, schools ranked, gaps across groups, monthly trend, goals',
    tags: ['measures'],
    access: 'signed-in',
    query: dashboardQuery,
    response: dashboardSchema,
    handler: async ({ actor, ctx, query }) => dashboard(ctx.db, actor, await measureAccessFor(ctx.db, actor), query),
  });

  route(app, {
    method: 'GET',
    path: '/dashboard/schools/:schoolId',
    summary: 'One school\'s dashboard',
    tags: ['measures'],
    access: 'signed-in',
    params: idParam('schoolId'),
    query: dashboardQuery,
    response: dashboardSchema,
    handler: async ({ actor, ctx, params, query }) => dashboard(ctx.db, actor, await measureAccessFor(ctx.db, actor), { ...query, schoolId: params.schoolId as number }),
  });

  const listParams = z.object({ list: z.enum(STUDENT_LISTS) });
  route(app, {
    method: 'GET',
    path: '/student-lists/:list',
    summary: 'The students behind a number: chronically absent, at risk, or early warning (only students you may see)',
    tags: ['measures'],
    access: STUDENT_ROLES,
    params: listParams,
    query: studentListQuery.omit({ list: true }),
    response: studentListSchema,
    handler: async ({ actor, ctx, params, query }) => studentList(ctx.db, actor, { ...query, list: params.list }),
  });

  route(app, {
    method: 'GET',
    path: '/student-lists/:list/csv',
    summary: 'A student list as CSV',
    tags: ['measures'],
    access: STUDENT_ROLES,
    params: listParams,
    query: studentListQuery.omit({ list: true, limit: true, offset: true }),
    produces: 'text/csv',
    handler: async ({ actor, ctx, params, query, reply }) => {
      const list = await studentList(ctx.db, actor, { ...query, list: params.list }, { all: true });
      await recordAudit(ctx.db, actor, { action: 'export', entityType: 'student_list', entityId: params.list, details: { year: list.year, asOf: list.asOf, schoolId: list.school?.id ?? null, students: list.students.length } });
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${params.list}-${list.year}${list.school ? `-${list.school.code}` : ''}.csv"`)
        .send('\ufeff' + studentListCsv(list));
    },
  });

  route(app, {
    method: 'GET',
    path: '/goals',
    summary: 'Shared goals with progress computed from the data',
    tags: ['goals'],
    access: 'signed-in',
    query: z.object({ schoolId: z.coerce.number().int().positive().optional() }),
    response: z.object({ goals: z.array(goalSchema) }),
    handler: async ({ actor, ctx, query }) => ({ goals: await listGoals(ctx.db, actor, await measureAccessFor(ctx.db, actor), { schoolId: query.schoolId }) }),
  });

  route(app, {
    method: 'GET',
    path: '/goals/:goalId',
    summary: 'One shared goal',
    tags: ['goals'],
    access: 'signed-in',
    params: idParam('goalId'),
    response: goalSchema,
    handler: async ({ actor, ctx, params }) => getGoal(ctx.db, actor, await measureAccessFor(ctx.db, actor), params.goalId as number),
  });

  route(app, {
    method: 'POST',
    path: '/goals',
    summary: 'Set a shared goal',
    tags: ['goals'],
    access: GOAL_EDITORS,
    body: goalInputSchema,
    response: goalSchema,
    status: 201,
    handler: async ({ actor, ctx, body }) => createGoal(ctx.db, actor, body),
  });

  route(app, {
    method: 'PATCH',
    path: '/goals/:goalId',
    summary: 'Change a shared goal',
    tags: ['goals'],
    access: GOAL_EDITORS,
    params: idParam('goalId'),
    body: goalPatchSchema,
    response: goalSchema,
    handler: async ({ actor, ctx, params, body }) => updateGoal(ctx.db, actor, params.goalId as number, body),
  });

  route(app, {
    method: 'DELETE',
    path: '/goals/:goalId',
    summary: 'Remove a shared goal',
    tags: ['goals'],
    access: GOAL_EDITORS,
    params: idParam('goalId'),
    status: 204,
    handler: async ({ actor, ctx, params }) => {
      await deleteGoal(ctx.db, actor, params.goalId as number);
    },
  });
}
