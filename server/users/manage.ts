/**
 * Account management by a district administrator: list and find accounts, change role and scopes,
 * unlock. Every query is scoped to the administrator's district; an account elsewhere is "not found".
 */
import type { z } from 'zod';
import type { Db } from '../db/database.ts';
import type { DialectSeam } from '../db/seam.ts';
import { AppError } from '../http/errors.ts';
import type { Role } from '../../common/roles.ts';
import type { UserRow } from '../auth/sessions.ts';
import { checkScopeRefs } from './commands.ts';
import { partnerNames, staffNames } from './links.ts';
import type { userListQuerySchema, userPatchSchema, userSchema } from './schema.ts';

export type UserView = z.output<typeof userSchema>;

async function toViews(db: Db, districtId: number, rows: UserRow[]): Promise<UserView[]> {
  const ids = rows.map((r) => r.id);
  const schools = ids.length
    ? await db
        .selectFrom('user_schools')
        .innerJoin('schools', 'schools.id', 'user_schools.school_id')
        .select(['user_schools.user_id', 'schools.id', 'schools.code', 'schools.name'])
        .where('user_schools.district_id', '=', districtId)
        .where('user_schools.user_id', 'in', ids)
        .orderBy('schools.name')
        .execute()
    : [];
  const staff = await staffNames(db, districtId, rows.flatMap((r) => (r.staff_id ? [r.staff_id] : [])));
  const partners = await partnerNames(db, districtId, rows.flatMap((r) => (r.partner_id ? [r.partner_id] : [])));
  const now = Date.now();
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    displayName: r.display_name,
    role: r.role as Role,
    locale: r.locale,
    disabled: r.disabled === 1,
    lockedUntil: r.locked_until && Date.parse(r.locked_until) > now ? r.locked_until : null,
    schools: schools.filter((s) => s.user_id === r.id).map((s) => ({ id: s.id, code: s.code, name: s.name })),
    staff: r.staff_id ? { id: r.staff_id, name: staff.get(r.staff_id) ?? '' } : null,
    partner: r.partner_id ? { id: r.partner_id, name: partners.get(r.partner_id) ?? '' } : null,
    lastSignInAt: r.last_signin_at,
    createdAt: r.created_at,
  }));
}

export async function listUsers(db: Db, seam: DialectSeam, districtId: number, filter: z.output<typeof userListQuerySchema>) {
  const nowIso = new Date().toISOString();
  let q = db.selectFrom('users').where('users.district_id', '=', districtId);
  if (filter.q) {
    const pattern = `%${filter.q}%`;
    q = q.where((eb) => eb.or([seam.ilike(eb.ref('users.email'), pattern), seam.ilike(eb.ref('users.display_name'), pattern)]));
  }
  if (filter.role) q = q.where('users.role', '=', filter.role);
  if (filter.schoolId) {
    const schoolId = filter.schoolId;
    q = q.where((eb) =>
      eb.exists(eb.selectFrom('user_schools').select('user_schools.user_id').whereRef('user_schools.user_id', '=', 'users.id').where('user_schools.school_id', '=', schoolId)),
    );
  }
  if (filter.status === 'disabled') q = q.where('users.disabled', '=', 1);
  if (filter.status === 'active') q = q.where('users.disabled', '=', 0).where((eb) => eb.or([eb('users.locked_until', 'is', null), eb('users.locked_until', '<=', nowIso)]));
  if (filter.status === 'locked') q = q.where('users.locked_until', '>', nowIso);
  const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await q
    .selectAll('users')
    .orderBy('users.display_name')
    .orderBy('users.id')
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize)
    .execute();
  return { users: await toViews(db, districtId, rows), total, page: filter.page, pageSize: filter.pageSize };
}

export async function userRow(db: Db, districtId: number, id: number): Promise<UserRow> {
  const row = await db.selectFrom('users').selectAll().where('district_id', '=', districtId).where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found', 'No such user.');
  return row;
}

export async function getUserView(db: Db, districtId: number, id: number): Promise<UserView> {
  return (await toViews(db, districtId, [await userRow(db, districtId, id)]))[0];
}

/** Refuses a change that would leave the district without an enabled district administrator. */
export async function assertAnotherAdminRemains(db: Db, districtId: number, userId: number, what: string): Promise<void> {
  const others = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('district_id', '=', districtId)
    .where('role', '=', 'district_admin')
    .where('disabled', '=', 0)
    .where('id', '!=', userId)
    .executeTakeFirstOrThrow();
  if (Number(others.n) === 0) throw new AppError('conflict', `This is the district's only district administrator; ${what} would leave nobody to manage the district.`);
}

export async function updateUser(db: Db, districtId: number, actorUserId: number | null, id: number, patch: z.output<typeof userPatchSchema>): Promise<{ user: UserView; changed: string[] }> {
  const current = await userRow(db, districtId, id);
  const role = patch.role ?? (current.role as Role);
  if (patch.role && patch.role !== current.role && current.role === 'district_admin') {
    if (actorUserId === id) throw new AppError('conflict', 'You cannot change your own role; ask another district administrator.');
    await assertAnotherAdminRemains(db, districtId, id, 'changing their role');
  }
  const currentSchools = (await db.selectFrom('user_schools').select('school_id').where('user_id', '=', id).execute()).map((s) => s.school_id);
  const schoolIds = patch.schoolIds ?? currentSchools;
  await checkScopeRefs(db, districtId, {
    role,
    schoolIds,
    staffId: patch.staffId === undefined ? undefined : patch.staffId,
    partnerId: patch.partnerId === undefined ? undefined : patch.partnerId,
  });
  const changed = Object.keys(patch).filter((k) => (patch as Record<string, unknown>)[k] !== undefined);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({
        ...(patch.displayName !== undefined ? { display_name: patch.displayName } : {}),
        ...(patch.role !== undefined ? { role: patch.role } : {}),
        ...(patch.locale !== undefined ? { locale: patch.locale } : {}),
        ...(patch.staffId !== undefined ? { staff_id: patch.staffId } : {}),
        ...(patch.partnerId !== undefined ? { partner_id: patch.partnerId } : {}),
        updated_at: new Date().toISOString(),
      })
      .where('district_id', '=', districtId)
      .where('id', '=', id)
      .execute();
    if (patch.schoolIds !== undefined) {
      await trx.deleteFrom('user_schools').where('district_id', '=', districtId).where('user_id', '=', id).execute();
      for (const schoolId of new Set(patch.schoolIds)) {
        await trx.insertInto('user_schools').values({ district_id: districtId, user_id: id, school_id: schoolId }).execute();
      }
    }
  });
  return { user: await getUserView(db, districtId, id), changed };
}

export async function unlockUser(db: Db, districtId: number, id: number): Promise<UserView> {
  await userRow(db, districtId, id);
  await db.updateTable('users').set({ failed_signins: 0, locked_until: null, updated_at: new Date().toISOString() }).where('district_id', '=', districtId).where('id', '=', id).execute();
  return getUserView(db, districtId, id);
}
