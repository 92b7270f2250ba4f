/**
 * Families, as the home-visit program counts them, derived from the roster:
 *
 *   A student's household guardians are the active guardians marked as living with the student, or
 *   all of the student's active guardians when none is marked. Students enrolled at the same school
 *   in the same year who share a household guardian (directly, or through a chain of siblings) are one
 *   family; a student with no guardian on record is a family alone. A family is counted once per
 *   school: siblings at one school are one family and one visit; siblings at two schools are a family
 *   of each school, since each school's program visits them.
 *
 * Nothing about a family is stored apart from its students: its answer is kept per student
 * (hv_family_answers) and its visits name the students they covered, so families regroup correctly
 * when the roster changes.
 */
import type { Db } from '../db/database.ts';

export interface GuardianLink {
  studentId: number;
  guardianId: number;
  livesWith: boolean;
}

export interface FamilyGroup {
  studentIds: number[];
  guardianIds: number[];
}

/** Groups students into families by shared household guardians (pure). Students keep their order. */
export function groupFamilies(studentIds: readonly number[], links: readonly GuardianLink[]): FamilyGroup[] {
  const index = new Map<number, number>();
  studentIds.forEach((id, i) => index.set(id, i));
  const parent = studentIds.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  const byStudent = new Map<number, GuardianLink[]>();
  for (const l of links) {
    if (!index.has(l.studentId)) continue;
    const list = byStudent.get(l.studentId) ?? [];
    list.push(l);
    byStudent.set(l.studentId, list);
  }
  const firstStudentOfGuardian = new Map<number, number>();
  const guardiansOf = new Map<number, number[]>();
  for (const [studentId, list] of byStudent) {
    const household = list.some((l) => l.livesWith) ? list.filter((l) => l.livesWith) : list;
    const i = index.get(studentId)!;
    guardiansOf.set(i, household.map((l) => l.guardianId));
    for (const l of household) {
      const other = firstStudentOfGuardian.get(l.guardianId);
      if (other === undefined) firstStudentOfGuardian.set(l.guardianId, i);
      else union(other, i);
    }
  }
  const groups = new Map<number, FamilyGroup>();
  studentIds.forEach((id, i) => {
    const root = find(i);
    let g = groups.get(root);
    if (!g) {
      g = { studentIds: [], guardianIds: [] };
      groups.set(root, g);
    }
    g.studentIds.push(id);
    for (const gid of guardiansOf.get(i) ?? []) if (!g.guardianIds.includes(gid)) g.guardianIds.push(gid);
  });
  return [...groups.values()];
}

export interface RosterStudent {
  id: number;
  schoolId: number;
  /** Grade of the student's latest enrollment at the school (as of the date asked). */
  grade: string;
  firstName: string;
  lastName: string;
  raceEthnicity: string;
  sex: string | null;
  englishLearner: number;
  disability: number;
  economicallyDisadvantaged: number;
  homeless: number;
  foster: number;
  homeLanguage: string | null;
}

export interface Family {
  /** `${schoolId}-${lowest student id}`: stable while the family's students stay the same. */
  key: string;
  schoolId: number;
  studentIds: number[];
  guardianIds: number[];
}

export interface SchoolRoster {
  students: Map<number, RosterStudent[]>;
  families: Map<number, Family[]>;
  /** (schoolId, studentId) → the family. */
  familyOf(schoolId: number, studentId: number): Family | undefined;
}

/**
 * The students enrolled at each school in the year (an enrollment span beginning on or before
 * `asOf`), and their families. `schoolIds` narrows the schools.
 */
export async function loadRoster(db: Db, districtId: number, yearId: number, options: { schoolIds?: number[]; asOf?: string } = {}): Promise<SchoolRoster> {
  let q = db
    .selectFrom('enrollments')
    .innerJoin('students', (j) => j.onRef('students.id', '=', 'enrollments.student_id').onRef('students.district_id', '=', 'enrollments.district_id'))
    .select([
      'enrollments.school_id',
      'enrollments.grade',
      'enrollments.entry_date',
      'students.id',
      'students.first_name',
      'students.last_name',
      'students.race_ethnicity',
      'students.sex',
      'students.english_learner',
      'students.disability',
      'students.economically_disadvantaged',
      'students.homeless',
      'students.foster',
      'students.home_language',
    ])
    .where('enrollments.district_id', '=', districtId)
    .where('enrollments.school_year_id', '=', yearId)
    .where('enrollments.status', '=', 'active')
    .where('students.status', '=', 'active');
  if (options.schoolIds) {
    if (options.schoolIds.length === 0) return emptyRoster();
    q = q.where('enrollments.school_id', 'in', options.schoolIds);
  }
  if (options.asOf) q = q.where('enrollments.entry_date', '<=', options.asOf);
  const rows = await q.orderBy('enrollments.school_id').orderBy('students.id').orderBy('enrollments.entry_date').execute();

  const students = new Map<number, RosterStudent[]>();
  const seen = new Map<string, RosterStudent>();
  for (const r of rows) {
    const k = `${r.school_id}:${r.id}`;
    const existing = seen.get(k);
    if (existing) {
      existing.grade = r.grade; // later entry date: the latest enrollment's grade
      continue;
    }
    const s: RosterStudent = {
      id: r.id,
      schoolId: r.school_id,
      grade: r.grade,
      firstName: r.first_name,
      lastName: r.last_name,
      raceEthnicity: r.race_ethnicity,
      sex: r.sex,
      englishLearner: r.english_learner,
      disability: r.disability,
      economicallyDisadvantaged: r.economically_disadvantaged,
      homeless: r.homeless,
      foster: r.foster,
      homeLanguage: r.home_language,
    };
    seen.set(k, s);
    const list = students.get(r.school_id) ?? [];
    list.push(s);
    students.set(r.school_id, list);
  }

  const linkRows = await db
    .selectFrom('student_guardians')
    .innerJoin('guardians', (j) => j.onRef('guardians.id', '=', 'student_guardians.guardian_id').onRef('guardians.district_id', '=', 'student_guardians.district_id'))
    .innerJoin('enrollments', (j) => j.onRef('enrollments.student_id', '=', 'student_guardians.student_id').onRef('enrollments.district_id', '=', 'student_guardians.district_id'))
    .select(['student_guardians.student_id', 'student_guardians.guardian_id', 'student_guardians.lives_with_student'])
    .distinct()
    .where('student_guardians.district_id', '=', districtId)
    .where('student_guardians.status', '=', 'active')
    .where('guardians.status', '=', 'active')
    .where('enrollments.school_year_id', '=', yearId)
    .execute();
  const links: GuardianLink[] = linkRows.map((l) => ({ studentId: l.student_id, guardianId: l.guardian_id, livesWith: l.lives_with_student === 1 }));

  const families = new Map<number, Family[]>();
  const index = new Map<string, Family>();
  for (const [schoolId, list] of students) {
    const groups = groupFamilies(list.map((s) => s.id), links);
    const fams = groups.map((g) => ({ key: `${schoolId}-${Math.min(...g.studentIds)}`, schoolId, studentIds: g.studentIds, guardianIds: g.guardianIds }));
    families.set(schoolId, fams);
    for (const f of fams) for (const sid of f.studentIds) index.set(`${schoolId}:${sid}`, f);
  }
  return { students, families, familyOf: (schoolId, studentId) => index.get(`${schoolId}:${studentId}`) };
}

function emptyRoster(): SchoolRoster {
  return { students: new Map(), families: new Map(), familyOf: () => undefined };
}
