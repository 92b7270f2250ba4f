/**
 * The seam: every difference between SQLite and PostgreSQL that Village's code needs lives here,
 * one implementation beside the other. Code outside this file never asks "which database is this?".
 *
 * Conventions that keep the rest portable (see docs/ARCHITECTURE.md):
 *  - flags are stored as integers 0/1 on both databases;
 *  - dates are 'YYYY-MM-DD' strings and timestamps ISO-8601 strings in and out;
 *  - JSON is stored as text and parsed by the code that owns it;
 *  - upserts use ON CONFLICT, which both databases speak.
 */
import type SqliteDatabase from 'better-sqlite3';
import type pg from 'pg';
import { sql, type Expression, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export type Row = readonly unknown[];

export interface DialectSeam {
  readonly kind: 'sqlite' | 'postgres';
  /** Largest number of bound parameters one statement may carry. */
  readonly maxParameters: number;
  /** Case-insensitive LIKE. */
  ilike(column: Expression<unknown>, pattern: string): RawBuilder<SqlBool>;
  /** True when the error is a unique-constraint violation. */
  isUniqueViolation(err: unknown): boolean;
  /**
   * Appends rows to a table as fast as the database allows (COPY on PostgreSQL, prepared
   * multi-row INSERT on SQLite), in the caller's order of columns. Meant for staging tables:
   * no conflict handling. Runs in its own transaction per batch; returns the rows written.
   */
  copyInto(table: string, columns: readonly string[], rows: Iterable<Row> | AsyncIterable<Row>): Promise<number>;
  /** Refreshes the planner's statistics for a table after a large change. */
  analyze(table: string): Promise<void>;
  /** `a IS DISTINCT FROM b`: true when the values differ, NULL counting as a value. */
  isDistinct(a: Expression<unknown>, b: Expression<unknown>): RawBuilder<SqlBool>;
  /**
   * Scratch tables for one import, apart from the live tables: an attached database file on SQLite
   * (so filling them never holds the main database's write lock), a schema of unlogged tables on
   * PostgreSQL. Dropped with `drop()`.
   */
  openStaging(key: string): Promise<StagingArea>;
  /**
   * Inside a write transaction: reserves `count` new ids of a table's integer key, so rows can be
   * inserted with ids the import chose in advance. Returns `base`; the ids are base+1 … base+count.
   */
  reserveIds(trx: Kysely<any>, table: string, count: number): Promise<number>;
  /**
   * Inside a write transaction: runs `fn`, which writes many rows into `table`. On SQLite, when
   * `manyRows()` says the rows are many for the table, its secondary indexes are dropped first and
   * rebuilt after (one sort instead of millions of scattered index updates; readers still see the
   * old snapshot meanwhile). On PostgreSQL indexes stay (dropping one would lock out readers), and
   * `manyRows` is not asked.
   */
  bulkWrite<T>(trx: Kysely<any>, table: string, manyRows: () => Promise<boolean>, fn: () => Promise<T>): Promise<T>;
  /**
   * Inside a write transaction: runs `insert` (an INSERT … ON CONFLICT DO UPDATE … WHERE, which
   * updates only rows whose values differ) and says how many rows it added and how many it changed.
   */
  upsert(trx: Kysely<any>, table: string, insert: RawBuilder<unknown>): Promise<{ added: number; changed: number }>;
}

export type StagingColumnType = 'integer' | 'text' | 'date' | 'real' | 'timestamp';

export interface StagingWriter {
  /** Appends one row (values in the writer's column order). A promise means: wait before writing more. */
  write(values: readonly unknown[]): void | Promise<void>;
  /** Writes what is buffered; returns the rows written. */
  end(): Promise<number>;
}

export interface StagingArea {
  /** A staging table in SQL, e.g. sql`select * from ${area.table('students')}`. */
  table(name: string): RawBuilder<unknown>;
  createTable(name: string, columns: ReadonlyArray<readonly [string, StagingColumnType]>): Promise<void>;
  createIndex(name: string, columns: readonly string[]): Promise<void>;
  writer(name: string, columns: readonly string[]): StagingWriter;
  /** Makes every row written so far visible to queries (ends SQLite's batch transaction). */
  flush(): Promise<void>;
  /**
   * Around the transaction that applies the import. On SQLite the pages it writes (hundreds of
   * megabytes for a year of attendance) would be copied from the write-ahead log into the database
   * file by the connection's next commit, which would wait for it: the staging thread copies them
   * instead (a checkpoint on a connection of its own), beside what this thread does next.
   */
  applying(): void;
  applied(): void;
  drop(): Promise<void>;
}

export function sqliteSeam(raw: SqliteDatabase.Database): DialectSeam {
  return {
    kind: 'sqlite',
    maxParameters: 32766,
    ilike: (column, pattern) => sql<SqlBool>`${column} like ${pattern}`,
    isUniqueViolation: (err) =>
      typeof err === 'object' && err !== null &&
      ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' || (err as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY'),
    async copyInto(table, columns, rows) {
      const perRow = columns.length;
      const batchRows = Math.max(1, Math.min(500, Math.floor(32766 / perRow)));
      const placeholders = (n: number) => Array.from({ length: n }, () => `(${columns.map(() => '?').join(',')})`).join(',');
      const head = `insert into ${quoteIdent(table)} (${columns.map(quoteIdent).join(',')}) values `;
      const full = raw.prepare(head + placeholders(batchRows));
      let written = 0;
      let buffer: unknown[] = [];
      let inBuffer = 0;
      let pendingInTx = 0;
      raw.exec('begin');
      try {
        const flush = () => {
          if (inBuffer === batchRows) full.run(buffer);
          else if (inBuffer > 0) raw.prepare(head + placeholders(inBuffer)).run(buffer);
          written += inBuffer;
          pendingInTx += inBuffer;
          buffer = [];
          inBuffer = 0;
        };
        for await (const row of rows as AsyncIterable<Row>) {
          for (let i = 0; i < perRow; i++) buffer.push(row[i] ?? null);
          inBuffer++;
          if (inBuffer === batchRows) flush();
          // Commit every so often so other writers (the audit trail, the web app) get their turn.
          if (pendingInTx >= 200_000) {
            raw.exec('commit');
            raw.exec('begin');
            pendingInTx = 0;
          }
        }
        flush();
        raw.exec('commit');
      } catch (err) {
        if (raw.inTransaction) raw.exec('rollback');
        throw err;
      }
      return written;
    },
    async analyze(table) {
      // A sample of each index is enough for the planner; a full pass over millions of rows is not needed.
      const limit = raw.pragma('analysis_limit', { simple: true });
      raw.pragma('analysis_limit = 2000');
      try {
        raw.exec(`analyze ${quoteIdent(table)}`);
      } finally {
        raw.pragma(`analysis_limit = ${Number(limit)}`);
      }
    },
    isDistinct: (a, b) => sql<SqlBool>`(${a} is not ${b})`,
    async openStaging(key) {
      const schema = `stg_${safeKey(key)}`;
      const dir = raw.memory || !raw.name ? tmpdir() : path.dirname(path.resolve(raw.name));
      const file = path.join(dir, `${raw.memory ? 'village' : path.basename(raw.name)}.${schema}.staging`);
      rmSync(file, { force: true });
      // Rows are written by a worker thread with its own connection to the staging file, so binding
      // millions of values runs beside the reading and checking of the files; this connection
      // attaches the file to read it when the import is applied.
      const worker = new StagingWorker(file);
      await worker.call({ type: 'exec', sql: 'pragma journal_mode = off; pragma synchronous = off' });
      raw.prepare('attach database ? as ' + quoteIdent(schema)).run(file);
      const qualified = (name: string) => `${quoteIdent(schema)}.${quoteIdent(name)}`;
      const types = new Map<string, Map<string, StagingColumnType>>();
      const writers = new Set<Promise<unknown>>();
      /** The connection's wal_autocheckpoint while the import is applied (then 0), and the staging thread's checkpoint. */
      let autoCheckpoint: number | null = null;
      let checkpoint: Promise<void> = Promise.resolve();
      return {
        table: (name) => sql.raw(qualified(name)),
        async createTable(name, columns) {
          const t = (c: StagingColumnType) => (c === 'integer' ? 'integer' : c === 'real' ? 'real' : 'text');
          types.set(name, new Map(columns.map(([c, ty]) => [c, ty])));
          await worker.call({ type: 'exec', sql: `create table ${quoteIdent(name)} (${columns.map(([c, ty]) => `${quoteIdent(c)} ${t(ty)}`).join(', ')})` });
        },
        async createIndex(name, columns) {
          await worker.call({ type: 'exec', sql: `create index ${quoteIdent(`${name}_${columns.join('_')}`.slice(0, 60))} on ${quoteIdent(name)} (${columns.map(quoteIdent).join(', ')})` });
        },
        writer(name, columns) {
          const known = types.get(name);
          const kinds = columns.map((c) => {
            const ty = known?.get(c) ?? 'text';
            return ty === 'integer' || ty === 'real' ? 'num' : ty === 'date' ? 'date' : 'text';
          });
          const w = new TypedBatchWriter(worker, name, columns, kinds as BatchColumnKind[]);
          return {
            write: (values) => w.write(values),
            async end() {
              const p = w.end();
              writers.add(p);
              return p;
            },
          };
        },
        async flush() {
          await Promise.all([...writers]);
          await worker.call({ type: 'commit' });
        },
        applying() {
          if (raw.memory || autoCheckpoint !== null) return;
          autoCheckpoint = Number(raw.pragma('wal_autocheckpoint', { simple: true }));
          raw.pragma('wal_autocheckpoint = 0');
        },
        applied() {
          if (autoCheckpoint === null) return;
          const restore = () => {
            if (autoCheckpoint !== null && raw.open) raw.pragma(`wal_autocheckpoint = ${autoCheckpoint}`);
            autoCheckpoint = null;
          };
          checkpoint = worker.call({ type: 'checkpoint', file: path.resolve(raw.name) }).then(restore, restore);
        },
        async drop() {
          await Promise.allSettled([...writers]);
          await checkpoint;
          if (autoCheckpoint !== null) {
            raw.pragma(`wal_autocheckpoint = ${autoCheckpoint}`);
            autoCheckpoint = null;
          }
          await worker.close();
          if (raw.inTransaction) raw.exec('rollback');
          raw.exec(`detach database ${quoteIdent(schema)}`);
          rmSync(file, { force: true });
        },
      };
    },
    async reserveIds(trx, table, count) {
      const r = await sql<{ m: number | null }>`select max(id) as m from ${sql.table(table)}`.execute(trx);
      return Number(r.rows[0]?.m ?? 0);
    },
    async bulkWrite(trx, table, manyRows, fn) {
      if (!(await manyRows())) return fn();
      const indexes = await sql<{ name: string; sql: string }>`select name, sql from sqlite_master where type = 'index' and tbl_name = ${table} and sql is not null`.execute(trx);
      for (const ix of indexes.rows) await sql`drop index ${sql.id(ix.name)}`.execute(trx);
      // Rows written in key order need few pages at hand, and sorting (rows into key order, index
      // entries for the rebuild) goes in runs as large as cache_size, beside the cache itself: a
      // small cache meanwhile, which is as fast, and twice as small. Sorted runs go to disk, not to
      // memory (temp_store), with one helper thread sorting beside this one.
      const saved = { cache_size: raw.pragma('cache_size', { simple: true }), temp_store: raw.pragma('temp_store', { simple: true }), threads: raw.pragma('threads', { simple: true }) };
      raw.pragma(`cache_size = ${BULK_CACHE_SIZE}`);
      raw.pragma('temp_store = file');
      raw.pragma('threads = 1');
      try {
        const result = await fn();
        const t = performance.now();
        for (const ix of indexes.rows) await sql.raw(ix.sql).execute(trx);
        if (process.env.VILLAGE_IMPORT_TRACE) console.error(`[import] ${(performance.now() - t).toFixed(0).padStart(6)} ms  rebuilt the indexes of ${table}`);
        return result;
      } finally {
        for (const [name, value] of Object.entries(saved)) raw.pragma(`${name} = ${Number(value)}`);
      }
    },
    async upsert(trx, table, insert) {
      // Rows changed and added alike count as changes: the rows the table gained are the added.
      const count = async () => Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(trx)).rows[0]?.n ?? 0);
      const before = await count();
      const r = await insert.execute(trx);
      const added = (await count()) - before;
      return { added, changed: Number(r.numAffectedRows ?? 0) - added };
    },
  };
}

