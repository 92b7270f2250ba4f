/**
 * Small Data Standard 5 interchanges built in code, for the reader's tests, the bench and the demo:
 * a district with two schools, a calendar, students with their enrollments and demographics,
 * programs, assessments, discipline and attendance. Also a writer of arbitrarily large attendance
 * interchanges, streamed to disk.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';

export const SAMPLE_NAMESPACE = 'http://ed-fi.org/5.1.0';

export function interchange(root: string, body: string, namespace = SAMPLE_NAMESPACE): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${namespace}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n${body}</${root}>\n`;
}

const d = (type: string, value: string) => `uri://ed-fi.org/${type}Descriptor#${value}`;
const student = (id: string) => `<StudentReference><StudentIdentity><StudentUniqueId>${id}</StudentUniqueId></StudentIdentity></StudentReference>`;
const school = (id: string, el = 'SchoolReference') => `<${el}><SchoolIdentity><SchoolId>${id}</SchoolId></SchoolIdentity></${el}>`;

export interface SampleStudent {
  id: string;
  first: string;
  last: string;
  birth: string;
  school: string;
  grade: string;
  sex: string;
  races: string[];
  hispanic: boolean;
  language?: string;
  characteristics?: string[];
}

export const SAMPLE_STUDENTS: SampleStudent[] = [
  { id: '1001', first: 'Ana', last: 'García', birth: '2013-04-02', school: '100', grade: 'Third grade', sex: 'Female', races: ['White'], hispanic: true, language: 'spa' },
  { id: '1002', first: 'Ben', last: 'Okafor', birth: '2013-06-11', school: '100', grade: 'Third grade', sex: 'Male', races: ['Black or African American', 'White'], hispanic: false, characteristics: ['Homeless'] },
  { id: '1003', first: 'Chen', last: 'Wei', birth: '2010-01-20', school: '200', grade: 'Sixth grade', sex: 'Non-binary', races: ['Asian'], hispanic: false, language: 'zho', characteristics: ['Immigrant'] },
  { id: '1004', first: 'Dara', last: 'Nguyen', birth: '2010-09-09', school: '200', grade: 'Sixth grade', sex: 'Female', races: [], hispanic: false },
];

/** Every interchange of a small district, as file name → XML. File names say nothing of the content. */
export function sampleInterchanges(options: { namespace?: string } = {}): Record<string, string> {
  const ns = options.namespace ?? SAMPLE_NAMESPACE;
  const files: Record<string, string> = {};
  files['a.xml'] = interchange(
    'InterchangeEducationOrganization',
    `<LocalEducationAgency id="LEA_1"><NameOfInstitution>Sample Unified</NameOfInstitution><LocalEducationAgencyId>10</LocalEducationAgencyId></LocalEducationAgency>
<School id="SCH_100"><EducationOrganizationIdentificationCode><IdentificationCode>ST-100</IdentificationCode></EducationOrganizationIdentificationCode><NameOfInstitution>Alder Elementary</NameOfInstitution><SchoolId>100</SchoolId>
<GradeLevel>${d('GradeLevel', 'Kindergarten')}</GradeLevel><GradeLevel>${d('GradeLevel', 'Fifth grade')}</GradeLevel><GradeLevel>${d('GradeLevel', 'Third grade')}</GradeLevel>
<SchoolCategory>${d('SchoolCategory', 'Elementary School')}</SchoolCategory><LocalEducationAgencyReference ref="LEA_1"/></School>
<School><NameOfInstitution>Birch Middle</NameOfInstitution><SchoolId>200</SchoolId><GradeLevel>${d('GradeLevel', 'Sixth grade')}</GradeLevel><GradeLevel>${d('GradeLevel', 'Eighth grade')}</GradeLevel></School>
<Course><CourseCode>MATH</CourseCode></Course>
`,
    ns,
  );
  const calendarDates = ['2021-08-23', '2021-08-24', '2021-08-25', '2021-08-26', '2021-08-27']
    .flatMap((date) => ['100', '200'].map((s) => calendarDate(date, s, 'Instructional day')))
    .concat([calendarDate('2021-09-06', '100', 'Holiday')]);
  files['b.xml'] = interchange(
    'InterchangeEducationOrgCalendar',
    `<Session><SessionName>Fall</SessionName><SchoolYear>2022</SchoolYear><BeginDate>2021-08-23</BeginDate><EndDate>2021-12-17</EndDate><Term>${d('Term', 'Fall Semester')}</Term><TotalInstructionalDays>5</TotalInstructionalDays>${school('100')}</Session>
<Session><SessionName>Spring</SessionName><SchoolYear>2021-2022</SchoolYear><BeginDate>2022-01-04</BeginDate><EndDate>2022-05-27</EndDate><Term>${d('Term', 'Spring Semester')}</Term>${school('100')}</Session>
${calendarDates.join('\n')}
`,
    ns,
  );
  files['c.xml'] = interchange(
    'InterchangeStudent',
    SAMPLE_STUDENTS.map((s) => `<Student><StudentUniqueId>${s.id}</StudentUniqueId><Name><FirstName>${s.first}</FirstName><LastSurname>${s.last}</LastSurname></Name><BirthData><BirthDate>${s.birth}</BirthDate></BirthData></Student>`).join('\n') + '\n',
    ns,
  );
  files['d.xml'] = interchange(
    'InterchangeStudentEnrollment',
    SAMPLE_STUDENTS.map(
      (s) => `<StudentSchoolAssociation>${student(s.id)}${school(s.school)}<EntryDate>2021-08-23</EntryDate><EntryGradeLevel>${d('GradeLevel', s.grade)}</EntryGradeLevel>${s.id === '1004' ? '<ExitWithdrawDate>2021-08-25</ExitWithdrawDate>' : ''}<SchoolYear>2021-2022</SchoolYear></StudentSchoolAssociation>`,
    ).join('\n') +
      '\n' +
      SAMPLE_STUDENTS.map(
        (s) => `<StudentEducationOrganizationAssociation>${student(s.id)}<EducationOrganizationReference><EducationOrganizationIdentity><EducationOrganizationId>10</EducationOrganizationId></EducationOrganizationIdentity></EducationOrganizationReference>
<Sex>${d('Sex', s.sex)}</Sex><HispanicLatinoEthnicity>${s.hispanic}</HispanicLatinoEthnicity>${s.races.map((r) => `<Race>${d('Race', r)}</Race>`).join('')}
${s.language ? `<Language><Language>${d('Language', s.language)}</Language><LanguageUse>${d('LanguageUse', 'Home language')}</LanguageUse></Language>` : ''}
${(s.characteristics ?? []).map((c) => `<StudentCharacteristic><StudentCharacteristic>${d('StudentCharacteristic', c)}</StudentCharacteristic></StudentCharacteristic>`).join('')}
<StudentIdentificationCode><StudentIdentificationSystem>${d('StudentIdentificationSystem', 'Local')}</StudentIdentificationSystem><IdentificationCode>L-${s.id}</IdentificationCode></StudentIdentificationCode>
</StudentEducationOrganizationAssociation>`,
      ).join('\n') +
      '\n<StudentSectionAssociation><BeginDate>2021-08-23</BeginDate></StudentSectionAssociation>\n',
    ns,
  );
  const program = (sid: string, type: string, name: string, el = 'StudentProgramAssociation') =>
    `<${el}>${student(sid)}<ProgramReference><ProgramIdentity><EducationOrganizationReference><EducationOrganizationIdentity><EducationOrganizationId>10</EducationOrganizationId></EducationOrganizationIdentity></EducationOrganizationReference><ProgramName>${name}</ProgramName><ProgramType>${d('ProgramType', type)}</ProgramType></ProgramIdentity></ProgramReference><BeginDate>2021-08-23</BeginDate><EducationOrganizationReference><EducationOrganizationIdentity><EducationOrganizationId>100</EducationOrganizationId></EducationOrganizationIdentity></EducationOrganizationReference></${el}>`;
  files['e.xml'] = interchange(
    'InterchangeStudentProgram',
    [
      program('1001', 'English as a Second Language (ESL)', 'ESL'),
      program('1002', 'Special Education', 'Special Education', 'StudentSpecialEducationProgramAssociation'),
      program('1003', 'Student School Food Service', 'School Lunch'),
      program('1004', 'Gifted and Talented', 'GT'),
    ].join('\n') + '\n',
    ns,
  );
  files['f.xml'] = interchange(
    'InterchangeAssessmentMetadata',
    `<Assessment><AssessmentIdentifier>SA-MATH-3</AssessmentIdentifier><AssessmentTitle>State Test</AssessmentTitle><AcademicSubject>${d('AcademicSubject', 'Mathematics')}</AcademicSubject>
<AssessmentPerformanceLevel><PerformanceLevel>${d('PerformanceLevel', 'Advanced')}</PerformanceLevel><MinimumScore>45</MinimumScore></AssessmentPerformanceLevel>
<AssessmentPerformanceLevel><PerformanceLevel>${d('PerformanceLevel', 'Did Not Meet Standard')}</PerformanceLevel><MinimumScore>0</MinimumScore></AssessmentPerformanceLevel>
<AssessmentPerformanceLevel><PerformanceLevel>${d('PerformanceLevel', 'Met Standard')}</PerformanceLevel><MinimumScore>29</MinimumScore></AssessmentPerformanceLevel>
<Namespace>uri://sample.org/Assessment</Namespace></Assessment>
<Assessment><AssessmentIdentifier>SA-READ-3</AssessmentIdentifier><AssessmentTitle>State Test</AssessmentTitle><AcademicSubject>${d('AcademicSubject', 'Reading')}</AcademicSubject><Namespace>uri://sample.org/Assessment</Namespace></Assessment>
`,
    ns,
  );
  const result = (sid: string, id: string, score: number, level: string) =>
    `<StudentAssessment><StudentAssessmentIdentifier>${sid}-${id}</StudentAssessmentIdentifier><AdministrationDate>2022-04-01T09:00:00</AdministrationDate>
<ScoreResult><Result>${score}</Result><AssessmentReportingMethod>${d('AssessmentReportingMethod', 'Raw score')}</AssessmentReportingMethod></ScoreResult>
<ScoreResult><Result>${score * 10}</Result><AssessmentReportingMethod>${d('AssessmentReportingMethod', 'Scale score')}</AssessmentReportingMethod></ScoreResult>
<WhenAssessedGradeLevel>${d('GradeLevel', 'Third grade')}</WhenAssessedGradeLevel><PerformanceLevel><PerformanceLevel>${d('PerformanceLevel', level)}</PerformanceLevel></PerformanceLevel>
${student(sid)}<AssessmentReference><AssessmentIdentity><AssessmentIdentifier>${id}</AssessmentIdentifier><Namespace>uri://sample.org/Assessment</Namespace></AssessmentIdentity></AssessmentReference><SchoolYear>2021-2022</SchoolYear>${school('100', 'ReportedSchoolReference')}</StudentAssessment>`;
  files['g.xml'] = interchange('InterchangeStudentAssessment', [result('1001', 'SA-MATH-3', 40, 'Met Standard'), result('1002', 'SA-MATH-3', 20, 'Did Not Meet Standard'), result('1001', 'SA-READ-3', 33, 'Met Standard')].join('\n') + '\n', ns);
  files['h.xml'] = interchange(
    'InterchangeStudentDiscipline',
    `<DisciplineIncident id="INC_7"><IncidentIdentifier>7</IncidentIdentifier><IncidentDate>2021-08-24</IncidentDate><Behavior><Behavior>${d('Behavior', 'School Code of Conduct')}</Behavior></Behavior>${school('100')}</DisciplineIncident>
<StudentDisciplineIncidentBehaviorAssociation>${student('1002')}<DisciplineIncidentReference ref="INC_7"/><Behavior>${d('Behavior', 'School Code of Conduct')}</Behavior><BehaviorDetailedDescription>Fighting</BehaviorDetailedDescription></StudentDisciplineIncidentBehaviorAssociation>
<DisciplineAction><DisciplineActionIdentifier>A1</DisciplineActionIdentifier><Discipline>${d('Discipline', 'Removal from Classroom')}</Discipline><Discipline>${d('Discipline', 'Out of School Suspension')}</Discipline><DisciplineDate>2021-08-25</DisciplineDate><DisciplineActionLength>2</DisciplineActionLength>${student('1002')}${school('100', 'ResponsibilitySchoolReference')}
<StudentDisciplineIncidentBehaviorAssociationReference><StudentDisciplineIncidentBehaviorAssociationIdentity>${student('1002')}<DisciplineIncidentReference><DisciplineIncidentIdentity><IncidentIdentifier>7</IncidentIdentifier>${school('100')}</DisciplineIncidentIdentity></DisciplineIncidentReference><Behavior>${d('Behavior', 'School Code of Conduct')}</Behavior></StudentDisciplineIncidentBehaviorAssociationIdentity></StudentDisciplineIncidentBehaviorAssociationReference></DisciplineAction>
`,
    ns,
  );
  const event = (sid: string, sch: string, date: string, category: string, duration?: number) =>
    `<StudentSchoolAttendanceEvent><AttendanceEvent><EventDate>${date}</EventDate><AttendanceEventCategory>${d('AttendanceEventCategory', category)}</AttendanceEventCategory>${duration !== undefined ? `<EventDuration>${duration}</EventDuration>` : ''}</AttendanceEvent>${student(sid)}${school(sch)}</StudentSchoolAttendanceEvent>`;
  files['i.xml'] = interchange(
    'InterchangeStudentAttendance',
    [
      event('1001', '100', '2021-08-24', 'Excused Absence', 1),
      event('1001', '100', '2021-08-25', 'Unexcused Absence', 0.5),
      event('1002', '100', '2021-08-24', 'Tardy'),
      event('1003', '200', '2021-08-26', 'Unexcused Absence', 1),
      event('1003', '200', '2021-08-27', 'Field trip', 1),
      `<StudentSectionAttendanceEvent><AttendanceEvent><EventDate>2021-08-24</EventDate><AttendanceEventCategory>${d('AttendanceEventCategory', 'Unexcused Absence')}</AttendanceEventCategory></AttendanceEvent>${student('1004')}</StudentSectionAttendanceEvent>`,
    ].join('\n') + '\n',
    ns,
  );
  return files;
}

