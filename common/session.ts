import { z } from 'zod';
import { ROLES } from './roles.ts';

/** The signed-in person as the API describes them (GET /api/v1/session). */
export const meSchema = z
  .object({
    id: z.number().int().nullable(),
    email: z.string(),
    displayName: z.string(),
    role: z.enum(ROLES),
    locale: z.string(),
    district: z.object({ id: z.number().int(), code: z.string(), name: z.string() }),
    schools: z.array(z.object({ id: z.number().int(), code: z.string(), name: z.string() })),
    staffId: z.number().int().nullable(),
    partnerId: z.number().int().nullable(),
    csrfToken: z.string().nullable().describe('Send as X-CSRF-Token on every write made with this session'),
  })
  .meta({ id: 'Me' });

export type Me = z.infer<typeof meSchema>;
