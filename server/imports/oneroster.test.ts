/**
 * OneRoster 1.1 and 1.2 through the engine: our own fixtures for each file and each tolerance, then
 * the real public samples when ../shared/data is there (skipped, saying so, when it is not).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../../test/db.ts';
import { createDistrict } from '../districts/commands.ts';
import { importFolder } from './index.ts';
import { csv, fixtureFolder, options, removeFixtures, snapshot } from './test-helpers.ts';
import { writeZip } from './zip-writer.test-helper.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  removeFixtures();
  await t.drop();
});

const district = async (code: string) => (await createDistrict(t.db, { code, name: code })).id;

/** A OneRoster 1.1 export: users carry their role and orgs. */
function v11(): Record<string, string> {
  return {
    'manifest.csv': csv('propertyName,value', 'manifest.version,1.0', 'oneroster.version,1.1', 'file.orgs,bulk', 'file.academicSessions,bulk', 'file.courses,bulk', 'file.classes,bulk', 'file.users,bulk', 'file.enrollments,bulk', 'file.demographics,bulk', 'file.resources,absent'),
    // A byte-order mark, and the metadata columns OneRoster allows.
    'orgs.csv': '\ufeff' + csv('sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId,metadata.city', 'D1,active,2021-07-01,Lakeside USD,district,,,Lakeside', 'SCH1,active,2021-07-01,Lakeside Elementary,school,0101,D1,Lakeside', 'SCH2,,,Lakeside High,school,,D1,'),
    'academicSessions.csv': csv('sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear', 'Y22,,,2021-2022,schoolYear,2021-08-16,2022-06-03,,2022', 'T1,,,Fall,term,2021-08-16,2021-12-17,Y22,2022'),
    'courses.csv': csv('sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,grades,orgSourcedId,subjects,subjectCodes', 'C1,,,Y22,Reading 3,R3,03,D1,Reading,', 'C2,,,Y22,Biology,BIO,"09,10",SCH2,Science,'),
    'classes.csv': csv('sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods', 'K1,,,Reading 3A,03,C1,R3A,homeroom,101,SCH1,"T1",,,1', 'K2,,,Biology 1,"09,10,UG",C2,BIO1,scheduled,Lab,SCH2,"T1,Y22",,,"1,2"'),
    'users.csv': csv(
      'sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password',
      'U1,,,true,SCH1,student,ana,,Ana,Ruiz,,1001,ana@s.example,,,P1,03,',
      'U2,,,true,SCH2,student,bo,{LDAP:2},Bo,Lee,Min,1002,,,,"P1,P2",09,',
      'T1,,,true,"SCH1,D1",teacher,tea,,Tess,Vance,,,tess@s.example,,,,,',
      'T2,,,true,SCH2,teacher,tim,,Tim,Oakes,,,,,,,,',
      'P1,,,true,SCH1,parent,pat,,Pat,Ruiz,,,pat@home.example,,555-0100,U1,,',
      'P2,,,true,SCH2,guardian,gia,,Gia,Lee,,,,,555-0102,,,',
    ),
    'demographics.csv': csv(
      'sourcedId,status,dateLastModified,birthDate,sex,americanIndianOrAlaskaNative,asian,blackOrAfricanAmerican,nativeHawaiianOrOtherPacificIslander,white,demographicRaceTwoOrMoreRaces,hispanicOrLatinoEthnicity,countryOfBirthCode,stateOfBirthAbbreviation,cityOfBirth,publicSchoolResidenceStatus',
      'U1,,,2013-04-02,female,false,false,false,false,true,false,true,,,,',
      'U2,,,2007-11-30,male,false,true,false,false,true,true,false,,,,',
      'T1,,,1980-01-01,female,false,false,false,false,true,false,false,,,,',
    ),
    'enrollments.csv': csv(
      'sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate',
      'E1,,,K1,SCH1,U1,student,,2021-08-16,2021-12-17',
      'E2,,,K1,SCH1,U1,student,,2022-01-04,2022-06-03',
      'E3,,,K1,SCH1,T1,teacher,true,,',
      'E4,,,K2,SCH2,U2,student,false,2021-08-16,',
      'E5,,,K2,SCH2,T2,teacher,true,,',
    ),
  };
}

