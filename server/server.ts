/**
 * Starts Village: validated configuration → database → migrations (under a lock) → demo district
 * (when asked, into an empty database) → HTTP. Shuts down gracefully: requests under way finish,
 * new ones are refused, then the database closes.
 */
import pino, { type DestinationStream } from 'pino';
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
  /** Stops taking requests, lets those under way finish, then closes the database. */
  stop(): Promise<void>;
}

export interface StartOptions {
  onProgress?: (message: string) => void;
  /** Where the JSON log lines go (default: standard output). */
  logDestination?: DestinationStream;
  /** Adds to the app before it listens (embedding Village, tests). */
  beforeListen?: (app: FastifyInstance) => void | Promise<void>;
}

/**
 * The logger: JSON lines without personal data. Requests are logged by method and path only (no
 * query string, headers, cookies or bodies); errors by type, code and message only (a database
 * error's detail can quote the values of a row, so it is left out).
 */
export function createLogger(config: Pick<Config, 'LOG_LEVEL'>, destination?: DestinationStream) {
  return pino(
    {
      level: config.LOG_LEVEL,
      redact: { paths: ['req.headers', 'res.headers', 'headers', 'body', 'req.body'], remove: true },
      serializers: {
        req: (req: { method: string; url: string; id: string }) => ({ id: req.id, method: req.method, path: String(req.url).split('?')[0] }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        err: (err: { name?: string; code?: string; message?: string; stack?: string }) => ({
          type: err?.name,
          code: err?.code,
          message: err?.message,
          stack: err?.stack,
        }),
      },
    },
    destination,
  );
}

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const log = createLogger(config, options.logDestination);
  const database = openDatabase(config.DATABASE_URL);
  try {
    const applied = await migrateToLatest(database.db);
    if (applied.length) log.info({ migrations: applied.map((m) => m.migrationName) }, 'database migrated');
    const demoSignIns = config.VILLAGE_DEMO ? await loadDemoIfEmpty(database, config, options.onProgress) : [];
    const app = await buildApp({ config, database, logger: log });
    if (options.beforeListen) await options.beforeListen(app);
    const address = await app.listen({ host: config.HOST, port: config.PORT });
    log.info({ address }, 'listening');
    let stopping: Promise<void> | null = null;
    const stop = () =>
      (stopping ??= (async () => {
        log.info('shutting down: finishing requests under way');
        // Fastify answers new requests with 503, closes idle connections and waits for the rest.
        await app.close();
        await database.close();
        log.info('stopped');
      })());
    return { app, database, address, demoSignIns, stop };
  } catch (err) {
    await database.close();
    throw err;
  }
}

/**
 * Stops the server on SIGINT/SIGTERM. Requests under way get `graceSeconds` to finish; a second
 * signal, or the deadline, ends the process at once.
 */
export function stopOnSignals(server: RunningServer, graceSeconds = 20, exit: (code: number) => void = (c) => process.exit(c)): void {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      console.error(`Second ${signal}: stopping now.`);
      exit(1);
      return;
    }
    signalled = true;
    console.log(`${signal}: stopping (waiting up to ${graceSeconds} s for requests under way)…`);
    const deadline = setTimeout(() => {
      console.error('Requests still under way after the grace period; stopping now.');
      exit(1);
    }, graceSeconds * 1000);
    deadline.unref();
    server.stop().then(
      () => exit(0),
      (err) => {
        console.error(`Stopping failed: ${err instanceof Error ? err.message : String(err)}`);
        exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
