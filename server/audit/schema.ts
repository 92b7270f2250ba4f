import { z } from 'zod';
import { isoDate } from '../districts/schema.ts';

export const auditQuerySchema = z.object({
  actor: z.string().trim().max(320).optional().describe('Part of the email (or "cli…") of who acted'),
  action: z.string().trim().max(40).optional().describe('read, create, update, delete, export, import, disclose, sign_in, …'),
  entityType: z.string().trim().max(60).optional().describe('student, user, school, calendar, …'),
  entityId: z.string().trim().max(100).optional(),
  studentId: z.coerce.number().int().positive().optional().describe('Every read of, or change about, this student'),
  from: isoDate().optional().describe('First day (UTC), inclusive'),
  to: isoDate().optional().describe('Last day (UTC), inclusive'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const auditEventSchema = z
  .object({
    id: z.number().int(),
    at: z.string(),
    actor: z.object({ userId: z.number().int().nullable(), label: z.string(), via: z.string() }),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string().nullable(),
    studentId: z.number().int().nullable(),
    ip: z.string().nullable(),
    details: z.unknown().nullable(),
  })
  .meta({ id: 'AuditEvent' });

export const auditPageSchema = z.object({
  events: z.array(auditEventSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  actions: z.array(z.string()).describe('Actions recorded in this district, for a filter list'),
  entityTypes: z.array(z.string()).describe('Kinds of record in this district\'s trail, for a filter list'),
});
