/**
 * One reader per Ed-Fi interchange: turns each record element into Village's normalised records
 * (server/imports/records.ts). Element names are those of Data Standards 3 to 5; Data Standard 2's
 * older shapes (CodeValue descriptors, demographics on the Student) are read too.
 */
import type { AttendanceStatus, CalendarDayRecord, DisciplineRecord, Grade, ProgramRecord, RaceCode, StudentRecord } from '../records.ts';
import { CANONICAL_SUBJECT, readDescriptor, valueKey, type Descriptor } from './descriptors.ts';
import { FileContext, GRADE_ORDER, PROGRAM_CODE_FLAG, PROGRAM_FLAG, type AssessmentMeta } from './context.ts';
import { at, child, childrenNamed, type XmlNode } from './xml.ts';

export interface InterchangeReader {
  record(node: XmlNode): void | Promise<void>;
  /** After the last record of the file. */
  end?(): void;
}

/** The interchanges Village reads, in the order a folder is read (each may use what earlier ones gave). */
export const INTERCHANGE_ORDER = [
  'InterchangeEducationOrganization',
  'InterchangeEducationOrgCalendar',
  'InterchangeStudent',
  'InterchangeStudentEnrollment',
  'InterchangeStudentProgram',
  'InterchangeAssessmentMetadata',
  'InterchangeStudentAssessment',
  'InterchangeStudentDiscipline',
  'InterchangeStudentAttendance',
] as const;
export type InterchangeName = (typeof INTERCHANGE_ORDER)[number];

export function isReadInterchange(name: string): name is InterchangeName {
  return (INTERCHANGE_ORDER as readonly string[]).includes(name);
}

export function readerFor(name: InterchangeName, ctx: FileContext): InterchangeReader {
  switch (name) {
    case 'InterchangeEducationOrganization':
      return educationOrganizationReader(ctx);
    case 'InterchangeEducationOrgCalendar':
      return calendarReader(ctx);
    case 'InterchangeStudent':
      return studentReader(ctx);
    case 'InterchangeStudentEnrollment':
      return enrollmentReader(ctx);
    case 'InterchangeStudentProgram':
      return programReader(ctx);
    case 'InterchangeAssessmentMetadata':
      return assessmentMetadataReader(ctx);
    case 'InterchangeStudentAssessment':
      return studentAssessmentReader(ctx);
    case 'InterchangeStudentDiscipline':
      return disciplineReader(ctx);
    case 'InterchangeStudentAttendance':
      return attendanceReader(ctx);
  }
}

function ignored(ctx: FileContext, node: XmlNode) {
  ctx.state.count(`ignored ${node.name}`);
}

function isGrade(code: string | undefined): code is Grade {
  return !!code && (GRADE_ORDER as readonly string[]).includes(code);
}

// ---- Education organizations -----------------------------------------------------------------

function educationOrganizationReader(ctx: FileContext): InterchangeReader {
  const { state } = ctx;
  return {
    record(node) {
      if (node.name === 'LocalEducationAgency') {
        const id = ctx.text(node, 'LocalEducationAgencyId', true);
        if (!id) return;
        state.sink.districtSource({ ref: ctx.ref(node), system: 'edfi', sourceId: id, name: ctx.text(node, 'NameOfInstitution') });
        state.count('districtSources');
        return;
      }
      if (node.name !== 'School') return ignored(ctx, node);
      const schoolId = ctx.text(node, 'SchoolId', true);
      const name = ctx.text(node, 'NameOfInstitution', true);
      if (!schoolId || !name) return;
      if (node.attrs.id) state.schoolIdByXmlId.set(node.attrs.id, schoolId);
      state.schoolIds.add(schoolId);
      const gradeNodes = [...childrenNamed(node, 'GradeLevel'), ...childrenNamed(child(node, 'GradesOffered'), 'GradeLevel')];
      const grades = gradeNodes.map((g) => ctx.map('GradeLevel', g)).filter(isGrade).sort((a, b) => GRADE_ORDER.indexOf(a) - GRADE_ORDER.indexOf(b));
      const lowGrade = grades[0] ?? null;
      const highGrade = grades[grades.length - 1] ?? null;
      const categories = [...childrenNamed(node, 'SchoolCategory'), ...childrenNamed(child(node, 'SchoolCategories'), 'SchoolCategory')];
      const mapped = categories.map((c) => ctx.map('SchoolCategory', c)).find((c) => c && c !== 'ignore');
      const localId = childrenNamed(node, 'EducationOrganizationIdentificationCode')
        .map((c) => child(c, 'IdentificationCode')?.text)
        .find((code) => code && code !== schoolId);
      state.sink.school({
        ref: ctx.ref(node),
        schoolId,
        name,
        schoolType: (mapped as 'elementary') ?? schoolTypeFromGrades(lowGrade, highGrade),
        lowGrade,
        highGrade,
        localId: localId ?? null,
      });
      state.count('schools');
    },
  };
}

