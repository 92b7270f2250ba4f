/**
 * The Ed-Fi reader: Data Standard 5 interchanges built in code, descriptor mappings, bad input of
 * every kind (never a crash: a clear error naming the file and line), and the real Grand Bend sample
 * when it is present beside the repository.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportIssue, RecordSink } from '../records.ts';
import { DescriptorMappings, readEdfiFolder } from './index.ts';
import { interchange, sampleInterchanges, writeSampleFolder } from './samples.ts';
import { INTERCHANGE_ORDER } from './interchanges.ts';

/** A sink that keeps everything it is given, by kind. */
export function collectingSink() {
  const records: Record<string, any[]> = {};
  const issues: ImportIssue[] = [];
  const sink = new Proxy({} as RecordSink, {
    get: (_t, kind: string) => {
      if (kind === 'progress') return undefined;
      if (kind === 'issue') return (i: ImportIssue) => issues.push(i);
      return (r: unknown) => {
        (records[kind] ??= []).push(r);
      };
    },
  });
  return { sink, records, issues, of: (kind: string) => records[kind] ?? [] };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'village-edfi-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

let n = 0;
async function folderWith(files: Record<string, string | Buffer>): Promise<string> {
  const f = path.join(dir, `case-${++n}`);
  await writeSampleFolder(f, {});
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(f, name), content);
  return f;
}

