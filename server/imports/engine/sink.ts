/**
 * The import engine's RecordSink: every reader (Village CSV templates, OneRoster, Ed-Fi) puts its
 * records here. Each record is checked against what the district holds and what this import has
 * read so far (unknown students or schools are errors; a key repeated in a file is an error naming
 * both lines), its references are resolved to ids (provisional ones for what the import creates),
 * and it is written to a staging table. Nothing live is touched until ./apply.ts runs.
 */
import type { Db } from '../../db/database.ts';
import type { StagingArea, StagingWriter } from '../../db/seam.ts';
import type {
  AcademicSessionRecord,
  AssessmentRecord,
  AttendanceRecord,
  AttendanceTotalRecord,
  CalendarDayRecord,
  ClassMemberRecord,
  ClassRecord,
  CourseRecord,
  DeletionRecord,
  DisciplineRecord,
  DistrictSourceRecord,
  EnrollmentRecord,
  GuardianField,
  GuardianRecord,
  ImportFileInfo,
  ImportIssue,
  ProgramRecord,
  RecordSink,
  SchoolRecord,
  SchoolYearRecord,
  SourceRef,
  StaffField,
  StaffRecord,
  StudentRecord,
} from '../records.ts';
import { raceEthnicity, racesText } from '../../roster/race.ts';
import { AttendanceContext, Directory, type EntityKind, type YearInfo } from './directory.ts';
import { ATTENDANCE_STATUS_INDEX, columnsOf, GUARDIAN_LINK_PROVIDES, GUARDIAN_PROVIDES, SCHOOL_PROVIDES, STAFF_PROVIDES, STAGED, STUDENT_PROVIDES, type StagedKind } from './staged.ts';

export interface FileState {
  index: number;
  name: string;
  kind: string;
  sizeBytes: number | null;
  encoding: string | null;
  delta: boolean;
  rowsReported: number | null;
  /** Records staged from this file. */
  staged: number;
  /** Rows with at least one error (skipped when bad rows are skipped). */
  errorRows: number;
  lastErrorLine: number;
  errors: number;
  warnings: number;
  fatal: boolean;
  /** Keys seen in this file, per kind, with their line: a repeat is an error naming both lines. */
  seen: Map<string, Map<string, number>>;
}

export interface SinkOptions {
  replaceAttendance: boolean;
  skipBadRows: boolean;
  /** Issues kept for the history (the rest are counted, and still go to onIssue). */
  keepIssues?: number;
  /** Stop reading after this many errors when the import will be refused anyway (not with skipBadRows). */
  stopAfterErrors?: number;
  onIssue?: (i: ImportIssue) => void;
  onProgress?: (file: string, bytesRead: number, totalBytes: number | null, records: number) => void;
}

/** Thrown from a record method to stop the reader: the import is refused anyway. */
export class ImportStopped extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportStopped';
  }
}

const STUDENT_FLAG_BITS = STUDENT_PROVIDES.englishLearner | STUDENT_PROVIDES.disability | STUDENT_PROVIDES.economicallyDisadvantaged | STUDENT_PROVIDES.homeless | STUDENT_PROVIDES.foster;
const ALL_GUARDIAN_FIELDS: ReadonlyArray<GuardianField> = ['name', 'phone', 'email', 'preferredLanguage', 'relationship', 'livesWithStudent'];
const ALL_STAFF_FIELDS: ReadonlyArray<StaffField> = ['name', 'email', 'localId', 'role'];

const COUNTING_ABSENCES = new Set(['absent_excused', 'absent_unexcused', 'suspension_out_of_school', 'partial']);

interface Aggregate {
  file: string;
  line: number;
  column: string | null;
  count: number;
  message: (count: number, line: number) => string;
}

/** Where a reference's record falls in id order: provisional ids (-1, -2, …) become ids above every stored one, in turn. */
function keyOrder(ref: number): number {
  return ref >= 0 ? ref : 2 ** 50 - ref;
}