export function postgresSeam(pool: pg.Pool): DialectSeam {
  return {
    kind: 'postgres',
    maxParameters: 65535,
    ilike: (column, pattern) => sql<SqlBool>`${column} ilike ${pattern}`,
    isUniqueViolation: (err) => typeof err === 'object' && err !== null && (err as { code?: string }).code === '23505',
    async copyInto(table, columns, rows) {
      const client = await pool.connect();
      let written = 0;
      try {
        const stream = client.query(copyFrom(`copy ${quoteIdent(table)} (${columns.map(quoteIdent).join(',')}) from stdin`));
        async function* lines() {
          let chunk = '';
          for await (const row of rows as AsyncIterable<Row>) {
            let line = '';
            for (let i = 0; i < columns.length; i++) {
              if (i > 0) line += '\t';
              line += copyText(row[i]);
            }
            chunk += line + '\n';
            written++;
            if (chunk.length > 1 << 16) {
              yield chunk;
              chunk = '';
            }
          }
          if (chunk) yield chunk;
        }
        await pipeline(Readable.from(lines()), stream);
      } finally {
        client.release();
      }
      return written;
    },
    async analyze(table) {
      await pool.query(`analyze ${quoteIdent(table)}`);
    },
    isDistinct: (a, b) => sql<SqlBool>`(${a} is distinct from ${b})`,
    async openStaging(key) {
      const schema = `village_import_${safeKey(key)}`;
      await pool.query(`drop schema if exists ${quoteIdent(schema)} cascade`);
      await pool.query(`create schema ${quoteIdent(schema)}`);
      const qualified = (name: string) => `${quoteIdent(schema)}.${quoteIdent(name)}`;
      const writers = new Set<Promise<unknown>>();
      const ended: string[] = [];
      return {
        table: (name) => sql.raw(qualified(name)),
        async createTable(name, columns) {
          const t = (c: StagingColumnType) => ({ integer: 'integer', text: 'text', date: 'date', real: 'double precision', timestamp: 'timestamptz' })[c];
          await pool.query(`create unlogged table ${qualified(name)} (${columns.map(([c, ty]) => `${quoteIdent(c)} ${t(ty)}`).join(', ')})`);
        },
        async createIndex(name, columns) {
          await pool.query(`create index on ${qualified(name)} (${columns.map(quoteIdent).join(', ')})`);
        },
        writer(name, columns) {
          // Rows go out in batches, each its own COPY on a pooled connection that is released
          // straight after, so many writers never exhaust the pool. At most two batches in flight.
          const head = `copy ${qualified(name)} (${columns.map(quoteIdent).join(',')}) from stdin`;
          let chunk = '';
          let rows = 0;
          let written = 0;
          let chain: Promise<void> = Promise.resolve();
          let inFlight = 0;
          let failure: unknown = null;
          const send = () => {
            if (rows === 0) return;
            const text = chunk;
            const n = rows;
            chunk = '';
            rows = 0;
            inFlight++;
            chain = chain.then(async () => {
              if (failure) return;
              const client = await pool.connect();
              try {
                await pipeline(Readable.from([text]), client.query(copyFrom(head)));
                written += n;
              } finally {
                client.release();
              }
            }).catch((err) => {
              failure ??= err;
            }).finally(() => {
              inFlight--;
            });
            writers.add(chain);
          };
          return {
            write(values) {
              if (failure) throw failure;
              let line = '';
              for (let i = 0; i < columns.length; i++) {
                if (i > 0) line += '\t';
                line += copyText(values[i]);
              }
              chunk += line + '\n';
              rows++;
              if (chunk.length >= 1 << 20) {
                send();
                if (inFlight >= 2) return chain;
              }
            },
            async end() {
              send();
              await chain;
              if (failure) throw failure;
              if (written > 0 && !ended.includes(name)) ended.push(name);
              return written;
            },
          };
        },
        async flush() {
          await Promise.all([...writers]);
          // Statistics for the planner: without them it takes a fresh table for a few rows, and may
          // join millions of rows the slow way.
          for (const t of ended.splice(0)) await pool.query(`analyze ${qualified(t)}`);
        },
        applying() {},
        applied() {},
        async drop() {
          await Promise.allSettled([...writers]);
          await pool.query(`drop schema if exists ${quoteIdent(schema)} cascade`);
        },
      };
    },
    async reserveIds(trx, table, count) {
      // No other writer may add rows (taking ids from the sequence) until this transaction ends.
      await sql`lock table ${sql.table(table)} in share row exclusive mode`.execute(trx);
      const seq = sql`pg_get_serial_sequence(${quoteIdent(table)}, 'id')`;
      const r = await sql<{ m: number }>`select greatest((select coalesce(max(id), 0) from ${sql.table(table)}), coalesce(pg_sequence_last_value(${seq}::regclass), 0)) as m`.execute(trx);
      const base = Number(r.rows[0]?.m ?? 0);
      if (count > 0) await sql`select setval(${seq}, ${base + count})`.execute(trx);
      return base;
    },
    async bulkWrite(_trx, _table, _manyRows, fn) {
      return fn();
    },
    async upsert(trx, _table, insert) {
      // A row the statement inserted has no xmax; one it updated has this transaction's.
      const r = await sql<{ added: number; changed: number }>`with r as (${insert} returning (xmax = 0) as inserted)
          select count(*) filter (where inserted) as added, count(*) filter (where not inserted) as changed from r`.execute(trx);
      return { added: Number(r.rows[0]?.added ?? 0), changed: Number(r.rows[0]?.changed ?? 0) };
    },
  };
}


