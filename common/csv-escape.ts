/**
 * CSV meant for people to open in a spreadsheet: cells that begin with =, +, -, @, tab or carriage
 * return and are not plain numbers get a leading ' so a spreadsheet does not run them as formulas
 * (DATA-FORMATS.md). Machine-exchange files are written verbatim and must not use this.
 */
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function spreadsheetSafe(value: unknown): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  if (s.length > 0 && /^[=+\-@\t\r]/.test(s) && !PLAIN_NUMBER.test(s)) return `'${s}`;
  return s;
}

function quote(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows to RFC 4180 CSV text for a spreadsheet, with formula-like cells escaped. */
export function toSpreadsheetCsv(header: string[], rows: unknown[][]): string {
  const lines = [header.map((h) => quote(spreadsheetSafe(h))).join(',')];
  for (const r of rows) lines.push(r.map((v) => quote(spreadsheetSafe(v))).join(','));
  return lines.join('\r\n') + '\r\n';
}
