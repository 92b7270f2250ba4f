/**
 * Writes the audit trail: who read or changed which record, when and from where.
 * Append-only; the database refuses updates and deletes of audit_events.
 */
import type { Db } from '../db/database.ts';
import type { Actor } from '../auth/actor.ts';

export type AuditAction =
  | 'read'
  | 'create'
  | 'update'
  | 'delete'
  | 'export'
  | 'import'
  | 'disclose'
  | 'sign_in'
  | 'sign_in_failed'
  | 'sign_out'
  | 'password_change'
  | 'password_reset'
  | 'token_create'
  | 'token_revoke'
  | 'unlock';

export interface AuditEntry {
  action: AuditAction;
  entityType: string;
  entityId?: string | number | null;
  details?: Record<string, unknown> | null;
  /**
   * The student this event concerns, when the record read or changed is about one student (a home
   * visit, a referral, a consent…). Set automatically for entityType 'student'. Lets a district list
   * every access to one student's records (audit search by student).
   */
  studentId?: number | null;
}

type ActorLike = Pick<Actor, 'districtId' | 'userId' | 'email' | 'via' | 'ip'> | null;

function row(actor: ActorLike, entry: AuditEntry, at: string, fallback?: { districtId?: number | null; label?: string; ip?: string | null }) {
  return {
    district_id: actor?.districtId ?? fallback?.districtId ?? null,
    at,
    actor_user_id: actor?.userId ?? null,
    actor_label: actor?.email ?? fallback?.label ?? 'anonymous',
    via: actor?.via ?? 'web',
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId),
    ip: actor?.ip ?? fallback?.ip ?? null,
    details: entry.details ? JSON.stringify(entry.details) : null,
    student_id: entry.studentId ?? (entry.entityType === 'student' && entry.entityId != null && /^\d+$/.test(String(entry.entityId)) ? Number(entry.entityId) : null),
  };
}

export async function recordAudit(
  db: Db,
  actor: ActorLike,
  entry: AuditEntry,
  fallback?: { districtId?: number | null; label?: string; ip?: string | null },
): Promise<void> {
  await db.insertInto('audit_events').values(row(actor, entry, new Date().toISOString(), fallback)).execute();
}

/** One event per record, e.g. every student on a list that was read or exported. */
export async function recordAuditMany(db: Db, actor: ActorLike, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const at = new Date().toISOString();
  const rows = entries.map((e) => row(actor, e, at));
  for (let i = 0; i < rows.length; i += 500) {
    await db.insertInto('audit_events').values(rows.slice(i, i + 500)).execute();
  }
}

export type StudentReadListener = (db: Db, actor: Actor, studentIds: number[], context: string) => Promise<void>;
const studentReadListeners: StudentReadListener[] = [];

/**
 * Other capabilities learn of every read of student records here; the partners capability records
 * each disclosure to a partner per student (the record of disclosures a parent may ask to see).
 */
export function onStudentRead(listener: StudentReadListener): void {
  studentReadListeners.push(listener);
}

/**
 * Audit reads of a set of student records: one audit event per student. Every route or export that
 * shows student-level records calls this with the students shown.
 */
export async function recordStudentReads(db: Db, actor: Actor, studentIds: Iterable<number>, context: string): Promise<void> {
  const ids = [...new Set(studentIds)];
  if (ids.length === 0) return;
  await recordAuditMany(db, actor, ids.map((id) => ({ action: 'read', entityType: 'student', entityId: id, details: { context } })));
  for (const listener of studentReadListeners) await listener(db, actor, ids, context);
}
