import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import type { DialectSeam } from '../db/seam.ts';
import type { Actor } from '../auth/actor.ts';
import type { RegisteredRoute } from './route.ts';

/** What every route handler can reach: the database, its seam and the configuration. */
export interface AppContext {
  db: Db;
  seam: DialectSeam;
  config: Config;
  /** Every API route, with its declared access (for the access-matrix test and the OpenAPI page). */
  routes: RegisteredRoute[];
  /** The database's URL, for work done in another process with its own connection (imports). */
  databaseUrl?: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    village: AppContext;
  }
  interface FastifyRequest {
    actor: Actor | null;
    /** The session's CSRF token (cookie sessions only). */
    csrfToken: string | null;
    /** The session's id (hash), for cookie sessions. */
    sessionId: string | null;
  }
}
