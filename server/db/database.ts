/**
 * Opens the database chosen by DATABASE_URL: an embedded SQLite file (default) or PostgreSQL.
 * Everything that differs between the two lives in ./seam.ts; the rest of Village only sees Kysely.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type { Database } from './schema.ts';
import { postgresSeam, sqliteSeam, type DialectSeam } from './seam.ts';

export type Db = Kysely<Database>;

export interface DatabaseHandle {
  db: Db;
  seam: DialectSeam;
  url: string;
  close(): Promise<void>;
}

// PostgreSQL returns some types in shapes that differ from SQLite; make both look alike:
// dates as 'YYYY-MM-DD' strings, timestamps as ISO strings, counts and numerics as numbers.
let pgTypesSet = false;
function setPgTypeParsers() {
  if (pgTypesSet) return;
  pgTypesSet = true;
  const t = pg.types;
  t.setTypeParser(t.builtins.INT8, (v) => Number(v));
  t.setTypeParser(t.builtins.NUMERIC, (v) => Number(v));
  t.setTypeParser(t.builtins.DATE, (v) => v);
  t.setTypeParser(t.builtins.TIMESTAMPTZ, (v) => new Date(v).toISOString());
  t.setTypeParser(t.builtins.TIMESTAMP, (v) => new Date(v + 'Z').toISOString());
}

export function sqlitePathFromUrl(url: string): string {
  const p = url.slice('sqlite:'.length);
  if (p === '' ) throw new Error('DATABASE_URL sqlite: needs a file path, for example sqlite:./data/village.db');
  return p;
}

export function openDatabase(url: string, options: { poolSize?: number; readonly?: boolean } = {}): DatabaseHandle {
  if (url.startsWith('sqlite:')) {
    const file = sqlitePathFromUrl(url);
    if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const raw = new SqliteDatabase(file, { readonly: options.readonly ?? false });
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    raw.pragma('foreign_keys = ON');
    raw.pragma('busy_timeout = 15000');
    // 64 MB of pages (the dashboards of a 50,000-student district answer in half the time with 64
    // than with 32); temporary tables and sorts in files (cached like any page, and spilled to disk
    // only when larger than the cache), not in memory without bound: a sort of millions of rows held
    // by temp_store = MEMORY took hundreds of megabytes. Bulk imports shrink the cache meanwhile.
    raw.pragma('cache_size = -65536');
    raw.pragma('temp_store = FILE');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });
    return {
      db,
      seam: sqliteSeam(raw),
      url,
      async close() {
        await db.destroy();
        if (raw.open) raw.close();
      },
    };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    setPgTypeParsers();
    const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
    // An idle client that loses its connection must not crash the process.
    pool.on('error', () => {});
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      seam: postgresSeam(pool),
      url,
      async close() {
        await db.destroy();
      },
    };
  }
  throw new Error(`DATABASE_URL must start with sqlite: or postgres:// (given ${JSON.stringify(url)})`);
}
