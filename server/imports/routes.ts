/**
 * The Imports page's API: the history (district administrators and data managers only), one
 * import with its files, errors and warnings, an upload that runs the same import the command line
 * runs (in a child process: ./jobs.ts), and its progress while it runs.
 */
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { route } from '../http/route.ts';
import { AppError } from '../http/errors.ts';
import { idParam } from '../districts/schema.ts';
import { getImport, listImports, countImports } from './history.ts';
import { importDetailQuery, importDetailSchema, importListQuery, importProgressSchema, importSummarySchema, templatesSchema, uploadTypes } from './schema.ts';
import { CSV_KINDS, templateColumns, type CsvKind } from './templates.ts';
import { ImportBusyError, startRun, type ImportSource } from './run.ts';
import { liveImport, startImportJob, stopImportJobs } from './jobs.ts';
import { IMPORT_ROLES } from './access.ts';

interface Upload {
  dir: string;
  files: Array<{ path: string; name: string }>;
  fields: Record<string, string>;
}

/** A file name safe to write in the upload folder (no path, no odd characters), unique there. */
function safeName(name: string, taken: Set<string>): string {
  const base = path.basename(name.replace(/\\/g, '/')).replace(/[^\w.\- ]+/g, '_').replace(/^\.+/, '').slice(0, 120) || 'file';
  let candidate = base;
  for (let i = 2; taken.has(candidate.toLowerCase()); i++) candidate = `${i}-${base}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}

/** Saves the uploaded files (streamed to disk) and collects the form fields. */
async function receive(req: FastifyRequest, filesDir: string): Promise<Upload> {
  if (!req.isMultipart()) throw new AppError('bad_request', 'Send the files as multipart/form-data (fields: type, kind, skipBadRows, replaceAttendance; one or more files).');
  const dir = path.resolve(filesDir, 'imports', randomUUID());
  mkdirSync(dir, { recursive: true });
  const upload: Upload = { dir, files: [], fields: {} };
  const taken = new Set<string>();
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        if (!part.filename) {
          part.file.resume();
          continue;
        }
        const name = safeName(part.filename, taken);
        const target = path.join(dir, name);
        await pipeline(part.file, createWriteStream(target));
        if (part.file.truncated) throw new AppError('payload_too_large', `The file ${part.filename} is larger than this server accepts.`);
        upload.files.push({ path: target, name });
      } else {
        upload.fields[part.fieldname] = String(part.value ?? '');
      }
    }
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('payload_too_large', 'A file is larger than this server accepts.');
    throw err;
  }
  return upload;
}

const yes = (v: string | undefined) => v === 'true' || v === '1' || v === 'on' || v === 'yes';

/** What the upload asks to import, as the sources the command line would take. */
function sourcesOf(upload: Upload): ImportSource[] {
  const type = upload.fields.type;
  const fields: Array<{ path: string; message: string }> = [];
  if (!(uploadTypes as readonly string[]).includes(type)) fields.push({ path: 'type', message: `must be one of ${uploadTypes.join(', ')}` });
  if (upload.files.length === 0) fields.push({ path: 'files', message: 'choose at least one file' });
  const kind = upload.fields.kind;
  if (type === 'csv' && kind && !(CSV_KINDS as readonly string[]).includes(kind)) fields.push({ path: 'kind', message: `must be one of ${CSV_KINDS.join(', ')}` });
  if (fields.length) throw new AppError('validation_failed', 'The upload is not complete.', { fields });
  const zip = upload.files.length === 1 && /\.zip$/i.test(upload.files[0].name);
  if (type === 'csv') {
    if (kind && upload.files.length === 1) return [{ type: 'csv', kind: kind as CsvKind, path: upload.files[0].path, name: upload.files[0].name }];
    return [{ type: 'csv-folder', path: upload.dir }];
  }
  if (type === 'oneroster') return [{ type: 'oneroster', path: zip ? upload.files[0].path : upload.dir }];
  return [{ type: 'edfi', path: zip ? upload.files[0].path : upload.dir }];
}

export function registerImportRoutes(app: FastifyInstance): void {
  app.addHook('onClose', async () => {
    await stopImportJobs();
  });

  route(app, {
    method: 'GET',
    path: '/imports',
    summary: 'The import history of my district (latest first), and the Village CSV templates',
    tags: ['imports'],
    access: IMPORT_ROLES,
    query: importListQuery,
    response: z.object({ imports: z.array(importSummarySchema), total: z.number().int(), templates: templatesSchema }),
    handler: async ({ actor, ctx, query }) => ({
      imports: await listImports(ctx.db, actor.districtId, query),
      total: await countImports(ctx.db, actor.districtId),
      templates: CSV_KINDS.map((kind) => ({ kind, columns: templateColumns(kind) })),
    }),
  });

  route(app, {
    method: 'GET',
    path: '/imports/:importId',
    summary: 'One import: its files with rows added, changed, removed and skipped, and its errors and warnings',
    tags: ['imports'],
    access: IMPORT_ROLES,
    params: idParam('importId'),
    query: importDetailQuery,
    response: importDetailSchema,
    handler: async ({ actor, ctx, params, query }) => getImport(ctx.db, actor.districtId, params.importId as number, { issues: query.issues, issueOffset: query.offset, severity: query.severity }),
  });

  route(app, {
    method: 'GET',
    path: '/imports/:importId/progress',
    summary: 'How far a running import has got',
    tags: ['imports'],
    access: IMPORT_ROLES,
    params: idParam('importId'),
    response: importProgressSchema,
    handler: async ({ actor, ctx, params }) => {
      const id = params.importId as number;
      const run = await ctx.db.selectFrom('import_runs').select(['id', 'status', 'message', 'rows_read']).where('district_id', '=', actor.districtId).where('id', '=', id).executeTakeFirst();
      if (!run) throw new AppError('not_found', 'No such import.');
      const p = liveImport(id, actor.districtId)?.progress ?? null;
      const status = run.status as 'running' | 'done' | 'refused' | 'failed';
      return {
        id,
        status,
        phase: status === 'running' ? (p?.phase ?? ('queued' as const)) : ('done' as const),
        file: p?.file ?? null,
        bytesRead: p?.bytesRead ?? 0,
        totalBytes: p?.totalBytes ?? 0,
        records: p?.records ?? Number(run.rows_read),
        rowsPerSecond: p?.rowsPerSecond ?? 0,
        message: status === 'running' ? (p?.message ?? null) : run.message,
      };
    },
  });

  route(app, {
    method: 'POST',
    path: '/imports',
    summary: 'Upload files to import: Village CSV templates, a OneRoster export (CSV files or a .zip) or Ed-Fi interchanges (XML files or a .zip)',
    description:
      'multipart/form-data with fields `type` (csv | oneroster | edfi), `kind` (for one Village CSV template; without it, each file is known by its name), `skipBadRows`, `replaceAttendance`, and the files. The import runs in the background exactly as `village import` does; follow it with GET /imports/{id}/progress.',
    tags: ['imports'],
    access: IMPORT_ROLES,
    tokenScope: 'import',
    status: 202,
    response: z.object({ importId: z.number().int() }),
    handler: async ({ actor, ctx, req }) => {
      const upload = await receive(req, ctx.config.VILLAGE_FILES_DIR);
      let importId: number;
      let sources: ImportSource[];
      const skipBadRows = yes(upload.fields.skipBadRows);
      const replaceAttendance = yes(upload.fields.replaceAttendance);
      try {
        sources = sourcesOf(upload);
        const database = { db: ctx.db, seam: ctx.seam, url: ctx.databaseUrl ?? '', close: async () => {} };
        importId = await startRun(database, actor.districtId, sources, { actor, skipBadRows, replaceAttendance });
      } catch (err) {
        rmSync(upload.dir, { recursive: true, force: true });
        if (err instanceof ImportBusyError) throw new AppError('conflict', err.message);
        throw err;
      }
      const url = ctx.databaseUrl ?? '';
      const inMemory = !url || url === 'sqlite::memory:' || url.startsWith('sqlite::memory');
      startImportJob(
        { databaseUrl: url, districtId: actor.districtId, importId, actor, sources, skipBadRows, replaceAttendance, cleanup: upload.dir },
        inMemory ? { db: ctx.db, seam: ctx.seam, url, close: async () => {} } : undefined,
      );
      return { importId };
    },
  });
}