function calendarDate(date: string, schoolId: string, event: string) {
  return `<CalendarDate><Date>${date}</Date><CalendarEvent>${d('CalendarEvent', event)}</CalendarEvent><CalendarReference><CalendarIdentity><CalendarCode>${schoolId}-main</CalendarCode>${school(schoolId)}<SchoolYear>2021-2022</SchoolYear></CalendarIdentity></CalendarReference></CalendarDate>`;
}

export async function writeSampleFolder(dir: string, files: Record<string, string> = sampleInterchanges()): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (const [name, xml] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), xml);
  }
  return dir;
}

/**
 * Writes an attendance interchange of about `bytes` bytes, streamed (never held in memory): school
 * events for `students` students cycling over school days. Returns the number of events written.
 */
export async function writeLargeAttendance(file: string, bytes: number, options: { students?: number; schoolId?: string } = {}): Promise<number> {
  const students = options.students ?? 5000;
  const schoolId = options.schoolId ?? '100';
  const out = createWriteStream(file);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write(`<?xml version="1.0" encoding="UTF-8"?>\n<InterchangeStudentAttendance xmlns="${SAMPLE_NAMESPACE}">\n`);
  const categories = ['Excused Absence', 'Unexcused Absence', 'Tardy', 'In Attendance'];
  let written = 0;
  let n = 0;
  let chunk = '';
  const start = Date.UTC(2021, 7, 23);
  while (written < bytes) {
    const sid = 100000 + (n % students);
    const dayIndex = Math.floor(n / students);
    const date = new Date(start + dayIndex * 86_400_000).toISOString().slice(0, 10);
    const line = `\t<StudentSchoolAttendanceEvent><AttendanceEvent><EventDate>${date}</EventDate><AttendanceEventCategory>uri://ed-fi.org/AttendanceEventCategoryDescriptor#${categories[n % 4]}</AttendanceEventCategory><EventDuration>1</EventDuration></AttendanceEvent><StudentReference><StudentIdentity><StudentUniqueId>${sid}</StudentUniqueId></StudentIdentity></StudentReference><SchoolReference><SchoolIdentity><SchoolId>${schoolId}</SchoolId></SchoolIdentity></SchoolReference></StudentSchoolAttendanceEvent>\n`;
    chunk += line;
    written += line.length;
    n++;
    if (chunk.length > 1 << 16) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk + '</InterchangeStudentAttendance>\n');
  out.end();
  await once(out, 'finish');
  return n;
}
