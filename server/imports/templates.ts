/**
 * The Village CSV templates (DATA-FORMATS.md): one reader per kind of file, each turning rows into
 * the normalised records of ./records.ts. Columns are matched by name (./text/table.ts); every cell
 * is checked, and a row with a problem is reported (file, line, column, reason) instead of read.
 * Notes on tolerated variants (a date written 1/15/2022) are counted per column and reported once
 * per file with their count, so a 9-million-row file does not give 9 million warnings.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import type { AttendanceStatus, Flag, Grade, GuardianField, RaceCode, RecordSink, StudentField } from './records.ts';
import { FileProblem } from './text/encoding.ts';
import { mapHeader, readCsvFile, type ColumnIndex, type ColumnSpec, type TableRow } from './text/table.ts';
import {
  clip,
  gradeRank,
  parseChoice,
  parseDate,
  parseFlag,
  parseGrade,
  parseInteger,
  parseLanguage,
  parseNumber,
  parseSchoolYear,
  type Parsed,
} from './values.ts';
import { RACE_CODES } from '../roster/race.ts';

export const CSV_KINDS = ['schools', 'students', 'guardians', 'calendar', 'enrollments', 'attendance', 'attendance_totals', 'assessments', 'discipline'] as const;
export type CsvKind = (typeof CSV_KINDS)[number];

export const ATTENDANCE_STATUSES: readonly AttendanceStatus[] = ['present', 'absent_excused', 'absent_unexcused', 'suspension_out_of_school', 'suspension_in_school', 'tardy', 'partial'];
const STATUS_SET = new Set<string>(ATTENDANCE_STATUSES);
const SCHOOL_TYPES = ['elementary', 'middle', 'high', 'k8', 'k12', 'other'] as const;
const SUBJECTS = ['ela', 'math', 'science', 'other'] as const;
const ACTIONS = ['out_of_school_suspension', 'in_school_suspension', 'expulsion', 'other'] as const;
const SEXES = ['F', 'M', 'X'] as const;

/** One row being read: cell accessors that record what is wrong, column by column. */
export class RowReader<C extends string> {
  fields: string[] = [];
  line = 0;
  errors: Array<{ column: string | null; reason: string }> = [];

  constructor(
    readonly index: ColumnIndex<C>,
    private readonly notes: Map<string, { line: number; note: string; count: number }>,
  ) {}

  reset(row: TableRow) {
    this.fields = row.fields;
    this.line = row.line;
    if (this.errors.length) this.errors = [];
    if (row.malformed) this.errors.push({ column: null, reason: row.malformed });
  }

  has(col: C): boolean {
    return this.index[col] >= 0;
  }

  raw(col: C): string {
    const i = this.index[col];
    return i < 0 ? '' : (this.fields[i] ?? '');
  }

  error(col: C | null, reason: string) {
    this.errors.push({ column: col, reason });
  }

  private note(col: C, note: string) {
    const n = this.notes.get(col);
    if (n) n.count++;
    else this.notes.set(col, { line: this.line, note, count: 1 });
  }

  private take<T>(col: C, p: Parsed<T>): T | undefined {
    if (!p.ok) {
      this.error(col, p.reason);
      return undefined;
    }
    if (p.note) this.note(col, p.note);
    return p.value;
  }

  /** Text, trimmed; '' → null. Required: a missing value is an error. */
  text(col: C, required: true): string;
  text(col: C, required?: false): string | null;
  text(col: C, required = false): string | null {
    const v = this.raw(col).trim();
    if (v === '') {
      if (required) this.error(col, 'a value is required');
      return required ? '' : null;
    }
    return v;
  }

  date(col: C, required: true): string;
  date(col: C, required?: false): string | null;
  date(col: C, required = false): string | null {
    const v = this.raw(col);
    if (v.trim() === '') {
      if (required) this.error(col, 'a date is required');
      return null;
    }
    return this.take(col, parseDate(v)) ?? null;
  }

