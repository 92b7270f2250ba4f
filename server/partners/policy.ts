/**
 * Who may do what in the partners capability, beyond the role lists of access.ts.
 *  - The directory is open to everyone in the district; district staff and school staff keep it up
 *    to date, and partner staff keep their own organisation's entry.
 *  - Agreements: district staff see all; school staff those with one of their schools as a party,
 *    or with no school party (district-wide); partner staff only those their organisation is party
 *    to; union representatives and viewers read them all. Anything else is "not found".
 */
import type { Actor } from '../auth/actor.ts';
import type { Role } from '../../common/roles.ts';
import { AppError } from '../http/errors.ts';

export const DISTRICT_STAFF: readonly Role[] = ['district_admin', 'data_manager'];
export const DIRECTORY_EDITORS: readonly Role[] = ['district_admin', 'data_manager', 'school_staff', 'partner_staff'];
export const PARTNER_CREATORS: readonly Role[] = ['district_admin', 'data_manager', 'school_staff'];
export const AGREEMENT_READERS: readonly Role[] = ['district_admin', 'data_manager', 'school_staff', 'partner_staff', 'union_rep', 'viewer'];
export const AGREEMENT_EDITORS: readonly Role[] = ['district_admin', 'data_manager', 'school_staff'];

export const isDistrictStaff = (actor: Actor) => DISTRICT_STAFF.includes(actor.role);

export function canEditPartner(actor: Actor, partnerId: number): boolean {
  if (!DIRECTORY_EDITORS.includes(actor.role)) return false;
  return actor.role !== 'partner_staff' || actor.partnerId === partnerId;
}

export function assertCanEditPartner(actor: Actor, partnerId: number): void {
  if (!canEditPartner(actor, partnerId)) throw new AppError('forbidden', 'Partner staff can change only their own organisation.', { reason: 'scope' });
}

/** Schools whose "served by" links this person may change (null: every school). */
export function editableSchools(actor: Actor): number[] | null {
  if (isDistrictStaff(actor)) return null;
  if (actor.role === 'school_staff') return actor.schoolIds;
  return [];
}