/** Which column a reference sits in, by kind of file, for messages. */
function refColumn(fileKind: string, what: 'student' | 'school' | 'guardian' | 'staff' | 'class' | 'course'): string {
  if (fileKind.startsWith('oneroster:')) {
    const file = fileKind.slice('oneroster:'.length);
    if (file === 'enrollments') return { student: 'userSourcedId', staff: 'userSourcedId', school: 'schoolSourcedId', class: 'classSourcedId', guardian: 'userSourcedId', course: 'courseSourcedId' }[what];
    if (file === 'classes') return what === 'course' ? 'courseSourcedId' : 'schoolSourcedId';
    if (file === 'courses') return 'orgSourcedId';
    if (file === 'users') return what === 'school' ? 'orgSourcedIds' : 'agentSourcedIds';
    if (file === 'roles') return what === 'school' ? 'orgSourcedId' : 'userSourcedId';
    return 'sourcedId';
  }
  if (fileKind.startsWith('edfi:')) return { student: 'StudentReference', school: 'SchoolReference', staff: 'StaffReference', class: 'SectionReference', guardian: 'ParentReference', course: 'CourseReference' }[what];
  return { student: 'student_id', school: 'school_id', guardian: 'guardian_id', staff: 'staff_id', class: 'class_id', course: 'course_id' }[what];
}

export class StagingSink implements RecordSink {
  readonly files: FileState[] = [];
  private readonly byName = new Map<string, FileState>();
  private last: FileState | null = null;
  readonly issues: ImportIssue[] = [];
  errorCount = 0;
  warningCount = 0;
  fatalCount = 0;
  readonly districtSources: DistrictSourceRecord[] = [];
  /** Rows staged per kind, and per kind and file (index). */
  readonly stagedCount: Partial<Record<StagedKind, number>> = {};
  readonly stagedByFile = new Map<StagedKind, number[]>();
  /** (school, date) pairs attendance files cover, for --replace. */
  readonly attendanceCover = new Set<string>();
  /** School years and schools (refs) whose records this import stages: the figures to recompute. */
  readonly touchedYears = new Set<number>();
  readonly touchedSchools = new Set<number>();
  /** First and last date of the attendance staged. */
  attendanceDates: { min: string; max: string } | null = null;
  /**
   * Files whose attendance rows do not come student by student, in the order of the table's key
   * (student, school, date): they are applied sorted, since rows written out of that order cost a
   * scattered page each. Within a student any order will do (the student's rows share pages).
   */
  readonly attendanceUnordered = new Set<number>();
  private lastAttendance = { file: -1, student: 0 };
  private readonly writers = new Map<StagedKind, StagingWriter>();
  private readonly aggregates = new Map<string, Aggregate>();
  private yearOfDateCache = new Map<string, YearInfo | null>();
  private totalRecords = 0;
  private pending: Promise<void>[] = [];

  private constructor(
    private readonly staging: StagingArea,
    readonly directory: Directory,
    readonly attendanceContext: AttendanceContext,
    private readonly options: SinkOptions,
  ) {}

  static async open(db: Db, districtId: number, staging: StagingArea, options: SinkOptions): Promise<StagingSink> {
    const directory = await Directory.load(db, districtId);
    const att = new AttendanceContext();
    await AttendanceContext.load(db, districtId, att);
    for (const kind of Object.keys(STAGED) as StagedKind[]) await staging.createTable(kind, STAGED[kind]);
    return new StagingSink(staging, directory, att, options);
  }

  // ——— files and issues ———

  private fileOf(name: string): FileState {
    const last = this.last;
    if (last && last.name === name) return last;
    let f = this.byName.get(name);
    if (!f) {
      f = { index: this.files.length, name, kind: 'unknown', sizeBytes: null, encoding: null, delta: false, rowsReported: null, staged: 0, errorRows: 0, lastErrorLine: -1, errors: 0, warnings: 0, fatal: false, seen: new Map() };
      this.files.push(f);
      this.byName.set(name, f);
    }
    this.last = f;
    return f;
  }

  file(info: ImportFileInfo): void {
    const f = this.fileOf(info.name);
    f.kind = info.kind;
    if (info.sizeBytes !== undefined) f.sizeBytes = info.sizeBytes;
    if (info.encoding !== undefined) f.encoding = info.encoding;
    if (info.delta !== undefined) f.delta = info.delta;
  }

  fileDone(file: string, rowsRead: number): void {
    const f = this.fileOf(file);
    f.rowsReported = (f.rowsReported ?? 0) + rowsRead;
    // Repeats are looked for within a file: what it held is no longer needed.
    f.seen.clear();
  }

  progress(file: string, bytesRead: number, totalBytes: number | null, records: number): void {
    this.options.onProgress?.(file, bytesRead, totalBytes, records);
  }

