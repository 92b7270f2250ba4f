import { z } from 'zod';
import { LOCALES, ROLES, TOKEN_SCOPES } from '../../common/roles.ts';
import { isoDate } from '../districts/schema.ts';

const ref = z.object({ id: z.number().int(), name: z.string() });

export const userSchema = z
  .object({
    id: z.number().int(),
    email: z.string(),
    displayName: z.string(),
    role: z.enum(ROLES),
    locale: z.string(),
    disabled: z.boolean(),
    lockedUntil: z.string().nullable().describe('Set while the account is locked after repeated failed sign-ins'),
    schools: z.array(z.object({ id: z.number().int(), code: z.string(), name: z.string() })).describe('Schools a school_staff account is scoped to'),
    staff: ref.nullable().describe("A teacher's or staff member's roster record"),
    partner: ref.nullable().describe("A partner_staff account's organisation (name empty when the partner directory is not available)"),
    lastSignInAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'User' });

export const USER_STATUSES = ['active', 'disabled', 'locked'] as const;

export const userListQuerySchema = z.object({
  q: z.string().trim().max(200).optional().describe('Part of the email or name'),
  role: z.enum(ROLES).optional(),
  schoolId: z.coerce.number().int().positive().optional(),
  status: z.enum(USER_STATUSES).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const userListSchema = z.object({
  users: z.array(userSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

const scopeFields = {
  schoolIds: z.array(z.number().int().positive()).max(500).optional(),
  staffId: z.number().int().positive().nullable().optional(),
  partnerId: z.number().int().positive().nullable().optional(),
};

export const userCreateSchema = z.object({
  email: z.string().trim().min(3).max(320),
  displayName: z.string().trim().min(1).max(200),
  role: z.enum(ROLES),
  locale: z.enum(LOCALES).optional(),
  password: z.string().min(1).max(256).optional().describe('Omit to have Village generate one (shown once in the response)'),
  ...scopeFields,
});

export const userPatchSchema = z.object({
  displayName: z.string().trim().min(1).max(200).optional(),
  role: z.enum(ROLES).optional(),
  locale: z.enum(LOCALES).optional(),
  ...scopeFields,
});

export const userWithPasswordSchema = z.object({
  user: userSchema,
  password: z.string().nullable().describe('The generated password, shown this once; null when the caller chose it'),
});

export const staffOptionSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  email: z.string().nullable(),
  schools: z.array(z.string()),
  linkedTo: z.string().nullable().describe('Email of the account already linked to this staff record'),
});

export const tokenSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    prefix: z.string().describe('The first characters of the token, to recognise it'),
    scopes: z.array(z.enum(TOKEN_SCOPES)),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    status: z.enum(['active', 'expired', 'revoked']),
    owner: z.object({ id: z.number().int(), email: z.string(), displayName: z.string(), role: z.enum(ROLES) }),
  })
  .meta({ id: 'ApiToken' });

export const tokenCreateSchema = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.enum(TOKEN_SCOPES)).min(1),
  expiresOn: isoDate().nullable().optional().describe('Last day the token works (UTC); omit for a token that does not expire'),
});