function schoolTypeFromGrades(low: Grade | null, high: Grade | null): 'elementary' | 'middle' | 'high' | 'k8' | 'k12' | 'other' {
  if (!low || !high) return 'other';
  const lo = GRADE_ORDER.indexOf(low);
  const hi = GRADE_ORDER.indexOf(high);
  const g = (x: Grade) => GRADE_ORDER.indexOf(x);
  if (lo >= g('09')) return 'high';
  if (lo >= g('06') && hi <= g('09')) return 'middle';
  if (hi <= g('06')) return 'elementary';
  if (hi >= g('12')) return 'k12';
  if (hi === g('08')) return 'k8';
  return 'other';
}

// ---- Calendars -------------------------------------------------------------------------------

function calendarReader(ctx: FileContext): InterchangeReader {
  const { state } = ctx;
  const days = new Map<string, CalendarDayRecord>();
  const years = new Map<string, { start: string; end: string; line: number }>();
  const sessionDays = new Map<string, number>();
  return {
    record(node) {
      if (node.name === 'Session') {
        const schoolId = ctx.schoolId(node);
        const begin = ctx.date(node, 'BeginDate', true);
        const end = ctx.date(node, 'EndDate', true);
        if (!begin || !end) return;
        if (!schoolId) return ctx.error(node, 'SchoolReference', 'the session names no school (SchoolReference/SchoolIdentity/SchoolId)');
        const year = ctx.schoolYear(node, 'SchoolYear');
        if (year === undefined) return;
        const schoolYear = year ?? state.yearOf(begin, null);
        const total = ctx.number(node, 'TotalInstructionalDays');
        state.sessions.push({ schoolId, schoolYear, beginDate: begin, endDate: end, instructionalDays: total ?? null });
        const y = years.get(schoolYear);
        if (!y) years.set(schoolYear, { start: begin, end, line: node.line });
        else {
          if (begin < y.start) y.start = begin;
          if (end > y.end) y.end = end;
        }
        if (total) sessionDays.set(`${schoolId}\u0000${schoolYear}`, (sessionDays.get(`${schoolId}\u0000${schoolYear}`) ?? 0) + total);
        return;
      }
      if (node.name !== 'CalendarDate') return ignored(ctx, node);
      const date = ctx.date(node, 'Date', true);
      if (!date) return;
      const identity = at(node, 'CalendarReference/CalendarIdentity');
      const schoolId = (identity && ctx.schoolId(identity)) || ctx.schoolId(node);
      if (!schoolId) return ctx.error(node, 'CalendarReference', 'the calendar date names no school (CalendarReference/CalendarIdentity/SchoolReference)');
      const year = identity ? ctx.schoolYear(identity, 'SchoolYear') : ctx.schoolYear(node, 'SchoolYear');
      if (year === undefined) return;
      const events = [...childrenNamed(node, 'CalendarEvent'), ...childrenNamed(child(node, 'CalendarEvents'), 'CalendarEvent')];
      if (events.length === 0) return ctx.error(node, 'CalendarEvent', 'CalendarEvent is missing from <CalendarDate>');
      let instructional: 0 | 1 | null = null;
      const names: string[] = [];
      for (const e of events) {
        const code = ctx.map('CalendarEvent', e);
        const d = readDescriptor(e);
        if (code === 'instructional') instructional = 1;
        else if (code === 'non_instructional' && instructional === null) instructional = 0;
        if (d && valueKey(d.value) !== 'instructional day') names.push(d.value);
      }
      if (instructional === null) return; // its event has no mapping: reported at the end of the file
      const key = `${schoolId}\u0000${date}`;
      const prev = days.get(key);
      if (prev) {
        prev.instructional = prev.instructional || instructional ? 1 : 0;
        if (names.length) prev.event = [prev.event, ...names].filter(Boolean).join('; ');
        return;
      }
      days.set(key, { ref: ctx.ref(node), schoolId, schoolYear: year ?? state.yearOf(date, schoolId), date, instructional, event: names.length ? names.join('; ') : null });
    },
    end() {
      for (const [name, y] of years) state.nameYear(name, { file: ctx.file, line: y.line }, y.start, y.end);
      const listed = new Map<string, number>();
      for (const d of days.values()) {
        state.nameYear(d.schoolYear, d.ref);
        state.sink.calendarDay(d);
        state.count('calendarDays');
        if (d.instructional) listed.set(`${d.schoolId}\u0000${d.schoolYear}`, (listed.get(`${d.schoolId}\u0000${d.schoolYear}`) ?? 0) + 1);
      }
      for (const [key, total] of sessionDays) {
        const have = listed.get(key) ?? 0;
        if (have < total) {
          const [schoolId, year] = key.split('\u0000');
          ctx.warn(0, 'CalendarDate', `school ${schoolId}, ${year}: its sessions count ${total} instructional days but the calendar lists ${have}; days enrolled are counted from the listed days only, so import the school's full calendar (CalendarDate for every school day)`);
        }
      }
    },
  };
}