  issue(i: ImportIssue): void {
    const f = this.fileOf(i.file);
    if (i.severity === 'error') {
      this.errorCount++;
      f.errors++;
      if (i.fatal) {
        f.fatal = true;
        this.fatalCount++;
      } else if (i.line !== f.lastErrorLine) {
        f.errorRows++;
        f.lastErrorLine = i.line;
      }
    } else {
      this.warningCount++;
      f.warnings++;
    }
    if (this.issues.length < (this.options.keepIssues ?? 5000)) this.issues.push(i);
    this.options.onIssue?.(i);
    if (i.severity === 'error' && !this.options.skipBadRows && this.options.stopAfterErrors && this.errorCount >= this.options.stopAfterErrors && !i.fatal) {
      throw new ImportStopped(`reading stopped after ${this.errorCount.toLocaleString('en-US')} errors; nothing was written`);
    }
  }

  private error(ref: SourceRef, column: string | null, reason: string) {
    this.issue({ severity: 'error', file: ref.file, line: ref.line, column, reason });
  }

  private warn(ref: SourceRef, column: string | null, reason: string) {
    this.issue({ severity: 'warning', file: ref.file, line: ref.line, column, reason });
  }

  /** Counts a warning that may repeat on many rows; reported once per file with its count. */
  private aggregate(ref: SourceRef, key: string, column: string | null, message: (count: number, line: number) => string) {
    const k = `${ref.file}\u0000${key}`;
    const a = this.aggregates.get(k);
    if (a) a.count++;
    else this.aggregates.set(k, { file: ref.file, line: ref.line, column, count: 1, message });
  }

  /** A key already seen in this file is an error naming both lines; returns false then. */
  private firstInFile(f: FileState, ref: SourceRef, kind: string, key: string, column: string, what: string): boolean {
    let seen = f.seen.get(kind);
    if (!seen) f.seen.set(kind, (seen = new Map()));
    const prev = seen.get(key);
    if (prev !== undefined) {
      this.error(ref, column, `${what} is already on line ${prev} of this file`);
      return false;
    }
    seen.set(key, ref.line);
    return true;
  }

  // ——— staging ———

  private write(kind: StagedKind, values: unknown[]): void | Promise<void> {
    let w = this.writers.get(kind);
    if (!w) this.writers.set(kind, (w = this.staging.writer(kind, columnsOf(kind))));
    this.stagedCount[kind] = (this.stagedCount[kind] ?? 0) + 1;
    let perFile = this.stagedByFile.get(kind);
    if (!perFile) this.stagedByFile.set(kind, (perFile = []));
    const fi = values[0] as number;
    perFile[fi] = (perFile[fi] ?? 0) + 1;
    this.files[fi].staged++;
    this.totalRecords++;
    const p = w.write(values);
    if (p) {
      this.pending.push(p);
      return p;
    }
  }

  async flush(): Promise<void> {
    if (this.pending.length) {
      const p = this.pending;
      this.pending = [];
      await Promise.all(p);
    }
  }

  /** Ends every writer and reports the aggregated warnings. */
  async finish(): Promise<void> {
    await this.flush();
    for (const w of this.writers.values()) await w.end();
    await this.staging.flush();
    if (this.attendanceCover.size) {
      const w = this.staging.writer('attendance_cover', columnsOf('attendance_cover'));
      for (const key of this.attendanceCover) {
        const i = key.indexOf('|');
        const p = w.write([Number(key.slice(0, i)), key.slice(i + 1)]);
        if (p) await p;
      }
      await w.end();
      await this.staging.flush();
    }
    for (const a of this.aggregates.values()) this.issue({ severity: 'warning', file: a.file, line: a.line, column: a.column, reason: a.message(a.count, a.line) });
    this.aggregates.clear();
  }

  get recordsStaged(): number {
    return this.totalRecords;
  }

  // ——— references ———

  private studentRef(ref: SourceRef, f: FileState, id: string): number | undefined {
    const s = this.directory.student(id);
    if (s === undefined) this.error(ref, refColumn(f.kind, 'student'), `the student "${id}" is not known (not in this import, nor in Village)`);
    return s;
  }

  private schoolRef(ref: SourceRef, f: FileState, id: string): number | undefined {
    const s = this.directory.school(id);
    if (s === undefined) this.error(ref, refColumn(f.kind, 'school'), `the school "${id}" is not known (not in this import, nor in Village)`);
    return s;
  }

  /** A school year by name; created (and staged) when the district does not have it yet. */
  private yearRef(f: FileState, ref: SourceRef, name: string): YearInfo {
    const { info, created } = this.directory.year(name);
    if (created) {
      // Staged with the naming line negated: a year a file names in passing, not a row of its own.
      this.yearOfDateCache.clear();
      this.write('years', [f.index, -ref.line, info.ref, 1, name, info.start, info.end]);
    }
    return info;
  }

