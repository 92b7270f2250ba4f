import type { Generated } from 'kysely';

export interface UsersTable {
  id: Generated<number>;
  district_id: number;
  email: string;
  display_name: string;
  password_hash: string | null;
  role: string;
  locale: Generated<string>;
  disabled: Generated<number>;
  failed_signins: Generated<number>;
  locked_until: string | null;
  /** For partner staff: the partner organisation they work for. */
  partner_id: number | null;
  /** For teachers and school staff: their roster record (classes they teach). */
  staff_id: number | null;
  password_changed_at: string | null;
  last_signin_at: string | null;
  created_at: Generated<string>;
  updated_at: Generated<string>;
}

export interface UserSchoolsTable {
  district_id: number;
  user_id: number;
  school_id: number;
}

export interface SessionsTable {
  /** sha256 of the session cookie's value; the value itself is never stored. */
  id: string;
  district_id: number;
  user_id: number;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokensTable {
  id: Generated<number>;
  district_id: number;
  user_id: number;
  name: string;
  token_hash: string;
  token_prefix: string;
  /** JSON array of scopes. */
  scopes: string;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
}

export interface UserTables {
  users: UsersTable;
  user_schools: UserSchoolsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
}