  flag(col: C, fallback: Flag): Flag;
  flag(col: C, fallback: null): Flag | null;
  flag(col: C, fallback: Flag | null): Flag | null {
    const v = this.take(col, parseFlag(this.raw(col)));
    return v === undefined || v === null ? fallback : v;
  }

  grade(col: C, required: true): Grade;
  grade(col: C, required?: false): Grade | null;
  grade(col: C, required = false): Grade | null {
    const v = this.raw(col);
    if (v.trim() === '') {
      if (required) this.error(col, 'a grade is required');
      return null;
    }
    return this.take(col, parseGrade(v)) ?? null;
  }

  schoolYear(col: C): string {
    const v = this.raw(col);
    if (v.trim() === '') {
      this.error(col, 'a school year is required (like 2021-2022)');
      return '';
    }
    return this.take(col, parseSchoolYear(v)) ?? '';
  }

  integer(col: C, min: number, max: number, required = false): number | null {
    if (required && this.raw(col).trim() === '') {
      this.error(col, 'a number is required');
      return null;
    }
    return this.take(col, parseInteger(this.raw(col), min, max)) ?? null;
  }

  number(col: C, min: number, max: number): number | null {
    return this.take(col, parseNumber(this.raw(col), min, max)) ?? null;
  }

  language(col: C): string | null {
    return this.take(col, parseLanguage(this.raw(col))) ?? null;
  }

  choice<T extends string>(col: C, choices: readonly T[], what: string, required: true): T;
  choice<T extends string>(col: C, choices: readonly T[], what: string, required: false): T | null;
  choice<T extends string>(col: C, choices: readonly T[], what: string, required: boolean): T | null {
    const v = this.raw(col);
    if (v.trim() === '') {
      if (required) this.error(col, `a value is required (one of ${choices.join(', ')})`);
      return null;
    }
    return this.take(col, parseChoice(v, choices, what)) ?? null;
  }
}

interface Template<C extends string> {
  columns: ReadonlyArray<ColumnSpec & { name: C }>;
  /** Reads one row into records. Returns a promise when the sink asks the reader to wait. */
  read(r: RowReader<C>, sink: RecordSink, file: string): void | Promise<void>;
}

const col = <C extends string>(name: C, required = false): ColumnSpec & { name: C } => ({ name, required });

const ref = (file: string, line: number) => ({ file, line });

const schools: Template<'school_id' | 'name' | 'school_type' | 'low_grade' | 'high_grade'> = {
  columns: [col('school_id', true), col('name', true), col('school_type'), col('low_grade'), col('high_grade')],
  read(r, sink, file) {
    const schoolId = r.text('school_id', true);
    const name = r.text('name', true);
    const schoolType = r.choice('school_type', SCHOOL_TYPES, 'school type', false) ?? 'other';
    const lowGrade = r.grade('low_grade');
    const highGrade = r.grade('high_grade');
    if (lowGrade && highGrade && gradeRank(lowGrade) > gradeRank(highGrade)) r.error('high_grade', `the highest grade (${highGrade}) is below the lowest (${lowGrade})`);
    if (r.errors.length) return;
    const provides: Array<'name' | 'type' | 'grades'> = ['name'];
    if (r.has('school_type')) provides.push('type');
    if (r.has('low_grade') || r.has('high_grade')) provides.push('grades');
    sink.school({ ref: ref(file, r.line), schoolId, name, schoolType, lowGrade, highGrade, provides });
  },
};

type StudentCol =
  | 'student_id'
  | 'first_name'
  | 'last_name'
  | 'birth_date'
  | 'sex'
  | 'hispanic_latino'
  | 'races'
  | 'english_learner'
  | 'disability'
  | 'economically_disadvantaged'
  | 'homeless'
  | 'foster'
  | 'home_language';

const FLAG_FIELDS: Array<[StudentCol, StudentField]> = [
  ['english_learner', 'englishLearner'],
  ['disability', 'disability'],
  ['economically_disadvantaged', 'economicallyDisadvantaged'],
  ['homeless', 'homeless'],
  ['foster', 'foster'],
];

