/**
 * The normalised records every reader (Village CSV templates, OneRoster, Ed-Fi XML) produces and
 * the import engine consumes. Their fields are the Village CSV templates' columns
 * (DATA-FORMATS.md), already parsed and validated, plus the roster kinds OneRoster adds (staff,
 * sessions, courses, classes, class members) and student programs from Ed-Fi. Identifiers are the
 * source's keys (ext ids); the engine resolves them to Village's ids.
 */

/** Where a record came from, for errors and warnings: file name and line (header = line 1). */
export interface SourceRef {
  file: string;
  line: number;
}

export type Flag = 0 | 1;

/** CEDS grade codes. */
export type Grade = 'PK' | 'TK' | 'KG' | '01' | '02' | '03' | '04' | '05' | '06' | '07' | '08' | '09' | '10' | '11' | '12';

export type AttendanceStatus =
  | 'present'
  | 'absent_excused'
  | 'absent_unexcused'
  | 'suspension_out_of_school'
  | 'suspension_in_school'
  | 'tardy'
  | 'partial';

export type RaceCode = 'american_indian_alaska_native' | 'asian' | 'black' | 'native_hawaiian_pacific_islander' | 'white';

export interface SchoolRecord {
  ref: SourceRef;
  schoolId: string;
  name: string;
  schoolType: 'elementary' | 'middle' | 'high' | 'k8' | 'k12' | 'other';
  lowGrade: Grade | null;
  highGrade: Grade | null;
  /** A second identifier (OneRoster identifier, state id), when the source has one. */
  localId?: string | null;
  /**
   * Which fields this source actually provides (default: all). A OneRoster org names a school but
   * says nothing of its type or grades; an update then leaves those as they are.
   */
  provides?: ReadonlyArray<'name' | 'type' | 'grades' | 'localId'>;
}

/** A school year named by a file ('2021-2022'), with its first and last day when known. */
export interface SchoolYearRecord {
  ref: SourceRef;
  name: string;
  startDate: string | null;
  endDate: string | null;
}

/**
 * Groups of student fields a source may provide. 'flags' is all five flags; a source with only some
 * of them names them one by one.
 */
export type StudentField =
  /** First and last name: a record that names the student (created from it when new). */
  | 'name'
  /** The middle name: a source without one (the Village template) leaves it as it is. */
  | 'middleName'
  | 'birthDate'
  | 'sex'
  | 'ethnicity'
  | 'flags'
  | 'homeLanguage'
  | 'email'
  | 'localId'
  | 'englishLearner'
  | 'disability'
  | 'economicallyDisadvantaged'
  | 'homeless'
  | 'foster';

export interface StudentRecord {
  ref: SourceRef;
  studentId: string;
  localId?: string | null;
  firstName: string;
  lastName: string;
  middleName?: string | null;
  birthDate: string | null;
  sex: 'F' | 'M' | 'X' | null;
  hispanicLatino: Flag | null;
  races: RaceCode[];
  englishLearner: Flag;
  disability: Flag;
  economicallyDisadvantaged: Flag;
  homeless: Flag;
  foster: Flag;
  homeLanguage: string | null;
  email?: string | null;
  /**
   * Which demographic fields this source actually provides. A OneRoster users.csv row says nothing
   * about race; a later demographics.csv row does. The engine updates only the fields named here.
   */
  provides: ReadonlyArray<StudentField>;
  /** When the source last changed the record (OneRoster dateLastModified): a delta file older than what is stored is not applied. */
  modifiedAt?: string | null;
}

/** Guardian fields a source may provide: the person's (name, phone, email, language) and the link's to the child (relationship, lives with). */
export type GuardianField = 'name' | 'phone' | 'email' | 'preferredLanguage' | 'relationship' | 'livesWithStudent';

export interface GuardianRecord {
  ref: SourceRef;
  guardianId: string;
  studentId: string;
  firstName: string;
  lastName: string;
  relationship: string | null;
  phone: string | null;
  email: string | null;
  preferredLanguage: string | null;
  livesWithStudent: Flag;
  /**
   * Which fields this source actually provides (default: all). OneRoster says nothing of a
   * guardian's preferred language or whether they live with the child; an update then leaves
   * those as they are.
   */
  provides?: ReadonlyArray<GuardianField>;
  /** When the source last changed the record (OneRoster dateLastModified). */
  modifiedAt?: string | null;
}

export type StaffField = 'name' | 'email' | 'localId' | 'role';

export interface StaffRecord {
  ref: SourceRef;
  staffId: string;
  localId?: string | null;
  firstName: string;
  lastName: string;
  email: string | null;
  /** teacher | administrator | aide | counselor | other */
  role: string;
  schoolIds: string[];
  /** Which fields this source actually provides (default: all); the others are left as they are. */
  provides?: ReadonlyArray<StaffField>;
  /** When the source last changed the record (OneRoster dateLastModified). */
  modifiedAt?: string | null;
}

export interface AcademicSessionRecord {
  ref: SourceRef;
  sessionId: string;
  title: string;
  type: 'schoolYear' | 'term' | 'semester' | 'gradingPeriod';
  startDate: string;
  endDate: string;
  parentSessionId: string | null;
  /** '2021-2022' */
  schoolYear: string;
  /** When the source last changed the record (OneRoster dateLastModified). */
  modifiedAt?: string | null;
}

export interface CourseRecord {
  ref: SourceRef;
  courseId: string;
  title: string;
  courseCode: string | null;
  schoolId: string | null;
  /** When the source last changed the record (OneRoster dateLastModified). */
  modifiedAt?: string | null;
}