/** A OneRoster 1.2 export: roles.csv says who is what; users.csv has no role column. */
function v12(): Record<string, string> {
  const a = v11();
  return {
    ...a,
    'manifest.csv': csv('propertyName,value', 'manifest.version,1.0', 'oneroster.version,1.2', 'file.orgs,bulk', 'file.academicSessions,bulk', 'file.courses,bulk', 'file.classes,bulk', 'file.users,bulk', 'file.roles,bulk', 'file.enrollments,bulk', 'file.demographics,bulk', 'file.userProfiles,bulk'),
    'users.csv': csv(
      // A misspelled header (prefferedGivenName) and empty trailing columns, as real exports have.
      'sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,userMasterIdentifier,prefferedGivenName,preferredMiddleName,preferredFamilyName,primaryOrgSourcedId,pronouns,,',
      'U1,active,15/06/2021,true,ana,,Ana,Ruiz,,1001,ana@s.example,,,P1,03,,,,,,SCH1,,,',
      'U2,active,,true,bo,,Bo,Lee,Min,1002,,,,"P1,P2",09,,,,,,SCH2,,,',
      'T1,active,,true,tea,,Tess,Vance,,,tess@s.example,,,,,,,,,,SCH1,,,',
      'T2,active,,true,tim,,Tim,Oakes,,,,,,,,,,,,,SCH2,,,',
      'P1,active,,true,pat,,Pat,Ruiz,,,pat@home.example,,555-0100,U1,,,,,,,SCH1,,,',
      'P2,active,,true,gia,,Gia,Lee,,,,,555-0102,,,,,,,,SCH2,,,',
    ),
    'roles.csv': csv(
      'sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,orgSourcedId,userProfileSourcedId',
      'R1,active,,U1,primary,student,,,SCH1,',
      'R2,active,,U2,primary,student,,,SCH2,',
      'R3,active,,T1,primary,teacher,,,SCH1,',
      'R4,active,,T2,primary,teacher,,,SCH2,',
      'R5,active,,P1,primary,parent,,,SCH1,',
      'R6,active,,P2,primary,guardian,,,SCH2,',
      'R7,active,,T1,secondary,teacher,,,D1,',
    ),
    'userProfiles.csv': csv('sourcedId,status,dateLastModified,userSourcedId,profileType,vendorId,applicationId,description,credentialType,username,password', 'UP1,active,,U1,lms,V1,,,password,ana,'),
  };
}