// ---- Students and their demographics ---------------------------------------------------------

interface Demographics {
  values: Partial<StudentRecord>;
  provides: Set<StudentRecord['provides'][number]>;
}

const RACE_CODES = new Set<string>(['american_indian_alaska_native', 'asian', 'black', 'native_hawaiian_pacific_islander', 'white']);
const CHARACTERISTIC_FLAG: Record<string, number> = {
  english_learner: PROGRAM_FLAG.english_learner,
  disability: PROGRAM_FLAG.disability,
  economically_disadvantaged: PROGRAM_FLAG.economically_disadvantaged,
  homeless: PROGRAM_FLAG.homeless,
  foster: PROGRAM_FLAG.foster,
};

/** Sex, ethnicity, race, flags, language, email and local id, wherever the Data Standard keeps them. */
function readDemographics(ctx: FileContext, node: XmlNode): Demographics {
  const values: Partial<StudentRecord> = {};
  const provides = new Set<StudentRecord['provides'][number]>();

  const sexNode = child(node, 'Sex') ?? child(node, 'SexDescriptor');
  if (sexNode) {
    const code = ctx.map('Sex', sexNode);
    if (code !== undefined) {
      values.sex = code === 'F' || code === 'M' || code === 'X' ? code : null;
      provides.add('sex');
    }
  }

  const hispanic = child(node, 'HispanicLatinoEthnicity') ? ctx.flag(node, 'HispanicLatinoEthnicity') : null;
  const raceNodes = [...childrenNamed(node, 'Race'), ...childrenNamed(child(node, 'Races'), 'Race')];
  if (hispanic !== null || raceNodes.length) {
    const races = new Set<RaceCode>();
    let raceHispanic = false;
    for (const r of raceNodes) {
      const code = ctx.map('Race', r);
      if (code === 'hispanic') raceHispanic = true;
      else if (code && RACE_CODES.has(code)) races.add(code as RaceCode);
    }
    values.hispanicLatino = hispanic === 1 || raceHispanic ? 1 : hispanic;
    values.races = [...races].sort();
    provides.add('ethnicity');
  }

  let flags = 0;
  let flagSource = false;
  const lep = child(node, 'LimitedEnglishProficiency');
  if (lep) {
    const code = ctx.map('LimitedEnglishProficiency', lep);
    if (code !== undefined) {
      flagSource = true;
      if (code === 'english_learner') flags |= PROGRAM_FLAG.english_learner;
    }
  }
  if (child(node, 'EconomicDisadvantaged')) {
    const v = ctx.flag(node, 'EconomicDisadvantaged');
    if (v !== null) {
      flagSource = true;
      if (v) flags |= PROGRAM_FLAG.economically_disadvantaged;
    }
  }
  const food = child(node, 'SchoolFoodServicesEligibility') ?? child(node, 'SchoolFoodServiceProgramService');
  if (food) {
    const code = ctx.map('SchoolFoodServicesEligibility', food);
    if (code !== undefined) {
      flagSource = true;
      if (code === 'economically_disadvantaged') flags |= PROGRAM_FLAG.economically_disadvantaged;
    }
  }
  for (const c of [...childrenNamed(node, 'StudentCharacteristic'), ...childrenNamed(child(node, 'StudentCharacteristics'), 'StudentCharacteristic')]) {
    const periods = childrenNamed(c, 'StudentCharacteristicPeriod').concat(childrenNamed(c, 'Period'));
    if (periods.length && periods.every((p) => child(p, 'EndDate')?.text)) continue; // every period has ended
    const code = ctx.map('StudentCharacteristic', c);
    if (code === undefined) continue;
    flagSource = true;
    flags |= CHARACTERISTIC_FLAG[code] ?? 0;
  }
  const disabilities = [...childrenNamed(node, 'Disability'), ...childrenNamed(child(node, 'Disabilities'), 'Disability')];
  if (disabilities.length) {
    flagSource = true;
    flags |= PROGRAM_FLAG.disability;
  }
  if (flagSource) {
    applyFlags(values, flags);
    provides.add('flags');
  }

  const languages = [...childrenNamed(node, 'Language'), ...childrenNamed(child(node, 'Languages'), 'Language')];
  if (languages.length) {
    const rank = (l: XmlNode) => {
      const uses = collect(l, 'LanguageUse').map((u) => valueKey(readDescriptor(u)?.value ?? ''));
      if (uses.includes('home language')) return 0;
      if (uses.includes('native language')) return 1;
      if (uses.includes('dominant language')) return 2;
      return 3;
    };
    const best = [...languages].sort((a, b) => rank(a) - rank(b))[0];
    const inner = child(best, 'Language') ?? (best.text ? best : null);
    const code = ctx.map('Language', inner);
    if (code !== undefined) {
      values.homeLanguage = code === 'ignore' ? null : code;
      provides.add('homeLanguage');
    }
  }

  const email = at(node, 'ElectronicMail/ElectronicMailAddress')?.text;
  if (email) {
    values.email = email;
    provides.add('email');
  }

  const ids = childrenNamed(node, 'StudentIdentificationCode').map((c) => ({
    system: valueKey(readDescriptor(child(c, 'StudentIdentificationSystem'))?.value ?? ''),
    code: child(c, 'IdentificationCode')?.text ?? '',
  }));
  const local = ['local', 'district', 'school', 'state'].map((s) => ids.find((i) => i.system === s && i.code)).find(Boolean);
  if (local) {
    values.localId = local.code;
    provides.add('localId');
  }
  return { values, provides };
}

