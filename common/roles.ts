/** Roles a Village account can hold. Shared by the server and the web app. */
export const ROLES = [
  'district_admin',
  'data_manager',
  'school_staff',
  'teacher',
  'partner_staff',
  'union_rep',
  'viewer',
] as const;

export type Role = (typeof ROLES)[number];

/** Roles that see every student record of their district. */
export const DISTRICT_WIDE_STUDENT_ROLES: readonly Role[] = ['district_admin', 'data_manager'];

/** Scopes an API token may carry. A token never grants more than its owner's role allows. */
export const TOKEN_SCOPES = ['read', 'write', 'import', 'measures'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export const LOCALES = ['en', 'es'] as const;
export type Locale = (typeof LOCALES)[number];