/** A ';'-separated list of federal race codes (',' and '|' tolerated). */
export function parseRaces(raw: string): Parsed<RaceCode[]> {
  const parts = raw
    .split(/[;,|]/)
    .map((p) => p.trim().toLowerCase())
    .filter(Boolean);
  const bad = parts.filter((p) => !(RACE_CODES as readonly string[]).includes(p));
  if (bad.length) return { ok: false, reason: `"${clip(bad[0])}" is not a race code (use ${RACE_CODES.join(', ')}, separated by ";")` };
  return { ok: true, value: [...new Set(parts)] as RaceCode[] };
}

const students: Template<StudentCol> = {
  columns: [
    col('student_id', true),
    col('first_name', true),
    col('last_name', true),
    col('birth_date'),
    col('sex'),
    col('hispanic_latino'),
    col('races'),
    col('english_learner'),
    col('disability'),
    col('economically_disadvantaged'),
    col('homeless'),
    col('foster'),
    col('home_language'),
  ],
  read(r, sink, file) {
    const studentId = r.text('student_id', true);
    const firstName = r.text('first_name', true);
    const lastName = r.text('last_name', true);
    const birthDate = r.date('birth_date');
    const sex = r.choice('sex', SEXES, 'sex', false);
    const hispanicLatino = r.flag('hispanic_latino', null);
    let races: RaceCode[] = [];
    const racesRaw = r.raw('races');
    if (racesRaw.trim()) {
      const p = parseRaces(racesRaw);
      if (p.ok) races = p.value;
      else r.error('races', p.reason);
    }
    const flags = FLAG_FIELDS.map(([c]) => r.flag(c, 0));
    const homeLanguage = r.language('home_language');
    if (r.errors.length) return;
    const provides: StudentField[] = ['name'];
    if (r.has('birth_date')) provides.push('birthDate');
    if (r.has('sex')) provides.push('sex');
    if (r.has('hispanic_latino') || r.has('races')) provides.push('ethnicity');
    FLAG_FIELDS.forEach(([c, f]) => r.has(c) && provides.push(f));
    if (r.has('home_language')) provides.push('homeLanguage');
    sink.student({
      ref: ref(file, r.line),
      studentId,
      firstName,
      lastName,
      birthDate,
      sex,
      hispanicLatino,
      races,
      englishLearner: flags[0],
      disability: flags[1],
      economicallyDisadvantaged: flags[2],
      homeless: flags[3],
      foster: flags[4],
      homeLanguage,
      provides,
    });
  },
};

type GuardianCol = 'guardian_id' | 'student_id' | 'first_name' | 'last_name' | 'relationship' | 'phone' | 'email' | 'preferred_language' | 'lives_with_student';
const GUARDIAN_OPTIONAL: Array<[GuardianCol, GuardianField]> = [
  ['relationship', 'relationship'],
  ['phone', 'phone'],
  ['email', 'email'],
  ['preferred_language', 'preferredLanguage'],
  ['lives_with_student', 'livesWithStudent'],
];
const guardians: Template<GuardianCol> = {
  columns: [col('guardian_id', true), col('student_id', true), col('first_name', true), col('last_name', true), col('relationship'), col('phone'), col('email'), col('preferred_language'), col('lives_with_student')],
  read(r, sink, file) {
    const guardianId = r.text('guardian_id', true);
    const studentId = r.text('student_id', true);
    const firstName = r.text('first_name', true);
    const lastName = r.text('last_name', true);
    const email = r.text('email');
    if (email && !/^[^@\s]+@[^@\s]+$/.test(email)) r.error('email', `"${clip(email)}" is not an email address`);
    const preferredLanguage = r.language('preferred_language');
    const livesWithStudent = r.flag('lives_with_student', 0);
    if (r.errors.length) return;
    // The optional columns a file leaves out are left as Village holds them.
    const provides: GuardianField[] = ['name'];
    for (const [c, f] of GUARDIAN_OPTIONAL) if (r.has(c)) provides.push(f);
    sink.guardian({ ref: ref(file, r.line), guardianId, studentId, firstName, lastName, relationship: r.text('relationship'), phone: r.text('phone'), email, preferredLanguage, livesWithStudent, provides });
  },
};

