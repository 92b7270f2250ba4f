import type { Role, TokenScope } from '../../common/roles.ts';

/** Who is asking: resolved once per request (or per CLI command) and passed to every command. */
export interface Actor {
  /** null for the command-line operator and system jobs. */
  userId: number | null;
  districtId: number;
  role: Role;
  email: string;
  displayName: string;
  locale: string;
  /** Schools a school_staff account is scoped to (empty for other roles). */
  schoolIds: number[];
  /** The roster staff record of a teacher or school staff member. */
  staffId: number | null;
  /** The partner organisation of a partner_staff account. */
  partnerId: number | null;
  via: 'web' | 'api-token' | 'cli' | 'system';
  /** For API tokens: what the token may do. */
  tokenScopes: TokenScope[] | null;
  ip: string | null;
}

/** The operator at the command line acts with a district administrator's full access. */
export function operatorActor(districtId: number, label = 'cli'): Actor {
  return {
    userId: null,
    districtId,
    role: 'district_admin',
    email: label,
    displayName: 'Command line',
    locale: 'en',
    schoolIds: [],
    staffId: null,
    partnerId: null,
    via: 'cli',
    tokenScopes: null,
    ip: null,
  };
}

export function systemActor(districtId: number): Actor {
  return { ...operatorActor(districtId, 'system'), displayName: 'Village', via: 'system' };
}
