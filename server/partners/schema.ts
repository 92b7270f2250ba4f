/** API shapes of the partner directory. */
import { z } from 'zod';
import { NEED_CATEGORIES, SECTORS, SERVICE_STATUSES } from './vocab.ts';

export const idParam = (...names: string[]) => z.object(Object.fromEntries(names.map((n) => [n, z.coerce.number().int().positive()])));

const text = (max: number) => z.string().trim().max(max);
/** Optional text: an empty string or a missing value is null. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullable()
    .optional()
    .transform((v) => (v === '' || v === undefined ? null : v));
const languageCode = z.string().trim().toLowerCase().regex(/^[a-z]{2,3}$/, 'must be an ISO 639 code such as en or es');

export const schoolRefSchema = z.object({ id: z.number().int(), code: z.string(), name: z.string() });

export const partnerSummarySchema = z
  .object({
    id: z.number().int(),
    extId: z.string().describe('Open Referral organization id'),
    name: z.string(),
    alternateName: z.string().nullable(),
    sector: z.enum(SECTORS),
    description: z.string(),
    mission: z.string().nullable(),
    email: z.string().nullable(),
    website: z.string().nullable(),
    status: z.enum(['active', 'inactive']),
    schools: z.array(schoolRefSchema),
    categories: z.array(z.enum(NEED_CATEGORIES)),
    languages: z.array(z.string()),
    serviceCount: z.number().int(),
    openCapacity: z.number().int().nullable().describe('Places the services say they can still offer (null: not stated)'),
    champions: z.array(z.string()),
    activeAgreements: z.number().int(),
  })
  .meta({ id: 'PartnerSummary' });

export const serviceSchema = z
  .object({
    id: z.number().int(),
    extId: z.string(),
    name: z.string(),
    alternateName: z.string().nullable(),
    description: z.string().nullable(),
    category: z.enum(NEED_CATEGORIES),
    status: z.string(),
    eligibility: z.string().nullable(),
    minimumAge: z.number().int().nullable(),
    maximumAge: z.number().int().nullable(),
    cost: z.string().nullable(),
    url: z.string().nullable(),
    email: z.string().nullable(),
    capacity: z.number().int().nullable(),
    languages: z.array(z.object({ code: z.string().nullable(), name: z.string().nullable() })),
    schedule: z.string().nullable(),
    locationIds: z.array(z.number().int()),
  })
  .meta({ id: 'PartnerService' });

export const locationSchema = z
  .object({
    id: z.number().int(),
    extId: z.string(),
    name: z.string().nullable(),
    description: z.string().nullable(),
    locationType: z.string(),
    latitude: z.number().nullable(),
    longitude: z.number().nullable(),
    address: z.string().nullable(),
  })
  .meta({ id: 'PartnerLocation' });

export const contactSchema = z
  .object({
    id: z.number().int(),
    extId: z.string(),
    name: z.string().nullable(),
    title: z.string().nullable(),
    department: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    champion: z.boolean(),
    championNote: z.string().nullable(),
  })
  .meta({ id: 'PartnerContact' });

export const partnerDetailSchema = partnerSummarySchema
  .extend({
    services: z.array(serviceSchema),
    locations: z.array(locationSchema),
    contacts: z.array(contactSchema),
    phones: z.array(z.string()),
    agreements: z.array(z.object({ id: z.number().int(), title: z.string(), status: z.string(), startDate: z.string().nullable(), endDate: z.string().nullable() })),
    canEdit: z.boolean(),
    editableSchoolIds: z.array(z.number().int()).describe('Schools this person may add to or remove from the schools served'),
  })
  .meta({ id: 'PartnerDetail' });

export const partnerInputSchema = z.object({
  name: text(300).min(1),
  alternateName: optionalText(300),
  sector: z.enum(SECTORS),
  description: text(5000).min(1, 'a short description is required (Open Referral requires one)'),
  mission: optionalText(5000),
  email: z.union([z.literal(''), z.email()]).nullable().optional().transform((v) => (v ? v : null)),
  website: optionalText(500),
  status: z.enum(['active', 'inactive']).default('active'),
});

export const partnerFiltersSchema = z.object({
  q: z.string().trim().max(200).optional(),
  sector: z.enum(SECTORS).optional(),
  category: z.enum(NEED_CATEGORIES).optional(),
  schoolId: z.coerce.number().int().positive().optional(),
  language: languageCode.optional(),
  status: z.enum(['active', 'inactive', 'all']).default('active'),
});

export const serviceInputSchema = z
  .object({
    name: text(300).min(1),
    alternateName: optionalText(300),
    description: optionalText(5000),
    category: z.enum(NEED_CATEGORIES),
    status: z.enum(SERVICE_STATUSES).default('active'),
    eligibility: optionalText(2000),
    minimumAge: z.number().int().min(0).max(120).nullable().optional(),
    maximumAge: z.number().int().min(0).max(120).nullable().optional(),
    cost: optionalText(1000),
    url: optionalText(500),
    email: z.union([z.literal(''), z.email()]).nullable().optional().transform((v) => (v ? v : null)),
    capacity: z.number().int().min(0).max(1_000_000).nullable().optional(),
    languages: z.array(languageCode).max(40).default([]),
    schedule: optionalText(1000),
    locationIds: z.array(z.number().int().positive()).max(100).default([]),
  })
  .refine((s) => s.minimumAge == null || s.maximumAge == null || s.minimumAge <= s.maximumAge, { path: ['maximumAge'], message: 'must not be below the minimum age' });

export const locationInputSchema = z.object({
  name: text(300).min(1),
  description: optionalText(2000),
  locationType: z.enum(['physical', 'postal', 'virtual']).default('physical'),
  latitude: z.number().min(-90).max(90).nullable().optional(),
  longitude: z.number().min(-180).max(180).nullable().optional(),
  address: z
    .object({
      address1: text(300).min(1),
      address2: optionalText(300),
      city: text(200).min(1),
      stateProvince: text(100).min(1),
      postalCode: text(20).min(1),
      country: text(2).min(2).default('US'),
    })
    .nullable()
    .optional(),
});

export const contactInputSchema = z.object({
  name: text(200).min(1),
  title: optionalText(200),
  department: optionalText(200),
  email: z.union([z.literal(''), z.email()]).nullable().optional().transform((v) => (v ? v : null)),
  phone: optionalText(50),
  champion: z.boolean().default(false),
  championNote: optionalText(1000),
});

export const schoolsInputSchema = z.object({ schoolIds: z.array(z.number().int().positive()).max(500) });

export type PartnerInput = z.infer<typeof partnerInputSchema>;
export type PartnerFilters = z.infer<typeof partnerFiltersSchema>;
export type ServiceInput = z.infer<typeof serviceInputSchema>;
export type LocationInput = z.infer<typeof locationInputSchema>;
export type ContactInput = z.infer<typeof contactInputSchema>;
