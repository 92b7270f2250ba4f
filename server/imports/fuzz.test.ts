/**
 * Property tests of every reader through the whole engine: random bytes, truncated files, wrong
 * encodings, enormous fields and many rows. Whatever comes in: the import never crashes, every
 * error names its file and says why, and a refused import leaves the database exactly as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../../test/db.ts';
import { createDistrict } from '../districts/commands.ts';
import { importCsv, importFolder, type ImportResult } from './index.ts';
import { CSV_KINDS, type CsvKind } from './templates.ts';
import { csv, fixtureFolder, options, removeFixtures, smallTemplates, snapshot } from './test-helpers.ts';

let t: TestDatabase;
let d: number;
let stored: Record<string, string>;
beforeAll(async () => {
  t = await createTestDatabase();
  d = (await createDistrict(t.db, { code: 'fuzz', name: 'Fuzz' })).id;
  // A district with data in it, so "nothing written" is checked against something.
  const r = await importFolder(t, d, fixtureFolder(smallTemplates()), options(d, { kind: 'csv-templates' }));
  expect(r.status).toBe('done');
  stored = await snapshot(t.db, d);
});
afterAll(async () => {
  removeFixtures();
  await t.drop();
});

/** The import did not crash; its errors are clear; if refused, nothing changed. */
async function check(r: ImportResult) {
  for (const i of r.issues) {
    expect(i.file.length).toBeGreaterThan(0);
    expect(i.reason.length).toBeGreaterThan(5);
    expect(i.line).toBeGreaterThanOrEqual(0);
  }
  if (r.status === 'refused') {
    expect(r.errors).toBeGreaterThan(0);
    expect(r.issues.some((i) => i.severity === 'error')).toBe(true);
    expect(await snapshot(t.db, d)).toEqual(stored);
  } else if (!r.nothingChanged) {
    stored = await snapshot(t.db, d);
  }
}

async function importBytes(kind: CsvKind, bytes: Uint8Array | string): Promise<ImportResult> {
  const dir = fixtureFolder({});
  const file = path.join(dir, `${kind}.csv`);
  writeFileSync(file, bytes);
  return importCsv(t, d, kind, file, options(d));
}

const kinds = fc.constantFrom(...CSV_KINDS);

describe('imports never crash, explain every error, and write nothing when they refuse', () => {
  it('random bytes, as any template', async () => {
    await fc.assert(
      fc.asyncProperty(kinds, fc.uint8Array({ maxLength: 600 }), async (kind, bytes) => {
        await check(await importBytes(kind, bytes));
      }),
      { numRuns: 40 },
    );
  });

  it('random text under a valid header', async () => {
    const texts = smallTemplates();
    await fc.assert(
      fc.asyncProperty(kinds, fc.array(fc.string({ maxLength: 40 }), { maxLength: 6 }), async (kind, lines) => {
        const header = texts[`${kind}.csv`].split('\n')[0];
        await check(await importBytes(kind, [header, ...lines].join('\n')));
      }),
      { numRuns: 40 },
    );
  });

  it('valid files cut short at any byte', async () => {
    const texts = smallTemplates();
    await fc.assert(
      fc.asyncProperty(kinds, fc.double({ min: 0, max: 1, noNaN: true }), async (kind, at) => {
        const text = Buffer.from(texts[`${kind}.csv`], 'utf8');
        await check(await importBytes(kind, text.subarray(0, Math.floor(text.length * at))));
      }),
      { numRuns: 40 },
    );
  });

  it('files in other encodings: read correctly or refused with the reason', async () => {
    const text = csv('student_id,first_name,last_name', 'st1,Ana,Reyes', 'st2,Ben,Cho');
    for (const [label, bytes] of [
      ['utf16le', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
      ['utf16le-nobom', Buffer.from(text, 'utf16le')],
      ['utf16be', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()])],
      ['utf32', Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from(text, 'utf16le')])],
      ['latin1', Buffer.from(text.replace('Ana', 'Anaïs'), 'latin1')],
      ['mixed', Buffer.concat([Buffer.from(text + 'st3,Zoë,', 'utf8'), Buffer.alloc(70_000, 0x41), Buffer.from([0xe9, 0x0a])])],
    ] as const) {
      const r = await importBytes('students', bytes);
      await check(r);
      if (label === 'utf32' || label === 'mixed') {
        expect([label, r.status]).toEqual([label, 'refused']);
        expect(r.issues[0].reason).toMatch(/UTF-32|mixes UTF-8/);
      } else expect([label, r.status, r.errors]).toEqual([label, 'done', 0]);
    }
  });

  it('an enormous field is refused without being held', async () => {
    const r = await importBytes('students', `student_id,first_name,last_name\nst1,"${'x'.repeat(3 * 1024 * 1024)}`);
    await check(r);
    expect(r.status).toBe('refused');
    expect(r.issues[0].reason).toMatch(/runs on for more than 1,048,576 characters/);
  });

  it('many rows with one bad row near the end: refused at that line, nothing written', async () => {
    const rows: string[] = ['student_id,school_id,date,status'];
    const days = ['2021-08-16', '2021-08-17', '2021-08-18'];
    for (let i = 0; i < 150_000; i++) rows.push(`st${(i % 3) + 1},S${(i % 3) < 2 ? 1 : 2},${days[i % 3]},${i % 2 ? 'present' : 'tardy'}`);
    rows.push('st1,S1,2021-13-01,present');
    const r = await importBytes('attendance', rows.join('\n') + '\n');
    expect(r.status).toBe('refused');
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([{ severity: 'error', file: 'attendance.csv', line: 150_002, column: 'date', reason: '"2021-13-01" is not a real date' }]);
    await check(r);
  });

  it('random OneRoster files', async () => {
    const names = ['orgs', 'users', 'classes', 'enrollments', 'academicSessions', 'demographics', 'roles', 'courses'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...names), fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.string({ maxLength: 200 }).map((s) => `sourcedId,status,dateLastModified,name,type\n${s}`)), async (name, content) => {
        const dir = fixtureFolder({ 'manifest.csv': csv('propertyName,value', 'oneroster.version,1.2', `file.${name},bulk`), [`${name}.csv`]: content });
        await check(await importFolder(t, d, dir, options(d, { kind: 'oneroster' })));
      }),
      { numRuns: 30 },
    );
  });
});
