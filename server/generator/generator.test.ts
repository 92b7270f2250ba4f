/**
 * The synthetic district generator: the same options give byte-identical files; every file parses
 * with the CSV rules and has the columns of its format; references resolve; and the district is
 * realistic — chronic absence computed here, straight from the files by the rules of PRODUCT.md,
 * lands in 15-30%, higher in kindergarten and grades 9-12, unequal across student groups, with a
 * heavy tail; attendance rows are exactly the enrolled instructional days; suspensions appear in
 * attendance; assessments fall as absences rise.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDistrict, GeneratorOptionError, type GeneratedDistrict } from './index.ts';
import { ONEROSTER_HEADERS } from './oneroster.ts';
import { TEMPLATE_HEADERS } from './templates.ts';

const tmp = mkdtempSync(path.join(tmpdir(), 'village-generator-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Row = Record<string, string>;

/** Parses a CSV file by RFC 4180 (every row must have the header's number of cells). */
function readCsv(file: string): { header: string[]; rows: Row[] } {
  const text = readFileSync(file, 'utf8');
  const header = (parse(text, { to_line: 1 }) as string[][])[0];
  const rows = parse(text, { columns: true, relax_column_count: false, skip_empty_lines: true }) as Row[];
  return { header, rows };
}

function hashFolder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const GRADES = new Set(['KG', '01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12']);
const FULL_DAY_ABSENCE = new Set(['absent_excused', 'absent_unexcused', 'suspension_out_of_school']);

function duplicates(rows: Row[], key: (r: Row) => string): string[] {
  const seen = new Set<string>();
  const dups: string[] = [];
  for (const r of rows) {
    const k = key(r);
    if (seen.has(k)) dups.push(k);
    seen.add(k);
  }
  return dups;
}

describe('determinism', () => {
  it('writes byte-identical files for the same options, and different ones for another seed', async () => {
    const options = { students: 300, schools: 4, year: '2024-2025', seed: 11, priorYears: 1, through: '2025-02-14' };
    await generateDistrict({ ...options, out: path.join(tmp, 'a') });
    await generateDistrict({ ...options, out: path.join(tmp, 'b') });
    const a = hashFolder(path.join(tmp, 'a'));
    expect(Object.keys(a)).toContain('csv/attendance.csv');
    expect(Object.keys(a)).toContain('oneroster/users.csv');
    expect(hashFolder(path.join(tmp, 'b'))).toEqual(a);
    // Writing again into an earlier generated district replaces it, still identically.
    await generateDistrict({ ...options, out: path.join(tmp, 'a') });
    expect(hashFolder(path.join(tmp, 'a'))).toEqual(a);
    await generateDistrict({ ...options, seed: 12, out: path.join(tmp, 'c') });
    const c = hashFolder(path.join(tmp, 'c'));
    expect(c['csv/attendance.csv']).not.toEqual(a['csv/attendance.csv']);
    expect(c['csv/students.csv']).not.toEqual(a['csv/students.csv']);
  });

  it('refuses bad options, naming the option, and a folder that holds other things', async () => {
    const base = { students: 50, year: '2024-2025', seed: 1, out: path.join(tmp, 'bad') };
    const refused = async (o: Partial<typeof base> & Record<string, unknown>, option: string) => {
      const err = await generateDistrict({ ...base, ...o } as never).catch((e) => e);
      expect(err).toBeInstanceOf(GeneratorOptionError);
      expect((err as GeneratorOptionError).option).toBe(option);
    };
    await refused({ students: 0 }, 'students');
    await refused({ year: '2024-2026' }, 'year');
    await refused({ year: '2024' }, 'year');
    await refused({ schools: 0 }, 'schools');
    await refused({ through: '2025-02-30' }, 'through');
    await refused({ through: '2026-01-01' }, 'through');
    await refused({ priorYears: -1 }, 'prior-years');
    await refused({ attendance: 'some' }, 'attendance');
    const other = path.join(tmp, 'other');
    rmSync(other, { recursive: true, force: true });
    await generateDistrict({ ...base, out: other });
    writeFileSync(path.join(tmp, 'note.txt'), 'not a district');
    await refused({ out: tmp }, 'out');
  });
});

