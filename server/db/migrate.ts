/**
 * Brings the database up to date. One source of migrations for both databases, in
 * server/db/migrations (listed in its index.ts), applied in name order under Kysely's migration lock.
 */
import { Migrator, type MigrationResult } from 'kysely';
import type { Db } from './database.ts';
import { migrations } from './migrations/index.ts';

export class MigrationError extends Error {
  constructor(public readonly migration: string | undefined, public override readonly cause: unknown) {
    super(
      `Database migration ${migration ? `"${migration}" ` : ''}failed: ${cause instanceof Error ? cause.message : String(cause)}. ` +
        'Nothing after it was applied; fix the cause (or restore the database from a backup) and start again.',
    );
    this.name = 'MigrationError';
  }
}

function migrator(db: Db): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'village_migrations',
    migrationLockTableName: 'village_migrations_lock',
    // Capabilities are developed side by side; a migration merged later with an earlier name still runs.
    allowUnorderedMigrations: true,
  });
}

export async function migrateToLatest(db: Db): Promise<MigrationResult[]> {
  const { error, results } = await migrator(db).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new MigrationError(failed?.migrationName, error);
  }
  return results ?? [];
}

export interface MigrationStatus {
  name: string;
  executedAt: Date | null;
}

export async function migrationStatus(db: Db): Promise<MigrationStatus[]> {
  const list = await migrator(db).getMigrations();
  return list.map((m) => ({ name: m.name, executedAt: m.executedAt ?? null }));
}

export async function pendingMigrations(db: Db): Promise<string[]> {
  return (await migrationStatus(db)).filter((m) => !m.executedAt).map((m) => m.name);
}