function collect(node: XmlNode, name: string, out: XmlNode[] = []): XmlNode[] {
  for (const c of node.children) {
    if (c.name === name) out.push(c);
    collect(c, name, out);
  }
  return out;
}

function applyFlags(values: Partial<StudentRecord>, flags: number) {
  values.englishLearner = flags & PROGRAM_FLAG.english_learner ? 1 : 0;
  values.disability = flags & PROGRAM_FLAG.disability ? 1 : 0;
  values.economicallyDisadvantaged = flags & PROGRAM_FLAG.economically_disadvantaged ? 1 : 0;
  values.homeless = flags & PROGRAM_FLAG.homeless ? 1 : 0;
  values.foster = flags & PROGRAM_FLAG.foster ? 1 : 0;
}

const FLAG_FIELDS = [
  ['englishLearner', PROGRAM_FLAG.english_learner],
  ['disability', PROGRAM_FLAG.disability],
  ['economicallyDisadvantaged', PROGRAM_FLAG.economically_disadvantaged],
  ['homeless', PROGRAM_FLAG.homeless],
  ['foster', PROGRAM_FLAG.foster],
] as const;

function flagsOf(values: Partial<StudentRecord>): number {
  return (
    (values.englishLearner ? PROGRAM_FLAG.english_learner : 0) |
    (values.disability ? PROGRAM_FLAG.disability : 0) |
    (values.economicallyDisadvantaged ? PROGRAM_FLAG.economically_disadvantaged : 0) |
    (values.homeless ? PROGRAM_FLAG.homeless : 0) |
    (values.foster ? PROGRAM_FLAG.foster : 0)
  );
}

/**
 * Emits a student record. The flags the student's programs give are added: to all five flags when
 * the record gives them, else one by one (a program says a student is in a group, never that they
 * are not), so a student's flags come out the same whichever of their records is read last.
 */
function emitStudent(ctx: FileContext, node: XmlNode, studentId: string, d: Demographics) {
  const fromPrograms = ctx.state.programFlags.get(studentId) ?? 0;
  if (fromPrograms && d.provides.has('flags')) applyFlags(d.values, flagsOf(d.values) | fromPrograms);
  else if (fromPrograms) {
    for (const [field, bit] of FLAG_FIELDS) {
      if (fromPrograms & bit) {
        d.values[field] = 1;
        d.provides.add(field);
      }
    }
  }
  if (d.provides.size === 0) return;
  const v = d.values;
  ctx.state.sink.student({
    ref: ctx.ref(node),
    studentId,
    localId: v.localId ?? null,
    firstName: v.firstName ?? '',
    lastName: v.lastName ?? '',
    middleName: v.middleName ?? null,
    birthDate: v.birthDate ?? null,
    sex: v.sex ?? null,
    hispanicLatino: v.hispanicLatino ?? null,
    races: v.races ?? [],
    englishLearner: v.englishLearner ?? 0,
    disability: v.disability ?? 0,
    economicallyDisadvantaged: v.economicallyDisadvantaged ?? 0,
    homeless: v.homeless ?? 0,
    foster: v.foster ?? 0,
    homeLanguage: v.homeLanguage ?? null,
    email: v.email ?? null,
    provides: [...d.provides],
  });
  ctx.state.count('students');
}

function studentReader(ctx: FileContext): InterchangeReader {
  const { state } = ctx;
  const newest = state.newestStudents;
  const isOlder = !!newest && ctx.standard.major * 100 + ctx.standard.minor < state.newestStandard;
  let leftOut = 0;
  let firstLeftOut: { id: string; line: number } | null = null;
  return {
    record(node) {
      if (node.name !== 'Student') return ignored(ctx, node);
      const studentId = ctx.text(node, 'StudentUniqueId', true);
      if (!studentId) return;
      if (isOlder && !newest!.has(studentId)) {
        leftOut++;
        firstLeftOut ??= { id: studentId, line: node.line };
        return;
      }
      const d = readDemographics(ctx, node);
      if (!isOlder) {
        const first = ctx.text(node, 'Name/FirstName', true);
        const last = ctx.text(node, 'Name/LastSurname', true);
        if (!first || !last) return;
        const birth = ctx.date(node, 'BirthData/BirthDate') ?? ctx.date(node, 'BirthDate');
        if (birth === undefined) return;
        d.values.firstName = first;
        d.values.lastName = last;
        d.values.middleName = ctx.text(node, 'Name/MiddleName');
        // A Student names the whole person: no MiddleName means the student has none.
        d.provides.add('name');
        d.provides.add('middleName');
        if (birth) {
          d.values.birthDate = birth;
          d.provides.add('birthDate');
        }
        newest?.add(studentId);
      }
      emitStudent(ctx, node, studentId, d);
    },
    end() {
      if (leftOut && firstLeftOut) {
        ctx.warn(firstLeftOut.line, 'StudentUniqueId', `${leftOut} student(s) of this older Data Standard ${ctx.standard.label} file (the first is ${firstLeftOut.id}, line ${firstLeftOut.line}) are not in the newer Student interchange, which names the students; they were left out`);
      }
    },
  };
}