describe('a Data Standard 5 folder', () => {
  let got: ReturnType<typeof collectingSink>;
  let summary: Awaited<ReturnType<typeof readEdfiFolder>>;
  beforeAll(async () => {
    const folder = await writeSampleFolder(path.join(dir, 'sample'));
    got = collectingSink();
    summary = await readEdfiFolder(folder, got.sink);
  });

  it('recognises each interchange by its root element, whatever the file is called', () => {
    // Every interchange of the folder, read in the order each builds on the ones before.
    expect(summary.files.filter((f) => f.status === 'read').map((f) => f.root)).toEqual([...INTERCHANGE_ORDER]);
    expect(summary.files.every((f) => f.standard === '5.1')).toBe(true);
    expect(got.issues.filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('maps the district and reads schools with their grades and type', () => {
    expect(got.of('districtSource')).toEqual([expect.objectContaining({ system: 'edfi', sourceId: '10', name: 'Sample Unified' })]);
    expect(got.of('school')).toEqual([
      expect.objectContaining({ schoolId: '100', name: 'Alder Elementary', schoolType: 'elementary', lowGrade: 'KG', highGrade: '05', localId: 'ST-100' }),
      expect.objectContaining({ schoolId: '200', name: 'Birch Middle', schoolType: 'middle', lowGrade: '06', highGrade: '08', localId: null }),
    ]);
  });

  it('reads the school year from sessions (2022 meaning 2021-2022) and the calendar days', () => {
    expect(got.of('schoolYear')).toEqual([expect.objectContaining({ name: '2021-2022', startDate: '2021-08-23', endDate: '2022-05-27' })]);
    const days = got.of('calendarDay');
    expect(days).toHaveLength(11);
    expect(days.find((x) => x.date === '2021-09-06')).toMatchObject({ schoolId: '100', instructional: 0, event: 'Holiday' });
    expect(days.filter((x) => x.instructional === 1)).toHaveLength(10);
  });

  it('reads students, then their demographics from StudentEducationOrganizationAssociation, with program flags merged', () => {
    const students = got.of('student');
    const named = students.filter((s) => s.provides.includes('name'));
    expect(named.map((s) => `${s.studentId} ${s.firstName} ${s.lastName} ${s.birthDate}`)).toEqual(['1001 Ana García 2013-04-02', '1002 Ben Okafor 2013-06-11', '1003 Chen Wei 2010-01-20', '1004 Dara Nguyen 2010-09-09']);
    const demo = Object.fromEntries(students.filter((s) => !s.provides.includes('name')).map((s) => [s.studentId, s]));
    expect(demo['1001']).toMatchObject({ sex: 'F', hispanicLatino: 1, races: ['white'], homeLanguage: 'es', englishLearner: 1, localId: 'L-1001' });
    expect(demo['1002']).toMatchObject({ sex: 'M', hispanicLatino: 0, races: ['black', 'white'], homeless: 1, disability: 1 });
    expect(demo['1003']).toMatchObject({ sex: 'X', races: ['asian'], homeLanguage: 'zh', economicallyDisadvantaged: 1, homeless: 0 });
    expect(demo['1004']).toMatchObject({ sex: 'F', races: [], economicallyDisadvantaged: 0 });
    expect(demo['1003'].provides).toEqual(expect.arrayContaining(['sex', 'ethnicity', 'flags', 'homeLanguage', 'localId']));
  });

  it('reads enrollment spans with grade, school year and exit date', () => {
    expect(got.of('enrollment')).toEqual([
      expect.objectContaining({ studentId: '1001', schoolId: '100', grade: '03', schoolYear: '2021-2022', entryDate: '2021-08-23', exitDate: null }),
      expect.objectContaining({ studentId: '1002', grade: '03' }),
      expect.objectContaining({ studentId: '1003', schoolId: '200', grade: '06' }),
      expect.objectContaining({ studentId: '1004', exitDate: '2021-08-25' }),
    ]);
  });

  it('reads programs as student groups', () => {
    expect(got.of('program').map((p) => `${p.studentId}:${p.program}:${p.programName}:${p.schoolId}`)).toEqual(['1001:english_learner:ESL:100', '1002:special_education:Special Education:100', '1003:food_service:School Lunch:100', '1004:other:GT:100']);
  });

  it('reads assessment results with subject, scale score, ordered performance level and proficiency', () => {
    expect(got.of('assessment')).toEqual([
      expect.objectContaining({ studentId: '1001', assessment: 'State Test', subject: 'math', administrationDate: '2022-04-01', grade: '03', scaleScore: 400, performanceLevel: 2, performanceLevelLabel: 'Met Standard', proficient: 1, schoolId: '100' }),
      expect.objectContaining({ studentId: '1002', performanceLevel: 1, proficient: 0 }),
      expect.objectContaining({ studentId: '1001', assessment: 'State Test (Reading)', subject: 'ela', performanceLevel: null, proficient: 1 }),
    ]);
  });

  it('reads discipline actions with the most serious action and the incident behaviour', () => {
    expect(got.of('discipline')).toEqual([expect.objectContaining({ incidentId: 'A1', studentId: '1002', schoolId: '100', date: '2021-08-25', action: 'out_of_school_suspension', days: 2, behavior: 'School Code of Conduct: Fighting' })]);
  });

  it('stores school-level attendance, makes part-day absences partial, and never stores class-period events', () => {
    expect(got.of('attendance').map((a) => `${a.studentId} ${a.date} ${a.status}`)).toEqual(['1001 2021-08-24 absent_excused', '1001 2021-08-25 partial', '1002 2021-08-24 tardy', '1003 2021-08-26 absent_unexcused']);
    const section = got.issues.find((i) => i.column === 'StudentSectionAttendanceEvent');
    expect(section).toMatchObject({ severity: 'warning', file: 'i.xml' });
    expect(section!.reason).toMatch(/1 class-period attendance event.*not stored/);
  });

  it('reports an unknown descriptor once per file, naming the file, line and URI', () => {
    const w = got.issues.find((i) => i.reason.includes('Field trip'));
    expect(w).toMatchObject({ severity: 'warning', file: 'i.xml', column: 'AttendanceEventCategory' });
    expect(w!.line).toBeGreaterThan(1);
    expect(w!.reason).toContain('uri://ed-fi.org/AttendanceEventCategoryDescriptor#Field trip');
    expect(summary.unmapped).toEqual([expect.objectContaining({ descriptor: 'AttendanceEventCategory', codeValue: 'Field trip', occurrences: 1, file: 'i.xml' })]);
  });
});

describe('descriptor mappings a data manager edits', () => {
  it('maps a value the defaults do not know, overrides a default, and can be limited to one namespace', async () => {
    const folder = await writeSampleFolder(path.join(dir, 'mapped'));
    const got = collectingSink();
    const mappings = new DescriptorMappings([
      { descriptor: 'AttendanceEventCategory', codeValue: 'field TRIP', namespace: '', code: 'present' },
      { descriptor: 'Sex', codeValue: 'Non-binary', namespace: 'uri://other.org/SexDescriptor', code: 'F' },
      { descriptor: 'ProgramType', codeValue: 'Gifted and Talented', namespace: 'uri://ed-fi.org/ProgramTypeDescriptor', code: 'foster' },
    ]);
    const summary = await readEdfiFolder(folder, got.sink, { mappings });
    expect(summary.unmapped).toEqual([]);
    expect(got.of('attendance').find((a) => a.date === '2021-08-27')).toMatchObject({ studentId: '1003', status: 'present' });
    expect(got.of('student').find((s) => s.studentId === '1003' && s.provides.includes('sex')).sex).toBe('X');
    expect(got.of('program').find((p) => p.studentId === '1004').program).toBe('foster');
  });
});

describe('older Data Standards', () => {
  it('reads Data Standard 2 demographics on the Student; with a newer Student file, the newer names the students', async () => {
    const ds2 = interchange(
      'InterchangeStudent',
      `<Student id="S1"><StudentUniqueId>1001</StudentUniqueId><Name><FirstName>Old</FirstName><LastSurname>Name</LastSurname></Name><Sex>Female</Sex><BirthData><BirthDate>2013-04-02</BirthDate></BirthData>
<HispanicLatinoEthnicity>false</HispanicLatinoEthnicity><Race>Black - African American</Race><EconomicDisadvantaged>true</EconomicDisadvantaged>
<LimitedEnglishProficiency><CodeValue>Limited</CodeValue><Namespace>http://ed-fi.org/Descriptor/LimitedEnglishProficiencyDescriptor.xml</Namespace></LimitedEnglishProficiency>
<Language><Language><CodeValue>Vietnamese</CodeValue></Language><LanguageUse>Home language</LanguageUse></Language></Student>
<Student><StudentUniqueId>9999</StudentUniqueId><Name><FirstName>Not</FirstName><LastSurname>Here</LastSurname></Name></Student>
`,
      'http://ed-fi.org/0220',
    );
    const files = sampleInterchanges();
    const folder = await folderWith({ 'c.xml': files['c.xml'], 'old.xml': ds2 });
    const got = collectingSink();
    await readEdfiFolder(folder, got.sink);
    const fromOld = got.of('student').filter((s) => s.ref.file === 'old.xml');
    expect(fromOld).toEqual([expect.objectContaining({ studentId: '1001', sex: 'F', hispanicLatino: 0, races: ['black'], economicallyDisadvantaged: 1, englishLearner: 1, homeLanguage: 'vi' })]);
    expect(fromOld[0].provides).not.toContain('name');
    expect(got.issues.find((i) => i.file === 'old.xml' && i.reason.includes('9999'))?.severity).toBe('warning');

    // Alone, an older Student file names the students.
    const alone = collectingSink();
    await readEdfiFolder(await folderWith({ 'old.xml': ds2 }), alone.sink);
    expect(alone.of('student').map((s) => `${s.studentId} ${s.firstName}`)).toEqual(['1001 Old', '9999 Not']);
  });
});

describe('bad input: a clear error naming the file and line, never a crash', () => {
  const run = async (files: Record<string, string | Buffer>) => {
    const got = collectingSink();
    const summary = await readEdfiFolder(await folderWith(files), got.sink);
    return { ...got, summary };
  };

  it('refuses a file that is not well-formed, with its line', async () => {
    const { issues } = await run({ 'x.xml': interchange('InterchangeStudent', '<Student><StudentUniqueId>1</StudentUniqueId>\n<Name></Student>\n') });
    expect(issues).toEqual([expect.objectContaining({ severity: 'error', file: 'x.xml', line: 4, fatal: true })]);
    expect(issues[0].reason).toMatch(/not well formed/);
  });

  it('refuses a truncated file', async () => {
    const xml = sampleInterchanges()['i.xml'];
    const { issues, summary } = await run({ 'i.xml': xml.slice(0, Math.floor(xml.length * 0.6)) });
    expect(issues.find((i) => i.severity === 'error')).toMatchObject({ file: 'i.xml', fatal: true });
    expect(summary.files.find((f) => f.file === 'i.xml')?.status).toBe('failed');
  });

  it('names records that lack what they need, and keeps reading the others', async () => {
    const xml = interchange(
      'InterchangeStudentEnrollment',
      `<StudentSchoolAssociation><SchoolReference><SchoolIdentity><SchoolId>1</SchoolId></SchoolIdentity></SchoolReference><EntryDate>2021-08-23</EntryDate><EntryGradeLevel>uri://ed-fi.org/GradeLevelDescriptor#First grade</EntryGradeLevel></StudentSchoolAssociation>
<StudentSchoolAssociation><StudentReference><StudentIdentity><StudentUniqueId>5</StudentUniqueId></StudentIdentity></StudentReference><SchoolReference><SchoolIdentity><SchoolId>1</SchoolId></SchoolIdentity></SchoolReference><EntryDate>2021-02-30</EntryDate><EntryGradeLevel>uri://ed-fi.org/GradeLevelDescriptor#First grade</EntryGradeLevel></StudentSchoolAssociation>
<StudentSchoolAssociation><StudentReference><StudentIdentity><StudentUniqueId>6</StudentUniqueId></StudentIdentity></StudentReference><SchoolReference><SchoolIdentity><SchoolId>1</SchoolId></SchoolIdentity></SchoolReference><EntryDate>2021-08-23</EntryDate><ExitWithdrawDate>2021-08-01</ExitWithdrawDate><EntryGradeLevel>uri://ed-fi.org/GradeLevelDescriptor#First grade</EntryGradeLevel></StudentSchoolAssociation>
<StudentSchoolAssociation><StudentReference><StudentIdentity><StudentUniqueId>7</StudentUniqueId></StudentIdentity></StudentReference><SchoolReference><SchoolIdentity><SchoolId>1</SchoolId></SchoolIdentity></SchoolReference><EntryDate>2021-08-23</EntryDate><EntryGradeLevel>uri://ed-fi.org/GradeLevelDescriptor#First grade</EntryGradeLevel></StudentSchoolAssociation>
`,
    );
    const { issues, of } = await run({ 'e.xml': xml });
    const errors = issues.filter((i) => i.severity === 'error');
    expect(errors.map((e) => [e.line, e.column])).toEqual([
      [3, 'StudentReference/StudentIdentity/StudentUniqueId'],
      [4, 'EntryDate'],
      [5, 'ExitWithdrawDate'],
    ]);
    expect(errors[1].reason).toContain('2021-02-30');
    expect(of('enrollment').map((e) => e.studentId)).toEqual(['7']);
  });

  it('reads UTF-16 (with a byte-order mark) and Latin-1 declared in the XML declaration', async () => {
    const xml = interchange('InterchangeStudent', '<Student><StudentUniqueId>1</StudentUniqueId><Name><FirstName>Zoë</FirstName><LastSurname>Muñoz</LastSurname></Name></Student>\n');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]);
    const latin1 = iconv.encode(xml.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"'), 'latin1');
    for (const content of [utf16, latin1]) {
      const { of, issues } = await run({ 's.xml': content });
      expect(issues).toEqual([]);
      expect(of('student')[0]).toMatchObject({ firstName: 'Zoë', lastName: 'Muñoz' });
    }
  });

  it('refuses Latin-1 bytes in a file that says it is UTF-8, and names the reason', async () => {
    const xml = interchange('InterchangeStudent', '<Student><StudentUniqueId>1</StudentUniqueId><Name><FirstName>Zoë</FirstName><LastSurname>X</LastSurname></Name></Student>\n');
    const { issues } = await run({ 's.xml': iconv.encode(xml, 'latin1') });
    expect(issues).toEqual([expect.objectContaining({ severity: 'error', file: 's.xml', fatal: true })]);
    expect(issues[0].reason).toMatch(/not valid UTF-8/);
  });

  it('warns about XML that is not an Ed-Fi interchange, and refuses a folder with none', async () => {
    const { issues } = await run({ 'other.xml': '<?xml version="1.0"?><html><body/></html>', 'notes.txt': 'hello' });
    expect(issues.map((i) => i.severity)).toEqual(['warning', 'error']);
    expect(issues[0]).toMatchObject({ file: 'other.xml' });
    expect(issues[1].reason).toMatch(/no Ed-Fi interchange found/);
    const missing = collectingSink();
    await readEdfiFolder(path.join(dir, 'no-such-folder'), missing.sink);
    expect(missing.issues[0].reason).toMatch(/no such file or folder/);
  });

  it('refuses a text node of megabytes and nesting hundreds deep, without holding them', async () => {
    const huge = interchange('InterchangeStudent', `<Student><StudentUniqueId>${'9'.repeat(5 * 1024 * 1024)}</StudentUniqueId></Student>\n`);
    const deep = interchange('InterchangeStudent', `<Student>${'<a>'.repeat(200)}${'</a>'.repeat(200)}</Student>\n`);
    const a = await run({ 'huge.xml': huge });
    expect(a.issues[0]).toMatchObject({ severity: 'error', file: 'huge.xml', fatal: true });
    expect(a.issues[0].reason).toMatch(/more than 4 MB/);
    const b = await run({ 'deep.xml': deep });
    expect(b.issues[0].reason).toMatch(/nested more than 64 deep/);
  });
});

const GRAND_BEND = path.resolve('..', 'shared', 'data', 'ed-fi-grand-bend');
describe.skipIf(!existsSync(GRAND_BEND))('the Grand Bend sample (Ed-Fi Data Standard 5.2 and the Data Standard 2.2 Student file)', () => {
  it('reads 3 schools, 960 students with demographics, 1,917 attendance events in 2021-22, discipline, assessments and programs', async () => {
    const got = collectingSink();
    const summary = await readEdfiFolder(GRAND_BEND, got.sink);
    expect(got.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(got.of('districtSource')).toEqual([expect.objectContaining({ sourceId: '255901', name: 'Grand Bend ISD' })]);
    expect(got.of('school').map((s) => `${s.schoolId} ${s.schoolType}`)).toEqual(['255901001 high', '255901044 middle', '255901107 elementary']);
    const students = got.of('student');
    expect(new Set(students.map((s) => s.studentId)).size).toBe(960);
    expect(students.filter((s) => s.provides.includes('name'))).toHaveLength(960);
    const demographics = students.filter((s) => s.ref.file.startsWith('ds2.2') && s.provides.includes('sex'));
    expect(demographics).toHaveLength(960);
    expect(new Set(demographics.map((s) => s.sex))).toEqual(new Set(['F', 'M']));
    const attendance = got.of('attendance');
    expect(attendance).toHaveLength(1917);
    expect(attendance.every((a) => a.date >= '2021-08-23' && a.date <= '2022-05-27')).toBe(true);
    expect(attendance.filter((a) => a.status === 'absent_excused')).toHaveLength(1077);
    expect(attendance.filter((a) => a.status === 'absent_unexcused')).toHaveLength(773);
    expect(new Set(attendance.map((a) => a.studentId)).size).toBe(227);
    expect(got.of('discipline')).toHaveLength(25);
    expect(got.of('assessment')).toHaveLength(34 + 335 + 160);
    // 706 program associations; 43 students have two "other" programs from the same day, merged into one record each.
    const programs = got.of('program');
    expect(summary.files.find((f) => f.file.endsWith('StudentProgram.xml'))?.records).toBe(706);
    expect(programs).toHaveLength(706 - 43);
    expect(new Set(programs.map((p) => `${p.studentId}|${p.program}|${p.beginDate}`)).size).toBe(programs.length);
    expect(programs.filter((p) => p.program === 'special_education')).toHaveLength(97);
    expect(programs.some((p) => p.programName === 'Migrant Education; Career and Technical Education' || p.programName === 'Career and Technical Education; Migrant Education')).toBe(true);
    expect(summary.counts.sectionAttendanceEvents).toBe(66);
    expect(summary.files.find((f) => f.file.endsWith('StudentEnrollment.xml'))).toBeUndefined();
  });
});
if (!existsSync(GRAND_BEND)) console.info(`Skipping the Grand Bend sample test: ${GRAND_BEND} is not present.`);
