/**
 * Which suppression a person's figures get (PRODUCT.md): none for those who may see every student of
 * the district; for everyone else, small cells are withheld unless the person may see every student
 * in the cell (a school's staff see their own school's small groups).
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/database.ts';
import type { Actor } from '../auth/actor.ts';
import { hasStudentAccess, visibleStudentIds } from '../auth/scope.ts';
import { DISTRICT_WIDE_STUDENT_ROLES } from '../../common/roles.ts';
import type { MeasureAccess } from './engine.ts';

export async function measureAccessFor(db: Db, actor: Actor): Promise<MeasureAccess> {
  if (DISTRICT_WIDE_STUDENT_ROLES.includes(actor.role)) return { kind: 'full' };
  if (!hasStudentAccess(actor)) return { kind: 'public' };
  const rows = await visibleStudentIds(db, actor).execute();
  if (rows.length === 0) return { kind: 'public' };
  const ids = [...new Set(rows.map((r) => r.id))].sort((a, b) => a - b);
  const key = createHash('sha1').update(ids.join(',')).digest('base64url');
  return { kind: 'partial', visible: new Set(ids), key };
}
