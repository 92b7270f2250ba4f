/** Accounts (managed by district administrators) and API tokens (managed by each person). */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { route } from '../http/route.ts';
import { AppError } from '../http/errors.ts';
import { recordAudit } from '../audit/record.ts';
import { idParam } from '../districts/schema.ts';
import { createUser, resetPassword, setUserDisabled } from './commands.ts';
import { assertAnotherAdminRemains, getUserView, listUsers, unlockUser, updateUser, userRow } from './manage.ts';
import { searchPartners, searchStaff } from './links.ts';
import { createToken, listTokens, revokeToken } from './tokens.ts';
import {
  staffOptionSchema,
  tokenCreateSchema,
  tokenSchema,
  userCreateSchema,
  userListQuerySchema,
  userListSchema,
  userPatchSchema,
  userSchema,
  userWithPasswordSchema,
} from './schema.ts';

const ADMIN = ['district_admin'] as const;
const userParam = idParam('userId');
const searchQuery = z.object({ q: z.string().trim().max(100).default('') });

export function registerUserRoutes(app: FastifyInstance): void {
  route(app, {
    method: 'GET',
    path: '/users',
    summary: 'Accounts of my district, filtered and paged',
    tags: ['users'],
    access: ADMIN,
    query: userListQuerySchema,
    response: userListSchema,
    handler: async ({ actor, ctx, query }) => listUsers(ctx.db, ctx.seam, actor.districtId, query),
  });

  route(app, {
    method: 'GET',
    path: '/users/staff-options',
    summary: 'Roster staff records an account can be linked to, found by name or email',
    tags: ['users'],
    access: ADMIN,
    query: searchQuery,
    response: z.object({ staff: z.array(staffOptionSchema) }),
    handler: async ({ actor, ctx, query }) => ({ staff: await searchStaff(ctx.db, ctx.seam, actor.districtId, query.q) }),
  });

  route(app, {
    method: 'GET',
    path: '/users/partner-options',
    summary: 'Partner organisations a partner staff account can be linked to, found by name',
    tags: ['users'],
    access: ADMIN,
    query: searchQuery,
    response: z.object({
      available: z.boolean().describe('False while the partner directory does not exist; partners are then linked by id'),
      partners: z.array(z.object({ id: z.number().int(), name: z.string() })),
    }),
    handler: async ({ actor, ctx, query }) => searchPartners(ctx.db, ctx.seam, actor.districtId, query.q),
  });

  route(app, {
    method: 'GET',
    path: '/users/:userId',
    summary: 'One account',
    tags: ['users'],
    access: ADMIN,
    params: userParam,
    response: userSchema,
    handler: async ({ actor, ctx, params }) => getUserView(ctx.db, actor.districtId, params.userId as number),
  });

  route(app, {
    method: 'POST',
    path: '/users',
    summary: 'Create an account (the generated password is in the response, this once)',
    tags: ['users'],
    access: ADMIN,
    body: userCreateSchema,
    response: userWithPasswordSchema,
    status: 201,
    handler: async ({ actor, ctx, body }) => {
      const { user, password, generated } = await createUser(ctx.db, { ...body, districtId: actor.districtId });
      await recordAudit(ctx.db, actor, {
        action: 'create',
        entityType: 'user',
        entityId: user.id,
        details: { email: user.email, role: user.role, schoolIds: body.schoolIds ?? [], staffId: body.staffId ?? null, partnerId: body.partnerId ?? null },
      });
      return { user: await getUserView(ctx.db, actor.districtId, user.id), password: generated ? password : null };
    },
  });

  route(app, {
    method: 'PATCH',
    path: '/users/:userId',
    summary: "Change an account's name, role, language or scopes (schools, staff record, partner)",
    tags: ['users'],
    access: ADMIN,
    params: userParam,
    body: userPatchSchema,
    response: userSchema,
    handler: async ({ actor, ctx, params, body }) => {
      const before = await getUserView(ctx.db, actor.districtId, params.userId as number);
      const { user, changed } = await updateUser(ctx.db, actor.districtId, actor.userId, params.userId as number, body);
      await recordAudit(ctx.db, actor, {
        action: 'update',
        entityType: 'user',
        entityId: user.id,
        details: { fields: changed, ...(body.role && body.role !== before.role ? { role: { from: before.role, to: body.role } } : {}) },
      });
      return user;
    },
  });

  const switches = [
    { verb: 'disable', disabled: true, summary: 'Disable an account: it cannot sign in, its sessions end and its API tokens are revoked' },
    { verb: 'enable', disabled: false, summary: 'Enable a disabled account again (its revoked API tokens stay revoked)' },
  ] as const;
  for (const { verb, disabled, summary } of switches) {
    route(app, {
      method: 'POST',
      path: `/users/:userId/${verb}`,
      summary,
      tags: ['users'],
      access: ADMIN,
      params: userParam,
      response: userSchema,
      handler: async ({ actor, ctx, params }) => {
        const user = await userRow(ctx.db, actor.districtId, params.userId as number);
        if (disabled && user.id === actor.userId) throw new AppError('conflict', 'You cannot disable your own account.');
        if (disabled && user.role === 'district_admin') await assertAnotherAdminRemains(ctx.db, actor.districtId, user.id, 'disabling them');
        await setUserDisabled(ctx.db, user.id, disabled);
        await recordAudit(ctx.db, actor, { action: 'update', entityType: 'user', entityId: user.id, details: { disabled } });
        return getUserView(ctx.db, actor.districtId, user.id);
      },
    });
  }

  route(app, {
    method: 'POST',
    path: '/users/:userId/reset-password',
    summary: 'Set a new password (generated and shown this once, unless given), unlock the account and sign it out everywhere',
    tags: ['users'],
    access: ADMIN,
    params: userParam,
    body: z.object({ password: z.string().min(1).max(256).optional() }),
    response: userWithPasswordSchema,
    handler: async ({ actor, ctx, params, body }) => {
      const user = await userRow(ctx.db, actor.districtId, params.userId as number);
      if (user.id === actor.userId) throw new AppError('conflict', 'Change your own password on your account page; a reset would sign you out everywhere.');
      const { password, generated } = await resetPassword(ctx.db, user.id, body.password);
      await recordAudit(ctx.db, actor, { action: 'password_reset', entityType: 'user', entityId: user.id });
      return { user: await getUserView(ctx.db, actor.districtId, user.id), password: generated ? password : null };
    },
  });

  route(app, {
    method: 'POST',
    path: '/users/:userId/unlock',
    summary: 'Unlock an account locked after repeated failed sign-ins',
    tags: ['users'],
    access: ADMIN,
    params: userParam,
    response: userSchema,
    handler: async ({ actor, ctx, params }) => {
      const user = await unlockUser(ctx.db, actor.districtId, params.userId as number);
      await recordAudit(ctx.db, actor, { action: 'unlock', entityType: 'user', entityId: user.id });
      return user;
    },
  });

  route(app, {
    method: 'GET',
    path: '/tokens',
    summary: 'My API tokens (a district administrator may ask for everyone\'s with all=true)',
    tags: ['tokens'],
    access: 'signed-in',
    query: z.object({ all: z.enum(['true', 'false']).optional().describe('Every token of the district (district administrators only)') }),
    response: z.object({ tokens: z.array(tokenSchema) }),
    handler: async ({ actor, ctx, query }) => {
      if (query.all === 'true') {
        if (actor.role !== 'district_admin') throw new AppError('forbidden', 'Only a district administrator sees everyone\'s tokens.', { reason: 'all_tokens' });
        return { tokens: await listTokens(ctx.db, actor.districtId, null) };
      }
      if (actor.userId === null) return { tokens: [] };
      return { tokens: await listTokens(ctx.db, actor.districtId, actor.userId) };
    },
  });

  route(app, {
    method: 'POST',
    path: '/tokens',
    summary: 'Create an API token (the secret is in the response, this once; send it as "Authorization: Bearer …")',
    tags: ['tokens'],
    access: 'signed-in',
    body: tokenCreateSchema,
    response: z.object({ token: z.string().describe('The secret: shown this once, never stored'), apiToken: tokenSchema }),
    status: 201,
    handler: async ({ actor, ctx, body }) => {
      const { token, view } = await createToken(ctx.db, actor, body);
      await recordAudit(ctx.db, actor, { action: 'token_create', entityType: 'api_token', entityId: view.id, details: { name: view.name, scopes: view.scopes, expiresAt: view.expiresAt } });
      return { token, apiToken: view };
    },
  });

  route(app, {
    method: 'DELETE',
    path: '/tokens/:tokenId',
    summary: 'Revoke an API token (mine, or anyone\'s for a district administrator)',
    tags: ['tokens'],
    access: 'signed-in',
    params: idParam('tokenId'),
    response: tokenSchema,
    handler: async ({ actor, ctx, params }) => {
      const view = await revokeToken(ctx.db, actor, params.tokenId as number);
      await recordAudit(ctx.db, actor, { action: 'token_revoke', entityType: 'api_token', entityId: view.id, details: { owner: view.owner.email } });
      return view;
    },
  });
}
