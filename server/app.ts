/**
 * Builds the HTTP application: plugins, the request pipeline, every capability's routes, the
 * OpenAPI document, the web app's files. Nothing here knows a capability's rules.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import type { DatabaseHandle } from './db/database.ts';
import { AppError, type ErrorBody } from './http/errors.ts';
import type { AppContext } from './http/context.ts';
import { authenticate } from './http/authenticate.ts';
import { registerCapabilities } from './capabilities.ts';
import './wiring.ts';
import { pendingMigrations } from './db/migrate.ts';

export interface BuildOptions {
  config: Config;
  database: DatabaseHandle;
  /** A pino logger; none in tests. */
  logger?: FastifyBaseLogger;
}

export async function buildApp({ config, database, logger }: BuildOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(logger ? { loggerInstance: logger } : { logger: false }),
    bodyLimit: 2 * 1024 * 1024,
    trustProxy: config.VILLAGE_TRUST_PROXY,
    exposeHeadRoutes: false,
  });

  const ctx: AppContext = { db: database.db, seam: database.seam, config, routes: [], databaseUrl: database.url };
  app.decorate('village', ctx);
  app.decorateRequest('actor', null);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('sessionId', null);

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, context) => ({
      statusCode: 429,
      error: 'rate_limited',
      message: `Too many requests; try again in ${Math.ceil(context.ttl / 1000)} seconds.`,
    }),
  });
  await app.register(multipart, {
    limits: { fileSize: config.VILLAGE_MAX_UPLOAD_MB * 1024 * 1024, files: 40, fields: 40 },
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Village API',
        version: '1',
        description:
          'The REST API of Village. Every response error has the shape { error, message, details }. ' +
          'Sign in with a browser session (cookie plus the X-CSRF-Token header on writes) or send an API token as "Authorization: Bearer vlg_…".',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'village_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    transform: openApiTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    theme: { title: 'Village API reference' },
    uiConfig: { docExpansion: 'list', deepLinking: true, defaultModelsExpandDepth: 0, tryItOutEnabled: false },
  });

  app.addHook('onRequest', async (req) => {
    await authenticate(req, ctx);
  });

  // While shutting down, responses still under way close their connection, so no idle keep-alive
  // connection holds the shutdown back.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });

  app.addHook('onSend', async (req, reply, payload) => {
    if (closing) reply.header('connection', 'close');
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
    if (req.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    return payload;
  });

  app.setErrorHandler((err, req, reply) => {
    const body = toErrorBody(err, (e) => req.log.error({ err: e }, 'unhandled error'));
    reply.code(body.status).send({ error: body.error, message: body.message, details: body.details });
  });

  app.setNotFoundHandler((req, reply) => {
    const urlPath = req.url.split('?')[0];
    const webIndex = path.resolve(config.VILLAGE_WEB_DIR, 'index.html');
    // The web app's pages are served by its index.html; a missing file (a script, an image) is a 404,
    // never the page, or a browser would run HTML as a script.
    const looksLikeFile = /\.[a-z0-9]+$/i.test(urlPath.split('/').pop() ?? '') || urlPath.startsWith('/assets/');
    if (req.method === 'GET' && !urlPath.startsWith('/api/') && urlPath !== '/health' && !looksLikeFile && existsSync(webIndex)) {
      return reply.type('text/html').sendFile('index.html', path.resolve(config.VILLAGE_WEB_DIR));
    }
    return reply.code(404).send({ error: 'not_found', message: `No route ${req.method} ${urlPath}.` });
  });

  app.get('/health', { schema: { hide: true } }, async (_req, reply) => {
    try {
      const pending = await pendingMigrations(ctx.db);
      if (pending.length > 0) {
        return reply.code(503).send({ status: 'degraded', database: 'reachable', migrations: { current: false, pending } });
      }
      return { status: 'ok', database: 'reachable', migrations: { current: true, pending: [] } };
    } catch {
      return reply.code(503).send({ status: 'down', database: 'unreachable' });
    }
  });

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await registerCapabilities(app);

  const webDir = path.resolve(config.VILLAGE_WEB_DIR);
  if (existsSync(webDir)) {
    await app.register(fastifyStatic, { root: webDir, prefix: '/', wildcard: false, index: ['index.html'] });
  } else {
    app.get('/', { schema: { hide: true } }, async (_req, reply) =>
      reply.type('text/plain').send('The Village web app is not built. Run "npm run build" (npm start does it for you).'),
    );
  }
  return app;
}

