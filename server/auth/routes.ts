/** Sign in, sign out, who am I, change password, language. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { route } from '../http/route.ts';
import { AppError } from '../http/errors.ts';
import { SESSION_COOKIE, actorForUser, createSession, destroySession } from './sessions.ts';
import { changePassword, checkCredentials } from '../users/commands.ts';
import { recordAudit } from '../audit/record.ts';
import { LOCALES } from '../../common/roles.ts';
import { meSchema } from '../../common/session.ts';
import { getDistrict } from '../districts/commands.ts';
import type { Actor } from './actor.ts';
import type { AppContext } from '../http/context.ts';

async function describeActor(ctx: AppContext, actor: Actor, csrfToken: string | null): Promise<z.input<typeof meSchema>> {
  const district = await getDistrict(ctx.db, actor.districtId);
  const schools = actor.schoolIds.length
    ? await ctx.db.selectFrom('schools').select(['id', 'code', 'name']).where('district_id', '=', actor.districtId).where('id', 'in', actor.schoolIds).orderBy('name').execute()
    : [];
  return {
    id: actor.userId,
    email: actor.email,
    displayName: actor.displayName,
    role: actor.role,
    locale: actor.locale,
    district: { id: district.id, code: district.code, name: district.name },
    schools,
    staffId: actor.staffId,
    partnerId: actor.partnerId,
    csrfToken,
  };
}

function setSessionCookie(req: FastifyRequest, reply: FastifyReply, ctx: AppContext, token: string, expiresAt: string) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.config.VILLAGE_SECURE_COOKIES || req.protocol === 'https',
    expires: new Date(expiresAt),
  });
}

const GENERIC_FAILURE = 'The email or password is not correct. After several failed attempts an account is locked for a while.';

export function registerSessionRoutes(app: FastifyInstance): void {
  route(app, {
    method: 'POST',
    path: '/session',
    summary: 'Sign in with email and password',
    tags: ['session'],
    access: 'public',
    noCsrf: true,
    rateLimitPerMinute: app.village.config.VILLAGE_SIGNIN_RATE_PER_MINUTE,
    body: z.object({ email: z.string().min(1).max(320), password: z.string().min(1).max(1024) }),
    response: meSchema,
    handler: async ({ body, ctx, req, reply }) => {
      const { config, db } = ctx;
      const result = await checkCredentials(db, body.email, body.password, {
        attempts: config.VILLAGE_LOCKOUT_ATTEMPTS,
        minutes: config.VILLAGE_LOCKOUT_MINUTES,
      });
      if (!result.ok) {
        await recordAudit(db, null, { action: 'sign_in_failed', entityType: 'user', entityId: result.user?.id ?? null, details: { reason: result.reason } }, {
          districtId: result.user?.district_id ?? null,
          label: body.email.trim().toLowerCase().slice(0, 320),
          ip: req.ip,
        });
        throw new AppError('unauthorized', GENERIC_FAILURE);
      }
      const session = await createSession(db, result.user, { ip: req.ip, userAgent: req.headers['user-agent'] ?? null, hours: config.VILLAGE_SESSION_HOURS });
      setSessionCookie(req, reply, ctx, session.token, session.expiresAt);
      const actor = await actorForUser(db, result.user, 'web', req.ip);
      await recordAudit(db, actor, { action: 'sign_in', entityType: 'user', entityId: actor.userId });
      return describeActor(ctx, actor, session.csrfToken);
    },
  });

  route(app, {
    method: 'GET',
    path: '/session',
    summary: 'The signed-in person, their district and schools, and the CSRF token for writes',
    tags: ['session'],
    access: 'signed-in',
    response: meSchema,
    handler: async ({ actor, ctx, req }) => describeActor(ctx, actor, req.csrfToken),
  });

  route(app, {
    method: 'DELETE',
    path: '/session',
    summary: 'Sign out',
    tags: ['session'],
    access: 'signed-in',
    status: 204,
    handler: async ({ actor, ctx, req, reply }) => {
      const token = req.cookies[SESSION_COOKIE];
      if (token) await destroySession(ctx.db, token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      await recordAudit(ctx.db, actor, { action: 'sign_out', entityType: 'user', entityId: actor.userId });
      return null;
    },
  });

  route(app, {
    method: 'PUT',
    path: '/session/password',
    summary: 'Change my password (other sessions are signed out)',
    tags: ['session'],
    access: 'signed-in',
    body: z.object({ currentPassword: z.string().min(1).max(1024), newPassword: z.string().min(1).max(1024) }),
    status: 204,
    handler: async ({ actor, body, ctx, req }) => {
      if (actor.userId === null) throw new AppError('forbidden', 'Only a person with an account has a password.');
      await changePassword(ctx.db, actor.userId, body.currentPassword, body.newPassword, req.sessionId ?? undefined);
      await recordAudit(ctx.db, actor, { action: 'password_change', entityType: 'user', entityId: actor.userId });
      return null;
    },
  });

  route(app, {
    method: 'PATCH',
    path: '/session/preferences',
    summary: 'Change my language or display name (remembered for my account)',
    tags: ['session'],
    access: 'signed-in',
    body: z.object({ locale: z.enum(LOCALES).optional(), displayName: z.string().trim().min(1).max(200).optional() }),
    response: meSchema,
    handler: async ({ actor, body, ctx, req }) => {
      if (actor.userId === null) throw new AppError('forbidden', 'Only a person with an account has preferences.');
      await ctx.db
        .updateTable('users')
        .set({
          ...(body.locale ? { locale: body.locale } : {}),
          ...(body.displayName ? { display_name: body.displayName } : {}),
          updated_at: new Date().toISOString(),
        })
        .where('id', '=', actor.userId)
        .execute();
      await recordAudit(ctx.db, actor, { action: 'update', entityType: 'user', entityId: actor.userId, details: { fields: Object.keys(body) } });
      return describeActor(ctx, { ...actor, locale: body.locale ?? actor.locale, displayName: body.displayName ?? actor.displayName }, req.csrfToken);
    },
  });
}