  private touch(year: number | null, school: number | null) {
    if (year !== null) this.touchedYears.add(year);
    if (school !== null) this.touchedSchools.add(school);
  }

  private yearOf(date: string): YearInfo | null {
    let y = this.yearOfDateCache.get(date);
    if (y === undefined) {
      y = this.directory.yearOfDate(date) ?? null;
      this.yearOfDateCache.set(date, y);
    }
    return y;
  }

  private checkInYear(ref: SourceRef, column: string, date: string, year: YearInfo, what: string) {
    if (date < year.start || date > year.end) {
      this.aggregate(ref, `outside-year:${column}:${year.name}`, column, (n, line) => `${n === 1 ? `the ${what} ${date} (line ${line}) is` : `${n.toLocaleString('en-US')} ${what}s (first at line ${line}: ${date}) are`} outside the school year ${year.name} (${year.start} to ${year.end}); ${n === 1 ? 'it is' : 'they are'} stored and left out of measures`);
    }
  }

  /** The id of an entity by its source key: the stored one, or a provisional one it is given now (isNew 1). */
  private entity(kind: EntityKind, map: Map<string, number>, found: number | undefined, id: string): { ref: number; isNew: 0 | 1 } {
    if (found !== undefined) return { ref: found, isNew: 0 };
    const ref = this.directory.provisional(kind);
    map.set(id, ref);
    return { ref, isNew: 1 };
  }

  // ——— records ———

  districtSource(r: DistrictSourceRecord): void {
    this.fileOf(r.ref.file);
    this.districtSources.push(r);
    const known = this.directory.sourceIds[r.system] ?? [];
    if (known.length && !known.includes(r.sourceId)) {
      this.warn(r.ref, null, `the file names the district "${r.sourceId}"${r.name ? ` (${r.name})` : ''}, but this district was imported before as "${known.join('", "')}": check that the file is meant for this district`);
    }
  }

  knownDistrictSource(system: 'oneroster' | 'edfi', sourceId: string): boolean {
    return (this.directory.sourceIds[system] ?? []).includes(sourceId) || this.districtSources.some((d) => d.system === system && d.sourceId === sourceId);
  }

  schoolYear(r: SchoolYearRecord): void {
    const f = this.fileOf(r.ref.file);
    const { info, created } = this.directory.year(r.name);
    if (r.startDate && r.endDate && r.endDate < r.startDate) {
      this.error(r.ref, null, `the school year ${r.name} ends (${r.endDate}) before it starts (${r.startDate})`);
      return;
    }
    if (r.startDate) info.start = r.startDate;
    if (r.endDate) info.end = r.endDate;
    this.yearOfDateCache.clear();
    this.write('years', [f.index, r.ref.line, info.ref, created ? 1 : 0, r.name, created ? info.start : (r.startDate ?? null), created ? info.end : (r.endDate ?? null)]);
  }

  school(r: SchoolRecord): void {
    const f = this.fileOf(r.ref.file);
    if (!this.firstInFile(f, r.ref, 'school', r.schoolId, refColumn(f.kind, 'school'), `the school "${r.schoolId}"`)) return;
    const { ref, isNew } = this.entity('schools', this.directory.schools, this.directory.school(r.schoolId), r.schoolId);
    if (r.localId) this.directory.schoolsByLocal.set(r.localId, ref);
    let provides = 0;
    for (const p of r.provides ?? (['name', 'type', 'grades', 'localId'] as const)) provides |= SCHOOL_PROVIDES[p];
    if (r.localId === undefined && !r.provides) provides &= ~SCHOOL_PROVIDES.localId;
    this.write('schools', [f.index, r.ref.line, ref, isNew, provides, provides, r.schoolId, r.localId ?? null, r.name, r.schoolType, r.lowGrade, r.highGrade]);
  }