describe('a generated district', () => {
  let gen: GeneratedDistrict;
  const dir = path.join(tmp, 'district');
  const csv: Record<string, Row[]> = {};
  const or: Record<string, Row[]> = {};
  const YEAR = '2023-2024';

  beforeAll(async () => {
    gen = await generateDistrict({ students: 3000, schools: 6, year: YEAR, seed: 2024, out: dir });
    for (const kind of Object.keys(TEMPLATE_HEADERS) as Array<keyof typeof TEMPLATE_HEADERS>) {
      const { header, rows } = readCsv(path.join(gen.csvDir, `${kind}.csv`));
      expect(header, kind).toEqual([...TEMPLATE_HEADERS[kind]]);
      csv[kind] = rows;
    }
    for (const name of Object.keys(ONEROSTER_HEADERS) as Array<keyof typeof ONEROSTER_HEADERS>) {
      const { header, rows } = readCsv(path.join(gen.oneRosterDir, `${name}.csv`));
      expect(header, name).toEqual([...ONEROSTER_HEADERS[name]]);
      or[name] = rows;
    }
  }, 120_000);

  it('has the schools of every level and exactly the students asked for', () => {
    expect(gen.studentsLastYear).toBe(3000);
    expect(new Set(csv.enrollments.map((e) => e.student_id)).size).toBe(3000);
    expect(csv.schools.map((s) => s.school_type).sort()).toEqual(expect.arrayContaining(['elementary', 'middle', 'high']));
    expect(csv.schools).toHaveLength(6);
    for (const s of csv.schools) {
      expect(GRADES.has(s.low_grade) && GRADES.has(s.high_grade)).toBe(true);
    }
    // The first school by id is an elementary school (the demo teacher teaches there).
    expect([...csv.schools].sort((a, b) => a.school_id.localeCompare(b.school_id))[0].school_type).toBe('elementary');
  });

  it('has well-formed values and no duplicate keys', () => {
    const yn = (v: string) => v === 'Y' || v === 'N';
    const races = new Set(['american_indian_alaska_native', 'asian', 'black', 'native_hawaiian_pacific_islander', 'white']);
    // Rows that break a rule (collected, then checked once: an expect per row is slow).
    const bad = (rows: Row[], ok: (r: Row) => boolean) => rows.filter((r) => !ok(r));
    expect(bad(csv.students, (s) =>
      DATE.test(s.birth_date) && ['F', 'M', 'X'].includes(s.sex) && (s.hispanic_latino === '' || yn(s.hispanic_latino)) &&
      ['english_learner', 'disability', 'economically_disadvantaged', 'homeless', 'foster'].every((f) => yn(s[f])) &&
      /^[a-z]{2,3}$/.test(s.home_language) && (s.races === '' || s.races.split(';').every((r) => races.has(r))),
    )).toEqual([]);
    expect(bad(csv.enrollments, (e) => GRADES.has(e.grade) && DATE.test(e.entry_date) && (e.exit_date === '' || (DATE.test(e.exit_date) && e.exit_date >= e.entry_date)) && e.school_year === YEAR)).toEqual([]);
    expect(bad(csv.assessments, (a) => ['ela', 'math'].includes(a.subject) && Number(a.performance_level) >= 1 && Number(a.performance_level) <= 4 && a.proficient === (Number(a.performance_level) >= 3 ? 'Y' : 'N') && GRADES.has(a.grade))).toEqual([]);
    expect(bad(csv.discipline, (d) => ['out_of_school_suspension', 'in_school_suspension', 'other'].includes(d.action) && (d.days === '' || Number(d.days) > 0) && DATE.test(d.date))).toEqual([]);
    expect(bad(csv.guardians, (g) => /^[a-z]{2,3}$/.test(g.preferred_language) && yn(g.lives_with_student) && g.first_name !== '' && g.last_name !== '')).toEqual([]);
    expect(duplicates(csv.schools, (r) => r.school_id)).toEqual([]);
    expect(duplicates(csv.students, (r) => r.student_id)).toEqual([]);
    expect(duplicates(csv.guardians, (r) => `${r.guardian_id}|${r.student_id}`)).toEqual([]);
    expect(duplicates(csv.calendar, (r) => `${r.school_id}|${r.date}`)).toEqual([]);
    expect(duplicates(csv.enrollments, (r) => `${r.student_id}|${r.school_id}|${r.entry_date}`)).toEqual([]);
    expect(duplicates(csv.assessments, (r) => `${r.student_id}|${r.assessment}|${r.subject}|${r.administration_date}`)).toEqual([]);
    expect(duplicates(csv.discipline, (r) => `${r.incident_id}|${r.student_id}`)).toEqual([]);
    expect(duplicates(csv.attendance, (r) => `${r.student_id}|${r.school_id}|${r.date}`)).toEqual([]);
    for (const name of Object.keys(or)) expect(duplicates(or[name], (r) => r.sourcedId), name).toEqual([]);
  });

  it('writes OneRoster 1.2 whose references resolve', () => {
    const manifest = Object.fromEntries(readCsv(path.join(gen.oneRosterDir, 'manifest.csv')).rows.map((r) => [r.propertyName, r.value]));
    expect(manifest['oneroster.version']).toBe('1.2');
    for (const name of Object.keys(ONEROSTER_HEADERS)) expect(manifest[`file.${name}`], name).toBe('bulk');
    expect(manifest['file.results']).toBe('absent');
    const orgs = new Set(or.orgs.map((o) => o.sourcedId));
    const district = or.orgs.filter((o) => o.type === 'district');
    expect(district).toHaveLength(1);
    for (const o of or.orgs.filter((x) => x.type === 'school')) expect(o.parentSourcedId).toBe(district[0].sourcedId);
    const users = new Map(or.users.map((u) => [u.sourcedId, u]));
    const roleOf = new Map<string, Set<string>>();
    for (const r of or.roles) roleOf.set(r.userSourcedId, (roleOf.get(r.userSourcedId) ?? new Set()).add(r.role));
    // Problems are collected and checked once (an expect per row is slow).
    const problems: string[] = [];
    for (const r of or.roles) if (!users.has(r.userSourcedId) || !orgs.has(r.orgSourcedId)) problems.push(`role ${r.sourcedId}`);
    // Every user has exactly one primary role.
    const primaries = new Map<string, number>();
    for (const r of or.roles) if (r.roleType === 'primary') primaries.set(r.userSourcedId, (primaries.get(r.userSourcedId) ?? 0) + 1);
    for (const u of or.users) if (primaries.get(u.sourcedId) !== 1) problems.push(`primary roles of ${u.sourcedId}`);
    // Guardians and students point at each other through agentSourcedIds.
    let linked = 0;
    for (const u of or.users) {
      const roles = roleOf.get(u.sourcedId)!;
      for (const agent of u.agentSourcedIds ? u.agentSourcedIds.split(',') : []) {
        const other = users.get(agent);
        if (!other || !other.agentSourcedIds.split(',').includes(u.sourcedId)) problems.push(`agent ${u.sourcedId} -> ${agent}`);
        else if (roles.has('student') && ![...roleOf.get(agent)!].some((r) => r === 'parent' || r === 'guardian')) problems.push(`agent ${agent} is no guardian`);
        linked++;
      }
    }
    expect(linked).toBeGreaterThan(3000);
    const classes = new Map(or.classes.map((c) => [c.sourcedId, c]));
    const courses = new Set(or.courses.map((c) => c.sourcedId));
    const sessions = new Set(or.academicSessions.map((x) => x.sourcedId));
    for (const c of or.classes) {
      if (!courses.has(c.courseSourcedId) || !orgs.has(c.schoolSourcedId) || !c.termSourcedIds.split(',').every((t) => sessions.has(t))) problems.push(`class ${c.sourcedId}`);
    }
    const teachersPerClass = new Map<string, number>();
    for (const e of or.enrollments) {
      if (!classes.has(e.classSourcedId) || !users.has(e.userSourcedId) || e.schoolSourcedId !== classes.get(e.classSourcedId)!.schoolSourcedId) problems.push(`enrollment ${e.sourcedId}`);
      if (e.role === 'teacher') teachersPerClass.set(e.classSourcedId, (teachersPerClass.get(e.classSourcedId) ?? 0) + 1);
    }
    for (const c of or.classes) if (teachersPerClass.get(c.sourcedId) !== 1) problems.push(`teachers of ${c.sourcedId}`);
    expect(problems).toEqual([]);
    // Every school has teachers with classes.
    for (const s of csv.schools) expect(or.classes.some((c) => c.schoolSourcedId === s.school_id)).toBe(true);
    // Demographics for every student user; the Village files name the same students and schools.
    const studentIds = new Set(or.users.filter((u) => roleOf.get(u.sourcedId)!.has('student')).map((u) => u.sourcedId));
    expect(studentIds.size).toBe(3000);
    expect(new Set(or.demographics.map((d) => d.sourcedId))).toEqual(studentIds);
    const villageStudents = new Set(csv.students.map((s) => s.student_id));
    expect([...studentIds].filter((id) => !villageStudents.has(id))).toEqual([]);
    for (const s of csv.schools) expect(orgs.has(s.school_id)).toBe(true);
  });

  it('has calendars of about 180 school days with holidays and breaks', () => {
    const perSchool = new Map<string, number>();
    for (const d of csv.calendar) if (d.instructional === 'Y') perSchool.set(d.school_id, (perSchool.get(d.school_id) ?? 0) + 1);
    for (const s of csv.schools) {
      const n = perSchool.get(s.school_id)!;
      expect(n).toBeGreaterThanOrEqual(175);
      expect(n).toBeLessThanOrEqual(180);
    }
    const off = new Set(csv.calendar.filter((d) => d.instructional === 'N').map((d) => d.date));
    expect(off.has('2023-09-04')).toBe(true); // Labor Day
    expect(off.has('2023-11-24')).toBe(true); // the day after Thanksgiving
    expect(off.has('2024-01-01')).toBe(true);
    expect(off.has('2024-01-15')).toBe(true); // Martin Luther King Jr. Day
    expect([...off].filter((d) => d >= '2023-12-18' && d <= '2024-01-05').length).toBeGreaterThanOrEqual(9); // winter break
    for (const d of csv.calendar) expect([0, 6]).not.toContain(new Date(`${d.date}T00:00:00Z`).getUTCDay());
  });

  it('has mid-year entries, exits, moves between schools, families and home languages', () => {
    const firstDay = csv.calendar.map((d) => d.date).sort()[0];
    const lastDay = csv.calendar.filter((d) => d.instructional === 'Y').map((d) => d.date).sort().at(-1)!;
    expect(csv.enrollments.filter((e) => e.entry_date > firstDay).length).toBeGreaterThan(60);
    expect(csv.enrollments.filter((e) => e.exit_date && e.exit_date < lastDay).length).toBeGreaterThan(60);
    const schoolsOf = new Map<string, Set<string>>();
    for (const e of csv.enrollments) schoolsOf.set(e.student_id, (schoolsOf.get(e.student_id) ?? new Set()).add(e.school_id));
    expect([...schoolsOf.values()].filter((s) => s.size > 1).length).toBeGreaterThan(10);
    // Spans of one student never overlap.
    const byStudent = new Map<string, Row[]>();
    for (const e of csv.enrollments) byStudent.set(e.student_id, [...(byStudent.get(e.student_id) ?? []), e]);
    for (const spans of byStudent.values()) {
      spans.sort((a, b) => a.entry_date.localeCompare(b.entry_date));
      for (let i = 1; i < spans.length; i++) expect(spans[i - 1].exit_date < spans[i].entry_date && spans[i - 1].exit_date !== '').toBe(true);
    }
    // Families: guardians with several children at one school.
    const schoolOf = new Map(csv.enrollments.map((e) => [e.student_id, e.school_id]));
    const children = new Map<string, string[]>();
    for (const g of csv.guardians) children.set(g.guardian_id, [...(children.get(g.guardian_id) ?? []), g.student_id]);
    const siblingsAtOneSchool = [...children.values()].filter((kids) => kids.length > 1 && new Set(kids.map((k) => schoolOf.get(k))).size < kids.length);
    expect(siblingsAtOneSchool.length).toBeGreaterThan(100);
    const languages = new Set(csv.students.map((s) => s.home_language));
    for (const l of ['en', 'es', 'vi', 'zh', 'ar', 'tl']) expect(languages.has(l), l).toBe(true);
    const preferred = new Set(csv.guardians.map((g) => g.preferred_language));
    for (const l of ['en', 'es', 'vi', 'zh']) expect(preferred.has(l), l).toBe(true);
    // Some guardians of non-English-speaking homes prefer English.
    const homeOf = new Map(csv.students.map((s) => [s.student_id, s.home_language]));
    expect(csv.guardians.some((g) => homeOf.get(g.student_id) !== 'en' && g.preferred_language === 'en')).toBe(true);
  });

  it('gives one attendance row per student per enrolled instructional day, and suspensions match discipline', () => {
    const instructional = new Set(csv.calendar.filter((d) => d.instructional === 'Y').map((d) => `${d.school_id}|${d.date}`));
    const spans = new Map<string, Row[]>();
    for (const e of csv.enrollments) spans.set(`${e.student_id}|${e.school_id}`, [...(spans.get(`${e.student_id}|${e.school_id}`) ?? []), e]);
    let expected = 0;
    const daysBySchool = new Map<string, string[]>();
    for (const d of csv.calendar) if (d.instructional === 'Y') daysBySchool.set(d.school_id, [...(daysBySchool.get(d.school_id) ?? []), d.date]);
    for (const e of csv.enrollments) expected += daysBySchool.get(e.school_id)!.filter((d) => d >= e.entry_date && (!e.exit_date || d <= e.exit_date)).length;
    expect(csv.attendance.length).toBe(expected);
    const statuses = new Map<string, number>();
    const oss = new Map<string, number>();
    const outside: Row[] = [];
    const badMinutes: Row[] = [];
    for (const a of csv.attendance) {
      const within = instructional.has(`${a.school_id}|${a.date}`) && (spans.get(`${a.student_id}|${a.school_id}`) ?? []).some((e) => a.date >= e.entry_date && (!e.exit_date || a.date <= e.exit_date));
      if (!within) outside.push(a);
      statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
      if (a.status === 'partial' ? !(Number(a.minutes_absent) > 0) : a.minutes_absent !== '') badMinutes.push(a);
      if (a.status === 'suspension_out_of_school') oss.set(`${a.student_id}|${a.school_id}`, (oss.get(`${a.student_id}|${a.school_id}`) ?? 0) + 1);
    }
    expect(outside).toEqual([]);
    expect(badMinutes).toEqual([]);
    for (const s of ['present', 'absent_excused', 'absent_unexcused', 'suspension_out_of_school', 'suspension_in_school', 'tardy', 'partial']) expect(statuses.get(s), s).toBeGreaterThan(0);
    const suspensionDays = new Map<string, number>();
    for (const d of csv.discipline) if (d.action === 'out_of_school_suspension') suspensionDays.set(`${d.student_id}|${d.school_id}`, (suspensionDays.get(`${d.student_id}|${d.school_id}`) ?? 0) + Number(d.days));
    for (const [k, n] of oss) expect(n, k).toBeLessThanOrEqual(suspensionDays.get(k) ?? 0);
    expect(oss.size).toBeGreaterThan(20);
  });

  it('has chronic absence in 15-30%, higher in kindergarten and grades 9-12, unequal across groups, with a heavy tail', () => {
    // The rules of PRODUCT.md, computed plainly from the files.
    const daysBySchool = new Map<string, string[]>();
    for (const d of csv.calendar) if (d.instructional === 'Y') daysBySchool.set(d.school_id, [...(daysBySchool.get(d.school_id) ?? []), d.date]);
    const enrolled = new Map<string, Set<string>>();
    const grade = new Map<string, { grade: string; entry: string }>();
    for (const e of csv.enrollments) {
      const set = enrolled.get(e.student_id) ?? new Set<string>();
      for (const d of daysBySchool.get(e.school_id)!) if (d >= e.entry_date && (!e.exit_date || d <= e.exit_date)) set.add(`${e.school_id}|${d}`);
      enrolled.set(e.student_id, set);
      const g = grade.get(e.student_id);
      if (!g || e.entry_date > g.entry) grade.set(e.student_id, { grade: e.grade, entry: e.entry_date });
    }
    const absent = new Map<string, Set<string>>();
    for (const a of csv.attendance) {
      if (!FULL_DAY_ABSENCE.has(a.status)) continue;
      const key = `${a.school_id}|${a.date}`;
      if (!enrolled.get(a.student_id)?.has(key)) continue;
      absent.set(a.student_id, (absent.get(a.student_id) ?? new Set()).add(key));
    }
    const students = new Map(csv.students.map((s) => [s.student_id, s]));
    const tally = new Map<string, [number, number]>();
    const count = (group: string, chronic: boolean) => {
      const t = tally.get(group) ?? [0, 0];
      t[0]++;
      if (chronic) t[1]++;
      tally.set(group, t);
    };
    const rates: number[] = [];
    for (const [id, days] of enrolled) {
      const n = days.size;
      if (n < 10) continue;
      const a = absent.get(id)?.size ?? 0;
      const chronic = 10 * a >= n;
      rates.push(a / n);
      const s = students.get(id)!;
      const g = grade.get(id)!.grade;
      count('all', chronic);
      count(g === 'KG' ? 'KG' : Number(g) >= 9 ? '9-12' : '1-8', chronic);
      const race = s.hispanic_latino === 'Y' ? 'hispanic' : !s.races ? 'unknown' : s.races.includes(';') ? 'two_or_more' : s.races;
      count(`race=${race}`, chronic);
      for (const f of ['economically_disadvantaged', 'disability', 'homeless', 'english_learner']) count(`${f}=${s[f]}`, chronic);
    }
    const rate = (g: string) => tally.get(g)![1] / tally.get(g)![0];
    expect(rate('all')).toBeGreaterThanOrEqual(0.15);
    expect(rate('all')).toBeLessThanOrEqual(0.3);
    expect(rate('KG')).toBeGreaterThan(rate('1-8') + 0.05);
    expect(rate('9-12')).toBeGreaterThan(rate('1-8') + 0.05);
    expect(rate('economically_disadvantaged=Y')).toBeGreaterThan(rate('economically_disadvantaged=N') + 0.08);
    expect(rate('homeless=Y')).toBeGreaterThan(rate('homeless=N') + 0.1);
    expect(rate('disability=Y')).toBeGreaterThan(rate('disability=N') + 0.04);
    const raceRates = [...tally.keys()].filter((k) => k.startsWith('race=') && tally.get(k)![0] >= 100).map(rate);
    expect(Math.max(...raceRates) - Math.min(...raceRates)).toBeGreaterThan(0.12);
    // Heavy tail: the 95th percentile absence rate is far above the median, some miss a third or more.
    rates.sort((x, y) => x - y);
    const q = (p: number) => rates[Math.floor(p * (rates.length - 1))];
    expect(q(0.95)).toBeGreaterThan(3 * q(0.5));
    expect(rates.filter((r) => r >= 0.3).length).toBeGreaterThan(rates.length * 0.01);
    expect(rates.filter((r) => r >= 0.2).length).toBeGreaterThan(rates.length * 0.04);
  });

  it('has assessment results that fall as absences rise', () => {
    const absences = new Map<string, number>();
    const days = new Map<string, number>();
    for (const a of csv.attendance) {
      days.set(a.student_id, (days.get(a.student_id) ?? 0) + 1);
      if (FULL_DAY_ABSENCE.has(a.status)) absences.set(a.student_id, (absences.get(a.student_id) ?? 0) + 1);
    }
    const chronic = (id: string) => 10 * (absences.get(id) ?? 0) >= days.get(id)!;
    const proficient = (rows: Row[]) => rows.filter((r) => r.proficient === 'Y').length / rows.length;
    const state = csv.assessments.filter((a) => a.assessment === 'State Assessment');
    expect(new Set(state.map((a) => a.grade))).toEqual(new Set(['03', '04', '05', '06', '07', '08', '11']));
    const yes = state.filter((a) => chronic(a.student_id));
    const no = state.filter((a) => !chronic(a.student_id));
    expect(yes.length).toBeGreaterThan(200);
    expect(proficient(no)).toBeGreaterThan(proficient(yes) + 0.1);
    const overall = proficient(state);
    expect(overall).toBeGreaterThan(0.25);
    expect(overall).toBeLessThan(0.6);
  });
});

