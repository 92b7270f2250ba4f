/**
 * A small district built in code, for tests: two schools, one school year, two teachers with a
 * class each, six students with guardians and enrollments, and an account for every role.
 */
import type { Db } from '../server/db/database.ts';
import { createDistrict } from '../server/districts/commands.ts';
import { createUser } from '../server/users/commands.ts';
import type { Role } from '../common/roles.ts';
import { ROLES } from '../common/roles.ts';

export const TEST_PASSWORD = 'correct-horse-battery';

export interface SmallDistrict {
  districtId: number;
  yearId: number;
  schoolA: number;
  schoolB: number;
  teacherA: number;
  teacherB: number;
  classA: number;
  classB: number;
  /** Students at school A (the first is in class A) and at school B (the first is in class B). */
  studentsA: number[];
  studentsB: number[];
  guardians: number[];
  /** Account email per role; school_staff is scoped to school A, teacher is teacherA. */
  emails: Record<Role, string>;
  userIds: Record<Role, number>;
}

export async function seedSmallDistrict(db: Db, code = 'test'): Promise<SmallDistrict> {
  const district = await createDistrict(db, { code, name: `Test District ${code}` });
  const d = district.id;
  const year = await db.insertInto('school_years').values({ district_id: d, name: '2021-2022', start_date: '2021-08-16', end_date: '2022-06-10' }).returning('id').executeTakeFirstOrThrow();
  const school = async (c: string, name: string) =>
    (await db.insertInto('schools').values({ district_id: d, code: c, name, school_type: 'elementary', low_grade: 'KG', high_grade: '05' }).returning('id').executeTakeFirstOrThrow()).id;
  const schoolA = await school(`${code}-A`, 'Alder Elementary');
  const schoolB = await school(`${code}-B`, 'Birch Elementary');
  const staff = async (ext: string, first: string, last: string, schoolId: number) => {
    const id = (await db.insertInto('staff').values({ district_id: d, ext_id: ext, first_name: first, last_name: last, email: `${ext}@staff.example`, role: 'teacher' }).returning('id').executeTakeFirstOrThrow()).id;
    await db.insertInto('staff_schools').values({ district_id: d, staff_id: id, school_id: schoolId }).execute();
    return id;
  };
  const teacherA = await staff(`${code}-t1`, 'Ana', 'Reyes', schoolA);
  const teacherB = await staff(`${code}-t2`, 'Ben', 'Cho', schoolB);
  const klass = async (ext: string, schoolId: number, teacher: number) => {
    const id = (await db.insertInto('classes').values({ district_id: d, ext_id: ext, school_id: schoolId, school_year_id: year.id, title: `Class ${ext}`, grades: '03' }).returning('id').executeTakeFirstOrThrow()).id;
    await db.insertInto('class_teachers').values({ district_id: d, class_id: id, staff_id: teacher, is_primary: 1 }).execute();
    return id;
  };
  const classA = await klass(`${code}-cA`, schoolA, teacherA);
  const classB = await klass(`${code}-cB`, schoolB, teacherB);
  const students: number[] = [];
  const guardians: number[] = [];
  for (let i = 1; i <= 6; i++) {
    const atA = i <= 3;
    const id = (await db
      .insertInto('students')
      .values({ district_id: d, ext_id: `${code}-s${i}`, first_name: `Student${i}`, last_name: atA ? 'Alder' : 'Birch', birth_date: '2013-05-01', sex: i % 2 ? 'F' : 'M', race_ethnicity: i % 3 === 0 ? 'hispanic' : 'white', hispanic_latino: i % 3 === 0 ? 1 : 0, races: 'white', home_language: i % 2 ? 'es' : 'en' })
      .returning('id')
      .executeTakeFirstOrThrow()).id;
    students.push(id);
    await db.insertInto('enrollments').values({ district_id: d, student_id: id, school_id: atA ? schoolA : schoolB, school_year_id: year.id, grade: '03', entry_date: '2021-08-16', exit_date: null }).execute();
    const g = (await db.insertInto('guardians').values({ district_id: d, ext_id: `${code}-g${i}`, first_name: `Parent${i}`, last_name: atA ? 'Alder' : 'Birch', preferred_language: i % 2 ? 'es' : 'en', phone: '555-0100' }).returning('id').executeTakeFirstOrThrow()).id;
    guardians.push(g);
    await db.insertInto('student_guardians').values({ district_id: d, student_id: id, guardian_id: g, relationship: 'parent', lives_with_student: 1 }).execute();
  }
  await db.insertInto('class_students').values({ district_id: d, class_id: classA, student_id: students[0] }).execute();
  await db.insertInto('class_students').values({ district_id: d, class_id: classB, student_id: students[3] }).execute();

  const emails = {} as Record<Role, string>;
  const userIds = {} as Record<Role, number>;
  for (const role of ROLES) {
    const email = `${role.replace('_', '-')}@${code}.example`;
    const { user } = await createUser(db, {
      districtId: d,
      email,
      displayName: role,
      role,
      password: TEST_PASSWORD,
      schoolIds: role === 'school_staff' || role === 'teacher' ? [schoolA] : [],
      staffId: role === 'teacher' ? teacherA : null,
    });
    emails[role] = email;
    userIds[role] = user.id;
  }
  return { districtId: d, yearId: year.id, schoolA, schoolB, teacherA, teacherB, classA, classB, studentsA: students.slice(0, 3), studentsB: students.slice(3), guardians, emails, userIds };
}