/** SQLite's page cache while a table is written in bulk and its indexes rebuilt (KiB, negative): see bulkWrite. */
const BULK_CACHE_SIZE = -16384;

type BatchColumnKind = 'num' | 'date' | 'text';
type BatchColumn = { kind: 'num'; data: Float64Array } | { kind: 'date'; data: Int32Array } | { kind: 'text'; data: Array<string | null> };

const NO_DAY = -2147483648;
const BATCH_ROWS = 16_384;

/** The staging worker's code: inserts batches of rows sent as typed columns (no per-value cloning). */
const STAGING_WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
const NO_DAY = ${NO_DAY};
let open = false;
const statements = new Map();
const days = new Map();
const dayText = (d) => { let s = days.get(d); if (s === undefined) { s = new Date(d * 86400000).toISOString().slice(0, 10); days.set(d, s); } return s; };
const quote = (n) => '"' + n + '"';
const insert = (table, names, rows) => {
  const key = table + '|' + rows;
  let st = statements.get(key);
  if (!st) {
    const one = '(' + names.map(() => '?').join(',') + ')';
    st = db.prepare('insert into ' + quote(table) + ' (' + names.map(quote).join(',') + ') values ' + Array(rows).fill(one).join(','));
    if (statements.size < 64) statements.set(key, st);
  }
  return st;
};
parentPort.on('message', (m) => {
  try {
    if (m.type === 'exec') { if (open) { db.exec('commit'); open = false; } db.exec(m.sql); }
    else if (m.type === 'rows') {
      if (!open) { db.exec('begin'); open = true; }
      const per = m.columns.length;
      const batch = Math.max(1, Math.min(500, Math.floor(32766 / per)));
      let values = new Array(batch * per);
      for (let start = 0; start < m.count; start += batch) {
        const n = Math.min(batch, m.count - start);
        if (n !== batch) values = new Array(n * per);
        let k = 0;
        for (let r = start; r < start + n; r++) {
          for (let c = 0; c < per; c++) {
            const col = m.columns[c];
            const v = col.data[r];
            values[k++] = col.kind === 'num' ? (v !== v ? null : v) : col.kind === 'date' ? (v === NO_DAY ? null : dayText(v)) : v;
          }
        }
        insert(m.table, m.names, n).run(values);
      }
    } else if (m.type === 'commit') { if (open) { db.exec('commit'); open = false; } }
    else if (m.type === 'checkpoint') { const main = new Database(m.file); try { main.pragma('wal_checkpoint(PASSIVE)'); } finally { main.close(); } }
    else if (m.type === 'close') { if (open) { db.exec('commit'); open = false; } db.close(); }
    parentPort.postMessage({ id: m.id, ok: true });
  } catch (e) {
    parentPort.postMessage({ id: m.id, ok: false, error: String((e && e.message) || e) });
  }
});
`;

/** A worker thread writing one SQLite staging file; calls are answered in order. */
class StagingWorker {
  private readonly worker: Worker;
  private next = 1;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  private failure: Error | null = null;
  inFlight = 0;

  constructor(file: string) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(STAGING_WORKER_CODE, { eval: true, workerData: { file, driver } });
    this.worker.unref();
    this.worker.on('message', (m: { id: number; ok: boolean; error?: string }) => {
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (!m.ok) this.failure ??= new Error(`staging: ${m.error}`);
      if (w) (m.ok ? w.resolve() : w.reject(this.failure!));
    });
    this.worker.on('error', (err) => {
      this.failure ??= err;
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    });
  }

  check() {
    if (this.failure) throw this.failure;
  }

  call(message: Record<string, unknown>, transfer: ArrayBuffer[] = []): Promise<void> {
    this.check();
    const id = this.next++;
    const p = new Promise<void>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    this.worker.postMessage({ ...message, id }, transfer);
    return p;
  }

  async close(): Promise<void> {
    try {
      await this.call({ type: 'close' });
    } catch {
      /* closing anyway */
    }
    await this.worker.terminate();
  }
}

/** Rows buffered as typed columns and sent to the staging worker a batch at a time. */
class TypedBatchWriter {
  private columns: BatchColumn[] = [];
  private count = 0;
  private written = 0;
  private pending: Promise<void>[] = [];
  private readonly dayOf = new Map<string, number>();

  constructor(
    private readonly worker: StagingWorker,
    private readonly table: string,
    private readonly names: readonly string[],
    private readonly kinds: BatchColumnKind[],
  ) {
    this.reset();
  }

  private reset() {
    this.columns = this.kinds.map((k) =>
      k === 'num' ? { kind: 'num', data: new Float64Array(BATCH_ROWS) } : k === 'date' ? { kind: 'date', data: new Int32Array(BATCH_ROWS) } : { kind: 'text', data: new Array<string | null>(BATCH_ROWS) },
    );
    this.count = 0;
  }

  private day(v: unknown): number {
    if (v === null || v === undefined) return NO_DAY;
    const s = String(v);
    let d = this.dayOf.get(s);
    if (d === undefined) {
      d = Math.round(Date.parse(`${s.slice(0, 10)}T00:00:00Z`) / 86400000);
      if (Number.isNaN(d)) throw new Error(`staging: "${s}" is not a date`);
      this.dayOf.set(s, d);
    }
    return d;
  }

  write(values: readonly unknown[]): void | Promise<void> {
    this.worker.check();
    const r = this.count;
    for (let c = 0; c < this.columns.length; c++) {
      const col = this.columns[c];
      const v = values[c];
      if (col.kind === 'num') col.data[r] = v === null || v === undefined ? NaN : Number(v);
      else if (col.kind === 'date') col.data[r] = this.day(v);
      else col.data[r] = v === null || v === undefined ? null : String(v);
    }
    if (++this.count === BATCH_ROWS) return this.send();
  }

  private send(): void | Promise<void> {
    if (this.count === 0) return;
    const columns = this.columns.map((c) => (c.kind === 'text' ? { kind: c.kind, data: c.data.slice(0, this.count) } : { kind: c.kind, data: c.data.subarray(0, this.count) }));
    const transfer = this.columns.filter((c) => c.kind !== 'text').map((c) => (c.data as Float64Array | Int32Array).buffer as ArrayBuffer);
    const n = this.count;
    const p = this.worker.call({ type: 'rows', table: this.table, names: this.names, count: n, columns }, transfer).then(() => {
      this.written += n;
    });
    p.catch(() => {});
    this.pending.push(p);
    this.reset();
    // Hold the reader back while a few batches are queued (bounded memory).
    if (this.pending.length >= 3) {
      const wait = this.pending;
      this.pending = [];
      return Promise.all(wait).then(() => {});
    }
  }

  async end(): Promise<number> {
    this.send();
    await Promise.all(this.pending);
    this.pending = [];
    return this.written;
  }
}

function safeKey(key: string): string {
  if (!/^[a-z0-9_]{1,40}$/i.test(key)) throw new Error(`unsafe staging key ${key}`);
  return key.toLowerCase();
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/i.test(name)) throw new Error(`unsafe identifier ${name}`);
  return `"${name}"`;
}

function copyText(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  const s = typeof v === 'string' ? v : typeof v === 'boolean' ? (v ? '1' : '0') : String(v);
  return s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}