// ---- Enrollment --------------------------------------------------------------------------------

function enrollmentReader(ctx: FileContext): InterchangeReader {
  const { state } = ctx;
  return {
    record(node) {
      if (node.name === 'StudentEducationOrganizationAssociation') {
        const studentId = ctx.studentId(node);
        if (!studentId) return;
        emitStudent(ctx, node, studentId, readDemographics(ctx, node));
        return;
      }
      if (node.name !== 'StudentSchoolAssociation') return ignored(ctx, node);
      const studentId = ctx.studentId(node);
      const schoolId = ctx.schoolId(node);
      if (!schoolId) ctx.error(node, 'SchoolReference/SchoolIdentity/SchoolId', 'the enrollment names no school (SchoolReference/SchoolIdentity/SchoolId)');
      const entryDate = ctx.date(node, 'EntryDate', true);
      const exitDate = ctx.date(node, 'ExitWithdrawDate');
      const gradeNode = child(node, 'EntryGradeLevel');
      if (!gradeNode) ctx.error(node, 'EntryGradeLevel', 'EntryGradeLevel is missing from <StudentSchoolAssociation>');
      const grade = ctx.map('GradeLevel', gradeNode);
      const year = ctx.schoolYear(node, 'SchoolYear');
      const calendarYear = ctx.schoolYear(node, 'CalendarReference/CalendarIdentity/SchoolYear');
      if (!studentId || !schoolId || !entryDate || exitDate === undefined || year === undefined || calendarYear === undefined) return;
      if (!isGrade(grade)) return; // unknown (reported at the end of the file) or mapped to "ignore"
      if (exitDate && exitDate < entryDate) return ctx.error(node, 'ExitWithdrawDate', `the exit date ${exitDate} is before the entry date ${entryDate}`);
      const schoolYear = year ?? calendarYear ?? state.yearOf(entryDate, schoolId);
      state.nameYear(schoolYear, ctx.ref(node));
      state.sink.enrollment({
        ref: ctx.ref(node),
        studentId,
        schoolId,
        schoolYear,
        grade,
        entryDate,
        exitDate,
        entryType: readDescriptor(child(node, 'EntryType'))?.value ?? null,
        exitType: readDescriptor(child(node, 'ExitWithdrawType'))?.value ?? null,
      });
      state.count('enrollments');
    },
  };
}

// ---- Programs ------------------------------------------------------------------------------------

/** Specialised associations say what the program is by their own name. */
const ASSOCIATION_PROGRAM: Record<string, string> = {
  StudentSpecialEducationProgramAssociation: 'special_education',
  StudentLanguageInstructionProgramAssociation: 'english_learner',
  StudentSchoolFoodServiceProgramAssociation: 'food_service',
  StudentHomelessProgramAssociation: 'homeless',
};

export function isProgramAssociation(name: string): boolean {
  return /^Student[A-Za-z0-9]*ProgramAssociation$/.test(name);
}

/** The Village program code of a program association ('other' when its type has no mapping). */
export function programCode(ctx: FileContext, node: XmlNode): { code: string; name: string | null; type: Descriptor | null } {
  const identity = at(node, 'ProgramReference/ProgramIdentity') ?? child(node, 'ProgramReference');
  const typeNode = child(identity, 'ProgramType');
  const type = readDescriptor(typeNode);
  const mapped = ctx.map('ProgramType', typeNode);
  const code = ASSOCIATION_PROGRAM[node.name] ?? mapped ?? 'other';
  return { code, name: child(identity, 'ProgramName')?.text || type?.value || null, type };
}

