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
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';

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
      raw.exec(`analyze ${quoteIdent(table)}`);
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
  };
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
