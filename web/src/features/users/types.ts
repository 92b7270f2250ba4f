import type { Role } from '../../../../common/roles.ts';

export interface UserView {
  id: number;
  email: string;
  displayName: string;
  role: Role;
  locale: string;
  disabled: boolean;
  lockedUntil: string | null;
  schools: { id: number; code: string; name: string }[];
  staff: { id: number; name: string } | null;
  partner: { id: number; name: string } | null;
  lastSignInAt: string | null;
  createdAt: string;
}

export interface UserList {
  users: UserView[];
  total: number;
  page: number;
  pageSize: number;
}

export interface StaffOption {
  id: number;
  name: string;
  email: string | null;
  schools: string[];
  linkedTo: string | null;
}

/** Roles whose account is scoped to schools (school staff must have one; teachers may). */
export const SCHOOL_SCOPED: readonly Role[] = ['school_staff', 'teacher'];
/** Roles linked to a roster staff record. */
export const STAFF_LINKED: readonly Role[] = ['teacher', 'school_staff'];
