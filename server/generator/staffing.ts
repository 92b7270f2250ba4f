/**
 * Staff, courses and classes of the last school year: a principal and counsellors at every school;
 * self-contained homerooms with one teacher in kindergarten to grade 5; in grades 6 to 12, sections
 * of English, mathematics, science, social studies, physical education and one elective, taught by
 * teachers of each department (five sections each). Students who move mid-year are in classes at
 * both schools, with the dates they were there.
 */
import type { District, School, Span } from './model.ts';
import { gradeCode } from './model.ts';
import { AMERICAN_POOL, namePool, type Heritage } from './names.ts';
import { streamFor } from './random.ts';

export interface StaffMember {
  id: string;
  localId: string;
  firstName: string;
  lastName: string;
  email: string;
  /** OneRoster role: teacher | administrator | counselor */
  role: 'teacher' | 'administrator' | 'counselor';
  title: string;
  school: School;
}

export interface Course {
  id: string;
  school: School;
  title: string;
  code: string;
  grades: string[];
  subject: string;
  subjectCode: string;
}

export interface ClassSection {
  id: string;
  school: School;
  course: Course;
  title: string;
  code: string;
  grades: string[];
  period: string;
  location: string;
  teacher: StaffMember;
  students: Span[];
}

export interface Staffing {
  staff: StaffMember[];
  courses: Course[];
  classes: ClassSection[];
}

interface CourseSpec {
  department: string;
  title: string;
  code: string;
  subject: string;
  subjectCode: string;
}

const SECONDARY: Record<string, Array<(g: number) => CourseSpec>> = {
  core: [
    (g) => ({ department: 'English', title: g <= 8 ? `English Language Arts ${g}` : ['English 9', 'English 10', 'American Literature', 'English 12'][g - 9], code: `ENG${g}`, subject: 'English Language Arts', subjectCode: '01001' }),
    (g) => ({ department: 'Mathematics', title: g <= 8 ? `Mathematics ${g}` : ['Algebra I', 'Geometry', 'Algebra II', 'Precalculus'][g - 9], code: `MTH${g}`, subject: 'Mathematics', subjectCode: '02001' }),
    (g) => ({ department: 'Science', title: g <= 8 ? `Science ${g}` : ['Biology', 'Chemistry', 'Physics', 'Environmental Science'][g - 9], code: `SCI${g}`, subject: 'Science', subjectCode: '03001' }),
    (g) => ({ department: 'Social Studies', title: ['World Cultures', 'World History', 'U.S. History', 'World Geography', 'Modern World History', 'U.S. History', 'Government and Economics'][g - 6], code: `SOC${g}`, subject: 'Social Studies', subjectCode: '04001' }),
    (g) => ({ department: 'Physical Education', title: g <= 8 ? `Physical Education ${g}` : 'Physical Education', code: g <= 8 ? `PE${g}` : 'PE', subject: 'Physical Education', subjectCode: '08001' }),
  ],
  electives: [
    () => ({ department: 'Arts', title: 'Visual Art', code: 'ART', subject: 'Fine and Performing Arts', subjectCode: '05001' }),
    () => ({ department: 'Arts', title: 'Music', code: 'MUS', subject: 'Fine and Performing Arts', subjectCode: '05101' }),
    () => ({ department: 'World Languages', title: 'Spanish', code: 'SPA', subject: 'World Languages', subjectCode: '06101' }),
    () => ({ department: 'Computer Science', title: 'Computer Science', code: 'CS', subject: 'Computer and Information Sciences', subjectCode: '10001' }),
  ],
};

const TEACHER_HERITAGE: ReadonlyArray<readonly [Heritage, number]> = [['american', 0.72], ['hispanic', 0.16], ['chinese', 0.03], ['vietnamese', 0.02], ['filipino', 0.03], ['korean', 0.02], ['south_asian', 0.02]];