describe('OneRoster 1.1', () => {
  let d: number;
  beforeAll(async () => {
    d = await district('or11');
  });

  it('reads orgs, sessions, courses, classes, users, guardians, demographics and enrollments', async () => {
    const r = await importFolder(t, d, fixtureFolder(v11()), options(d, { kind: 'oneroster' }));
    expect(r.errors).toBe(0);
    expect(r.status).toBe('done');
    const db = t.db;
    // The district org is mapped onto the district and its id recorded; schools are created.
    expect(JSON.parse((await db.selectFrom('districts').select('source_ids').where('id', '=', d).executeTakeFirstOrThrow()).source_ids)).toEqual({ oneroster: ['D1'] });
    const schools = await db.selectFrom('schools').select(['code', 'name', 'local_id']).where('district_id', '=', d).orderBy('code').execute();
    expect(schools).toEqual([
      { code: 'SCH1', name: 'Lakeside Elementary', local_id: '0101' },
      { code: 'SCH2', name: 'Lakeside High', local_id: null },
    ]);
    expect(await db.selectFrom('school_years').select(['name', 'start_date', 'end_date']).where('district_id', '=', d).execute()).toEqual([{ name: '2021-2022', start_date: '2021-08-16', end_date: '2022-06-03' }]);
    const students = await db.selectFrom('students').select(['ext_id', 'local_id', 'first_name', 'birth_date', 'sex', 'race_ethnicity', 'email']).where('district_id', '=', d).orderBy('ext_id').execute();
    expect(students).toEqual([
      { ext_id: 'U1', local_id: '1001', first_name: 'Ana', birth_date: '2013-04-02', sex: 'F', race_ethnicity: 'hispanic', email: 'ana@s.example' },
      { ext_id: 'U2', local_id: '1002', first_name: 'Bo', birth_date: '2007-11-30', sex: 'M', race_ethnicity: 'two_or_more', email: null },
    ]);
    const staff = await db.selectFrom('staff').select(['ext_id', 'role']).where('district_id', '=', d).orderBy('ext_id').execute();
    expect(staff).toEqual([
      { ext_id: 'T1', role: 'teacher' },
      { ext_id: 'T2', role: 'teacher' },
    ]);
    // Guardians come from both sides' agentSourcedIds.
    const links = await db
      .selectFrom('student_guardians')
      .innerJoin('students', 'students.id', 'student_guardians.student_id')
      .innerJoin('guardians', 'guardians.id', 'student_guardians.guardian_id')
      .select(['students.ext_id as s', 'guardians.ext_id as g', 'student_guardians.relationship'])
      .where('student_guardians.district_id', '=', d)
      .orderBy('students.ext_id')
      .orderBy('guardians.ext_id')
      .execute();
    expect(links).toEqual([
      { s: 'U1', g: 'P1', relationship: 'parent' },
      { s: 'U2', g: 'P1', relationship: 'parent' },
      { s: 'U2', g: 'P2', relationship: 'guardian' },
    ]);
    // Two enrollments of U1 in K1 (fall and spring) make one membership spanning both.
    const members = await db.selectFrom('class_students').innerJoin('classes', 'classes.id', 'class_students.class_id').select(['classes.ext_id', 'class_students.begin_date', 'class_students.end_date']).where('class_students.district_id', '=', d).orderBy('classes.ext_id').execute();
    expect(members).toEqual([
      { ext_id: 'K1', begin_date: '2021-08-16', end_date: '2022-06-03' },
      { ext_id: 'K2', begin_date: '2021-08-16', end_date: null },
    ]);
    const k2 = await db.selectFrom('classes').select(['grades', 'periods', 'school_year_id']).where('district_id', '=', d).where('ext_id', '=', 'K2').executeTakeFirstOrThrow();
    expect(k2).toMatchObject({ grades: '09;10', periods: '1,2' });
    expect(k2.school_year_id).not.toBeNull();
    const c1 = await db.selectFrom('courses').select(['school_id']).where('district_id', '=', d).where('ext_id', '=', 'C1').executeTakeFirstOrThrow();
    expect(c1.school_id).toBeNull();
    expect(r.issues.map((i) => i.reason).join('\n')).toMatch(/the grade "UG" is not one Village uses/);
  });

  it('changes nothing when imported again', async () => {
    const before = await snapshot(t.db, d);
    const r = await importFolder(t, d, fixtureFolder(v11()), options(d, { kind: 'oneroster' }));
    expect(r.nothingChanged).toBe(true);
    expect(await snapshot(t.db, d)).toEqual(before);
  });

  it('removes a record marked tobedeleted, keeping it for history, and applies a delta only when newer', async () => {
    const delta = {
      'manifest.csv': csv('propertyName,value', 'oneroster.version,1.1', 'file.users,delta', 'file.enrollments,delta', 'file.orgs,absent'),
      'users.csv': csv(
        'sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password',
        'U2,tobedeleted,2021-09-01T10:00:00Z,true,SCH2,student,bo,,Bo,Lee,,,,,,,09,',
        'U1,active,2021-09-01T10:00:00Z,true,SCH1,student,ana,,Anabel,Ruiz,,1001,ana@s.example,,,,03,',
      ),
      'enrollments.csv': csv('sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate', 'E5,tobedeleted,2021-09-01,K2,SCH2,T2,teacher,true,,'),
      // Present but declared absent in the manifest: not read.
      'orgs.csv': csv('sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId', 'SCH1,,,Renamed,school,,'),
    };
    const r = await importFolder(t, d, fixtureFolder(delta), options(d, { kind: 'oneroster' }));
    expect(r.status).toBe('done');
    const u2 = await t.db.selectFrom('students').select(['status', 'deleted_at']).where('district_id', '=', d).where('ext_id', '=', 'U2').executeTakeFirstOrThrow();
    expect(u2.status).toBe('deleted');
    expect(u2.deleted_at).not.toBeNull();
    const u1 = await t.db.selectFrom('students').select(['first_name', 'source_modified_at']).where('district_id', '=', d).where('ext_id', '=', 'U1').executeTakeFirstOrThrow();
    expect(u1.first_name).toBe('Anabel');
    expect((await t.db.selectFrom('class_teachers').select('status').where('district_id', '=', d).where('ext_id', '=', 'E5').executeTakeFirstOrThrow()).status).toBe('deleted');
    expect((await t.db.selectFrom('schools').select('name').where('district_id', '=', d).where('code', '=', 'SCH1').executeTakeFirstOrThrow()).name).toBe('Lakeside Elementary');
    expect(r.files.find((f) => f.name === 'users.csv')).toMatchObject({ changed: 1, removed: 1 });
    // An older delta of the same record is not applied.
    const older = {
      'manifest.csv': csv('propertyName,value', 'oneroster.version,1.1', 'file.users,delta'),
      'users.csv': csv('sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,givenName,familyName', 'U1,active,2021-08-01T00:00:00Z,true,SCH1,student,ana,Annie,Ruiz'),
    };
    const o = await importFolder(t, d, fixtureFolder(older), options(d, { kind: 'oneroster' }));
    expect(o.nothingChanged).toBe(true);
    expect(o.issues.map((i) => i.reason).join('\n')).toMatch(/1 record was not applied: Village's copy is more recent/);
    expect((await t.db.selectFrom('students').select('first_name').where('district_id', '=', d).where('ext_id', '=', 'U1').executeTakeFirstOrThrow()).first_name).toBe('Anabel');
  });

  it('refuses a file missing a required column, and a manifest naming a missing file', async () => {
    const files = v11();
    files['classes.csv'] = csv('sourcedId,title,courseSourcedId', 'K9,Art,C1');
    delete files['demographics.csv'];
    const d2 = await district('or11b');
    const r = await importFolder(t, d2, fixtureFolder(files), options(d2, { kind: 'oneroster' }));
    expect(r.status).toBe('refused');
    const errors = r.issues.filter((i) => i.severity === 'error').map((i) => `${i.file}: ${i.column ?? ''}: ${i.reason}`);
    expect(errors).toEqual(expect.arrayContaining(['classes.csv: schoolSourcedId: the required column "schoolSourcedId" is missing', 'manifest.csv: file.demographics: the manifest says demographics.csv is bulk, but the file is missing']));
    expect(await t.db.selectFrom('students').select('id').where('district_id', '=', d2).execute()).toEqual([]);
  });
});

describe('OneRoster 1.2', () => {
  it('reads roles.csv, tolerates a misspelled header, trailing empty columns and an unambiguous non-ISO date', async () => {
    const d = await district('or12');
    const r = await importFolder(t, d, fixtureFolder(v12()), options(d, { kind: 'oneroster' }));
    expect(r.errors).toBe(0);
    const reasons = r.issues.map((i) => `${i.file}: ${i.reason}`);
    expect(reasons).toEqual(
      expect.arrayContaining([
        'users.csv: the column "prefferedGivenName" was read as "preferredGivenName" (it looks misspelled)',
        'users.csv: the date "15/06/2021" was read as 2021-06-15 (day/month/year; dates are written YYYY-MM-DD)',
        'userProfiles.csv: user profiles (logins to other applications) are not kept by Village',
      ]),
    );
    const staff = await t.db.selectFrom('staff').innerJoin('staff_schools', 'staff_schools.staff_id', 'staff.id').innerJoin('schools', 'schools.id', 'staff_schools.school_id').select(['staff.ext_id', 'schools.code']).where('staff.district_id', '=', d).orderBy('staff.ext_id').execute();
    expect(staff).toEqual([
      { ext_id: 'T1', code: 'SCH1' },
      { ext_id: 'T2', code: 'SCH2' },
    ]);
    expect(await t.db.selectFrom('students').select('ext_id').where('district_id', '=', d).orderBy('ext_id').execute()).toEqual([{ ext_id: 'U1' }, { ext_id: 'U2' }]);
    expect(await t.db.selectFrom('guardians').select('ext_id').where('district_id', '=', d).orderBy('ext_id').execute()).toEqual([{ ext_id: 'P1' }, { ext_id: 'P2' }]);
  });

  it('reads a zip of the same files', async () => {
    const d = await district('or12z');
    const dir = fixtureFolder({});
    const zip = path.join(dir, 'roster.zip');
    writeZip(zip, Object.entries(v12()).map(([name, text]) => ({ name: `export/${name}`, data: Buffer.from(text) })));
    const r = await importFolder(t, d, zip, options(d, { kind: 'oneroster' }));
    expect(r.errors).toBe(0);
    expect(await t.db.selectFrom('students').select('ext_id').where('district_id', '=', d).execute()).toHaveLength(2);
  });
});

const shared = path.resolve('..', 'shared', 'data');
const toolkit = path.join(shared, 'oneroster-edfi-lms-toolkit', 'OneRoster 1.1 Sample Data');
const moodle = path.join(shared, 'oneroster-moodle-enrol-fixtures');
const haveSamples = existsSync(toolkit) && existsSync(moodle);
if (!haveSamples) console.warn(`Skipping the real OneRoster samples: ${shared} is not there (it is beside the repository in development only).`);

describe.skipIf(!haveSamples)('real OneRoster samples (../shared/data)', () => {
  it('imports the Ed-Fi LMS Toolkit OneRoster 1.1 sample (Grand Bend)', async () => {
    const d = await district('gb');
    const r = await importFolder(t, d, toolkit, options(d, { kind: 'oneroster' }));
    expect(r.errors).toBe(0);
    expect(r.status).toBe('done');
    expect(await t.db.selectFrom('students').select('ext_id').where('district_id', '=', d).execute()).toHaveLength(8);
    expect(await t.db.selectFrom('staff').select('ext_id').where('district_id', '=', d).execute()).toHaveLength(2);
    expect(await t.db.selectFrom('class_students').select('student_id').where('district_id', '=', d).execute()).toHaveLength(10);
    const peter = await t.db.selectFrom('students').selectAll().where('district_id', '=', d).where('ext_id', '=', '604918').executeTakeFirstOrThrow();
    expect(peter).toMatchObject({ first_name: 'Peter', middle_name: 'Ivan', birth_date: '1997-01-18', sex: 'M', race_ethnicity: 'hispanic' });
    expect(JSON.parse((await t.db.selectFrom('districts').select('source_ids').where('id', '=', d).executeTakeFirstOrThrow()).source_ids)).toEqual({ oneroster: ['255901'] });
    const again = await importFolder(t, d, toolkit, options(d, { kind: 'oneroster' }));
    expect(again.nothingChanged).toBe(true);
  });

  it('imports the Moodle 1.1 and 1.2 edge cases: tobedeleted, odd dates, a misspelled header, multi-value fields', async () => {
    for (const folder of ['Test_full_data_set', 'v1p2_full_dataset', 'oneroster_test_data']) {
      const d = await district(`m-${folder.slice(0, 12).toLowerCase().replace(/[^a-z0-9]/g, '')}`);
      let r = await importFolder(t, d, path.join(moodle, folder), options(d, { kind: 'oneroster' }));
      const errors = r.issues.filter((i) => i.severity === 'error').map((i) => `${i.file}:${i.line}:${i.column}: ${i.reason}`);
      if (folder === 'oneroster_test_data') expect(errors).toEqual([]);
      else {
        // These two enroll a teacher (by users.csv / roles.csv) as a student: refused, naming the row.
        expect([folder, errors]).toEqual([folder, ['enrollments.csv:3:userSourcedId: the user "usr-222-987654" is enrolled as a student but users.csv makes them a staff member']]);
        expect(r.status).toBe('refused');
        expect(await t.db.selectFrom('students').select('id').where('district_id', '=', d).execute()).toEqual([]);
        r = await importFolder(t, d, path.join(moodle, folder), options(d, { kind: 'oneroster', skipBadRows: true }));
        expect(r.totals.skipped).toBe(1);
      }
      expect(r.status).toBe('done');
      const reasons = r.issues.map((i) => i.reason).join('\n');
      if (folder !== 'oneroster_test_data') {
        expect(reasons).toMatch(/department/);
        // The tobedeleted class and grading period are not created (Village never had them).
        expect(await t.db.selectFrom('classes').select('ext_id').where('district_id', '=', d).execute()).toEqual([{ ext_id: 'cls-222-123456' }]);
      }
      if (folder === 'v1p2_full_dataset') {
        expect(reasons).toMatch(/"dataLastModified" was read as "dateLastModified"/);
        expect(reasons).toMatch(/15\/06\/2023" was read as 2023-06-15/);
        expect(reasons).toMatch(/"1\/05\/2023" is ambiguous/);
      }
    }
  });
});
