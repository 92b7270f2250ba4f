/**
 * Starts Village: validated configuration → database → migrations (under a lock) → demo district
 * (when asked, into an empty database) → HTTP. Shuts down gracefully on SIGINT/SIGTERM.
 */
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import { openDatabase, type DatabaseHandle } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { buildApp } from './app.ts';
import { loadDemoIfEmpty, type DemoSignIn } from './demo/seed.ts';

export interface RunningServer {
  app: FastifyInstance;
  database: DatabaseHandle;
  address: string;
  demoSignIns: DemoSignIn[];
  stop(): Promise<void>;
}

export function createLogger(config: Config) {
  return pino({
    level: config.LOG_LEVEL,
    // Never log personal data: no cookies, no authorization headers, no bodies, no query strings.
    redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'], remove: true },
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({ id: req.id, method: req.method, path: String(req.url).split('?')[0] }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
}

export async function startServer(config: Config, options: { onProgress?: (message: string) => void } = {}): Promise<RunningServer> {
  const log = createLogger(config);
  const database = openDatabase(config.DATABASE_URL);
  try {
    const applied = await migrateToLatest(database.db);
    if (applied.length) log.info({ migrations: applied.map((m) => m.migrationName) }, 'database migrated');
    const demoSignIns = config.VILLAGE_DEMO ? await loadDemoIfEmpty(database, config, options.onProgress) : [];
    const app = await buildApp({ config, database, logger: log });
    const address = await app.listen({ host: config.HOST, port: config.PORT });
    let stopping: Promise<void> | null = null;
    const stop = () =>
      (stopping ??= (async () => {
        log.info('shutting down');
        await app.close();
        await database.close();
      })());
    return { app, database, address, demoSignIns, stop };
  } catch (err) {
    await database.close();
    throw err;
  }
}