describe('several years and a year in progress', () => {
  it('moves the same students up a grade and stops records at --through', async () => {
    const gen = await generateDistrict({ students: 800, schools: 4, year: '2025-2026', seed: 5, priorYears: 1, through: '2026-01-16', out: path.join(tmp, 'years') });
    expect(gen.years).toEqual(['2024-2025', '2025-2026']);
    const enrollments = readCsv(path.join(gen.csvDir, 'enrollments.csv')).rows;
    const gradeIn = (year: string) => new Map(enrollments.filter((e) => e.school_year === year).map((e) => [e.student_id, e.grade]));
    const before = gradeIn('2024-2025');
    const now = gradeIn('2025-2026');
    expect(now.size).toBe(800);
    let both = 0;
    for (const [id, g] of now) {
      const prev = before.get(id);
      if (prev === undefined) continue;
      both++;
      expect(g === '01' ? prev === 'KG' : Number(g) === Number(prev === 'KG' ? 0 : prev) + 1, `${id} ${prev} -> ${g}`).toBe(true);
    }
    expect(both).toBeGreaterThan(600);
    // Seniors of the first year graduated; kindergartners of the second are new.
    expect([...before.values()].filter((g) => g === '12').length).toBeGreaterThan(30);
    const attendance = readCsv(path.join(gen.csvDir, 'attendance.csv')).rows;
    expect(attendance.some((a) => a.date > '2026-01-16')).toBe(false);
    expect(attendance.some((a) => a.date === '2026-01-16')).toBe(true);
    expect(attendance.some((a) => a.date < '2025-06-30')).toBe(true);
    expect(enrollments.filter((e) => e.school_year === '2025-2026' && e.exit_date === '').length).toBeGreaterThan(700);
    expect(enrollments.every((e) => e.entry_date <= '2026-01-16' && (e.exit_date === '' || e.exit_date <= '2026-01-16' || e.school_year === '2024-2025'))).toBe(true);
    const assessments = readCsv(path.join(gen.csvDir, 'assessments.csv')).rows;
    expect(assessments.every((a) => a.administration_date <= '2026-01-16')).toBe(true);
    const calendar = readCsv(path.join(gen.csvDir, 'calendar.csv')).rows;
    expect(calendar.some((d) => d.date > '2026-05-01')).toBe(true); // the calendar covers the whole year
  });

  it('writes only the days that were not plain presence when asked', async () => {
    const gen = await generateDistrict({ students: 200, schools: 3, year: '2025-2026', seed: 5, attendance: 'absences', out: path.join(tmp, 'absences') });
    const rows = readCsv(path.join(gen.csvDir, 'attendance.csv')).rows;
    expect(rows.length).toBeGreaterThan(500);
    expect(rows.some((r) => r.status === 'present')).toBe(false);
  });
});

describe('a year that has not started yet', () => {
  it('has the roster enrolled from the first day, and no records', async () => {
    const gen = await generateDistrict({ students: 120, schools: 3, year: '2025-2026', seed: 8, priorYears: 1, through: '2025-08-05', out: path.join(tmp, 'before') });
    const enrollments = readCsv(path.join(gen.csvDir, 'enrollments.csv')).rows.filter((e) => e.school_year === '2025-2026');
    expect(new Set(enrollments.map((e) => e.student_id)).size).toBe(120);
    const firstDay = readCsv(path.join(gen.csvDir, 'calendar.csv')).rows.filter((d) => d.school_year === '2025-2026')[0].date;
    expect(enrollments.every((e) => e.entry_date === firstDay && e.exit_date === '')).toBe(true);
    expect(readCsv(path.join(gen.csvDir, 'attendance.csv')).rows.every((a) => a.date < '2025-07-01')).toBe(true);
    // Classes of the coming year, with their students.
    expect(readCsv(path.join(gen.oneRosterDir, 'enrollments.csv')).rows.filter((e) => e.role === 'student').length).toBeGreaterThan(120);
  });
});
