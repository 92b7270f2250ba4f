/** An account for every role in the demo district, all with the same published password. */
import type { Db } from '../db/database.ts';
import type { Role } from '../../common/roles.ts';
import { createUser } from '../users/commands.ts';
import type { DemoContext } from './context.ts';

export const DEMO_PASSWORD = 'village-demo';

export interface DemoSignIn {
  role: Role;
  email: string;
  password: string;
  description: string;
}

/** The demo accounts, one per role (the browser tests sign in as each). */
export const DEMO_ACCOUNTS: ReadonlyArray<{ role: Role; email: string; name: string; description: string }> = [
  { role: 'district_admin', email: 'director@riverside.example', name: 'Dana Whitfield', description: 'community-schools director (district admin)' },
  { role: 'data_manager', email: 'data@riverside.example', name: 'Sam Okafor', description: 'data manager: imports, schools, years and calendars' },
  { role: 'school_staff', email: 'coordinator@riverside.example', name: 'Lucía Herrera', description: 'community-school coordinator at the first school' },
  { role: 'teacher', email: 'teacher@riverside.example', name: 'Marcus Bell', description: 'teacher at the first school' },
  { role: 'partner_staff', email: 'partner@riverside.example', name: 'Grace Liu', description: 'staff of a community partner' },
  { role: 'union_rep', email: 'union@riverside.example', name: 'Tom Alvarez', description: 'teachers\' union representative' },
  { role: 'viewer', email: 'board@riverside.example', name: 'Priya Nair', description: 'board member (read-only)' },
];

export async function createDemoAccounts(ctx: DemoContext): Promise<void> {
  const db = ctx.database.db;
  const firstSchool = await db.selectFrom('schools').select('id').where('district_id', '=', ctx.districtId).orderBy('code').executeTakeFirst();
  // The demo teacher is a real teacher of the roster: one who teaches classes at the first school.
  const teacher = firstSchool
    ? await db
        .selectFrom('staff')
        .innerJoin('class_teachers', 'class_teachers.staff_id', 'staff.id')
        .innerJoin('classes', 'classes.id', 'class_teachers.class_id')
        .select(['staff.id', 'staff.first_name', 'staff.last_name'])
        .where('staff.district_id', '=', ctx.districtId)
        .where('classes.school_id', '=', firstSchool.id)
        .orderBy('staff.ext_id')
        .executeTakeFirst()
    : undefined;
  for (const a of DEMO_ACCOUNTS) {
    const isTeacher = a.role === 'teacher';
    await createUser(db, {
      districtId: ctx.districtId,
      email: a.email,
      displayName: isTeacher && teacher ? `${teacher.first_name} ${teacher.last_name}` : a.name,
      role: a.role,
      password: DEMO_PASSWORD,
      schoolIds: (a.role === 'school_staff' || isTeacher) && firstSchool ? [firstSchool.id] : [],
      staffId: isTeacher && teacher ? teacher.id : null,
      locale: a.role === 'school_staff' ? 'es' : 'en',
    });
  }
}

export async function demoSignInsFor(db: Db, districtId: number): Promise<DemoSignIn[]> {
  const existing = await db.selectFrom('users').select('email').where('district_id', '=', districtId).execute();
  const emails = new Set(existing.map((e) => e.email));
  return DEMO_ACCOUNTS.filter((a) => emails.has(a.email)).map((a) => ({ role: a.role, email: a.email, password: DEMO_PASSWORD, description: a.description }));
}
