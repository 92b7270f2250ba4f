/** Agreements, their documents and health checks, data-sharing terms, consent and disclosures. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { route } from '../http/route.ts';
import { AppError } from '../http/errors.ts';
import { AGREEMENT_EDITORS, AGREEMENT_READERS, DISTRICT_STAFF } from './policy.ts';
import { idParam } from './schema.ts';
import {
  agreementDetailSchema,
  agreementFiltersSchema,
  agreementInputSchema,
  agreementSummarySchema,
  commitmentInputSchema,
  consentInputSchema,
  consentSchema,
  disclosureSchema,
  goalInputSchema,
  healthCheckInputSchema,
  healthSummarySchema,
  partyInputSchema,
  reminderListSchema,
  signatoryInputSchema,
  statusInputSchema,
  termsInputSchema,
  termsSchema,
  termsScopeInputSchema,
  termsStudentsInputSchema,
} from './agreements-schema.ts';
import {
  changeStatus,
  createAgreement,
  deleteAgreement,
  getAgreement,
  listAgreements,
  renewalReminders,
  setCommitments,
  setGoals,
  setParties,
  setSignatories,
  updateAgreement,
  visibleAgreement,
} from './agreements.ts';
import { addDocument, attachmentHeader, deleteDocument, DOCUMENT_MAX_BYTES, openDocument } from './documents.ts';
import { healthSummary, submitHealthCheck } from './health.ts';
import {
  createConsent,
  createTerms,
  deleteTerms,
  disclosuresOf,
  getTerms,
  listConsents,
  listedStudentsOf,
  revokeConsent,
  setTermsScope,
  setTermsStudents,
  studentIdsByNumber,
  updateTerms,
} from './data-sharing.ts';
import { measureGoalOptions } from './links.ts';

const created = z.object({ id: z.number().int() });
const CONSENT_KEEPERS = ['district_admin', 'data_manager', 'school_staff'] as const;

export function registerAgreementRoutes(app: FastifyInstance): void {
  const tags = ['agreements'];

  route(app, {
    method: 'GET',
    path: '/agreements',
    summary: 'Agreements I may see',
    tags,
    access: AGREEMENT_READERS,
    query: agreementFiltersSchema,
    response: z.object({ agreements: z.array(agreementSummarySchema) }),
    handler: async ({ actor, ctx, query }) => ({ agreements: await listAgreements(ctx.db, actor, query) }),
  });

  route(app, {
    method: 'GET',
    path: '/agreements/reminders',
    summary: 'Renewal reminders for the dashboard: agreements due for renewal or ending within `days` (default 90)',
    tags,
    access: 'signed-in',
    query: z.object({ days: z.coerce.number().int().min(0).max(730).default(90) }),
    response: reminderListSchema,
    handler: async ({ actor, ctx, query }) => ({ reminders: await renewalReminders(ctx.db, actor, query.days) }),
  });

  route(app, {
    method: 'GET',
    path: '/agreements/goal-options',
    summary: "The district's shared goals an agreement's goal can be linked to",
    tags,
    access: AGREEMENT_EDITORS,
    response: z.object({ goals: z.array(z.object({ id: z.number().int(), title: z.string() })) }),
    handler: async ({ actor, ctx }) => ({ goals: await measureGoalOptions(ctx.db, actor.districtId) }),
  });

  route(app, {
    method: 'POST',
    path: '/agreements',
    summary: 'Start an agreement (a draft)',
    tags,
    access: AGREEMENT_EDITORS,
    body: agreementInputSchema.and(z.object({ parties: z.array(partyInputSchema).max(100).optional() })),
    response: created,
    status: 201,
    handler: async ({ actor, ctx, body }) => ({ id: await createAgreement(ctx.db, actor, body) }),
  });

  const one = idParam('agreementId');
  route(app, {
    method: 'GET',
    path: '/agreements/:agreementId',
    summary: 'One agreement: parties and responsibilities, goals, commitments, signatories, documents, data-sharing terms',
    tags,
    access: AGREEMENT_READERS,
    params: one,
    response: agreementDetailSchema,
    handler: async ({ actor, ctx, params }) => getAgreement(ctx.db, actor, params.agreementId as number),
  });

  route(app, {
    method: 'PUT',
    path: '/agreements/:agreementId',
    summary: "Change an agreement's title, purpose and term",
    tags,
    access: AGREEMENT_EDITORS,
    params: one,
    body: agreementInputSchema,
    status: 204,
    handler: async ({ actor, ctx, params, body }) => updateAgreement(ctx.db, actor, params.agreementId as number, body),
  });

  route(app, {
    method: 'DELETE',
    path: '/agreements/:agreementId',
    summary: 'Delete a draft agreement',
    tags,
    access: AGREEMENT_EDITORS,
    params: one,
    status: 204,
    handler: async ({ actor, ctx, params }) => deleteAgreement(ctx.db, actor, params.agreementId as number, ctx.config.VILLAGE_FILES_DIR),
  });

  const listRoute = <T extends z.ZodType>(name: string, summary: string, item: T, set: (db: typeof app.village.db, actor: Parameters<typeof setGoals>[1], id: number, list: z.output<T>[]) => Promise<void>) =>
    route(app, {
      method: 'PUT',
      path: `/agreements/:agreementId/${name}`,
      summary,
      tags,
      access: AGREEMENT_EDITORS,
      params: one,
      body: z.object({ [name]: z.array(item).max(200) }),
      status: 204,
      handler: async ({ actor, ctx, params, body }) => set(ctx.db, actor, params.agreementId as number, (body as Record<string, z.output<T>[]>)[name]),
    });
  listRoute('parties', "Set the agreement's parties and each party's responsibilities", partyInputSchema, setParties);
  listRoute('goals', "Set the agreement's shared goals", goalInputSchema, setGoals);
  listRoute('commitments', 'Set what each party commits: money, in-kind gifts with their value, volunteer hours, staff time', commitmentInputSchema, setCommitments);
  listRoute('signatories', "Set the agreement's signatories and the dates they signed", signatoryInputSchema, setSignatories);

  route(app, {
    method: 'POST',
    path: '/agreements/:agreementId/status',
    summary: 'Activate, mark due for renewal, renew (with a new end date) or end an agreement',
    tags,
    access: AGREEMENT_EDITORS,
    params: one,
    body: statusInputSchema,
    status: 204,
    handler: async ({ actor, ctx, params, body }) => changeStatus(ctx.db, actor, params.agreementId as number, body),
  });

  route(app, {
    method: 'POST',
    path: '/agreements/:agreementId/documents',
    summary: `Attach a document (multipart: a docType field, then the file; PDF, Word, OpenDocument, Excel, PNG or JPEG, up to ${DOCUMENT_MAX_BYTES / 1024 / 1024} MB)`,
    tags,
    access: AGREEMENT_EDITORS,
    params: one,
    response: created,
    status: 201,
    handler: async ({ actor, ctx, params, req }) => {
      await visibleAgreement(ctx.db, actor, params.agreementId as number);
      if (!req.isMultipart()) throw new AppError('unsupported_media_type', 'Send the document as multipart/form-data: a docType field, then the file.');
      const part = await req.file({ limits: { fileSize: DOCUMENT_MAX_BYTES + 1, files: 1 } });
      if (!part) throw new AppError('validation_failed', 'Some fields are not valid.', { fields: [{ path: 'file', message: 'no file was sent' }] });
      const docType = (part.fields.docType as { value?: unknown } | undefined)?.value;
      const id = await addDocument(ctx.db, actor, params.agreementId as number, ctx.config.VILLAGE_FILES_DIR, typeof docType === 'string' ? docType : 'other', {
        filename: part.filename,
        stream: part.file,
        truncated: () => part.file.truncated,
      });
      return { id };
    },
  });

  const doc = idParam('agreementId', 'documentId');
  route(app, {
    method: 'GET',
    path: '/agreements/:agreementId/documents/:documentId',
    summary: 'Download a document attached to an agreement',
    tags,
    access: AGREEMENT_READERS,
    params: doc,
    produces: 'application/octet-stream',
    handler: async ({ actor, ctx, params, reply }) => {
      const file = await openDocument(ctx.db, actor, params.agreementId as number, params.documentId as number, ctx.config.VILLAGE_FILES_DIR);
      reply.header('content-type', file.contentType).header('content-length', String(file.size)).header('content-disposition', attachmentHeader(file.fileName));
      return file.stream;
    },
  });

  route(app, {
    method: 'DELETE',
    path: '/agreements/:agreementId/documents/:documentId',
    summary: 'Remove a document from an agreement',
    tags,
    access: AGREEMENT_EDITORS,
    params: doc,
    status: 204,
    handler: async ({ actor, ctx, params }) => deleteDocument(ctx.db, actor, params.agreementId as number, params.documentId as number, ctx.config.VILLAGE_FILES_DIR),
  });

  // ── Health check ──
  route(app, {
    method: 'GET',
    path: '/agreements/:agreementId/health',
    summary: "The partnership health check: scores by year and principle, their trend, and where the parties disagree most",
    tags,
    access: AGREEMENT_READERS,
    params: one,
    response: healthSummarySchema,
    handler: async ({ actor, ctx, params }) => healthSummary(ctx.db, actor, params.agreementId as number),
  });

  route(app, {
    method: 'POST',
    path: '/agreements/:agreementId/health',
    summary: "A party's self-assessment on the nine principles for a school year (replaces that party's earlier one for the year)",
    tags,
    access: ['district_admin', 'data_manager', 'school_staff', 'partner_staff', 'union_rep'],
    params: one,
    body: healthCheckInputSchema,
    status: 204,
    handler: async ({ actor, ctx, params, body }) => submitHealthCheck(ctx.db, actor, params.agreementId as number, body),
  });

  // ── Data-sharing terms ──
  const dsTags = ['data-sharing'];
  route(app, {
    method: 'POST',
    path: '/agreements/:agreementId/data-sharing',
    summary: 'Add data-sharing terms for a partner of the agreement',
    tags: dsTags,
    access: DISTRICT_STAFF,
    params: one,
    body: termsInputSchema,
    response: created,
    status: 201,
    handler: async ({ actor, ctx, params, body }) => {
      const a = await visibleAgreement(ctx.db, actor, params.agreementId as number);
      return { id: await createTerms(ctx.db, actor, a.id, body) };
    },
  });

  const terms = idParam('termsId');
  route(app, {
    method: 'GET',
    path: '/data-sharing/:termsId',
    summary: 'Data-sharing terms: route, records, students, purpose, destruction date, and whether they are in force',
    tags: dsTags,
    access: AGREEMENT_READERS,
    params: terms,
    response: termsSchema,
    handler: async ({ actor, ctx, params }) => getTerms(ctx.db, actor, params.termsId as number, (id) => visibleAgreement(ctx.db, actor, id)),
  });

  route(app, {
    method: 'PUT',
    path: '/data-sharing/:termsId',
    summary: 'Change data-sharing terms',
    tags: dsTags,
    access: DISTRICT_STAFF,
    params: terms,
    body: termsInputSchema,
    status: 204,
    handler: async ({ actor, ctx, params, body }) => updateTerms(ctx.db, actor, params.termsId as number, body),
  });

  route(app, {
    method: 'DELETE',
    path: '/data-sharing/:termsId',
    summary: 'Remove data-sharing terms (the partner no longer sees the students they named)',
    tags: dsTags,
    access: DISTRICT_STAFF,
    params: terms,
    status: 204,
    handler: async ({ actor, ctx, params }) => deleteTerms(ctx.db, actor, params.termsId as number),
  });

  route(app, {
    method: 'GET',
    path: '/data-sharing/:termsId/students',
    summary: 'The students the terms list by name',
    tags: dsTags,
    access: DISTRICT_STAFF,
    params: terms,
    response: z.object({ students: z.array(z.object({ id: z.number().int(), studentNumber: z.string(), name: z.string() })) }),
    handler: async ({ actor, ctx, params }) => ({ students: await listedStudentsOf(ctx.db, actor, params.termsId as number) }),
  });

  route(app, {
    method: 'PUT',
    path: '/data-sharing/:termsId/students',
    summary: 'Set the students the terms list by name (by id or by student number)',
    tags: dsTags,
    access: DISTRICT_STAFF,
    params: terms,
    body: termsStudentsInputSchema,
    status: 204,
    handler: async ({ actor, ctx, params, body }) => setTermsStudents(ctx.db, actor, params.termsId as number, body),
  });

  route(app, {
    method: 'PUT',
    path: '/data-sharing/:termsId/scope',
    summary: 'Set the schools and grades the terms cover (narrowed to students with consent)',
    tags: dsTags,
    access: DISTRICT_STAFF,
    params: terms,
    body: termsScopeInputSchema,
    status: 204,
    handler: async ({ actor, ctx, params, body }) => setTermsScope(ctx.db, actor, params.termsId as number, body.scopes),
  });

  route(app, {
    method: 'GET',
    path: '/data-sharing/:termsId/consents',
    summary: 'Consent records for the terms (students I may see)',
    tags: dsTags,
    access: CONSENT_KEEPERS,
    params: terms,
    response: z.object({ consents: z.array(consentSchema) }),
    handler: async ({ actor, ctx, params }) => ({ consents: await listConsents(ctx.db, actor, params.termsId as number) }),
  });

  route(app, {
    method: 'POST',
    path: '/data-sharing/:termsId/consents',
    summary: "Record a signed and dated consent (the parent's, or the student's own from 18)",
    tags: dsTags,
    access: CONSENT_KEEPERS,
    params: terms,
    body: consentInputSchema,
    response: created,
    status: 201,
    handler: async ({ actor, ctx, params, body }) => ({ id: await createConsent(ctx.db, actor, params.termsId as number, body) }),
  });

  route(app, {
    method: 'POST',
    path: '/consents/:consentId/revoke',
    summary: 'Record that a consent was withdrawn (from today)',
    tags: dsTags,
    access: CONSENT_KEEPERS,
    params: idParam('consentId'),
    status: 204,
    handler: async ({ actor, ctx, params }) => revokeConsent(ctx.db, actor, params.consentId as number),
  });

  route(app, {
    method: 'GET',
    path: '/students/:studentId/disclosures',
    summary: "The record of disclosures of a student's records to partners (what a parent may ask to see)",
    tags: dsTags,
    access: CONSENT_KEEPERS,
    params: idParam('studentId'),
    response: z.object({ disclosures: z.array(disclosureSchema) }),
    handler: async ({ actor, ctx, params }) => ({ disclosures: await disclosuresOf(ctx.db, actor, params.studentId as number) }),
  });

  route(app, {
    method: 'GET',
    path: '/disclosures',
    summary: 'The record of disclosures for a student, found by student number',
    tags: dsTags,
    access: CONSENT_KEEPERS,
    query: z.object({ studentNumber: z.string().trim().min(1).max(100) }),
    response: z.object({ student: z.object({ id: z.number().int(), studentNumber: z.string(), name: z.string() }), disclosures: z.array(disclosureSchema) }),
    handler: async ({ actor, ctx, query }) => {
      let id: number;
      try {
        [id] = await studentIdsByNumber(ctx.db, actor.districtId, [query.studentNumber], 'studentNumber');
      } catch {
        throw new AppError('not_found', 'No such student.');
      }
      const disclosures = await disclosuresOf(ctx.db, actor, id);
      const s = await ctx.db.selectFrom('students').select(['id', 'ext_id', 'first_name', 'last_name']).where('district_id', '=', actor.districtId).where('id', '=', id).executeTakeFirstOrThrow();
      return { student: { id: s.id, studentNumber: s.ext_id, name: `${s.first_name} ${s.last_name}` }, disclosures };
    },
  });
}
