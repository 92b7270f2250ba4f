import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { CsvParser } from './csv.ts';
import { FileProblem } from './encoding.ts';
import { editDistance, mapHeader } from './table.ts';

/** Parses text fed in the given chunk sizes; returns rows with their line numbers. */
function rows(text: string, chunk = 7, limits?: { maxFieldChars: number; maxFields: number }) {
  const out: Array<{ fields: string[]; line: number; malformed: string | null }> = [];
  const p = new CsvParser('t.csv', (fields, line, malformed) => out.push({ fields, line, malformed }), limits);
  for (let i = 0; i < text.length; i += chunk) p.feed(text.slice(i, i + chunk));
  p.finish();
  return out;
}

describe('the CSV parser', () => {
  it('reads RFC 4180: quotes, doubled quotes, commas and line breaks inside quotes, CRLF', () => {
    const r = rows('a,b,c\r\n1,"x, ""y""",3\r\n"multi\nline",,"z"\r\n');
    expect(r.map((x) => x.fields)).toEqual([
      ['a', 'b', 'c'],
      ['1', 'x, "y"', '3'],
      ['multi\nline', '', 'z'],
    ]);
    expect(r.map((x) => x.line)).toEqual([1, 2, 3]);
  });

  it('numbers lines by where a row starts, counting line breaks inside quotes', () => {
    const r = rows('h\n"a\nb\nc"\nd\n\ne\n');
    expect(r.map((x) => [x.fields[0], x.line])).toEqual([
      ['h', 1],
      ['a\nb\nc', 2],
      ['d', 5],
      ['e', 7],
    ]);
  });

  it('reads a last row without a line break, and old-Mac CR line ends', () => {
    expect(rows('a,b\n1,2').map((x) => x.fields)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(rows('a\r1\r2').map((x) => [x.fields[0], x.line])).toEqual([
      ['a', 1],
      ['1', 2],
      ['2', 3],
    ]);
  });

  it('marks text after a closing quote as malformed and keeps a quote inside an unquoted field', () => {
    const r = rows('a,b\n"x"y,5" tall\n');
    expect(r[1].fields).toEqual(['xy', '5" tall']);
    expect(r[1].malformed).toMatch(/text follows a closing quote at line 2/);
  });

  it('refuses a quoted field that is never closed, naming the line it opens on', () => {
    expect(() => rows('a,b\n1,"open\n2,3\n')).toThrow(FileProblem);
    expect(() => rows('a,b\n1,"open\n2,3\n')).toThrow(/opens at line 2 and is never closed/);
  });

  it('refuses an enormous field or row instead of holding it', () => {
    expect(() => rows(`a\n${'x'.repeat(5000)}\n`, 100, { maxFieldChars: 1000, maxFields: 10 })).toThrow(/longer than 1,000 characters/);
    expect(() => rows(`a\n"${'x'.repeat(5000)}`, 100, { maxFieldChars: 1000, maxFields: 10 })).toThrow(/closing quote is probably missing/);
    expect(() => rows(`${'a,'.repeat(20)}a\n`, 100, { maxFieldChars: 1000, maxFields: 10 })).toThrow(/more than 10 fields/);
  });

  it('agrees with csv-parse on random CSV, whatever the chunk size', () => {
    const cell = fc.stringMatching(/^[a-z ,"\n\r\u00e9\u4e2d]{0,6}$/);
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 9 }), (table, chunk) => {
        const width = table[0].length;
        const body = table.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? 'v'));
        const text = body.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\r\n') + '\r\n';
        const ours = rows(text, chunk).map((x) => x.fields);
        const theirs = parse(text, { relax_column_count: true, skip_empty_lines: false }) as string[][];
        expect(ours).toEqual(theirs);
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with csv-parse on unquoted CSV', () => {
    const cell = fc.stringMatching(/^[a-z0-9 .:;-]{0,8}$/);
    fc.assert(
      fc.property(fc.array(fc.tuple(cell, cell, cell), { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 5 }), (table, chunk) => {
        const text = table.map((r) => r.join(',')).join('\n') + '\n';
        expect(rows(text, chunk).map((x) => x.fields)).toEqual(parse(text, { relax_column_count: true }) as string[][]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('the header', () => {
  const cols = [
    { name: 'student_id', required: true },
    { name: 'dateLastModified' },
    { name: 'status', required: true },
  ];

  it('matches names without regard to case or spaces, in any order', () => {
    const m = mapHeader([' STATUS ', 'Student_Id'], cols);
    expect(m.index).toEqual({ student_id: 1, dateLastModified: -1, status: 0 });
    expect(m.issues).toEqual([]);
  });

  it('reads an obviously misspelled name with a warning; ignores unknown and empty trailing ones', () => {
    const m = mapHeader(['student_id', 'status', 'dataLastModified', 'colour', '', ''], cols);
    expect(m.index.dateLastModified).toBe(2);
    expect(m.issues).toEqual([
      { severity: 'warning', line: 1, column: 'dataLastModified', reason: 'the column "dataLastModified" was read as "dateLastModified" (it looks misspelled)' },
      { severity: 'warning', line: 1, column: 'colour', reason: 'the column "colour" is not one Village reads; it was ignored' },
    ]);
  });

  it('refuses a missing required column and a column named twice', () => {
    const m = mapHeader(['student_id', 'Student_ID'], cols);
    expect(m.issues.filter((i) => i.severity === 'error').map((i) => i.reason)).toEqual(['the column "Student_ID" appears twice (columns 1 and 2)', 'the required column "status" is missing']);
  });

  it('measures edit distance with transpositions', () => {
    expect(editDistance('dataLastModified'.toLowerCase(), 'datelastmodified')).toBe(1);
    expect(editDistance('frist', 'first')).toBe(1);
    expect(editDistance('abc', 'xyz')).toBe(3);
  });
});