const calendar: Template<'school_id' | 'school_year' | 'date' | 'instructional'> = {
  columns: [col('school_id', true), col('school_year', true), col('date', true), col('instructional')],
  read(r, sink, file) {
    const schoolId = r.text('school_id', true);
    const schoolYear = r.schoolYear('school_year');
    const date = r.date('date', true);
    const instructional = r.flag('instructional', 1);
    if (r.errors.length || !date) return;
    sink.calendarDay({ ref: ref(file, r.line), schoolId, schoolYear, date, instructional });
  },
};

const enrollments: Template<'student_id' | 'school_id' | 'school_year' | 'grade' | 'entry_date' | 'exit_date'> = {
  columns: [col('student_id', true), col('school_id', true), col('school_year', true), col('grade', true), col('entry_date', true), col('exit_date')],
  read(r, sink, file) {
    const studentId = r.text('student_id', true);
    const schoolId = r.text('school_id', true);
    const schoolYear = r.schoolYear('school_year');
    const grade = r.grade('grade', true);
    const entryDate = r.date('entry_date', true);
    const exitDate = r.date('exit_date');
    if (entryDate && exitDate && exitDate < entryDate) r.error('exit_date', `the exit date ${exitDate} is before the entry date ${entryDate}`);
    if (r.errors.length || !entryDate) return;
    sink.enrollment({ ref: ref(file, r.line), studentId, schoolId, schoolYear, grade, entryDate, exitDate });
  },
};

const attendance: Template<'student_id' | 'school_id' | 'date' | 'status' | 'minutes_absent'> = {
  columns: [col('student_id', true), col('school_id', true), col('date', true), col('status', true), col('minutes_absent')],
  // The hot path of a district's largest file (millions of rows): cells are read directly.
  read(r, sink, file) {
    const ix = r.index;
    const f = r.fields;
    const studentId = clean(f[ix.student_id]);
    const schoolId = clean(f[ix.school_id]);
    const rawDate = clean(f[ix.date]);
    let status = clean(f[ix.status]);
    if (studentId === '') r.error('student_id', 'a value is required');
    if (schoolId === '') r.error('school_id', 'a value is required');
    const date = rawDate === '' ? (r.error('date', 'a date is required'), null) : r.date('date', true);
    if (!STATUS_SET.has(status)) {
      const lower = status.toLowerCase();
      if (STATUS_SET.has(lower)) status = lower;
      else r.error('status', status === '' ? 'a status is required' : `"${clip(status)}" is not an attendance status (one of ${ATTENDANCE_STATUSES.join(', ')})`);
    }
    const m = ix.minutes_absent >= 0 ? f[ix.minutes_absent] : undefined;
    const minutesAbsent = m === undefined || m === '' ? null : r.integer('minutes_absent', 0, 1440);
    if (r.errors.length || !date) return;
    return sink.attendance({ ref: { file, line: r.line }, studentId, schoolId, date, status: status as AttendanceStatus, minutesAbsent });
  },
};

/** A cell without surrounding spaces (most cells have none: no new string then). */
function clean(v: string | undefined): string {
  if (v === undefined || v === '') return '';
  const a = v.charCodeAt(0);
  const b = v.charCodeAt(v.length - 1);
  return a <= 32 || b <= 32 ? v.trim() : v;
}

