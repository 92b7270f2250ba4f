/**
 * Server-side sessions (stored in the database, the cookie holds only a random token whose hash
 * is the key) and API tokens for integrations (hashed at rest, scoped, revocable).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/database.ts';
import type { Actor } from './actor.ts';
import type { Role, TokenScope } from '../../common/roles.ts';
import type { UsersTable } from '../users/tables.ts';
import type { Selectable } from 'kysely';

export const SESSION_COOKIE = 'village_session';
export const CSRF_HEADER = 'x-csrf-token';
const TOKEN_PREFIX = 'vlg_';

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export type UserRow = Selectable<UsersTable>;

export async function actorForUser(
  db: Db,
  user: UserRow,
  via: Actor['via'],
  ip: string | null,
  tokenScopes: TokenScope[] | null = null,
): Promise<Actor> {
  const schools = await db.selectFrom('user_schools').select('school_id').where('user_id', '=', user.id).execute();
  return {
    userId: user.id,
    districtId: user.district_id,
    role: user.role as Role,
    email: user.email,
    displayName: user.display_name,
    locale: user.locale,
    schoolIds: schools.map((s) => s.school_id).sort((a, b) => a - b),
    staffId: user.staff_id,
    partnerId: user.partner_id,
    via,
    tokenScopes,
    ip,
  };
}

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: string;
}

export async function createSession(
  db: Db,
  user: { id: number; district_id: number },
  meta: { ip: string | null; userAgent: string | null; hours: number },
): Promise<NewSession> {
  const token = randomToken();
  const csrfToken = randomToken(24);
  const now = new Date();
  const expiresAt = new Date(now.getTime() + meta.hours * 3600_000).toISOString();
  await db
    .insertInto('sessions')
    .values({
      id: sha256(token),
      district_id: user.district_id,
      user_id: user.id,
      csrf_token: csrfToken,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: expiresAt,
      ip: meta.ip,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return { token, csrfToken, expiresAt };
}

export interface ResolvedSession {
  sessionId: string;
  csrfToken: string;
  user: UserRow;
}

/** The session behind a cookie value, sliding its expiry forward; null when unknown, expired or disabled. */
export async function resolveSession(db: Db, token: string, hours: number): Promise<ResolvedSession | null> {
  if (!token || token.length > 100) return null;
  const id = sha256(token);
  const session = await db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!session) return null;
  const now = Date.now();
  if (Date.parse(session.expires_at) <= now) {
    await db.deleteFrom('sessions').where('id', '=', id).execute();
    return null;
  }
  const user = await db.selectFrom('users').selectAll().where('id', '=', session.user_id).executeTakeFirst();
  if (!user || user.disabled) return null;
  // Slide the expiry at most once a minute, to keep writes rare.
  if (now - Date.parse(session.last_seen_at) > 60_000) {
    await db
      .updateTable('sessions')
      .set({ last_seen_at: new Date(now).toISOString(), expires_at: new Date(now + hours * 3600_000).toISOString() })
      .where('id', '=', id)
      .execute();
  }
  return { sessionId: id, csrfToken: session.csrf_token, user };
}

export async function destroySession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sha256(token)).execute();
}

export async function destroyUserSessions(db: Db, userId: number, exceptSessionId?: string): Promise<void> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptSessionId) q = q.where('id', '!=', exceptSessionId);
  await q.execute();
}

export async function createApiToken(
  db: Db,
  user: { id: number; district_id: number },
  input: { name: string; scopes: TokenScope[]; expiresAt: string | null },
): Promise<{ id: number; token: string; prefix: string }> {
  const token = TOKEN_PREFIX + randomToken();
  const prefix = token.slice(0, TOKEN_PREFIX.length + 6);
  const row = await db
    .insertInto('api_tokens')
    .values({
      district_id: user.district_id,
      user_id: user.id,
      name: input.name,
      token_hash: sha256(token),
      token_prefix: prefix,
      scopes: JSON.stringify(input.scopes),
      created_at: new Date().toISOString(),
      expires_at: input.expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, token, prefix };
}

/** The user and scopes behind a bearer token; null when unknown, revoked, expired or disabled. */
export async function resolveApiToken(db: Db, token: string): Promise<{ user: UserRow; scopes: TokenScope[] } | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 100) return null;
  const row = await db.selectFrom('api_tokens').selectAll().where('token_hash', '=', sha256(token)).executeTakeFirst();
  if (!row || row.revoked_at) return null;
  const now = new Date();
  if (row.expires_at && Date.parse(row.expires_at) <= now.getTime()) return null;
  const user = await db.selectFrom('users').selectAll().where('id', '=', row.user_id).executeTakeFirst();
  if (!user || user.disabled) return null;
  if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) > 60_000) {
    await db.updateTable('api_tokens').set({ last_used_at: now.toISOString() }).where('id', '=', row.id).execute();
  }
  return { user, scopes: JSON.parse(row.scopes) as TokenScope[] };
}