export interface ClassRecord {
  ref: SourceRef;
  classId: string;
  schoolId: string;
  courseId: string | null;
  title: string;
  classCode: string | null;
  grades: Grade[];
  periods: string | null;
  schoolYear: string | null;
  /** When the source last changed the record (OneRoster dateLastModified). */
  modifiedAt?: string | null;
}

export interface ClassMemberRecord {
  ref: SourceRef;
  /** OneRoster enrollment sourcedId, when there is one. */
  memberId: string | null;
  classId: string;
  role: 'student' | 'teacher';
  /** studentId for students, staffId for teachers. */
  personId: string;
  isPrimary: Flag;
  beginDate: string | null;
  endDate: string | null;
}

export interface CalendarDayRecord {
  ref: SourceRef;
  schoolId: string;
  schoolYear: string;
  date: string;
  instructional: Flag;
  event?: string | null;
}

export interface EnrollmentRecord {
  ref: SourceRef;
  studentId: string;
  schoolId: string;
  schoolYear: string;
  grade: Grade;
  entryDate: string;
  exitDate: string | null;
  entryType?: string | null;
  exitType?: string | null;
}

export interface AttendanceRecord {
  ref: SourceRef;
  studentId: string;
  schoolId: string;
  date: string;
  status: AttendanceStatus;
  minutesAbsent: number | null;
}

export interface AttendanceTotalRecord {
  ref: SourceRef;
  studentId: string;
  schoolId: string;
  schoolYear: string;
  daysEnrolled: number;
  daysAbsent: number;
}

export interface AssessmentRecord {
  ref: SourceRef;
  studentId: string;
  schoolId: string | null;
  schoolYear: string;
  assessment: string;
  subject: 'ela' | 'math' | 'science' | 'other';
  administrationDate: string;
  grade: Grade | null;
  scaleScore: number | null;
  performanceLevel: number | null;
  performanceLevelLabel: string | null;
  proficient: Flag | null;
}

export interface DisciplineRecord {
  ref: SourceRef;
  incidentId: string;
  studentId: string;
  schoolId: string;
  date: string;
  behavior: string | null;
  action: 'out_of_school_suspension' | 'in_school_suspension' | 'expulsion' | 'other';
  days: number | null;
}

export interface ProgramRecord {
  ref: SourceRef;
  studentId: string;
  schoolId: string | null;
  /** Village's code: special_education | english_learner | food_service | homeless | foster | other */
  program: string;
  programName: string | null;
  beginDate: string;
  endDate: string | null;
}

/** A record the source says is gone (OneRoster status=tobedeleted): kept for history, out of every measure. */
export interface DeletionRecord {
  ref: SourceRef;
  kind: 'school' | 'student' | 'guardian' | 'staff' | 'session' | 'course' | 'class' | 'classMember' | 'enrollment';
  id: string;
}

export interface ImportIssue {
  severity: 'error' | 'warning';
  file: string;
  /** Header = line 1; 0 when the problem is with the whole file. */
  line: number;
  column: string | null;
  reason: string;
  /**
   * The whole file is refused (it is not well-formed, is truncated, or is in an unreadable encoding):
   * skipping bad rows cannot apply to it. Set by the Ed-Fi reader.
   */
  fatal?: boolean;
}

/** The district organisation named by a source file: mapped onto the district being imported into. */
export interface DistrictSourceRecord {
  ref: SourceRef;
  system: 'oneroster' | 'edfi';
  /** OneRoster org sourcedId, or Ed-Fi LocalEducationAgencyId. */
  sourceId: string;
  name: string | null;
}

/** A file a reader is about to read (optional: readers that do not say so are known by their records' file names). */
export interface ImportFileInfo {
  /** As messages name it (the records' `ref.file`). */
  name: string;
  /** What it is read as: 'csv:attendance', 'oneroster:users', 'edfi:InterchangeStudent', … */
  kind: string;
  sizeBytes?: number | null;
  encoding?: string | null;
  /** OneRoster delta file: records older (dateLastModified) than what Village holds are not applied. */
  delta?: boolean;
}

/** Where readers put what they read. Implemented by the import engine. */
export interface RecordSink {
  districtSource(r: DistrictSourceRecord): void;
  school(r: SchoolRecord): void;
  schoolYear(r: SchoolYearRecord): void;
  student(r: StudentRecord): void;
  guardian(r: GuardianRecord): void;
  staff(r: StaffRecord): void;
  session(r: AcademicSessionRecord): void;
  course(r: CourseRecord): void;
  class(r: ClassRecord): void;
  classMember(r: ClassMemberRecord): void;
  calendarDay(r: CalendarDayRecord): void;
  enrollment(r: EnrollmentRecord): void;
  /** May be called millions of times: implementations stage these without holding them in memory. */
  attendance(r: AttendanceRecord): void | Promise<void>;
  attendanceTotal(r: AttendanceTotalRecord): void;
  assessment(r: AssessmentRecord): void;
  discipline(r: DisciplineRecord): void;
  program(r: ProgramRecord): void;
  deletion(r: DeletionRecord): void;
  issue(i: ImportIssue): void;
  /** Readers report progress: bytes read of the current file and its size (when known). */
  progress?(file: string, bytesRead: number, totalBytes: number | null, records: number): void;
  /** A file is about to be read (optional). */
  file?(info: ImportFileInfo): void;
  /** A file has been read: how many data rows (or records) it held (optional). */
  fileDone?(file: string, rowsRead: number): void;
  /**
   * Readers that can wait may await this between chunks: the engine then holds them back while it
   * writes what it has staged (bounded memory whatever the file size).
   */
  flush?(): void | Promise<void>;
  /** Whether an org id is the district's own, as recorded by an earlier import (optional). */
  knownDistrictSource?(system: 'oneroster' | 'edfi', sourceId: string): boolean;
}