const attendanceTotals: Template<'student_id' | 'school_id' | 'school_year' | 'days_enrolled' | 'days_absent'> = {
  columns: [col('student_id', true), col('school_id', true), col('school_year', true), col('days_enrolled', true), col('days_absent', true)],
  read(r, sink, file) {
    const studentId = r.text('student_id', true);
    const schoolId = r.text('school_id', true);
    const schoolYear = r.schoolYear('school_year');
    const daysEnrolled = r.integer('days_enrolled', 0, 400, true);
    const daysAbsent = r.integer('days_absent', 0, 400, true);
    if (daysEnrolled !== null && daysAbsent !== null && daysAbsent > daysEnrolled) r.error('days_absent', `${daysAbsent} days absent is more than the ${daysEnrolled} days enrolled`);
    if (r.errors.length || daysEnrolled === null || daysAbsent === null) return;
    sink.attendanceTotal({ ref: ref(file, r.line), studentId, schoolId, schoolYear, daysEnrolled, daysAbsent });
  },
};

type AssessmentCol = 'student_id' | 'school_id' | 'school_year' | 'assessment' | 'subject' | 'administration_date' | 'grade' | 'scale_score' | 'performance_level' | 'performance_level_label' | 'proficient';
const assessments: Template<AssessmentCol> = {
  columns: [
    col('student_id', true),
    col('school_id'),
    col('school_year', true),
    col('assessment', true),
    col('subject', true),
    col('administration_date', true),
    col('grade'),
    col('scale_score'),
    col('performance_level'),
    col('performance_level_label'),
    col('proficient'),
  ],
  read(r, sink, file) {
    const studentId = r.text('student_id', true);
    const schoolId = r.text('school_id');
    const schoolYear = r.schoolYear('school_year');
    const assessment = r.text('assessment', true);
    const subject = r.choice('subject', SUBJECTS, 'subject', true);
    const administrationDate = r.date('administration_date', true);
    const grade = r.grade('grade');
    const scaleScore = r.number('scale_score', -1e9, 1e9);
    const performanceLevel = r.integer('performance_level', 0, 100);
    const proficient = r.flag('proficient', null);
    if (r.errors.length || !administrationDate) return;
    sink.assessment({
      ref: ref(file, r.line),
      studentId,
      schoolId,
      schoolYear,
      assessment,
      subject,
      administrationDate,
      grade,
      scaleScore,
      performanceLevel,
      performanceLevelLabel: r.text('performance_level_label'),
      proficient,
    });
  },
};

