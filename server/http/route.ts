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
  /** The success status and what the route declares, for the OpenAPI coverage test. */
  status?: number;
  hasBody?: boolean;
  hasQuery?: boolean;
  produces?: string;
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

const ERROR_RESPONSES: Array<[number, string]> = [
  [400, 'The input is not valid (details.fields names each problem), or the body is not valid JSON'],
  [401, 'Not signed in, or the session or API token has expired or was revoked'],
  [403, 'Not allowed for this role or API token scope, or the X-CSRF-Token header is missing'],
  [404, 'No such record, or it is outside what you may see'],
  [409, 'Conflicts with a record that already exists'],
  [413, 'The request body is too large'],
  [429, 'Too many requests; try again later'],
];
const errorResponses = Object.fromEntries(ERROR_RESPONSES.map(([code, description]) => [code, errorSchema.describe(description)]));

const SUCCESS = { 200: 'OK', 201: 'Created', 202: 'Accepted: the work goes on in the background', 204: 'Done; there is nothing to return' } as const;

/** The success response's schema, with a description for the reference page (unless it has its own). */
function described(schema: ZodType, status: keyof typeof SUCCESS): ZodType {
  return schema.description ? schema : schema.describe(SUCCESS[status]);
}

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
  const status = spec.status ?? 200;
  ctx.routes.push({ method: spec.method, url, access: spec.access, summary: spec.summary, status, hasBody: !!spec.body, hasQuery: !!spec.query, produces: spec.produces });
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
        ? { [status]: described(spec.response as ZodType, status), ...errorResponses }
        : spec.produces
          ? { [status]: { description: `A ${spec.produces} file`, content: { [spec.produces]: { schema: { type: 'string' } } } }, ...errorResponses }
          : { [status]: z.null().describe(status === 204 ? 'Done; there is nothing to return' : 'Done'), ...errorResponses },
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