function programReader(ctx: FileContext): InterchangeReader {
  const { state } = ctx;
  // Village keeps one program per student, kind and start date: associations of one student that map
  // to the same kind from the same day (Migrant and Career and Technical Education both "other", say)
  // become one record naming both programs. Program files are small enough to hold until their end.
  const merged = new Map<string, ProgramRecord>();
  return {
    record(node) {
      if (!isProgramAssociation(node.name)) return ignored(ctx, node);
      const studentId = ctx.studentId(node);
      const beginDate = ctx.date(node, 'BeginDate', true);
      const endDate = ctx.date(node, 'EndDate');
      const { code, name } = programCode(ctx, node);
      if (!studentId || !beginDate || endDate === undefined) return;
      const orgs = [
        at(node, 'EducationOrganizationReference/EducationOrganizationIdentity/EducationOrganizationId')?.text,
        at(node, 'ProgramReference/ProgramIdentity/EducationOrganizationReference/EducationOrganizationIdentity/EducationOrganizationId')?.text,
      ];
      const schoolId = orgs.find((o) => o && state.schoolIds.has(o)) ?? null;
      const key = `${studentId}\u0000${code}\u0000${beginDate}`;
      const prev = merged.get(key);
      if (!prev) {
        merged.set(key, { ref: ctx.ref(node), studentId, schoolId, program: code, programName: name, beginDate, endDate });
        return;
      }
      if (name && !(prev.programName ?? '').split('; ').includes(name)) prev.programName = prev.programName ? `${prev.programName}; ${name}` : name;
      prev.endDate = prev.endDate === null || endDate === null ? null : prev.endDate > endDate ? prev.endDate : endDate;
      prev.schoolId ??= schoolId;
    },
    end() {
      for (const r of merged.values()) {
        state.sink.program(r);
        state.count('programs');
      }
      merged.clear();
    },
  };
}

// ---- Assessments ---------------------------------------------------------------------------------

function assessmentMetadataReader(ctx: FileContext): InterchangeReader {
  const { state } = ctx;
  return {
    record(node) {
      if (node.name !== 'Assessment') return ignored(ctx, node);
      const identifier = ctx.text(node, 'AssessmentIdentifier') ?? ctx.text(node, 'AssessmentTitle', true);
      if (!identifier) return;
      const namespace = ctx.text(node, 'Namespace') ?? '';
      const subjectNode = childrenNamed(node, 'AcademicSubject')[0] ?? null;
      const subjectValue = readDescriptor(subjectNode)?.value ?? null;
      const mapped = ctx.map('AcademicSubject', subjectNode);
      const subject = (mapped === 'ela' || mapped === 'math' || mapped === 'science' ? mapped : 'other') as AssessmentMeta['subject'];
      const levels = childrenNamed(node, 'AssessmentPerformanceLevel')
        .map((l) => ({ value: readDescriptor(child(l, 'PerformanceLevel'))?.value ?? '', min: Number(child(l, 'MinimumScore')?.text ?? NaN) }))
        .filter((l) => l.value)
        .sort((a, b) => (Number.isNaN(a.min) ? 1 : Number.isNaN(b.min) ? -1 : a.min - b.min));
      const meta: AssessmentMeta = {
        title: ctx.text(node, 'AssessmentTitle') ?? identifier,
        subject,
        subjectDetail: subjectValue && valueKey(subjectValue) !== CANONICAL_SUBJECT[subject] ? subjectValue : null,
        levels: [...new Set(levels.map((l) => valueKey(l.value)))],
      };
      state.assessments.set(`${identifier}\u0000${namespace}`, meta);
      state.assessmentsById.set(identifier, state.assessmentsById.has(identifier) ? null : meta);
      state.count('assessmentDefinitions');
    },
  };
}

const SCORE_PRIORITY = ['scale score', 'composite score', 'vertical score', 'raw score'];