/**
 * zod schemas become JSON schemas in the OpenAPI document; a response declared as plain OpenAPI (a
 * streamed file: `produces` in route.ts) is passed through as it is.
 */
const openApiTransform: typeof jsonSchemaTransform = (input) => {
  const response = (input.schema as { response?: Record<string, unknown> } | undefined)?.response;
  if (!response) return jsonSchemaTransform(input);
  const isZod = (v: unknown) => typeof v === 'object' && v !== null && '_zod' in v;
  const plain = Object.entries(response).filter(([, v]) => !isZod(v));
  if (plain.length === 0) return jsonSchemaTransform(input);
  const zodOnly = Object.fromEntries(Object.entries(response).filter(([, v]) => isZod(v)));
  const result = jsonSchemaTransform({ ...input, schema: { ...input.schema, response: zodOnly } } as typeof input);
  const out = result.schema as { response?: Record<string, unknown> };
  out.response = { ...Object.fromEntries(plain), ...(out.response ?? {}) };
  return result;
};

interface ResolvedError extends ErrorBody {
  status: number;
}

/** Turns any thrown thing into the one error shape. Unknown errors become internal_error. */
export function toErrorBody(err: unknown, logUnknown: (e: unknown) => void): ResolvedError {
  if (err instanceof AppError) return { status: err.status, error: err.code, message: err.message, details: err.details };
  if (hasZodFastifySchemaValidationErrors(err)) {
    const where = (err as { validationContext?: string }).validationContext ?? 'body';
    const fields = err.validation.map((v) => ({
      path: [where === 'querystring' ? 'query' : where, ...String(v.instancePath ?? '').split('/').filter(Boolean)].join('.'),
      message: v.message ?? 'is not valid',
    }));
    return { status: 400, error: 'validation_failed', message: 'Some fields are not valid.', details: { fields } };
  }
  if (isResponseSerializationError(err)) {
    logUnknown(err);
    return { status: 500, error: 'internal_error', message: 'Something went wrong on the server. It has been logged.' };
  }
  const e = err as { statusCode?: number; code?: string; message?: string };
  if (e && typeof e === 'object') {
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || e.statusCode === 413 || e.code === 'FST_REQ_FILE_TOO_LARGE') {
      return { status: 413, error: 'payload_too_large', message: 'The request body is too large.' };
    }
    if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || e.statusCode === 415) {
      return { status: 415, error: 'unsupported_media_type', message: 'This content type is not accepted here.' };
    }
    if (e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (e.statusCode === 400 && e instanceof SyntaxError)) {
      return { status: 400, error: 'bad_request', message: 'The request body is not valid JSON.' };
    }
    if (e.statusCode === 429) return { status: 429, error: 'rate_limited', message: e.message ?? 'Too many requests.' };
    if ((e as { error?: string }).error === 'rate_limited') return { status: 429, error: 'rate_limited', message: e.message ?? 'Too many requests.' };
    if (e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || e.code === '23505') {
      return { status: 409, error: 'conflict', message: 'A record with the same key already exists.' };
    }
    if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
      return { status: e.statusCode, error: 'bad_request', message: e.message ?? 'The request is not valid.' };
    }
  }
  logUnknown(err);
  return { status: 500, error: 'internal_error', message: 'Something went wrong on the server. It has been logged.' };
}
