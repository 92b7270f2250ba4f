/** Audit search, for district administrators. */
import type { FastifyInstance } from 'fastify';
import { route } from '../http/route.ts';
import { auditPageSchema, auditQuerySchema } from './schema.ts';
import { searchAudit } from './search.ts';

export function registerAuditRoutes(app: FastifyInstance): void {
  route(app, {
    method: 'GET',
    path: '/audit-events',
    summary: 'Search the audit trail: who read or changed which record, when and from where (newest first)',
    tags: ['audit'],
    access: ['district_admin'],
    query: auditQuerySchema,
    response: auditPageSchema,
    handler: async ({ actor, ctx, query }) => searchAudit(ctx.db, ctx.seam, actor.districtId, query),
  });
}