  student(r: StudentRecord): void {
    const f = this.fileOf(r.ref.file);
    const full = r.provides.includes('name');
    if (full && !this.firstInFile(f, r.ref, 'student', r.studentId, refColumn(f.kind, 'student'), `the student "${r.studentId}"`)) return;
    let ref = this.directory.student(r.studentId);
    let isNew = 0;
    if (ref === undefined) {
      if (!full) {
        this.error(r.ref, refColumn(f.kind, 'student'), `the student "${r.studentId}" is not known (not in this import, nor in Village)`);
        return;
      }
      if (!r.firstName || !r.lastName) {
        this.error(r.ref, null, `the student "${r.studentId}" has no ${!r.firstName ? 'first' : 'last'} name`);
        return;
      }
      ref = this.directory.provisional('students');
      this.directory.students.set(r.studentId, ref);
      isNew = 1;
    }
    if (r.localId && r.provides.includes('localId')) this.directory.studentsByLocal.set(r.localId, ref);
    let provides = 0;
    // All five flags are staged as the five, so every bit stands for columns no other bit sets.
    for (const p of r.provides) provides |= p === 'flags' ? STUDENT_FLAG_BITS : STUDENT_PROVIDES[p];
    this.write('students', [
      f.index,
      r.ref.line,
      ref,
      isNew,
      provides,
      provides,
      r.studentId,
      r.localId ?? null,
      r.firstName,
      r.lastName,
      r.middleName ?? null,
      r.birthDate,
      r.sex,
      r.hispanicLatino,
      racesText(r.races),
      raceEthnicity(r.hispanicLatino, r.races),
      r.englishLearner,
      r.disability,
      r.economicallyDisadvantaged,
      r.homeless,
      r.foster,
      r.homeLanguage,
      r.email ?? null,
      r.modifiedAt ?? null,
    ]);
  }

  guardian(r: GuardianRecord): void {
    const f = this.fileOf(r.ref.file);
    if (!this.firstInFile(f, r.ref, 'guardianLink', `${r.guardianId}\u0000${r.studentId}`, refColumn(f.kind, 'guardian'), `the guardian "${r.guardianId}" of student "${r.studentId}"`)) return;
    const student = this.studentRef(r.ref, f, r.studentId);
    if (student === undefined) return;
    const { ref, isNew } = this.entity('guardians', this.directory.guardians, this.directory.guardians.get(r.guardianId), r.guardianId);
    // The person once per file (a guardian of several children has a row per child).
    let people = f.seen.get('guardianPerson');
    if (!people) f.seen.set('guardianPerson', (people = new Map()));
    let person = 0;
    let link = 0;
    for (const p of r.provides ?? ALL_GUARDIAN_FIELDS) {
      if (p === 'relationship' || p === 'livesWithStudent') link |= GUARDIAN_LINK_PROVIDES[p];
      else person |= GUARDIAN_PROVIDES[p];
    }
    // A new guardian is created from what this row gives, whatever it provides.
    if (!people.has(r.guardianId)) {
      people.set(r.guardianId, r.ref.line);
      this.write('guardians', [f.index, r.ref.line, ref, isNew, person, person, r.guardianId, r.firstName, r.lastName, r.phone, r.email, r.preferredLanguage, r.modifiedAt ?? null]);
    }
    this.write('guardian_links', [f.index, r.ref.line, student, ref, link, link, r.relationship, r.livesWithStudent]);
  }

  staff(r: StaffRecord): void {
    const f = this.fileOf(r.ref.file);
    if (!this.firstInFile(f, r.ref, 'staff', r.staffId, refColumn(f.kind, 'staff'), `the staff member "${r.staffId}"`)) return;
    const schools: number[] = [];
    for (const s of r.schoolIds) {
      const school = this.schoolRef(r.ref, f, s);
      if (school === undefined) return;
      schools.push(school);
    }
    const { ref, isNew } = this.entity('staff', this.directory.staff, this.directory.staffMember(r.staffId), r.staffId);
    if (r.localId) this.directory.staffByLocal.set(r.localId, ref);
    let provides = 0;
    for (const p of r.provides ?? ALL_STAFF_FIELDS) provides |= STAFF_PROVIDES[p];
    this.write('staff', [f.index, r.ref.line, ref, isNew, provides, provides, r.staffId, r.localId ?? null, r.firstName, r.lastName, r.email, r.role, r.modifiedAt ?? null]);
    for (const s of new Set(schools)) this.write('staff_schools', [f.index, r.ref.line, ref, s]);
  }

  session(r: AcademicSessionRecord): void {
    const f = this.fileOf(r.ref.file);
    if (!this.firstInFile(f, r.ref, 'session', r.sessionId, 'sourcedId', `the academic session "${r.sessionId}"`)) return;
    if (r.endDate < r.startDate) {
      this.error(r.ref, 'endDate', `the session ends (${r.endDate}) before it starts (${r.startDate})`);
      return;
    }
    const year = this.yearRef(f, r.ref, r.schoolYear);
    const { ref, isNew } = this.entity('sessions', this.directory.sessions, this.directory.sessions.get(r.sessionId), r.sessionId);
    this.write('sessions', [f.index, r.ref.line, ref, isNew, r.sessionId, r.title, r.type, r.startDate, r.endDate, r.parentSessionId, year.ref, r.modifiedAt ?? null]);
  }

