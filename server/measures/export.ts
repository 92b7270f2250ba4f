/** Measure results as CSV (DATA-FORMATS.md: the same columns as the JSON rows, one row per result row). */
import { toSpreadsheetCsv } from '../../common/csv-escape.ts';
import type { MeasureResult } from './engine.ts';
import type { MeasureDefinition } from './registry.ts';

export function measureColumns(def: MeasureDefinition): string[] {
  const cols = ['school_id', 'grade', 'group', 'month', ...(def.rowKeys ?? []), 'denominator', 'numerator'];
  if (def.rate !== false) cols.push('rate');
  for (const f of def.fields ?? []) {
    if (f.kind === 'counts') for (const p of f.parts) cols.push(`${f.name}.${p}`);
    else cols.push(f.name);
  }
  cols.push('suppressed');
  return cols;
}

function cell(row: Record<string, unknown>, col: string): unknown {
  const dot = col.indexOf('.');
  if (dot > 0 && !(col in row)) {
    const obj = row[col.slice(0, dot)] as Record<string, unknown> | null | undefined;
    return obj ? obj[col.slice(dot + 1)] : null;
  }
  const v = row[col];
  return typeof v === 'boolean' ? (v ? 'true' : 'false') : v;
}

/** Spreadsheet-safe CSV (formula-like cells escaped), CRLF line ends. */
export function measureCsv(def: MeasureDefinition, result: MeasureResult): string {
  const cols = measureColumns(def);
  // With top/bottom coding, the band a rate is shown as.
  if (result.rows.some((r) => 'rate_band' in r)) cols.splice(cols.indexOf('rate') + 1, 0, 'rate_band');
  return toSpreadsheetCsv(cols, result.rows.map((r) => cols.map((c) => cell(r, c))));
}
