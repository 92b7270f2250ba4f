/**
 * The OneRoster 1.2 CSV files of a generated district (bulk): the roster of the last school year as
 * a student information system exports it. orgs (the district and its schools), academicSessions
 * (every generated year and its semesters), users (students, guardians and staff, guardians linked
 * by agentSourcedIds), roles, courses, classes, enrollments (class memberships) and demographics.
 * Village keeps no logins to other applications, so userProfiles is declared absent.
 */
import path from 'node:path';
import type { CsvFile } from './csv-file.ts';
import { gradeCode, type District, type Guardian, type Span, type Student, type Year } from './model.ts';
import type { Staffing } from './staffing.ts';
import type { WriteContext } from './templates.ts';

export const ONEROSTER_HEADERS = {
  orgs: ['sourcedId', 'status', 'dateLastModified', 'name', 'type', 'identifier', 'parentSourcedId'],
  academicSessions: ['sourcedId', 'status', 'dateLastModified', 'title', 'type', 'startDate', 'endDate', 'parentSourcedId', 'schoolYear'],
  users: ['sourcedId', 'status', 'dateLastModified', 'enabledUser', 'username', 'userIds', 'givenName', 'familyName', 'middleName', 'identifier', 'email', 'sms', 'phone', 'agentSourcedIds', 'grades', 'password', 'userMasterIdentifier', 'preferredGivenName', 'preferredMiddleName', 'preferredFamilyName', 'primaryOrgSourcedId', 'pronouns'],
  roles: ['sourcedId', 'status', 'dateLastModified', 'userSourcedId', 'roleType', 'role', 'beginDate', 'endDate', 'orgSourcedId', 'userProfileSourcedId'],
  courses: ['sourcedId', 'status', 'dateLastModified', 'schoolYearSourcedId', 'title', 'courseCode', 'grades', 'orgSourcedId', 'subjects', 'subjectCodes'],
  classes: ['sourcedId', 'status', 'dateLastModified', 'title', 'grades', 'courseSourcedId', 'classCode', 'classType', 'location', 'schoolSourcedId', 'termSourcedIds', 'subjects', 'subjectCodes', 'periods'],
  enrollments: ['sourcedId', 'status', 'dateLastModified', 'classSourcedId', 'schoolSourcedId', 'userSourcedId', 'role', 'primary', 'beginDate', 'endDate'],
  demographics: ['sourcedId', 'status', 'dateLastModified', 'birthDate', 'sex', 'americanIndianOrAlaskaNative', 'asian', 'blackOrAfricanAmerican', 'nativeHawaiianOrOtherPacificIslander', 'white', 'demographicRaceTwoOrMoreRaces', 'hispanicOrLatinoEthnicity', 'countryOfBirthCode', 'stateOfBirthAbbreviation', 'cityOfBirth', 'publicSchoolResidenceStatus'],
} as const;

export type OneRosterFile = keyof typeof ONEROSTER_HEADERS;

/** Files of OneRoster 1.2 CSV that a generated district does not provide (declared absent in the manifest). */
const ABSENT = ['categories', 'classResources', 'courseResources', 'lineItemLearningObjectiveIds', 'lineItemScoreScales', 'lineItems', 'resources', 'resultLearningObjectiveIds', 'resultScoreScales', 'results', 'scoreScales', 'userProfiles', 'userResources'];

export const districtOrgId = (district: District): string => `${district.code}-DISTRICT`;
export const yearSessionId = (year: Year): string => `AS-${year.name}`;

const PARENTS = new Set(['Mother', 'Father', 'Stepmother', 'Stepfather']);
const bool = (b: boolean): string => (b ? 'true' : 'false');