  course(r: CourseRecord): void {
    const f = this.fileOf(r.ref.file);
    if (!this.firstInFile(f, r.ref, 'course', r.courseId, 'sourcedId', `the course "${r.courseId}"`)) return;
    let school: number | null = null;
    if (r.schoolId) {
      const s = this.schoolRef(r.ref, f, r.schoolId);
      if (s === undefined) return;
      school = s;
    }
    const { ref, isNew } = this.entity('courses', this.directory.courses, this.directory.courses.get(r.courseId), r.courseId);
    this.write('courses', [f.index, r.ref.line, ref, isNew, r.courseId, r.title, r.courseCode, school, r.modifiedAt ?? null]);
  }

  class(r: ClassRecord): void {
    const f = this.fileOf(r.ref.file);
    if (!this.firstInFile(f, r.ref, 'class', r.classId, 'sourcedId', `the class "${r.classId}"`)) return;
    const school = this.schoolRef(r.ref, f, r.schoolId);
    if (school === undefined) return;
    let course: number | null = null;
    if (r.courseId) {
      course = this.directory.courses.get(r.courseId) ?? null;
      if (course === null) this.aggregate(r.ref, 'unknown-course', refColumn(f.kind, 'course'), (n, line) => `${n === 1 ? `a class (line ${line}) names a course` : `${n.toLocaleString('en-US')} classes (first at line ${line}) name courses`} Village does not know; ${n === 1 ? 'it is' : 'they are'} kept without a course`);
    }
    const year = r.schoolYear ? this.yearRef(f, r.ref, r.schoolYear) : null;
    const { ref, isNew } = this.entity('classes', this.directory.classes, this.directory.classes.get(r.classId), r.classId);
    this.write('classes', [f.index, r.ref.line, ref, isNew, r.classId, school, year?.ref ?? null, course, r.title, r.classCode, r.grades.length ? r.grades.join(';') : null, r.periods, r.modifiedAt ?? null]);
  }

  classMember(r: ClassMemberRecord): void {
    const f = this.fileOf(r.ref.file);
    if (r.memberId && !this.firstInFile(f, r.ref, 'classMember', r.memberId, 'sourcedId', `the enrollment "${r.memberId}"`)) return;
    const klass = this.directory.classes.get(r.classId);
    if (klass === undefined) {
      this.error(r.ref, refColumn(f.kind, 'class'), `the class "${r.classId}" is not known (not in this import, nor in Village)`);
      return;
    }
    const person = r.role === 'student' ? this.directory.student(r.personId) : this.directory.staffMember(r.personId);
    if (person === undefined) {
      this.error(r.ref, refColumn(f.kind, r.role === 'student' ? 'student' : 'staff'), `the ${r.role === 'student' ? 'student' : 'teacher'} "${r.personId}" is not known (not in this import, nor in Village)`);
      return;
    }
    if (r.beginDate && r.endDate && r.endDate < r.beginDate) {
      this.error(r.ref, 'endDate', `the enrollment ends (${r.endDate}) before it begins (${r.beginDate})`);
      return;
    }
    this.write('class_members', [f.index, r.ref.line, r.role, klass, person, r.memberId, r.isPrimary, r.beginDate, r.endDate]);
  }

  calendarDay(r: CalendarDayRecord): void {
    const f = this.fileOf(r.ref.file);
    if (!this.firstInFile(f, r.ref, 'calendar', `${r.schoolId}\u0000${r.date}`, 'date', `the day ${r.date} of school "${r.schoolId}"`)) return;
    const school = this.schoolRef(r.ref, f, r.schoolId);
    if (school === undefined) return;
    const year = this.yearRef(f, r.ref, r.schoolYear);
    this.checkInYear(r.ref, 'date', r.date, year, 'calendar day');
    this.attendanceContext.addDay(school, year.name, r.date, r.instructional);
    this.touch(year.ref, school);
    this.write('calendar', [f.index, r.ref.line, school, year.ref, r.date, r.instructional, r.event ?? null]);
  }

