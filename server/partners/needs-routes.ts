/** School needs, suggestions from the school's figures, matching with partners, the district view. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { route } from '../http/route.ts';
import { idParam } from './schema.ts';
import { linkPartnerSchema, matchesSchema, needFiltersSchema, needInputSchema, needSchema, overviewSchema, suggestionsSchema } from './needs-schema.ts';
import { createNeed, deleteNeed, linkPartner, listNeeds, matchNeeds, needsOverview, suggestNeeds, unlinkPartner, updateNeed } from './needs.ts';

export const NEED_EDITORS = ['district_admin', 'data_manager', 'school_staff'] as const;

export function registerNeedsRoutes(app: FastifyInstance): void {
  const tags = ['needs'];
  route(app, {
    method: 'GET',
    path: '/needs',
    summary: "Schools' needs by category and priority",
    tags,
    access: 'signed-in',
    query: needFiltersSchema,
    response: z.object({ needs: z.array(needSchema) }),
    handler: async ({ actor, ctx, query }) => ({ needs: await listNeeds(ctx.db, actor, query) }),
  });
  route(app, {
    method: 'GET',
    path: '/needs/suggestions',
    summary: "Needs the school's own figures suggest (chronic absence, housing, income, home languages, suspensions)",
    tags,
    access: NEED_EDITORS,
    query: z.object({ schoolId: z.coerce.number().int().positive() }),
    response: suggestionsSchema,
    handler: async ({ actor, ctx, query }) => suggestNeeds(ctx.db, actor, query.schoolId),
  });
  route(app, {
    method: 'GET',
    path: '/needs/matches',
    summary: 'For each open need, the partners able to meet it (category, languages, capacity, schools already served)',
    tags,
    access: 'signed-in',
    query: z.object({ schoolId: z.coerce.number().int().positive().optional() }),
    response: matchesSchema,
    handler: async ({ actor, ctx, query }) => matchNeeds(ctx.db, actor, query.schoolId),
  });
  route(app, {
    method: 'GET',
    path: '/needs/overview',
    summary: 'Every school: open needs, partners serving it; schools with high need and few partners first',
    tags,
    access: 'signed-in',
    response: overviewSchema,
    handler: async ({ actor, ctx }) => needsOverview(ctx.db, actor),
  });
  route(app, {
    method: 'POST',
    path: '/needs',
    summary: "Record a school's need",
    tags,
    access: NEED_EDITORS,
    body: needInputSchema,
    response: z.object({ id: z.number().int() }),
    status: 201,
    handler: async ({ actor, ctx, body }) => ({ id: await createNeed(ctx.db, actor, body) }),
  });
  route(app, {
    method: 'PUT',
    path: '/needs/:needId',
    summary: 'Change a need',
    tags,
    access: NEED_EDITORS,
    params: idParam('needId'),
    body: needInputSchema,
    status: 204,
    handler: async ({ actor, ctx, params, body }) => updateNeed(ctx.db, actor, params.needId as number, body),
  });
  route(app, {
    method: 'DELETE',
    path: '/needs/:needId',
    summary: 'Remove a need',
    tags,
    access: NEED_EDITORS,
    params: idParam('needId'),
    status: 204,
    handler: async ({ actor, ctx, params }) => deleteNeed(ctx.db, actor, params.needId as number),
  });
  route(app, {
    method: 'POST',
    path: '/needs/:needId/partners',
    summary: 'Record that a partner is taking on a need',
    tags,
    access: NEED_EDITORS,
    params: idParam('needId'),
    body: linkPartnerSchema,
    status: 204,
    handler: async ({ actor, ctx, params, body }) => linkPartner(ctx.db, actor, params.needId as number, body),
  });
  route(app, {
    method: 'DELETE',
    path: '/needs/:needId/partners/:partnerId',
    summary: 'Record that a partner no longer works on a need',
    tags,
    access: NEED_EDITORS,
    params: idParam('needId', 'partnerId'),
    status: 204,
    handler: async ({ actor, ctx, params }) => unlinkPartner(ctx.db, actor, params.needId as number, params.partnerId as number),
  });
}