export async function writeOneRoster(ctx: WriteContext, dir: string, staffing: Staffing): Promise<void> {
  const { district } = ctx;
  const last = district.years[district.years.length - 1];
  const modified = `${last.dateOf(Math.min(last.recordsThrough, last.calendar.lastDay))}T06:00:00.000Z`;
  const f = (name: OneRosterFile) => ctx.open(path.join(dir, `${name}.csv`), ONEROSTER_HEADERS[name]);
  const write = async (file: CsvFile, rows: Iterable<Array<string | number | null>>) => {
    for (const r of rows) {
      file.row([r[0], 'active', modified, ...r.slice(1)]);
      if (file.full) await file.flush();
    }
    await file.close();
  };

  const manifest = ctx.open(path.join(dir, 'manifest.csv'), ['propertyName', 'value']);
  const present: OneRosterFile[] = ['academicSessions', 'classes', 'courses', 'demographics', 'enrollments', 'orgs', 'roles', 'users'];
  const entries: Array<[string, string]> = [['manifest.version', '1.0'], ['oneroster.version', '1.2']];
  for (const name of [...present, ...ABSENT].sort()) entries.push([`file.${name}`, present.includes(name as OneRosterFile) ? 'bulk' : 'absent']);
  entries.push(['source.systemName', 'Village synthetic district generator'], ['source.systemCode', 'village-generate']);
  for (const e of entries) manifest.row(e);
  await manifest.close();

  const districtId = districtOrgId(district);
  await write(f('orgs'), [
    [districtId, district.name, 'district', `${district.code}0001`, null],
    ...district.schools.map((s) => [s.id, s.name, 'school', s.localId, districtId]),
  ]);

  await write(
    f('academicSessions'),
    district.years.flatMap((y) => {
      const days = y.calendar.instructionalDays;
      const half = Math.floor(days.length / 2);
      const endYear = String(y.startYear + 1);
      return [
        [yearSessionId(y), `${y.name} School Year`, 'schoolYear', y.dateOf(y.calendar.firstDay), y.dateOf(y.calendar.lastDay), null, endYear],
        [`${yearSessionId(y)}-S1`, `${y.name} Fall Semester`, 'semester', y.dateOf(days[0]), y.dateOf(days[half - 1]), yearSessionId(y), endYear],
        [`${yearSessionId(y)}-S2`, `${y.name} Spring Semester`, 'semester', y.dateOf(days[half]), y.dateOf(days[days.length - 1]), yearSessionId(y), endYear],
      ];
    }),
  );

  // Students of the last year (with every school they attended), their guardians, and the staff.
  const spansOf = new Map<Student, Span[]>();
  for (const sp of district.spansByYear[last.index]) {
    const list = spansOf.get(sp.student) ?? [];
    list.push(sp);
    spansOf.set(sp.student, list);
  }
  const guardianChildren = new Map<Guardian, Student[]>();
  for (const s of spansOf.keys()) {
    for (const g of s.family.guardians) {
      const list = guardianChildren.get(g) ?? [];
      list.push(s);
      guardianChildren.set(g, list);
    }
  }
  const latestSchool = (s: Student) => spansOf.get(s)!.at(-1)!.school.id;
  const users = f('users');
  for (const [s, spans] of spansOf) {
    users.row([
      s.id, 'active', modified, 'true', `s${s.localId}`, `{SIS:${s.localId}}`, s.firstName, s.lastName, s.middleName, s.localId,
      `${s.localId}@students.${district.domain}`, null, null, s.family.guardians.map((g) => g.id).join(','), gradeCode(spans[0].grade), null, null, null, null, null, latestSchool(s), null,
    ]);
    if (users.full) await users.flush();
  }
  for (const [g, children] of guardianChildren) {
    users.row([
      g.id, 'active', modified, 'true', g.email ?? `guardian${g.no}`, null, g.firstName, g.lastName, null, null,
      g.email, g.phone, g.phone, children.map((c) => c.id).join(','), null, null, null, null, null, null, latestSchool(children[0]), null,
    ]);
    if (users.full) await users.flush();
  }
  for (const t of staffing.staff) {
    users.row([t.id, 'active', modified, 'true', t.email.split('@')[0], `{HR:${t.localId}}`, t.firstName, t.lastName, null, t.localId, t.email, null, null, null, null, null, null, null, null, null, t.school.id, null]);
  }
  await users.close();

  const roles = f('roles');
  let roleNo = 1;
  const role = (user: string, type: 'primary' | 'secondary', name: string, org: string, begin: string | null, end: string | null) => {
    roles.row([`R${String(roleNo++).padStart(7, '0')}`, 'active', modified, user, type, name, begin, end, org, null]);
  };
  for (const [s, spans] of spansOf) {
    spans.forEach((sp, i) => role(s.id, i === spans.length - 1 ? 'primary' : 'secondary', 'student', sp.school.id, last.dateOf(sp.entryDay), sp.exitDate || null));
    if (roles.full) await roles.flush();
  }
  for (const [g, children] of guardianChildren) {
    const schools = [...new Set(children.map(latestSchool))];
    schools.forEach((org, i) => role(g.id, i === 0 ? 'primary' : 'secondary', PARENTS.has(g.relationship) ? 'parent' : 'guardian', org, null, null));
    if (roles.full) await roles.flush();
  }
  for (const t of staffing.staff) role(t.id, 'primary', t.role, t.school.id, last.dateOf(last.calendar.firstDay), null);
  await roles.close();

  await write(
    f('courses'),
    staffing.courses.map((c) => [c.id, yearSessionId(last), c.title, c.code, c.grades.join(','), c.school.id, c.subject, c.subjectCode]),
  );

  const terms = `${yearSessionId(last)}-S1,${yearSessionId(last)}-S2`;
  await write(
    f('classes'),
    staffing.classes.map((c) => [c.id, c.title, c.grades.join(','), c.course.id, c.code, c.period === 'HR' ? 'homeroom' : 'scheduled', c.location, c.school.id, terms, c.course.subject, c.course.subjectCode, c.period === 'HR' ? null : c.period]),
  );

  const enrollments = f('enrollments');
  let enrollmentNo = 1;
  const first = last.dateOf(last.calendar.firstDay);
  for (const c of staffing.classes) {
    enrollments.row([`EN${String(enrollmentNo++).padStart(8, '0')}`, 'active', modified, c.id, c.school.id, c.teacher.id, 'teacher', 'true', first, null]);
    for (const sp of c.students) enrollments.row([`EN${String(enrollmentNo++).padStart(8, '0')}`, 'active', modified, c.id, c.school.id, sp.student.id, 'student', 'false', last.dateOf(sp.entryDay), sp.exitDate || null]);
    if (enrollments.full) await enrollments.flush();
  }
  await enrollments.close();

  await write(
    f('demographics'),
    [...spansOf.keys()].map((s) => {
      const races = s.family.races;
      const reported = s.family.raceEthnicity !== 'unknown';
      const flag = (code: string) => (reported ? bool(races.includes(code as never)) : null);
      return [
        s.id, s.birthDate, s.sex === 'F' ? 'female' : s.sex === 'M' ? 'male' : 'other',
        flag('american_indian_alaska_native'), flag('asian'), flag('black'), flag('native_hawaiian_pacific_islander'), flag('white'),
        reported ? bool(races.length > 1) : null, s.family.hispanic === null ? null : bool(s.family.hispanic), null, null, null, null,
      ];
    }),
  );
}
