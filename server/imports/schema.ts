/** API shapes of the imports capability. */
import { z } from 'zod';
import { CSV_KINDS } from './templates.ts';

const counts = {
  rows: z.number().int(),
  added: z.number().int(),
  changed: z.number().int(),
  removed: z.number().int(),
  skipped: z.number().int(),
  unchanged: z.number().int(),
};

export const importSummarySchema = z
  .object({
    id: z.number().int(),
    source: z.string().describe('csv, oneroster, edfi or mixed'),
    label: z.string(),
    status: z.enum(['running', 'done', 'refused', 'failed']),
    actor: z.string(),
    via: z.string(),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    seconds: z.number().nullable(),
    ...counts,
    errors: z.number().int(),
    warnings: z.number().int(),
    kinds: z.array(z.string()),
    message: z.string().nullable(),
    options: z.object({ skipBadRows: z.boolean(), replaceAttendance: z.boolean() }),
  })
  .meta({ id: 'ImportSummary' });

export const importIssueSchema = z.object({
  severity: z.enum(['error', 'warning']),
  file: z.string(),
  line: z.number().int().describe('1 is the header; 0 when the problem is with the whole file'),
  column: z.string().nullable(),
  reason: z.string(),
});

export const importDetailSchema = importSummarySchema
  .extend({
    files: z.array(
      z.object({
        name: z.string(),
        kind: z.string(),
        encoding: z.string().nullable(),
        sizeBytes: z.number().nullable(),
        ...counts,
        errors: z.number().int(),
        warnings: z.number().int(),
      }),
    ),
    issues: z.array(importIssueSchema),
    issueCount: z.number().int(),
  })
  .meta({ id: 'ImportDetail' });

export const importProgressSchema = z
  .object({
    id: z.number().int(),
    status: z.enum(['running', 'done', 'refused', 'failed']),
    phase: z.enum(['queued', 'reading', 'applying', 'recomputing', 'done']),
    file: z.string().nullable(),
    bytesRead: z.number(),
    totalBytes: z.number(),
    records: z.number().int(),
    rowsPerSecond: z.number(),
    message: z.string().nullable(),
  })
  .meta({ id: 'ImportProgress' });

export const importListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(25),
  offset: z.coerce.number().int().min(0).default(0),
});

export const importDetailQuery = z.object({
  issues: z.coerce.number().int().min(0).max(1000).default(200),
  offset: z.coerce.number().int().min(0).default(0),
  severity: z.enum(['error', 'warning']).optional(),
});

export const templatesSchema = z.array(z.object({ kind: z.enum(CSV_KINDS), columns: z.array(z.object({ name: z.string(), required: z.boolean() })) }));

export const uploadTypes = ['csv', 'oneroster', 'edfi'] as const;
