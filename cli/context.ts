/**
 * What every command-line command shares: configuration, the database (migrated), the district it
 * acts on, and the exit-status contract (0 done; 1 refused or failed; 2 usage error).
 */
import { loadConfig, ConfigError, type Config } from '../server/config.ts';
import { openDatabase, type DatabaseHandle } from '../server/db/database.ts';
import { migrateToLatest, MigrationError } from '../server/db/migrate.ts';
import { resolveDistrict, type District } from '../server/districts/commands.ts';
import { AppError } from '../server/http/errors.ts';
import { operatorActor, type Actor } from '../server/auth/actor.ts';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The input was refused (nothing written) or the command failed: exit status 1. */
export class RefusedError extends Error {
  constructor(message: string, public readonly lines: string[] = []) {
    super(message);
    this.name = 'RefusedError';
  }
}

export interface CliContext {
  config: Config;
  database: DatabaseHandle;
}

export interface DistrictContext extends CliContext {
  district: District;
  actor: Actor;
}

export async function openCli(options: { migrate?: boolean } = {}): Promise<CliContext> {
  const config = loadConfig();
  const database = openDatabase(config.DATABASE_URL);
  if (options.migrate !== false) await migrateToLatest(database.db);
  return { config, database };
}

export async function withDatabase<T>(fn: (ctx: CliContext) => Promise<T>, options: { migrate?: boolean } = {}): Promise<T> {
  const ctx = await openCli(options);
  try {
    return await fn(ctx);
  } finally {
    await ctx.database.close();
  }
}

export async function withDistrict<T>(districtCode: string | undefined, fn: (ctx: DistrictContext) => Promise<T>): Promise<T> {
  return withDatabase(async (ctx) => {
    const district = await resolveDistrict(ctx.database.db, districtCode);
    return fn({ ...ctx, district, actor: operatorActor(district.id, `cli:${process.env.USER ?? 'operator'}`) });
  });
}

/** Runs a command's action, turning known errors into the exit-status contract. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (err) {
      process.exitCode = reportError(err);
    }
  };
}

export function reportError(err: unknown): number {
  if (err instanceof UsageError) {
    console.error(`village: ${err.message}`);
    return 2;
  }
  if (err instanceof RefusedError) {
    for (const line of err.lines) console.error(line);
    console.error(`village: ${err.message}`);
    return 1;
  }
  if (err instanceof ConfigError || err instanceof MigrationError) {
    console.error(err.message);
    return 1;
  }
  if (err instanceof AppError) {
    const fields = (err.details as { fields?: { path: string; message: string }[] } | undefined)?.fields;
    if (fields?.length) for (const f of fields) console.error(`village: ${f.path}: ${f.message}`);
    console.error(`village: ${err.message}`);
    return err.code === 'bad_request' && /--district/.test(err.message) ? 2 : 1;
  }
  console.error(`village: ${err instanceof Error ? err.message : String(err)}`);
  if (process.env.VILLAGE_DEBUG) console.error(err);
  return 1;
}
