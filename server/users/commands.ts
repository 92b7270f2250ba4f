/** Accounts: creation, sign-in with lockout, passwords, disabling. Called by routes and the CLI alike. */
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/database.ts';
import { AppError } from '../http/errors.ts';
import { hashPassword, passwordProblem, verifyPassword } from '../auth/passwords.ts';
import { ROLES, type Role } from '../../common/roles.ts';
import type { UserRow } from '../auth/sessions.ts';
import { destroyUserSessions } from '../auth/sessions.ts';
import { partnerDirectoryAvailable, partnerNames } from './links.ts';

export interface NewUser {
  districtId: number;
  email: string;
  displayName: string;
  role: Role;
  password?: string;
  locale?: string;
  schoolIds?: number[];
  staffId?: number | null;
  partnerId?: number | null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** A password people can type and read back: four groups of five letters and digits. */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(20);
  let out = '';
  for (let i = 0; i < 20; i++) {
    out += alphabet[bytes[i] % alphabet.length];
    if (i % 5 === 4 && i < 19) out += '-';
  }
  return out;
}

/** Checks that the schools, staff record and partner an account is linked to exist in its district. */
export async function checkScopeRefs(db: Db, districtId: number, input: Pick<NewUser, 'schoolIds' | 'role' | 'staffId' | 'partnerId'>) {
  const fields: { path: string; message: string }[] = [];
  if (input.schoolIds && input.schoolIds.length > 0) {
    const found = await db.selectFrom('schools').select('id').where('district_id', '=', districtId).where('id', 'in', input.schoolIds).execute();
    const missing = input.schoolIds.filter((id) => !found.some((f) => f.id === id));
    if (missing.length) fields.push({ path: 'schoolIds', message: `unknown school ids: ${missing.join(', ')}` });
  }
  if (input.role === 'school_staff' && (!input.schoolIds || input.schoolIds.length === 0)) {
    fields.push({ path: 'schoolIds', message: 'school staff need at least one school' });
  }
  if (input.staffId != null) {
    const s = await db.selectFrom('staff').select('id').where('district_id', '=', districtId).where('id', '=', input.staffId).executeTakeFirst();
    if (!s) fields.push({ path: 'staffId', message: 'unknown staff record' });
  }
  if (input.partnerId != null && (await partnerDirectoryAvailable(db))) {
    const known = await partnerNames(db, districtId, [input.partnerId]);
    if (!known.has(input.partnerId)) fields.push({ path: 'partnerId', message: 'unknown partner organisation' });
  }
  if (fields.length) throw new AppError('validation_failed', 'Some fields are not valid.', { fields });
}

export async function createUser(db: Db, input: NewUser): Promise<{ user: UserRow; password: string; generated: boolean }> {
  const email = normaliseEmail(input.email);
  const fields: { path: string; message: string }[] = [];
  if (!EMAIL.test(email)) fields.push({ path: 'email', message: 'is not an email address' });
  if (!input.displayName.trim()) fields.push({ path: 'displayName', message: 'is required' });
  if (!ROLES.includes(input.role)) fields.push({ path: 'role', message: `must be one of ${ROLES.join(', ')}` });
  const generated = !input.password;
  const password = input.password ?? generatePassword();
  const weak = passwordProblem(password, { email });
  if (weak) fields.push({ path: 'password', message: weak });
  if (fields.length) throw new AppError('validation_failed', 'Some fields are not valid.', { fields });
  await checkScopeRefs(db, input.districtId, input);
  const taken = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  if (taken) throw new AppError('conflict', `An account with email ${email} already exists.`);
  const now = new Date().toISOString();
  const user = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('users')
      .values({
        district_id: input.districtId,
        email,
        display_name: input.displayName.trim(),
        password_hash: await hashPassword(password),
        role: input.role,
        locale: input.locale ?? 'en',
        staff_id: input.staffId ?? null,
        partner_id: input.partnerId ?? null,
        password_changed_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    for (const schoolId of new Set(input.schoolIds ?? [])) {
      await trx.insertInto('user_schools').values({ district_id: input.districtId, user_id: row.id, school_id: schoolId }).execute();
    }
    return row;
  });
  return { user, password, generated };
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', normaliseEmail(email)).executeTakeFirst();
}