  enrollment(r: EnrollmentRecord): void {
    const f = this.fileOf(r.ref.file);
    if (!this.firstInFile(f, r.ref, 'enrollment', `${r.studentId}\u0000${r.schoolId}\u0000${r.entryDate}`, 'entry_date', `the enrollment of student "${r.studentId}" at school "${r.schoolId}" from ${r.entryDate}`)) return;
    const student = this.studentRef(r.ref, f, r.studentId);
    const school = this.schoolRef(r.ref, f, r.schoolId);
    if (student === undefined || school === undefined) return;
    if (r.exitDate && r.exitDate < r.entryDate) {
      this.error(r.ref, 'exit_date', `the exit date ${r.exitDate} is before the entry date ${r.entryDate}`);
      return;
    }
    const year = this.yearRef(f, r.ref, r.schoolYear);
    this.checkInYear(r.ref, 'entry_date', r.entryDate, year, 'entry date');
    this.attendanceContext.addSpan(student, school, r.entryDate, r.exitDate);
    this.touch(year.ref, school);
    this.write('enrollments', [f.index, r.ref.line, student, school, year.ref, r.grade, r.entryDate, r.exitDate, r.entryType ?? null, r.exitType ?? null]);
  }

  attendance(r: AttendanceRecord): void | Promise<void> {
    const f = this.fileOf(r.ref.file);
    const student = this.directory.students.get(r.studentId) ?? this.directory.studentsByLocal.get(r.studentId);
    if (student === undefined) return void this.studentRef(r.ref, f, r.studentId);
    const school = this.directory.schools.get(r.schoolId) ?? this.directory.schoolsByLocal.get(r.schoolId);
    if (school === undefined) return void this.schoolRef(r.ref, f, r.schoolId);
    const date = r.date;
    const year = this.yearOf(date);
    const span = this.attendanceDates;
    if (!span) this.attendanceDates = { min: date, max: date };
    else if (date < span.min) span.min = date;
    else if (date > span.max) span.max = date;
    this.touchedSchools.add(school);
    if (year !== null) this.touchedYears.add(year.ref);
    if (year === null) {
      this.aggregate(r.ref, 'att-no-year', 'date', (n, line) => `${n === 1 ? `the record at line ${line} is dated` : `${n.toLocaleString('en-US')} records (first at line ${line}) are dated`} outside every school year Village knows (${date}); stored, and left out of measures`);
    } else if (COUNTING_ABSENCES.has(r.status)) this.checkAbsence(r, f, student, school, year);
    if (this.options.replaceAttendance) this.attendanceCover.add(`${school}|${date}`);
    const last = this.lastAttendance;
    if (last.file !== f.index) last.file = f.index;
    else if (student !== last.student && keyOrder(student) < keyOrder(last.student)) this.attendanceUnordered.add(f.index);
    last.student = student;
    return this.write('attendance', [f.index, student, school, date, ATTENDANCE_STATUS_INDEX[r.status], r.minutesAbsent]);
  }

  private checkAbsence(r: AttendanceRecord, f: FileState, student: number, school: number, year: YearInfo) {
    const ctx = this.attendanceContext;
    if (!ctx.hasCalendar(school, year.name)) {
      this.aggregate(r.ref, `att-no-calendar:${school}:${year.name}`, 'school_id', (n, line) => `school "${r.schoolId}" has no calendar for ${year.name} yet: whether ${n === 1 ? `the absence at line ${line} counts` : `its ${n.toLocaleString('en-US')} absences (first at line ${line}) count`} will be decided once its calendar is imported`);
      return;
    }
    if (!ctx.instructional(school, r.date)) {
      this.aggregate(r.ref, 'att-not-instructional', 'date', (n, line) => `${n === 1 ? `the absence at line ${line} falls` : `${n.toLocaleString('en-US')} absences (first at line ${line}: ${r.date}) fall`} on days that are not instructional; stored, and not counted`);
      return;
    }
    if (!ctx.enrolled(student, school, r.date)) {
      this.aggregate(r.ref, 'att-outside-enrollment', 'student_id', (n, line) => `${n === 1 ? `the absence at line ${line} falls` : `${n.toLocaleString('en-US')} absences (first at line ${line}) fall`} outside the student's enrollment at the school; stored, and not counted`);
    }
    void f;
  }

