/**
 * Coverage by teacher follows the school chosen: with a school, the grade, class and teacher rows are
 * that school's, and a teacher of classes at two schools is counted at each for their classes there;
 * without one, each teacher appears once, across their schools.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../test/app.ts';
import { seedSmallDistrict, type SmallDistrict } from '../../test/fixtures.ts';

let t: TestApp;
let d: SmallDistrict;
let admin: TestClient, coord: TestClient, teacher: TestClient, viewer: TestClient;
let classB2 = 0;
const P = '/api/v1/home-visits';

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  d = await seedSmallDistrict(db, 'cs');
  // Ana Reyes teaches at both schools: class A at Alder (Student1) and a class at Birch (Student5).
  classB2 = (await db.insertInto('classes').values({ district_id: d.districtId, ext_id: 'cs-cB2', school_id: d.schoolB, school_year_id: d.yearId, title: 'Class cs-cB2', grades: '03' }).returning('id').executeTakeFirstOrThrow()).id;
  await db.insertInto('class_teachers').values({ district_id: d.districtId, class_id: classB2, staff_id: d.teacherA, is_primary: 1 }).execute();
  await db.insertInto('class_students').values({ district_id: d.districtId, class_id: classB2, student_id: d.studentsB[1] }).execute();
  admin = await t.signIn(d.emails.district_admin);
  coord = await t.signIn(d.emails.school_staff);
  teacher = await t.signIn(d.emails.teacher);
  viewer = await t.signIn(d.emails.viewer);
});
afterAll(() => t?.close());

describe('coverage by teacher follows the school chosen', () => {
  type Row = { level: string; schoolId: number | null; staffId: number | null; classId: number | null; students: number };
  const rowsOf = async (c: TestClient, query = '') => {
    const res = await c.get(`${P}/coverage?asOf=2022-06-10${query}`);
    expect(res.statusCode).toBe(200);
    return res.json().rows as Row[];
  };
  const teacherRows = (rows: Row[]) => rows.filter((r) => r.level === 'teacher').map((r) => ({ staffId: r.staffId, schoolId: r.schoolId, students: r.students })).sort((a, b) => a.staffId! - b.staffId!);

  it('without a school: each teacher once, across their schools', async () => {
    expect(teacherRows(await rowsOf(admin))).toEqual([
      { staffId: d.teacherA, schoolId: null, students: 2 },
      { staffId: d.teacherB, schoolId: d.schoolB, students: 1 },
    ]);
  });

  it('with a school: only that school\'s teachers, classes and grades, counted there', async () => {
    const a = await rowsOf(admin, `&schoolId=${d.schoolA}`);
    expect(teacherRows(a)).toEqual([{ staffId: d.teacherA, schoolId: d.schoolA, students: 1 }]);
    expect(a.filter((r) => r.level === 'class').map((r) => r.classId)).toEqual([d.classA]);
    expect(a.filter((r) => r.level === 'grade').every((r) => r.schoolId === d.schoolA)).toBe(true);
    // The district and every school stay, for comparison.
    expect(a.filter((r) => r.level === 'school').map((r) => r.schoolId).sort()).toEqual([d.schoolA, d.schoolB].sort());
    expect(a.some((r) => r.level === 'district')).toBe(true);

    const b = await rowsOf(admin, `&schoolId=${d.schoolB}`);
    expect(teacherRows(b)).toEqual([
      { staffId: d.teacherA, schoolId: d.schoolB, students: 1 },
      { staffId: d.teacherB, schoolId: d.schoolB, students: 1 },
    ].sort((x, y) => x.staffId - y.staffId));
    expect(b.filter((r) => r.level === 'class').map((r) => r.classId).sort()).toEqual([d.classB, classB2].sort());
  });

  it('the same for a school\'s staff and a teacher, within what they see', async () => {
    // School staff of Alder: Alder's rows whole; Birch's teachers not at all.
    expect(teacherRows(await rowsOf(coord, `&schoolId=${d.schoolA}`))).toEqual([{ staffId: d.teacherA, schoolId: d.schoolA, students: 1 }]);
    expect(teacherRows(await rowsOf(coord, `&schoolId=${d.schoolB}`))).toEqual([]);
    // Ana sees her own classes at Birch when Birch is chosen.
    const own = await rowsOf(teacher, `&schoolId=${d.schoolB}`);
    expect(teacherRows(own)).toEqual([{ staffId: d.teacherA, schoolId: d.schoolB, students: 1 }]);
    expect(own.filter((r) => r.level === 'class').map((r) => r.classId)).toEqual([classB2]);
    // Aggregates only: no teacher rows whichever school.
    expect(teacherRows(await rowsOf(viewer, `&schoolId=${d.schoolA}`))).toEqual([]);
  });

  it('refuses a school that is not the district\'s', async () => {
    expect((await admin.get(`${P}/coverage?schoolId=999999`)).statusCode).toBe(404);
  });
});
