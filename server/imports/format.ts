import type { ImportIssue } from './records.ts';

/** One issue as a line of text: "error: attendance.csv, line 12, column date: … ". */
export function formatIssue(i: Pick<ImportIssue, 'severity' | 'file' | 'line' | 'column' | 'reason'>): string {
  const where = [i.file, i.line > 0 ? `line ${i.line}` : null, i.column ? `column ${i.column}` : null].filter(Boolean).join(', ');
  return `${i.severity}: ${where}: ${i.reason}`;
}
