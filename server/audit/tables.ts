import type { Generated } from 'kysely';

export interface AuditEventsTable {
  id: Generated<number>;
  district_id: number | null;
  at: string;
  actor_user_id: number | null;
  /** Who acted, as a person reads it: an email, or "cli" / "system". */
  actor_label: string;
  /** 'web' | 'api-token' | 'cli' | 'system' */
  via: string;
  /** 'read' | 'create' | 'update' | 'delete' | 'export' | 'import' | 'sign_in' | 'sign_in_failed' | 'sign_out' | … */
  action: string;
  entity_type: string;
  entity_id: string | null;
  ip: string | null;
  /** JSON with what changed or what was asked; never passwords or tokens. */
  details: string | null;
  /** The student the event concerns: a read of their record, or a change to a record about them. */
  student_id: number | null;
}

export interface AuditTables {
  audit_events: AuditEventsTable;
}
