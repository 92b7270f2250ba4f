/**
 * Property tests of the Ed-Fi reader: whatever bytes a file holds (random, truncated, re-encoded,
 * mangled, enormous, deeply nested), reading resolves without throwing, every issue names the file
 * and a reason, and a file that cannot be read is a fatal error with nothing more read from it.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportIssue, RecordSink } from '../records.ts';
import { readEdfiFolder } from './index.ts';
import { interchange, sampleInterchanges } from './samples.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'village-edfi-fuzz-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function readBytes(content: Buffer | string) {
  await writeFile(path.join(dir, 'f.xml'), content);
  const issues: ImportIssue[] = [];
  let records = 0;
  const sink = new Proxy({} as RecordSink, {
    get: (_t, kind: string) =>
      kind === 'issue' ? (i: ImportIssue) => issues.push(i) : ['progress', 'file', 'flush', 'fileDone'].includes(kind) ? undefined : () => void records++,
  });
  const summary = await readEdfiFolder(dir, sink);
  for (const i of issues) {
    // The file, or the folder when no file in it is an interchange.
    expect(['f.xml', path.basename(dir)]).toContain(i.file);
    expect(typeof i.reason).toBe('string');
    expect(i.reason.length).toBeGreaterThan(5);
    expect(['error', 'warning']).toContain(i.severity);
    expect(Number.isInteger(i.line) && i.line >= 0).toBe(true);
  }
  return { issues, records, summary, fatal: issues.some((i) => i.fatal) };
}

const samples = Object.values(sampleInterchanges());
const runs = { numRuns: 40 };

describe('the Ed-Fi reader never crashes', () => {
  it('on random bytes, alone or after the start of an interchange', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 3000 }), fc.boolean(), async (bytes, prefixed) => {
        const head = prefixed ? Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\n<InterchangeStudentAttendance xmlns="http://ed-fi.org/5.2.0">\n') : Buffer.alloc(0);
        const { summary } = await readBytes(Buffer.concat([head, Buffer.from(bytes)]));
        expect(summary.files.length).toBe(1);
      }),
      runs,
    );
  });

  it('on a file cut short anywhere: a fatal error for that file', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...samples), fc.double({ min: 0, max: 0.97, noNaN: true }), async (xml, at) => {
        const cut = xml.slice(0, Math.floor(xml.length * at));
        const { fatal, summary } = await readBytes(cut);
        expect(fatal).toBe(true);
        expect(summary.files[0].status).not.toBe('read');
      }),
      runs,
    );
  });

  it('on a valid file in another encoding: read correctly, or refused naming the encoding', async () => {
    const xml = interchange('InterchangeStudent', '<Student><StudentUniqueId>1</StudentUniqueId><Name><FirstName>Zoë Ñ</FirstName><LastSurname>Þór</LastSurname></Name></Student>\n');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('utf16le', 'utf16le-bom', 'utf16be-bom', 'latin1', 'win1252', 'utf8-bom', 'cp437'), async (enc) => {
        let bytes: Buffer;
        if (enc === 'utf16le') bytes = Buffer.from(xml, 'utf16le');
        else if (enc === 'utf16le-bom') bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]);
        else if (enc === 'utf16be-bom') bytes = Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(xml, 'utf16-be')]);
        else if (enc === 'utf8-bom') bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml)]);
        else bytes = iconv.encode(xml, enc);
        const { issues, records } = await readBytes(bytes);
        if (issues.length === 0) expect(records).toBe(1);
        else expect(issues[0].reason).toMatch(/UTF-8|encoding|well formed/);
      }),
      { numRuns: 20 },
    );
  });

  it('on a valid file with a span replaced by markup characters', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...samples),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 200 }),
        fc.string({ unit: fc.constantFrom('<', '>', '&', '"', "'", '/', '=', '#', ':', 'a', ' ', '\n', '\u0000', '\uFFFE', ']]>', '<!--', '<![CDATA['), maxLength: 30 }),
        async (xml, at, len, junk) => {
          const i = Math.floor(xml.length * at);
          await readBytes(xml.slice(0, i) + junk + xml.slice(i + len));
        },
      ),
      runs,
    );
  });

  it('on enormous text and nesting deeper than any interchange', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 65, max: 3000 }), fc.constantFrom('text', 'attribute', 'comment'), async (depth, where) => {
        const deep = interchange('InterchangeStudent', `<Student>${'<x>'.repeat(depth)}${'</x>'.repeat(depth)}</Student>\n`);
        const a = await readBytes(deep);
        expect(a.issues[0].reason).toMatch(/nested more than 64/);
        const big = 'z'.repeat(4.5 * 1024 * 1024);
        const body = where === 'text' ? `<Student><Name>${big}</Name></Student>` : where === 'attribute' ? `<Student id="${big}"/>` : `<!--${big}-->`;
        const b = await readBytes(interchange('InterchangeStudent', body));
        expect(b.fatal).toBe(true);
        expect(b.issues[0].reason).toMatch(/more than 4 MB/);
      }),
      { numRuns: 4 },
    );
  });
});