export type SignInResult = { ok: true; user: UserRow } | { ok: false; reason: 'unknown' | 'disabled' | 'locked' | 'wrong_password'; user?: UserRow };

/**
 * Checks credentials. After `attempts` failures in a row the account is locked for `minutes`.
 * The caller must answer every failure with the same generic message.
 */
export async function checkCredentials(
  db: Db,
  email: string,
  password: string,
  lockout: { attempts: number; minutes: number },
): Promise<SignInResult> {
  const user = await findUserByEmail(db, email);
  if (!user) {
    await verifyPassword(null, password);
    return { ok: false, reason: 'unknown' };
  }
  const now = Date.now();
  if (user.locked_until && Date.parse(user.locked_until) > now) {
    await verifyPassword(null, password);
    return { ok: false, reason: 'locked', user };
  }
  const good = await verifyPassword(user.password_hash, password);
  if (!good) {
    const failures = user.failed_signins + 1;
    const lock = failures >= lockout.attempts;
    await db
      .updateTable('users')
      .set({
        failed_signins: lock ? 0 : failures,
        locked_until: lock ? new Date(now + lockout.minutes * 60_000).toISOString() : user.locked_until,
      })
      .where('id', '=', user.id)
      .execute();
    return { ok: false, reason: 'wrong_password', user };
  }
  if (user.disabled) return { ok: false, reason: 'disabled', user };
  await db
    .updateTable('users')
    .set({ failed_signins: 0, locked_until: null, last_signin_at: new Date(now).toISOString() })
    .where('id', '=', user.id)
    .execute();
  return { ok: true, user };
}

export async function changePassword(db: Db, userId: number, current: string, next: string, keepSessionId?: string): Promise<void> {
  const user = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.password_hash, current))) {
    throw new AppError('validation_failed', 'The current password is not correct.', { fields: [{ path: 'currentPassword', message: 'is not correct' }] });
  }
  const weak = passwordProblem(next, { email: user.email });
  if (weak) throw new AppError('validation_failed', `The new password ${weak}.`, { fields: [{ path: 'newPassword', message: weak }] });
  if (current === next) throw new AppError('validation_failed', 'The new password must differ from the current one.', { fields: [{ path: 'newPassword', message: 'is the same as the current password' }] });
  await db
    .updateTable('users')
    .set({ password_hash: await hashPassword(next), password_changed_at: new Date().toISOString(), updated_at: new Date().toISOString() })
    .where('id', '=', userId)
    .execute();
  // Other sessions of this person end: whoever else knew the old password is signed out.
  await destroyUserSessions(db, userId, keepSessionId);
}

/** Sets a new password (given or generated), unlocks the account and ends its sessions. */
export async function resetPassword(db: Db, userId: number, password?: string): Promise<{ password: string; generated: boolean }> {
  const user = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
  if (!user) throw new AppError('not_found', 'No such user.');
  const generated = !password;
  const next = password ?? generatePassword();
  const weak = passwordProblem(next, { email: user.email });
  if (weak) throw new AppError('validation_failed', `The password ${weak}.`, { fields: [{ path: 'password', message: weak }] });
  await db
    .updateTable('users')
    .set({ password_hash: await hashPassword(next), password_changed_at: new Date().toISOString(), failed_signins: 0, locked_until: null, updated_at: new Date().toISOString() })
    .where('id', '=', userId)
    .execute();
  await destroyUserSessions(db, userId);
  return { password: next, generated };
}

export async function setUserDisabled(db: Db, userId: number, disabled: boolean): Promise<void> {
  const res = await db.updateTable('users').set({ disabled: disabled ? 1 : 0, updated_at: new Date().toISOString() }).where('id', '=', userId).executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw new AppError('not_found', 'No such user.');
  if (disabled) {
    await destroyUserSessions(db, userId);
    await db.updateTable('api_tokens').set({ revoked_at: new Date().toISOString() }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
  }
}
