/**
 * How every API route is declared. A route reads as a pipeline in order:
 *   authenticate (401) → role gate (403) → CSRF on cookie writes (403) → validate input (400)
 *   → handler (scoped queries: a record outside one's scope is 404) → validate output.
 * Every route must say who may call it (`access`); routes are collected in a registry so a test
 * can prove, for every route and every role, exactly what is allowed.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z, type ZodType } from 'zod';
import type { Role, TokenScope } from '../../common/roles.ts';
import { ROLES } from '../../common/roles.ts';
import type { Actor } from '../auth/actor.ts';
import { AppError, errorSchema } from './errors.ts';
import type { AppContext } from './context.ts';

export type Access = 'public' | 'signed-in' | readonly Role[];
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RegisteredRoute {
  method: Method;
  url: string;
  access: Access;
  summary: string;
}

type Infer<T> = T extends ZodType ? z.output<T> : undefined;

export interface HandlerInput<P, Q, B> {
  params: Infer<P>;
  query: Infer<Q>;
  body: Infer<B>;
  /** The person asking. Never null except on `access: 'public'` routes. */
  actor: Actor;
  ctx: AppContext;
  req: FastifyRequest;
  reply: FastifyReply;
}

export interface RouteSpec<P, Q, B, R> {
  method: Method;
  /** Path below /api/v1, e.g. '/schools/:schoolId'. */
  path: string;
  summary: string;
  description?: string;
  tags: string[];
  access: Access;
  /** What an API token must carry to call this route (default: read for GET, write otherwise). */
  tokenScope?: TokenScope;
  params?: P;
  query?: Q;
  body?: B;
  /** The response body's schema; omit only for routes that stream a file (then set `produces`). */
  response?: R;
  /** Content type of a streamed response (text/csv, application/zip…), documented in OpenAPI. */
  produces?: string;
  status?: 200 | 201 | 202 | 204;
  /** Body size limit in bytes for this route (default: the server's). */
  bodyLimit?: number;
  /** Extra rate limit for this route (requests per minute per IP). */
  rateLimitPerMinute?: number;
  /** Skip the CSRF check (only for sign-in, which has no session yet). */
  noCsrf?: boolean;
  handler: (input: HandlerInput<P, Q, B>) => Promise<R extends ZodType ? z.input<R> : unknown>;
}

export const API_PREFIX = '/api/v1';

const errorResponses = Object.fromEntries(
  [400, 401, 403, 404, 409, 413, 429].map((code) => [code, errorSchema]),
);

function isRoleList(access: Access): access is readonly Role[] {
  return Array.isArray(access);
}

/** Registers one route on the app and in the route registry. */
export function route<
  P extends ZodType | undefined = undefined,
  Q extends ZodType | undefined = undefined,
  B extends ZodType | undefined = undefined,
  R extends ZodType | undefined = undefined,
>(app: FastifyInstance, spec: RouteSpec<P, Q, B, R>): void {
  if (spec.access === undefined) throw new Error(`${spec.method} ${spec.path}: every route must declare its access`);
  if (isRoleList(spec.access)) {
    for (const r of spec.access) if (!ROLES.includes(r)) throw new Error(`${spec.method} ${spec.path}: unknown role ${r}`);
  }
  const url = API_PREFIX + spec.path;
  const ctx = app.village;
  ctx.routes.push({ method: spec.method, url, access: spec.access, summary: spec.summary });
  const status = spec.status ?? 200;
  const tokenScope: TokenScope = spec.tokenScope ?? (spec.method === 'GET' ? 'read' : 'write');

  app.withTypeProvider<ZodTypeProvider>().route({
    method: spec.method,
    url,
    bodyLimit: spec.bodyLimit,
    config: spec.rateLimitPerMinute ? { rateLimit: { max: spec.rateLimitPerMinute, timeWindow: '1 minute' } } : { rateLimit: false },
    schema: {
      summary: spec.summary,
      description: spec.description,
      tags: spec.tags,
      ...(spec.params ? { params: spec.params as ZodType } : {}),
      ...(spec.query ? { querystring: spec.query as ZodType } : {}),
      ...(spec.body ? { body: spec.body as ZodType } : {}),
      response: spec.response
        ? { [status]: spec.response as ZodType, ...errorResponses }
        : spec.produces
          ? { [status]: { description: `A ${spec.produces} file`, content: { [spec.produces]: { schema: { type: 'string' } } } }, ...errorResponses }
          : { ...errorResponses },
      security: spec.access === 'public' ? [] : [{ session: [] }, { token: [] }],
    },
    onRequest: async (req) => {
      if (spec.access === 'public') return;
      const actor = req.actor;
      if (!actor) throw new AppError('unauthorized', 'Sign in to continue.');
      if (actor.tokenScopes && !actor.tokenScopes.includes(tokenScope)) {
        throw new AppError('forbidden', `This API token lacks the "${tokenScope}" scope.`, { reason: 'token_scope' });
      }
      if (isRoleList(spec.access) && !spec.access.includes(actor.role)) {
        throw new AppError('forbidden', 'You do not have permission to do this.', { reason: 'role' });
      }
      if (spec.method !== 'GET' && actor.via === 'web' && !spec.noCsrf) {
        const sent = req.headers['x-csrf-token'];
        if (typeof sent !== 'string' || sent !== req.csrfToken) {
          throw new AppError('csrf_failed', 'This request is missing its security token. Reload the page and try again.');
        }
      }
    },
    handler: async (req, reply) => {
      const result = await spec.handler({
        params: req.params as Infer<P>,
        query: req.query as Infer<Q>,
        body: req.body as Infer<B>,
        actor: req.actor as Actor,
        ctx,
        req,
        reply,
      });
      if (reply.sent) return reply;
      if (status === 204) return reply.code(204).send();
      return reply.code(status).send(result);
    },
  });
}