function studentAssessmentReader(ctx: FileContext): InterchangeReader {
  const { state } = ctx;
  const warnedMissing = new Set<string>();
  return {
    record(node) {
      if (node.name !== 'StudentAssessment') return ignored(ctx, node);
      const studentId = ctx.studentId(node);
      const identity = at(node, 'AssessmentReference/AssessmentIdentity');
      const identifier = child(identity, 'AssessmentIdentifier')?.text || child(identity, 'AssessmentTitle')?.text;
      if (!identifier) ctx.error(node, 'AssessmentReference/AssessmentIdentity/AssessmentIdentifier', 'the result names no assessment (AssessmentReference/AssessmentIdentity/AssessmentIdentifier)');
      const date = ctx.date(node, 'AdministrationDate', true);
      const year = ctx.schoolYear(node, 'SchoolYear');
      if (!studentId || !identifier || !date || year === undefined) return;
      const namespace = child(identity, 'Namespace')?.text ?? '';
      const meta = state.assessments.get(`${identifier}\u0000${namespace}`) ?? state.assessmentsById.get(identifier) ?? null;
      if (!meta && !warnedMissing.has(identifier)) {
        warnedMissing.add(identifier);
        ctx.warn(node, 'AssessmentReference', `assessment "${identifier}" is not defined by any InterchangeAssessmentMetadata file read with this one; its results were stored with subject "other" and no performance levels`);
      }
      const schoolId = ctx.schoolId(node, 'ReportedSchoolReference') ?? ctx.text(node, 'ReportedSchoolIdentifier');
      const gradeCode = ctx.map('GradeLevel', child(node, 'WhenAssessedGradeLevel'));

      const scores = childrenNamed(node, 'ScoreResult')
        .map((s) => ({ method: valueKey(readDescriptor(child(s, 'AssessmentReportingMethod'))?.value ?? ''), result: Number(child(s, 'Result')?.text ?? NaN) }))
        .filter((s) => Number.isFinite(s.result));
      scores.sort((a, b) => rankOf(a.method) - rankOf(b.method));

      let label: string | null = null;
      let level: number | null = null;
      let proficient: 0 | 1 | null = null;
      for (const pl of childrenNamed(node, 'PerformanceLevel')) {
        const d = readDescriptor(child(pl, 'PerformanceLevel') ?? pl);
        if (!d?.value) continue;
        const code = ctx.mapDescriptor('PerformanceLevel', d, pl.line);
        label = d.value;
        const idx = meta ? meta.levels.indexOf(valueKey(d.value)) : -1;
        level = idx >= 0 ? idx + 1 : null;
        proficient = code === 'proficient' ? 1 : code === 'not_proficient' ? 0 : null;
        if (code !== undefined) break;
      }
      state.nameYear(year ?? state.yearOf(date, schoolId), ctx.ref(node));
      state.sink.assessment({
        ref: ctx.ref(node),
        studentId,
        schoolId,
        schoolYear: year ?? state.yearOf(date, schoolId),
        assessment: meta ? (meta.subjectDetail ? `${meta.title} (${meta.subjectDetail})` : meta.title) : identifier,
        subject: meta?.subject ?? 'other',
        administrationDate: date,
        grade: isGrade(gradeCode) ? gradeCode : null,
        scaleScore: scores[0]?.result ?? null,
        performanceLevel: level,
        performanceLevelLabel: label,
        proficient,
      });
      state.count('assessments');
    },
  };
}

function rankOf(method: string): number {
  const i = SCORE_PRIORITY.indexOf(method);
  return i < 0 ? SCORE_PRIORITY.length : i;
}

// ---- Discipline ----------------------------------------------------------------------------------

const SEVERITY = ['other', 'in_school_suspension', 'out_of_school_suspension', 'expulsion'];

function disciplineReader(ctx: FileContext): InterchangeReader {
  const { state } = ctx;
  // Incidents and who did what in them: small, and needed to name an action's behaviour and school.
  const incidents = new Map<string, { incidentId: string; schoolId: string | null; behavior: string | null }>();
  const behaviors = new Map<string, string>();
  const behaviorText = (b: XmlNode) => {
    const d = readDescriptor(child(b, 'Behavior') ?? b);
    const detail = child(b, 'BehaviorDetailedDescription')?.text;
    return d?.value ? (detail ? `${d.value}: ${detail}` : d.value) : (detail ?? null);
  };
  const incidentOf = (ref: XmlNode | null) => {
    if (!ref) return null;
    if (ref.attrs.ref) return incidents.get(ref.attrs.ref) ?? null;
    const id = at(ref, 'DisciplineIncidentIdentity/IncidentIdentifier')?.text;
    const school = at(ref, 'DisciplineIncidentIdentity/SchoolReference/SchoolIdentity/SchoolId')?.text ?? null;
    if (!id) return null;
    return incidents.get(`${id}\u0000${school}`) ?? { incidentId: id, schoolId: school, behavior: null };
  };
  return {
    record(node) {
      if (node.name === 'DisciplineIncident') {
        const incidentId = ctx.text(node, 'IncidentIdentifier', true);
        if (!incidentId) return;
        const schoolId = ctx.schoolId(node);
        const b = childrenNamed(node, 'Behavior')[0];
        const entry = { incidentId, schoolId, behavior: b ? behaviorText(b) : null };
        incidents.set(`${incidentId}\u0000${schoolId}`, entry);
        if (node.attrs.id) incidents.set(node.attrs.id, entry);
        return;
      }
      if (node.name === 'StudentDisciplineIncidentBehaviorAssociation' || node.name === 'StudentDisciplineIncidentAssociation') {
        const studentId = at(node, 'StudentReference/StudentIdentity/StudentUniqueId')?.text;
        const incident = incidentOf(child(node, 'DisciplineIncidentReference'));
        const b = child(node, 'Behavior') ? behaviorText(node) : null;
        if (studentId && incident && b) behaviors.set(`${studentId}\u0000${incident.incidentId}\u0000${incident.schoolId}`, b);
        return;
      }
      if (node.name !== 'DisciplineAction') return ignored(ctx, node);
      const actionId = ctx.text(node, 'DisciplineActionIdentifier', true);
      const studentId = ctx.studentId(node);
      const date = ctx.date(node, 'DisciplineDate', true);
      const actual = ctx.number(node, 'ActualDisciplineActionLength');
      const planned = ctx.number(node, 'DisciplineActionLength');
      const disciplines = [...childrenNamed(node, 'Discipline'), ...childrenNamed(child(node, 'Disciplines'), 'Discipline')];
      if (!disciplines.length) ctx.error(node, 'Discipline', 'Discipline is missing from <DisciplineAction>');
      if (!actionId || !studentId || !date || actual === undefined || planned === undefined || !disciplines.length) return;
      let action: DisciplineRecord['action'] | null = null;
      for (const d of disciplines) {
        const code = ctx.map('Discipline', d);
        if (code && (!action || SEVERITY.indexOf(code) > SEVERITY.indexOf(action))) action = code as DisciplineRecord['action'];
      }
      if (!action) return; // its Discipline value has no mapping: reported at the end of the file
      const behaviorRef = at(node, 'StudentDisciplineIncidentBehaviorAssociationReference/StudentDisciplineIncidentBehaviorAssociationIdentity');
      const incident =
        incidentOf(child(behaviorRef, 'DisciplineIncidentReference')) ??
        incidentOf(at(node, 'StudentDisciplineIncidentAssociationReference/StudentDisciplineIncidentAssociationIdentity/DisciplineIncidentReference')) ??
        incidentOf(child(node, 'DisciplineIncidentReference'));
      const schoolId = ctx.schoolId(node, 'ResponsibilitySchoolReference') ?? ctx.schoolId(node, 'AssignmentSchoolReference') ?? incident?.schoolId ?? null;
      if (!schoolId) return ctx.error(node, 'ResponsibilitySchoolReference', 'the discipline action names no school (ResponsibilitySchoolReference/SchoolIdentity/SchoolId)');
      const refBehavior = behaviorRef && child(behaviorRef, 'Behavior') ? readDescriptor(child(behaviorRef, 'Behavior'))?.value ?? null : null;
      const behavior = (incident && behaviors.get(`${studentId}\u0000${incident.incidentId}\u0000${incident.schoolId}`)) ?? refBehavior ?? incident?.behavior ?? null;
      state.sink.discipline({ ref: ctx.ref(node), incidentId: actionId, studentId, schoolId, date, behavior, action, days: actual ?? planned ?? null });
      state.count('discipline');
    },
  };
}

