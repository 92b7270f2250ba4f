import { describe, expect, it } from 'vitest';
import { spreadsheetSafe, toSpreadsheetCsv } from './csv-escape.ts';

describe('spreadsheet-safe CSV', () => {
  it('escapes formula-like cells but leaves numbers alone', () => {
    expect(spreadsheetSafe('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(spreadsheetSafe('+1 555')).toBe("'+1 555");
    expect(spreadsheetSafe('@cmd')).toBe("'@cmd");
    expect(spreadsheetSafe('\tx')).toBe("'\tx");
    expect(spreadsheetSafe('-122.21')).toBe('-122.21');
    expect(spreadsheetSafe('+5')).toBe('+5');
    expect(spreadsheetSafe('-')).toBe("'-");
    expect(spreadsheetSafe('plain')).toBe('plain');
    expect(spreadsheetSafe(null)).toBe('');
  });
  it('quotes commas, quotes and newlines', () => {
    expect(toSpreadsheetCsv(['a', 'b'], [['x,y', 'say "hi"'], ['line\nbreak', 3]])).toBe('a,b\r\n"x,y","say ""hi"""\r\n"line\nbreak",3\r\n');
  });
});
