/**
 * Documents attached to an agreement (the signed agreement, data-sharing terms, amendments…). Only
 * PDF, Word/OpenDocument text, Excel/OpenDocument spreadsheets and PNG/JPEG images are accepted, as
 * recognised from the file's content (not its name), up to 10 MB. Each is stored under
 * VILLAGE_FILES_DIR/agreements/ with a random name and served only to those who may see the
 * agreement.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import { fileTypeFromFile } from 'file-type';
import type { Db } from '../db/database.ts';
import type { Actor } from '../auth/actor.ts';
import { AppError } from '../http/errors.ts';
import { recordAudit } from '../audit/record.ts';
import { visibleAgreement } from './agreements.ts';
import { AGREEMENT_EDITORS } from './policy.ts';
import { DOCUMENT_TYPES } from './vocab.ts';

export const DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;

/** What may be attached, by the type recognised from the content. */
export const DOCUMENT_CONTENT_TYPES: Record<string, string> = {
  'application/pdf': 'PDF',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word (.docx)',
  'application/vnd.oasis.opendocument.text': 'OpenDocument text (.odt)',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel (.xlsx)',
  'application/vnd.oasis.opendocument.spreadsheet': 'OpenDocument spreadsheet (.ods)',
  'image/png': 'PNG image',
  'image/jpeg': 'JPEG image',
};

const ACCEPTED = Object.values(DOCUMENT_CONTENT_TYPES).join(', ');

function folder(filesDir: string): string {
  const dir = path.resolve(filesDir, 'agreements');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A file name fit to show and to offer for download: no folders, no control characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim().slice(0, 200);
  return cleaned || 'document';
}

export interface UploadedFile {
  filename: string;
  stream: Readable;
  /** Set by the multipart reader when the file was cut at the size limit. */
  truncated: () => boolean;
}

export async function addDocument(db: Db, actor: Actor, agreementId: number, filesDir: string, docType: string, file: UploadedFile): Promise<number> {
  const a = await visibleAgreement(db, actor, agreementId);
  if (!AGREEMENT_EDITORS.includes(actor.role)) throw new AppError('forbidden', 'You cannot attach documents to agreements.', { reason: 'scope' });
  if (a.status === 'ended') throw new AppError('conflict', 'This agreement has ended; it is kept as it was.');
  if (!(DOCUMENT_TYPES as readonly string[]).includes(docType)) {
    throw new AppError('validation_failed', 'Some fields are not valid.', { fields: [{ path: 'docType', message: `must be one of ${DOCUMENT_TYPES.join(', ')}` }] });
  }
  const dir = folder(filesDir);
  const storedName = randomBytes(16).toString('hex');
  const temp = path.join(dir, `${storedName}.part`);
  const hash = createHash('sha256');
  let size = 0;
  try {
    await pipeline(
      file.stream,
      new Transform({
        transform(chunk: Buffer, _enc, done) {
          size += chunk.length;
          if (size > DOCUMENT_MAX_BYTES) return done(new AppError('payload_too_large', `The file is larger than ${DOCUMENT_MAX_BYTES / 1024 / 1024} MB.`));
          hash.update(chunk);
          done(null, chunk);
        },
      }),
      createWriteStream(temp, { mode: 0o600 }),
    );
    if (file.truncated()) throw new AppError('payload_too_large', `The file is larger than ${DOCUMENT_MAX_BYTES / 1024 / 1024} MB.`);
    if (size === 0) throw new AppError('validation_failed', 'Some fields are not valid.', { fields: [{ path: 'file', message: 'the file is empty' }] });
    const detected = await fileTypeFromFile(temp);
    if (!detected || !DOCUMENT_CONTENT_TYPES[detected.mime]) {
      throw new AppError('unsupported_media_type', `${cleanFileName(file.filename)} is ${detected ? `a ${detected.ext.toUpperCase()} file` : 'not a file type Village recognises'}; attach one of: ${ACCEPTED}.`);
    }
    await rename(temp, path.join(dir, storedName));
    try {
      const row = await db
        .insertInto('agreement_documents')
        .values({
          district_id: actor.districtId,
          agreement_id: a.id,
          doc_type: docType,
          original_name: cleanFileName(file.filename),
          stored_name: storedName,
          content_type: detected.mime,
          size_bytes: size,
          sha256: hash.digest('hex'),
          uploaded_by: actor.userId,
          uploaded_at: new Date().toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(db, actor, { action: 'create', entityType: 'agreement_document', entityId: row.id, details: { agreementId: a.id, docType, size } });
      return row.id;
    } catch (err) {
      await rm(path.join(dir, storedName), { force: true });
      throw err;
    }
  } finally {
    await rm(temp, { force: true });
  }
}

async function documentRow(db: Db, actor: Actor, agreementId: number, documentId: number) {
  const a = await visibleAgreement(db, actor, agreementId);
  const doc = await db.selectFrom('agreement_documents').selectAll().where('district_id', '=', actor.districtId).where('agreement_id', '=', a.id).where('id', '=', documentId).executeTakeFirst();
  if (!doc) throw new AppError('not_found', 'No such document.');
  return { a, doc };
}

export async function openDocument(db: Db, actor: Actor, agreementId: number, documentId: number, filesDir: string) {
  const { doc } = await documentRow(db, actor, agreementId, documentId);
  const file = path.join(folder(filesDir), doc.stored_name);
  try {
    await stat(file);
  } catch {
    throw new AppError('not_found', 'The document file is missing from the server; ask an administrator to restore it from a backup.');
  }
  await recordAudit(db, actor, { action: 'read', entityType: 'agreement_document', entityId: doc.id, details: { agreementId } });
  return { stream: createReadStream(file), contentType: doc.content_type, fileName: doc.original_name, size: doc.size_bytes };
}

export async function deleteDocument(db: Db, actor: Actor, agreementId: number, documentId: number, filesDir: string): Promise<void> {
  const { a, doc } = await documentRow(db, actor, agreementId, documentId);
  if (!AGREEMENT_EDITORS.includes(actor.role)) throw new AppError('forbidden', 'You cannot remove documents from agreements.', { reason: 'scope' });
  if (a.status === 'ended') throw new AppError('conflict', 'This agreement has ended; it is kept as it was.');
  await db.deleteFrom('agreement_documents').where('id', '=', doc.id).execute();
  await rm(path.join(folder(filesDir), doc.stored_name), { force: true });
  await recordAudit(db, actor, { action: 'delete', entityType: 'agreement_document', entityId: doc.id, details: { agreementId, name: doc.original_name } });
}

/** Deletes an agreement's rows (through `deleteRows`) and then its files. */
export async function removeAgreementFiles(db: Db, districtId: number, agreementId: number, filesDir: string, deleteRows: () => Promise<void>): Promise<void> {
  const docs = await db.selectFrom('agreement_documents').select('stored_name').where('district_id', '=', districtId).where('agreement_id', '=', agreementId).execute();
  await deleteRows();
  for (const d of docs) await rm(path.join(folder(filesDir), d.stored_name), { force: true });
}

/** Content-Disposition for a download, with the name safely encoded. */
export function attachmentHeader(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/[\\"]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
