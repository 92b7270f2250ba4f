/**
 * Resolves who is asking, once per request: an API token (Authorization: Bearer vlg_…) or a
 * browser session cookie. Routes then decide what that person may do (see ./route.ts).
 */
import type { FastifyRequest } from 'fastify';
import type { AppContext } from './context.ts';
import { SESSION_COOKIE, actorForUser, resolveApiToken, resolveSession } from '../auth/sessions.ts';
import { AppError } from './errors.ts';

export async function authenticate(req: FastifyRequest, ctx: AppContext): Promise<void> {
  if (!req.url.startsWith('/api/')) return;
  const header = req.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const resolved = match ? await resolveApiToken(ctx.db, match[1]) : null;
    if (!resolved) throw new AppError('unauthorized', 'This API token is not valid, has expired or was revoked.');
    req.actor = await actorForUser(ctx.db, resolved.user, 'api-token', req.ip, resolved.scopes);
    return;
  }
  const token = req.cookies?.[SESSION_COOKIE];
  if (token) {
    const session = await resolveSession(ctx.db, token, ctx.config.VILLAGE_SESSION_HOURS);
    if (session) {
      req.actor = await actorForUser(ctx.db, session.user, 'web', req.ip);
      req.csrfToken = session.csrfToken;
      req.sessionId = session.sessionId;
    }
  }
}
