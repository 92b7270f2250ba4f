/**
 * API tokens for integrations: a person creates them (the secret is shown once, only its hash is
 * kept), lists them with their prefix and last use, and revokes them. A token acts as its owner
 * with at most its scopes, so it never grants more than the owner's role allows.
 */
import type { z } from 'zod';
import type { Db } from '../db/database.ts';
import { AppError } from '../http/errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { Role, TokenScope } from '../../common/roles.ts';
import { createApiToken } from '../auth/sessions.ts';
import type { tokenCreateSchema, tokenSchema } from './schema.ts';

export type TokenView = z.output<typeof tokenSchema>;

function status(r: { revoked_at: string | null; expires_at: string | null }, now: number): TokenView['status'] {
  if (r.revoked_at) return 'revoked';
  if (r.expires_at && Date.parse(r.expires_at) <= now) return 'expired';
  return 'active';
}

/** Tokens of one person, or (ownerId null) of everyone in the district. */
export async function listTokens(db: Db, districtId: number, ownerId: number | null): Promise<TokenView[]> {
  let q = db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select([
      'api_tokens.id',
      'api_tokens.name',
      'api_tokens.token_prefix',
      'api_tokens.scopes',
      'api_tokens.created_at',
      'api_tokens.last_used_at',
      'api_tokens.expires_at',
      'api_tokens.revoked_at',
      'users.id as owner_id',
      'users.email',
      'users.display_name',
      'users.role',
    ])
    .where('api_tokens.district_id', '=', districtId);
  if (ownerId !== null) q = q.where('api_tokens.user_id', '=', ownerId);
  const rows = await q.orderBy('api_tokens.created_at', 'desc').orderBy('api_tokens.id', 'desc').execute();
  const now = Date.now();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    prefix: r.token_prefix,
    scopes: JSON.parse(r.scopes) as TokenScope[],
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
    status: status(r, now),
    owner: { id: r.owner_id, email: r.email, displayName: r.display_name, role: r.role as Role },
  }));
}

export async function createToken(db: Db, actor: Actor, input: z.output<typeof tokenCreateSchema>): Promise<{ token: string; view: TokenView }> {
  if (actor.userId === null) throw new AppError('forbidden', 'Only a person with an account can hold API tokens.');
  if (actor.via !== 'web') throw new AppError('forbidden', 'API tokens are created from a signed-in browser session, not with another token.', { reason: 'session_required' });
  let expiresAt: string | null = null;
  if (input.expiresOn) {
    const today = new Date().toISOString().slice(0, 10);
    if (input.expiresOn < today) throw new AppError('validation_failed', 'The expiry date is in the past.', { fields: [{ path: 'expiresOn', message: 'must be today or later' }] });
    expiresAt = `${input.expiresOn}T23:59:59.999Z`;
  }
  const scopes = [...new Set(input.scopes)];
  const created = await createApiToken(db, { id: actor.userId, district_id: actor.districtId }, { name: input.name, scopes, expiresAt });
  const view = (await listTokens(db, actor.districtId, actor.userId)).find((t) => t.id === created.id)!;
  return { token: created.token, view };
}

/** Revokes a token: its owner may, and so may a district administrator. Revoking twice is harmless. */
export async function revokeToken(db: Db, actor: Actor, tokenId: number): Promise<TokenView> {
  const row = await db.selectFrom('api_tokens').select(['id', 'user_id', 'revoked_at']).where('district_id', '=', actor.districtId).where('id', '=', tokenId).executeTakeFirst();
  if (!row || (row.user_id !== actor.userId && actor.role !== 'district_admin')) throw new AppError('not_found', 'No such API token.');
  if (!row.revoked_at) {
    await db.updateTable('api_tokens').set({ revoked_at: new Date().toISOString() }).where('district_id', '=', actor.districtId).where('id', '=', tokenId).execute();
  }
  return (await listTokens(db, actor.districtId, row.user_id)).find((t) => t.id === tokenId)!;
}