const discipline: Template<'incident_id' | 'student_id' | 'school_id' | 'date' | 'behavior' | 'action' | 'days'> = {
  columns: [col('incident_id', true), col('student_id', true), col('school_id', true), col('date', true), col('behavior'), col('action', true), col('days')],
  read(r, sink, file) {
    const incidentId = r.text('incident_id', true);
    const studentId = r.text('student_id', true);
    const schoolId = r.text('school_id', true);
    const date = r.date('date', true);
    const action = r.choice('action', ACTIONS, 'disciplinary action', true);
    const days = r.number('days', 0, 400);
    if (r.errors.length || !date) return;
    sink.discipline({ ref: ref(file, r.line), incidentId, studentId, schoolId, date, behavior: r.text('behavior'), action, days });
  },
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const TEMPLATES: Record<CsvKind, Template<any>> = {
  schools,
  students,
  guardians,
  calendar,
  enrollments,
  attendance,
  attendance_totals: attendanceTotals,
  assessments,
  discipline,
};

/** The template columns of a kind, in order (for documentation and the web page). */
export function templateColumns(kind: CsvKind): Array<{ name: string; required: boolean }> {
  return TEMPLATES[kind].columns.map((c) => ({ name: c.name, required: !!c.required }));
}

export interface ReadFileOptions {
  onBytes?: (bytesRead: number, totalBytes: number) => void;
  /** Stop after this many rows with errors (the import is refused anyway); default: read on. */
  stopAfterErrors?: number;
}

/**
 * Reads one template file into the sink. File-level problems (not CSV, unreadable encoding, a
 * missing required column) are reported as errors and the file's rows are not read.
 */
export async function readTemplateFile(kind: CsvKind, filePath: string, name: string, sink: RecordSink, options: ReadFileOptions = {}): Promise<void> {
  const template = TEMPLATES[kind];
  const size = statSync(filePath).size;
  let encoding: string | null = null;
  const notes = new Map<string, { line: number; note: string; count: number }>();
  let reader: RowReader<string> | null = null;
  let errorRows = 0;
  let rowsRead = 0;
  sink.file?.({ name, kind: `csv:${kind}`, sizeBytes: size });
  const issue = (severity: 'error' | 'warning', line: number, column: string | null, reason: string) => sink.issue({ severity, file: name, line, column, reason });
  try {
    await readCsvFile(
      filePath,
      name,
      (header) => {
        const { index, issues } = mapHeader(header, template.columns);
        for (const i of issues) issue(i.severity, i.line, i.column, i.reason);
        if (issues.some((i) => i.severity === 'error')) throw new HeaderRefused();
        reader = new RowReader(index, notes);
      },
      (row) => {
        const r = reader!;
        rowsRead++;
        r.reset(row);
        if (r.errors.length === 0) {
          const p = template.read(r, sink, name);
          if (p) return p;
        }
        if (r.errors.length) {
          errorRows++;
          for (const e of r.errors) issue('error', r.line, e.column, e.reason);
          if (options.stopAfterErrors && errorRows >= options.stopAfterErrors) throw new TooManyErrors(r.line);
        }
      },
      {
        onBytes: (b) => {
          options.onBytes?.(b, size);
          sink.progress?.(name, b, size, rowsRead);
        },
        onEncoding: (e) => {
          encoding = e.encoding;
          if (e.note) issue('warning', 0, null, e.note);
        },
        afterChunk: () => sink.flush?.(),
      },
    );
  } catch (err) {
    if (err instanceof HeaderRefused) {
      sink.issue({ severity: 'error', file: name, line: 1, column: null, reason: `the file was not read: its header does not fit the ${kind} template (columns: ${template.columns.map((c) => c.name + (c.required ? '' : '?')).join(', ')})`, fatal: true });
    } else if (err instanceof TooManyErrors) {
      sink.issue({ severity: 'error', file: name, line: err.line, column: null, reason: `reading stopped after ${errorRows.toLocaleString('en-US')} rows with errors`, fatal: true });
    } else if (err instanceof FileProblem) {
      sink.issue({ severity: 'error', file: name, line: err.line, column: err.column, reason: err.message, fatal: true });
    } else throw err;
  }
  for (const [column, n] of notes) {
    const more = n.count > 1 ? ` (and ${(n.count - 1).toLocaleString('en-US')} more rows like it)` : '';
    issue('warning', n.line, column, `${n.note}${more}`);
  }
  if (encoding) sink.file?.({ name, kind: `csv:${kind}`, sizeBytes: size, encoding });
  sink.fileDone?.(name, rowsRead);
}

class HeaderRefused extends Error {}
class TooManyErrors extends Error {
  constructor(readonly line: number) {
    super('too many errors');
  }
}

/** The template a file name names: 'attendance.csv', 'Attendance_2021-22.csv' → attendance. */
export function templateKindOfFile(fileName: string): CsvKind | null {
  const base = path.basename(fileName).toLowerCase();
  if (!base.endsWith('.csv')) return null;
  const stem = base.slice(0, -4);
  // Longest names first: attendance_totals before attendance.
  for (const kind of [...CSV_KINDS].sort((a, b) => b.length - a.length)) {
    if (stem === kind || (stem.startsWith(kind) && /^[-_. ]/.test(stem.slice(kind.length)) && !(kind === 'attendance' && stem.startsWith('attendance_totals')))) return kind;
  }
  return null;
}

/** The order template files are read in, so what a row names is known before it is needed. */
export function templateOrder(kind: CsvKind): number {
  return CSV_KINDS.indexOf(kind);
}
