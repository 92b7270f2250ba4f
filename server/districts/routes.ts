/** District, schools, school years and calendars. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { route } from '../http/route.ts';
import { recordAudit } from '../audit/record.ts';
import { idParam, schoolInputSchema, schoolSchema } from './schema.ts';
import { createSchool, getSchool, listSchools, updateSchool } from './schools.ts';

export function registerDistrictRoutes(app: FastifyInstance): void {
  route(app, {
    method: 'GET',
    path: '/schools',
    summary: 'Schools of my district',
    tags: ['district'],
    access: 'signed-in',
    response: z.object({ schools: z.array(schoolSchema) }),
    handler: async ({ actor, ctx }) => ({ schools: await listSchools(ctx.db, actor.districtId) }),
  });

  route(app, {
    method: 'GET',
    path: '/schools/:schoolId',
    summary: 'One school',
    tags: ['district'],
    access: 'signed-in',
    params: idParam('schoolId'),
    response: schoolSchema,
    handler: async ({ actor, ctx, params }) => getSchool(ctx.db, actor.districtId, params.schoolId as number),
  });

  route(app, {
    method: 'POST',
    path: '/schools',
    summary: 'Add a school',
    tags: ['district'],
    access: ['district_admin', 'data_manager'],
    body: schoolInputSchema,
    response: schoolSchema,
    status: 201,
    handler: async ({ actor, ctx, body }) => {
      const school = await createSchool(ctx.db, actor.districtId, body);
      await recordAudit(ctx.db, actor, { action: 'create', entityType: 'school', entityId: school.id, details: { code: school.code } });
      return school;
    },
  });

  route(app, {
    method: 'PATCH',
    path: '/schools/:schoolId',
    summary: 'Change a school',
    tags: ['district'],
    access: ['district_admin', 'data_manager'],
    params: idParam('schoolId'),
    body: schoolInputSchema.partial(),
    response: schoolSchema,
    handler: async ({ actor, ctx, params, body }) => {
      const school = await updateSchool(ctx.db, actor.districtId, params.schoolId as number, body);
      await recordAudit(ctx.db, actor, { action: 'update', entityType: 'school', entityId: school.id, details: { fields: Object.keys(body) } });
      return school;
    },
  });
}