export function buildStaffing(district: District): Staffing {
  const seed = district.options.seed;
  const last = district.years[district.years.length - 1];
  const spans = district.spansByYear[last.index];
  const staff: StaffMember[] = [];
  const courses: Course[] = [];
  const classes: ClassSection[] = [];
  const emails = new Set<string>();
  const rng = streamFor(seed, 'staff');
  const person = (school: School, role: StaffMember['role'], title: string): StaffMember => {
    const heritage = rng.weighted(TEACHER_HERITAGE);
    const pool = rng.chance(0.3) ? AMERICAN_POOL : namePool(heritage);
    const sex = rng.chance(0.74) ? 'F' : 'M';
    const firstName = rng.pick(sex === 'F' ? pool.female : pool.male);
    const lastName = rng.pick(namePool(heritage).surnames);
    const base = `${firstName}.${lastName}`.toLowerCase().normalize('NFD').replace(/[^a-z.]/g, '');
    let email = `${base}@${district.domain}`;
    for (let n = 2; emails.has(email); n++) email = `${base}${n}@${district.domain}`;
    emails.add(email);
    const no = staff.length + 1;
    const member: StaffMember = { id: `T${String(no).padStart(5, '0')}`, localId: String(900_000 + no), firstName, lastName, email, role, title, school };
    staff.push(member);
    return member;
  };
  let classNo = 1;
  const courseFor = new Map<string, Course>();
  const course = (school: School, spec: CourseSpec, grades: string[]): Course => {
    const key = `${school.id}|${spec.code}`;
    let c = courseFor.get(key);
    if (!c) {
      c = { id: `CRS-${school.id}-${spec.code}`, school, title: spec.title, code: spec.code, grades: [], subject: spec.subject, subjectCode: spec.subjectCode };
      courseFor.set(key, c);
      courses.push(c);
    }
    for (const g of grades) if (!c.grades.includes(g)) c.grades.push(g);
    return c;
  };

  for (const school of district.schools) {
    const here = spans.filter((s) => s.school === school);
    if (!here.length) continue;
    const srng = streamFor(seed, 'classes', school.index);
    person(school, 'administrator', 'Principal');
    for (let i = 0; i < Math.max(1, Math.round(here.length / 450)); i++) person(school, 'counselor', 'Counselor');
    // Homerooms, kindergarten to grade 5.
    for (let g = 0; g <= 5; g++) {
      const students = srng.shuffle(here.filter((s) => s.grade === g));
      if (!students.length) continue;
      const sections = Math.max(1, Math.round(students.length / (g <= 3 ? 22 : 26)));
      const spec: CourseSpec = { department: 'Homeroom', title: g === 0 ? 'Kindergarten' : `Grade ${g}`, code: g === 0 ? 'KG' : `G${g}`, subject: 'Self-contained classroom', subjectCode: '73041' };
      const c = course(school, spec, [gradeCode(g)]);
      for (let k = 0; k < sections; k++) {
        const teacher = person(school, 'teacher', `${spec.title} teacher`);
        classes.push({
          id: `CL${String(classNo++).padStart(6, '0')}`,
          school,
          course: c,
          title: `${spec.title} - ${teacher.lastName}`,
          code: `${spec.code}-${String.fromCharCode(65 + (k % 26))}${k >= 26 ? Math.floor(k / 26) : ''}`,
          grades: [gradeCode(g)],
          period: 'HR',
          location: `Room ${100 + g * 10 + k}`,
          teacher,
          students: students.filter((_, i) => i % sections === k),
        });
      }
    }
    // Departmentalised grades 6-12.
    const byCourse = new Map<Course, { spec: CourseSpec; students: Span[] }>();
    for (const span of here) {
      if (span.grade < 6) continue;
      const elective = SECONDARY.electives[streamFor(seed, 'elective', span.student.no).int(0, SECONDARY.electives.length - 1)];
      for (const make of [...SECONDARY.core, elective]) {
        const spec = make(span.grade);
        const c = course(school, spec, [gradeCode(span.grade)]);
        const entry = byCourse.get(c) ?? { spec, students: [] };
        entry.students.push(span);
        byCourse.set(c, entry);
      }
    }
    const byDepartment = new Map<string, Array<{ c: Course; section: number; students: Span[] }>>();
    for (const [c, { spec, students }] of byCourse) {
      const shuffled = srng.shuffle(students);
      const sections = Math.max(1, Math.ceil(shuffled.length / 28));
      const list = byDepartment.get(spec.department) ?? [];
      for (let k = 0; k < sections; k++) list.push({ c, section: k + 1, students: shuffled.filter((_, i) => i % sections === k) });
      byDepartment.set(spec.department, list);
    }
    for (const [department, sections] of byDepartment) {
      let teacher: StaffMember | null = null;
      sections.forEach(({ c, section, students }, k) => {
        if (k % 5 === 0) teacher = person(school, 'teacher', `${department} teacher`);
        const t = teacher!;
        classes.push({
          id: `CL${String(classNo++).padStart(6, '0')}`,
          school,
          course: c,
          title: `${c.title} - ${t.lastName}, period ${(k % 5) + 1}`,
          code: `${c.code}-${String(section).padStart(2, '0')}`,
          grades: c.grades,
          period: String((k % 5) + 1),
          location: `Room ${200 + Math.floor(k / 5)}`,
          teacher: t,
          students,
        });
      });
    }
  }
  return { staff, courses, classes };
}
