/** The partners capability's API: the directory, agreements, data sharing, needs, partner pages. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { route } from '../http/route.ts';
import { DIRECTORY_EDITORS, DISTRICT_STAFF, PARTNER_CREATORS } from './policy.ts';
import {
  contactInputSchema,
  idParam,
  locationInputSchema,
  partnerDetailSchema,
  partnerFiltersSchema,
  partnerInputSchema,
  partnerSummarySchema,
  schoolsInputSchema,
  serviceInputSchema,
} from './schema.ts';
import {
  createContact,
  createLocation,
  createPartner,
  createService,
  deleteContact,
  deleteLocation,
  deletePartner,
  deleteService,
  getPartner,
  listPartners,
  setPartnerSchools,
  updateContact,
  updateLocation,
  updatePartner,
  updateService,
} from './directory.ts';
import { portalStudent, portalStudents, portalSummary } from './portal.ts';
import { portalStudentSchema, portalStudentsSchema, portalSummarySchema } from './portal-schema.ts';
import { registerAgreementRoutes } from './agreements-routes.ts';
import { registerNeedsRoutes } from './needs-routes.ts';

export const created = z.object({ id: z.number().int() });

export function registerPartnerRoutes(app: FastifyInstance): void {
  const tags = ['partners'];

  route(app, {
    method: 'GET',
    path: '/partners',
    summary: 'The partner directory, searched and filtered by need category, school, language and sector',
    tags,
    access: 'signed-in',
    query: partnerFiltersSchema,
    response: z.object({ partners: z.array(partnerSummarySchema) }),
    handler: async ({ actor, ctx, query }) => ({ partners: await listPartners(ctx.db, actor.districtId, query) }),
  });

  route(app, {
    method: 'POST',
    path: '/partners',
    summary: 'Add a partner organisation',
    tags,
    access: PARTNER_CREATORS,
    body: partnerInputSchema,
    response: created,
    status: 201,
    handler: async ({ actor, ctx, body }) => ({ id: await createPartner(ctx.db, actor, body) }),
  });

  route(app, {
    method: 'GET',
    path: '/partners/:partnerId',
    summary: 'One partner: services, locations, contacts and champions, schools served, agreements',
    tags,
    access: 'signed-in',
    params: idParam('partnerId'),
    response: partnerDetailSchema,
    handler: async ({ actor, ctx, params }) => getPartner(ctx.db, actor, params.partnerId as number),
  });

  route(app, {
    method: 'PUT',
    path: '/partners/:partnerId',
    summary: "Change a partner's entry (partner staff: their own organisation only)",
    tags,
    access: DIRECTORY_EDITORS,
    params: idParam('partnerId'),
    body: partnerInputSchema,
    status: 204,
    handler: async ({ actor, ctx, params, body }) => updatePartner(ctx.db, actor, params.partnerId as number, body),
  });

  route(app, {
    method: 'DELETE',
    path: '/partners/:partnerId',
    summary: 'Remove a partner that is party to no agreement',
    tags,
    access: DISTRICT_STAFF,
    params: idParam('partnerId'),
    status: 204,
    handler: async ({ actor, ctx, params }) => deletePartner(ctx.db, actor, params.partnerId as number),
  });

  route(app, {
    method: 'PUT',
    path: '/partners/:partnerId/schools',
    summary: 'Set the schools a partner serves (school staff: their own schools only)',
    tags,
    access: ['district_admin', 'data_manager', 'school_staff'],
    params: idParam('partnerId'),
    body: schoolsInputSchema,
    status: 204,
    handler: async ({ actor, ctx, params, body }) => setPartnerSchools(ctx.db, actor, params.partnerId as number, body.schoolIds),
  });

  const child = <I>(
    name: string,
    param: string,
    body: z.ZodType<I>,
    create: (db: typeof app.village.db, actor: Parameters<typeof createService>[1], partnerId: number, input: I) => Promise<number>,
    update: (db: typeof app.village.db, actor: Parameters<typeof createService>[1], partnerId: number, id: number, input: I) => Promise<void>,
    remove: (db: typeof app.village.db, actor: Parameters<typeof createService>[1], partnerId: number, id: number) => Promise<void>,
  ) => {
    route(app, {
      method: 'POST',
      path: `/partners/:partnerId/${name}`,
      summary: `Add a ${name.replace(/s$/, '')} to a partner`,
      tags,
      access: DIRECTORY_EDITORS,
      params: idParam('partnerId'),
      body,
      response: created,
      status: 201,
      handler: async ({ actor, ctx, params, body: input }) => ({ id: await create(ctx.db, actor, params.partnerId as number, input as I) }),
    });
    route(app, {
      method: 'PUT',
      path: `/partners/:partnerId/${name}/:${param}`,
      summary: `Change a partner's ${name.replace(/s$/, '')}`,
      tags,
      access: DIRECTORY_EDITORS,
      params: idParam('partnerId', param),
      body,
      status: 204,
      handler: async ({ actor, ctx, params, body: input }) => update(ctx.db, actor, params.partnerId as number, (params as Record<string, number>)[param], input as I),
    });
    route(app, {
      method: 'DELETE',
      path: `/partners/:partnerId/${name}/:${param}`,
      summary: `Remove a partner's ${name.replace(/s$/, '')}`,
      tags,
      access: DIRECTORY_EDITORS,
      params: idParam('partnerId', param),
      status: 204,
      handler: async ({ actor, ctx, params }) => remove(ctx.db, actor, params.partnerId as number, (params as Record<string, number>)[param]),
    });
  };
  child('services', 'serviceId', serviceInputSchema, createService, updateService, deleteService);
  child('locations', 'locationId', locationInputSchema, createLocation, updateLocation, deleteLocation);
  child('contacts', 'contactId', contactInputSchema, createContact, updateContact, deleteContact);

  // ── Partner staff ──
  const portal = ['partner-portal'];
  route(app, {
    method: 'GET',
    path: '/partner-portal',
    summary: "My organisation's agreements, commitments, schools, data-sharing terms and the results for those schools",
    tags: portal,
    access: ['partner_staff'],
    response: portalSummarySchema,
    handler: async ({ actor, ctx }) => portalSummary(ctx.db, actor),
  });
  route(app, {
    method: 'GET',
    path: '/partner-portal/students',
    summary: 'Students the data-sharing terms in force name for my organisation (each read is recorded as a disclosure)',
    tags: portal,
    access: ['partner_staff'],
    response: portalStudentsSchema,
    handler: async ({ actor, ctx }) => ({ students: await portalStudents(ctx.db, actor) }),
  });
  route(app, {
    method: 'GET',
    path: '/partner-portal/students/:studentId',
    summary: "One student's records, as far as the data-sharing terms in force allow (otherwise not found)",
    tags: portal,
    access: ['partner_staff'],
    params: idParam('studentId'),
    response: portalStudentSchema,
    handler: async ({ actor, ctx, params }) => portalStudent(ctx.db, actor, params.studentId as number) as Promise<z.input<typeof portalStudentSchema>>,
  });

  registerAgreementRoutes(app);
  registerNeedsRoutes(app);
}