  attendanceTotal(r: AttendanceTotalRecord): void {
    const f = this.fileOf(r.ref.file);
    if (!this.firstInFile(f, r.ref, 'totals', `${r.studentId}\u0000${r.schoolId}\u0000${r.schoolYear}`, 'student_id', `the totals of student "${r.studentId}" at school "${r.schoolId}" for ${r.schoolYear}`)) return;
    const student = this.studentRef(r.ref, f, r.studentId);
    const school = this.schoolRef(r.ref, f, r.schoolId);
    if (student === undefined || school === undefined) return;
    const year = this.yearRef(f, r.ref, r.schoolYear);
    this.touch(year.ref, school);
    this.write('attendance_totals', [f.index, r.ref.line, student, school, year.ref, r.daysEnrolled, r.daysAbsent]);
  }

  assessment(r: AssessmentRecord): void {
    const f = this.fileOf(r.ref.file);
    const key = `${r.studentId}\u0000${r.assessment}\u0000${r.subject}\u0000${r.administrationDate}`;
    if (!this.firstInFile(f, r.ref, 'assessment', key, 'administration_date', `the ${r.assessment} ${r.subject} result of student "${r.studentId}" on ${r.administrationDate}`)) return;
    const student = this.studentRef(r.ref, f, r.studentId);
    if (student === undefined) return;
    let school: number | null = null;
    if (r.schoolId) {
      const s = this.schoolRef(r.ref, f, r.schoolId);
      if (s === undefined) return;
      school = s;
    }
    const year = this.yearRef(f, r.ref, r.schoolYear);
    this.checkInYear(r.ref, 'administration_date', r.administrationDate, year, 'administration date');
    this.touch(year.ref, school);
    this.write('assessments', [f.index, r.ref.line, student, school, year.ref, r.assessment, r.subject, r.administrationDate, r.grade, r.scaleScore, r.performanceLevel, r.performanceLevelLabel, r.proficient]);
  }

  discipline(r: DisciplineRecord): void {
    const f = this.fileOf(r.ref.file);
    if (!this.firstInFile(f, r.ref, 'discipline', `${r.incidentId}\u0000${r.studentId}`, 'incident_id', `incident "${r.incidentId}" for student "${r.studentId}"`)) return;
    const student = this.studentRef(r.ref, f, r.studentId);
    const school = this.schoolRef(r.ref, f, r.schoolId);
    if (student === undefined || school === undefined) return;
    this.touch(this.yearOf(r.date)?.ref ?? null, school);
    if (this.yearOf(r.date) === null) this.aggregate(r.ref, 'disc-no-year', 'date', (n, line) => `${n === 1 ? `the incident at line ${line} is dated` : `${n.toLocaleString('en-US')} incidents (first at line ${line}) are dated`} outside every school year Village knows; stored, and left out of measures`);
    this.write('discipline', [f.index, r.ref.line, r.incidentId, student, school, r.date, r.behavior, r.action, r.days]);
  }

  program(r: ProgramRecord): void {
    const f = this.fileOf(r.ref.file);
    if (!this.firstInFile(f, r.ref, 'program', `${r.studentId}\u0000${r.program}\u0000${r.beginDate}`, 'program', `the ${r.program} program of student "${r.studentId}" from ${r.beginDate}`)) return;
    const student = this.studentRef(r.ref, f, r.studentId);
    if (student === undefined) return;
    let school: number | null = null;
    if (r.schoolId) {
      const s = this.schoolRef(r.ref, f, r.schoolId);
      if (s === undefined) return;
      school = s;
    }
    this.write('programs', [f.index, r.ref.line, student, school, r.program, r.programName, r.beginDate, r.endDate]);
  }

  deletion(r: DeletionRecord): void {
    const f = this.fileOf(r.ref.file);
    const d = this.directory;
    const ref =
      r.kind === 'student' ? d.students.get(r.id) : r.kind === 'school' ? d.schools.get(r.id) : r.kind === 'guardian' ? d.guardians.get(r.id) : r.kind === 'staff' ? d.staff.get(r.id) : r.kind === 'session' ? d.sessions.get(r.id) : r.kind === 'course' ? d.courses.get(r.id) : r.kind === 'class' ? d.classes.get(r.id) : undefined;
    if (ref === undefined && r.kind !== 'classMember' && r.kind !== 'enrollment') {
      this.aggregate(r.ref, `delete-unknown:${r.kind}`, 'status', (n, line) => `${n === 1 ? `the ${r.kind} at line ${line} is` : `${n.toLocaleString('en-US')} ${r.kind} records (first at line ${line}) are`} marked tobedeleted but Village never had ${n === 1 ? 'it' : 'them'}; nothing to remove`);
      return;
    }
    this.write('deletions', [f.index, r.ref.line, r.kind === 'enrollment' ? 'classMember' : r.kind, r.id, ref ?? null]);
  }
}
