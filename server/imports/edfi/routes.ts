/** The Ed-Fi mappings page's API: a district's descriptor mappings, the shipped defaults, unmapped values. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { route } from '../../http/route.ts';
import { recordAudit } from '../../audit/record.ts';
import { CATEGORY_NAMES, DESCRIPTOR_CATEGORIES, defaultMappingList } from './descriptors.ts';
import { deleteMapping, listMappings, listUnmapped, saveMapping } from './mappings.ts';
import { EDFI_MAPPING_ROLES } from './access.ts';

const category = z.enum(CATEGORY_NAMES as [string, ...string[]]);

const mappingSchema = z
  .object({
    id: z.number().int(),
    descriptor: category,
    codeValue: z.string(),
    namespace: z.string().describe("'' when the mapping applies to every namespace"),
    code: z.string().describe("The Village code, or 'ignore'"),
    updatedAt: z.string(),
  })
  .meta({ id: 'EdfiDescriptorMapping' });

const mappingsResponse = z.object({
  categories: z.array(z.object({ descriptor: category, codes: z.array(z.string()).describe('Village codes it may map to (Language: any ISO 639 code)') })),
  mappings: z.array(mappingSchema),
  defaults: z.array(z.object({ descriptor: category, codeValue: z.string(), code: z.string() })),
  unmapped: z.array(
    z.object({
      descriptor: category,
      codeValue: z.string(),
      namespace: z.string(),
      written: z.string(),
      occurrences: z.number().int(),
      lastFile: z.string().nullable(),
      lastLine: z.number().int().nullable(),
      lastSeenAt: z.string(),
    }),
  ),
});

const mappingInput = z.object({
  descriptor: category,
  codeValue: z.string().trim().min(1, 'Give the value (after # in the URI).').max(300),
  namespace: z.string().trim().max(300).optional(),
  code: z.string().trim().min(1, 'Choose a Village code.').max(20),
});

export function registerEdfiMappingRoutes(app: FastifyInstance): void {
  route(app, {
    method: 'GET',
    path: '/edfi/mappings',
    summary: 'Ed-Fi descriptor mappings of my district, the shipped defaults, and values met without a mapping',
    tags: ['imports'],
    access: EDFI_MAPPING_ROLES,
    response: mappingsResponse,
    handler: async ({ actor, ctx }) => ({
      categories: CATEGORY_NAMES.map((d) => ({ descriptor: d, codes: [...DESCRIPTOR_CATEGORIES[d]] })),
      mappings: await listMappings(ctx.db, actor.districtId),
      defaults: defaultMappingList(),
      unmapped: await listUnmapped(ctx.db, actor.districtId),
    }),
  });

  route(app, {
    method: 'PUT',
    path: '/edfi/mappings',
    summary: 'Map one Ed-Fi descriptor value onto a Village code (adds or replaces the district\'s mapping)',
    tags: ['imports'],
    access: EDFI_MAPPING_ROLES,
    body: mappingInput,
    response: mappingSchema,
    handler: async ({ actor, ctx, body }) => {
      const { row, created } = await saveMapping(ctx.db, actor.districtId, body as Parameters<typeof saveMapping>[2]);
      await recordAudit(ctx.db, actor, { action: created ? 'create' : 'update', entityType: 'edfi_mapping', entityId: row.id, details: { descriptor: row.descriptor, codeValue: row.codeValue, namespace: row.namespace, code: row.code } });
      return row;
    },
  });

  route(app, {
    method: 'DELETE',
    path: '/edfi/mappings/:mappingId',
    summary: 'Remove one of the district\'s mappings (the shipped default applies again)',
    tags: ['imports'],
    access: EDFI_MAPPING_ROLES,
    params: z.object({ mappingId: z.coerce.number().int().positive() }),
    status: 204,
    handler: async ({ actor, ctx, params }) => {
      const row = await deleteMapping(ctx.db, actor.districtId, params.mappingId);
      await recordAudit(ctx.db, actor, { action: 'delete', entityType: 'edfi_mapping', entityId: row.id, details: { descriptor: row.descriptor, codeValue: row.codeValue, namespace: row.namespace } });
    },
  });
}
