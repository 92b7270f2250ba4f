/**
 * A CSV file read as a table with named columns (DATA-FORMATS.md, "Rules for every file"): header
 * names matched without regard to case or surrounding spaces, in any order; an obviously misspelled
 * header (one or two letters off a single expected name) read as that name with a warning; unknown
 * columns reported and ignored; empty trailing header cells ignored; a missing required column
 * refuses the file. Rows come with their line number; short rows read their missing cells as empty.
 */
import { FileProblem, readText, type DetectedEncoding } from './encoding.ts';
import { CsvParser, DEFAULT_CSV_LIMITS, type CsvLimits } from './csv.ts';

export interface ColumnSpec {
  name: string;
  required?: boolean;
  /** Other names the same column goes by (e.g. a OneRoster 1.1 name). */
  aliases?: readonly string[];
}

export interface TableIssue {
  severity: 'error' | 'warning';
  line: number;
  column: string | null;
  reason: string;
}

/** Where each expected column sits in the file (-1: absent). */
export type ColumnIndex<C extends string> = Record<C, number>;

export interface TableRow {
  fields: string[];
  line: number;
  malformed: string | null;
}

export interface ReadTableOptions {
  limits?: CsvLimits;
  onBytes?: (bytesRead: number) => void;
  onEncoding?: (e: DetectedEncoding) => void;
  /** Awaited after each chunk of rows, so the receiver can hold the reader back (backpressure). */
  afterChunk?: () => void | Promise<void>;
}

const norm = (s: string) => s.trim().toLowerCase();

/** Damerau-Levenshtein distance (optimal string alignment), capped: returns cap+1 when farther. */
export function editDistance(a: string, b: string, cap = 3): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    let best = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2][j - 2] + 1);
      d[i][j] = v;
      if (v < best) best = v;
    }
    if (best > cap) return cap + 1;
  }
  return d[a.length][b.length];
}

/**
 * Maps a header row onto the expected columns. Returns the index of each column, and the issues:
 * errors (missing required column, a column named twice) refuse the file.
 */
export function mapHeader<C extends string>(header: string[], columns: readonly (ColumnSpec & { name: C })[]): { index: ColumnIndex<C>; issues: TableIssue[] } {
  const issues: TableIssue[] = [];
  const index = Object.fromEntries(columns.map((c) => [c.name, -1])) as ColumnIndex<C>;
  const byName = new Map<string, C>();
  for (const c of columns) {
    byName.set(norm(c.name), c.name);
    for (const a of c.aliases ?? []) byName.set(norm(a), c.name);
  }
  const unmatched: number[] = [];
  header.forEach((raw, i) => {
    const h = norm(raw);
    if (h === '') return;
    const c = byName.get(h);
    if (c === undefined) {
      unmatched.push(i);
      return;
    }
    if (index[c] >= 0) {
      issues.push({ severity: 'error', line: 1, column: raw.trim(), reason: `the column "${raw.trim()}" appears twice (columns ${index[c] + 1} and ${i + 1})` });
      return;
    }
    index[c] = i;
  });
  for (const i of unmatched) {
    const raw = header[i].trim();
    const h = norm(raw);
    // A misspelling: one expected column (not already present) within one edit (two for long names).
    const cap = h.length >= 8 ? 2 : 1;
    const near = columns.filter((c) => index[c.name] < 0 && [c.name, ...(c.aliases ?? [])].some((n) => editDistance(h, norm(n), cap) <= cap));
    if (near.length === 1 && h.length >= 4) {
      index[near[0].name] = i;
      issues.push({ severity: 'warning', line: 1, column: raw, reason: `the column "${raw}" was read as "${near[0].name}" (it looks misspelled)` });
    } else {
      issues.push({ severity: 'warning', line: 1, column: raw, reason: `the column "${raw}" is not one Village reads; it was ignored` });
    }
  }
  for (const c of columns) {
    if (c.required && index[c.name] < 0) issues.push({ severity: 'error', line: 1, column: c.name, reason: `the required column "${c.name}" is missing` });
  }
  return { index, issues };
}

/**
 * Streams a CSV file: the header goes to `onHeader` (which maps it and may refuse the file by
 * throwing), each data row to `onRow`. A promise returned by `onRow` is awaited after the chunk.
 * Throws FileProblem when the file cannot be read as CSV; the line says where.
 */
export async function readCsvFile(
  path: string,
  file: string,
  onHeader: (header: string[]) => void,
  onRow: (row: TableRow) => void | Promise<void>,
  options: ReadTableOptions = {},
): Promise<{ rows: number; lines: number }> {
  let rows = 0;
  let headerSeen = false;
  let pending: Promise<void>[] = [];
  let headerWidth = 0;
  const parser = new CsvParser(
    file,
    (fields, line, malformed) => {
      if (!headerSeen) {
        headerSeen = true;
        headerWidth = fields.length;
        onHeader(fields);
        return;
      }
      rows++;
      if (fields.length > headerWidth) {
        // Empty cells past the header's last column are tolerated (trailing commas).
        let last = fields.length;
        while (last > headerWidth && fields[last - 1].trim() === '') last--;
        if (last > headerWidth) malformed ??= `the row has ${fields.length} fields but the header has ${headerWidth}`;
      }
      const p = onRow({ fields, line, malformed });
      if (p) pending.push(p);
    },
    options.limits ?? DEFAULT_CSV_LIMITS,
  );
  for await (const text of readText(path, file, () => parser.currentLine(), { onBytes: options.onBytes, onEncoding: options.onEncoding })) {
    parser.feed(text);
    if (pending.length) {
      const p = Promise.all(pending);
      pending = [];
      await p;
    }
    const a = options.afterChunk?.();
    if (a) await a;
  }
  parser.finish();
  if (pending.length) await Promise.all(pending);
  if (!headerSeen) throw new FileProblem(file, 0, null, 'the file is empty: it has no header row');
  return { rows, lines: parser.currentLine() };
}