// ---- Attendance ----------------------------------------------------------------------------------

const FULL_DAY_ABSENCE = new Set(['absent_excused', 'absent_unexcused', 'suspension_out_of_school']);

function attendanceReader(ctx: FileContext): InterchangeReader {
  const { state } = ctx;
  let sectionEvents = 0;
  let firstSectionLine = 0;
  return {
    record(node) {
      if (node.name === 'StudentSectionAttendanceEvent') {
        // Class-period attendance never counts as a full day (PRODUCT.md): it is not stored.
        sectionEvents++;
        firstSectionLine ||= node.line;
        return;
      }
      if (node.name !== 'StudentSchoolAttendanceEvent') return ignored(ctx, node);
      const event = child(node, 'AttendanceEvent') ?? node;
      const studentId = ctx.studentId(node);
      const schoolId = ctx.schoolId(node);
      if (!schoolId) ctx.error(node, 'SchoolReference/SchoolIdentity/SchoolId', 'the attendance event names no school (SchoolReference/SchoolIdentity/SchoolId)');
      const date = ctx.date(event, 'EventDate', true);
      const categoryNode = child(event, 'AttendanceEventCategory');
      if (!categoryNode) ctx.error(node, 'AttendanceEventCategory', 'AttendanceEventCategory is missing from the attendance event');
      const duration = ctx.number(event, 'EventDuration');
      const minutes = ctx.number(event, 'SchoolAttendanceDuration') ?? ctx.number(node, 'SchoolAttendanceDuration');
      const code = ctx.map('AttendanceEventCategory', categoryNode);
      if (!studentId || !schoolId || !date || !categoryNode || duration === undefined || minutes === undefined) return;
      if (code === undefined) return; // no mapping: reported at the end of the file
      if (code === 'ignore') return ignored(ctx, node);
      let status = code as AttendanceStatus;
      // An absence for part of the day (EventDuration below 1) is a partial day, never a full one.
      if (FULL_DAY_ABSENCE.has(status) && duration !== null && duration < 1) status = 'partial';
      const r = state.sink.attendance({ ref: ctx.ref(node), studentId, schoolId, date, status, minutesAbsent: minutes === null ? null : Math.round(minutes) });
      state.count('attendance');
      return r ?? undefined;
    },
    end() {
      if (sectionEvents) {
        state.count('sectionAttendanceEvents', sectionEvents);
        ctx.warn(firstSectionLine, 'StudentSectionAttendanceEvent', `${sectionEvents.toLocaleString('en-US')} class-period attendance event(s) (StudentSectionAttendanceEvent, from line ${firstSectionLine}) were read and not stored: a class period never counts as a full day; daily attendance comes from StudentSchoolAttendanceEvent`);
      }
    },
  };
}
