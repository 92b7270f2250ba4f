/** Searching the audit trail of one district: who read or changed which record, when and from where. */
import type { z } from 'zod';
import type { Db } from '../db/database.ts';
import type { DialectSeam } from '../db/seam.ts';
import { addDays } from '../../common/calendar.ts';
import type { auditEventSchema, auditQuerySchema } from './schema.ts';

export type AuditFilter = z.output<typeof auditQuerySchema>;
export type AuditEventView = z.output<typeof auditEventSchema>;

function parseDetails(s: string | null): unknown {
  if (!s) return null;
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

export async function searchAudit(db: Db, seam: DialectSeam, districtId: number, f: AuditFilter) {
  let q = db.selectFrom('audit_events').where('district_id', '=', districtId);
  if (f.actor) q = q.where((eb) => seam.ilike(eb.ref('actor_label'), `%${f.actor}%`));
  if (f.action) q = q.where('action', '=', f.action);
  if (f.entityType) q = q.where('entity_type', '=', f.entityType);
  if (f.entityId) q = q.where('entity_id', '=', f.entityId);
  if (f.studentId) q = q.where('student_id', '=', f.studentId);
  if (f.from) q = q.where('at', '>=', `${f.from}T00:00:00.000Z`);
  if (f.to) q = q.where('at', '<', `${addDays(f.to, 1)}T00:00:00.000Z`);
  const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await q
    .selectAll()
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize)
    .execute();
  const events: AuditEventView[] = rows.map((r) => ({
    id: Number(r.id),
    at: r.at,
    actor: { userId: r.actor_user_id, label: r.actor_label, via: r.via },
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    studentId: r.student_id,
    ip: r.ip,
    details: parseDetails(r.details),
  }));
  const [actions, entityTypes] = await Promise.all([
    db.selectFrom('audit_events').select('action').distinct().where('district_id', '=', districtId).orderBy('action').execute(),
    db.selectFrom('audit_events').select('entity_type').distinct().where('district_id', '=', districtId).orderBy('entity_type').execute(),
  ]);
  return { events, total, page: f.page, pageSize: f.pageSize, actions: actions.map((a) => a.action), entityTypes: entityTypes.map((e) => e.entity_type) };
}
