/**
 * Data-sharing terms decide which student records a partner's staff may see (PRODUCT.md, "Who may
 * see student records"). Terms are in force when their agreement is active (or due for renewal),
 * today lies within its term, and the destruction date has not come. They name students either by
 * a list, or by schools and grades narrowed to the students with a consent record in force; terms
 * on the consent route need consent for every student, listed or not. Consent is the parent's
 * while the student is under 18 and the student's own from 18.
 *
 * The students this gives are what visibleStudentIds() returns for partner staff (registered in
 * ./wiring.ts), so every student query in Village follows these terms; and every read of those
 * records by partner staff is written to the record of disclosures, per student.
 */
import { sql, type ExpressionBuilder, type Kysely, type Transaction } from 'kysely';
import { subYears, parseISO } from 'date-fns';
import type { z } from 'zod';
import type { Db } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import type { Actor } from '../auth/actor.ts';
import type { StudentIdQuery } from '../auth/scope.ts';
import { assertStudentVisible, visibleStudentIds } from '../auth/scope.ts';
import { AppError } from '../http/errors.ts';
import { recordAudit, recordStudentReads } from '../audit/record.ts';
import { todayIso } from './agreement-rules.ts';
import { isDistrictStaff } from './policy.ts';
import type { consentInputSchema, termsInputSchema, termsScopeInputSchema } from './agreements-schema.ts';
import type { DataCategory, FerpaRoute } from './vocab.ts';

type Tx = Kysely<Database> | Transaction<Database>;

/** The date a student born on or before is 18 or older on `today`. */
export function adultCutoff(today: string): string {
  return subYears(parseISO(today), 18).toISOString().slice(0, 10);
}

/** A consent record in force today for (terms t, student s): given by whoever may give it. */
function consentInForce(eb: ExpressionBuilder<any, any>, termsRef: string, studentRef: string, today: string) {
  const cutoff = adultCutoff(today);
  return eb.exists(
    eb
      .selectFrom('consent_records as cr')
      .innerJoin('students as cs', 'cs.id', 'cr.student_id')
      .select('cr.id')
      .whereRef('cr.terms_id', '=', termsRef as any)
      .whereRef('cr.student_id', '=', studentRef as any)
      .where('cr.revoked_on', 'is', null)
      .where('cr.signed_on', '<=', today)
      .where((e: ExpressionBuilder<any, any>) => e.or([e('cr.expires_on', 'is', null), e('cr.expires_on', '>=', today)]))
      .where((e: ExpressionBuilder<any, any>) =>
        e.or([
          e.and([e('cr.given_by', '=', 'parent'), e.or([e('cs.birth_date', 'is', null), e('cs.birth_date', '>', cutoff)])]),
          e.and([e('cr.given_by', '=', 'student'), e('cs.birth_date', '<=', cutoff)]),
        ]),
      ),
  );
}

interface TermsFilter {
  partnerId?: number;
  termsId?: number;
  studentIds?: number[];
}

/** Terms joined to their agreement, in force today, for a district (and partner or terms). */
function termsInForceQuery(db: Tx, districtId: number, today: string, f: TermsFilter) {
  let q = db
    .selectFrom('data_sharing_terms as t')
    .innerJoin('agreements as a', (j) => j.onRef('a.id', '=', 't.agreement_id').onRef('a.district_id', '=', 't.district_id'))
    .where('t.district_id', '=', districtId)
    .where('a.status', 'in', ['active', 'renewal_due'])
    .where('a.start_date', '<=', today)
    .where('a.end_date', '>=', today)
    .where((eb) => eb.or([eb('t.destruction_date', 'is', null), eb('t.destruction_date', '>', today)]));
  if (f.partnerId !== undefined) q = q.where('t.partner_id', '=', f.partnerId);
  if (f.termsId !== undefined) q = q.where('t.id', '=', f.termsId);
  return q;
}

/** Students named by a list (terms in force; consent route: with consent). */
function listedStudents(db: Tx, districtId: number, today: string, f: TermsFilter) {
  let q = termsInForceQuery(db, districtId, today, f)
    .innerJoin('data_sharing_students as dss', (j) => j.onRef('dss.terms_id', '=', 't.id').onRef('dss.district_id', '=', 't.district_id'))
    .where('t.selection', '=', 'list')
    .where((eb) => eb.or([eb('t.ferpa_route', '!=', 'consent'), consentInForce(eb, 't.id', 'dss.student_id', today)]));
  if (f.studentIds) q = q.where('dss.student_id', 'in', f.studentIds.length ? f.studentIds : [-1]);
  return q;
}

/** Students enrolled today in a school (and grade) of the scope, with consent in force. */
function scopedStudents(db: Tx, districtId: number, today: string, f: TermsFilter) {
  let q = termsInForceQuery(db, districtId, today, f)
    .innerJoin('data_sharing_scopes as sc', (j) => j.onRef('sc.terms_id', '=', 't.id').onRef('sc.district_id', '=', 't.district_id'))
    .innerJoin('enrollments as e', (j) => j.onRef('e.school_id', '=', 'sc.school_id').onRef('e.district_id', '=', 'sc.district_id'))
    .where('t.selection', '=', 'scope')
    .where((eb) => eb.or([eb('sc.grade', '=', '*'), eb('sc.grade', '=', eb.ref('e.grade'))]))
    .where('e.entry_date', '<=', today)
    .where((eb) => eb.or([eb('e.exit_date', 'is', null), eb('e.exit_date', '>=', today)]))
    .where((eb) => consentInForce(eb, 't.id', 'e.student_id', today));
  if (f.studentIds) q = q.where('e.student_id', 'in', f.studentIds.length ? f.studentIds : [-1]);
  return q;
}

/** The ids of the students data-sharing terms in force let a partner (or one set of terms) see. */
export function studentsUnderTerms(db: Tx, districtId: number, f: TermsFilter, today = todayIso()): StudentIdQuery {
  return listedStudents(db, districtId, today, f)
    .select('dss.student_id as id')
    .union(scopedStudents(db, districtId, today, f).select('e.student_id as id')) as unknown as StudentIdQuery;
}

/** What visibleStudentIds() gives partner staff (registered in ./wiring.ts). */
export function partnerStudentScope(db: Db, actor: Actor): StudentIdQuery {
  if (actor.partnerId === null) return db.selectFrom('students').select('students.id as id').where(sql<boolean>`1 = 0`) as StudentIdQuery;
  return studentsUnderTerms(db, actor.districtId, { partnerId: actor.partnerId });
}

/** Ids of the district's terms in force today. */
export async function termsInForce(db: Tx, districtId: number, today = todayIso()): Promise<Set<number>> {
  const rows = await termsInForceQuery(db, districtId, today, {}).select('t.id').execute();
  return new Set(rows.map((r) => r.id));
}

interface Authority {
  termsId: number;
  agreementId: number;
  ferpaRoute: string;
  dataCategories: string;
}

/** Every (student, terms in force) pair under which this partner sees these students. */
export async function authorizingTerms(db: Tx, districtId: number, partnerId: number, studentIds: number[], today = todayIso()): Promise<Array<Authority & { studentId: number }>> {
  const out: Array<Authority & { studentId: number }> = [];
  for (let i = 0; i < studentIds.length; i += 500) {
    const f = { partnerId, studentIds: studentIds.slice(i, i + 500) };
    const cols = ['t.id as termsId', 't.agreement_id as agreementId', 't.ferpa_route as ferpaRoute', 't.data_categories as dataCategories'] as const;
    out.push(
      ...(await listedStudents(db, districtId, today, f).select([...cols, 'dss.student_id as studentId']).execute()),
      ...(await scopedStudents(db, districtId, today, f).select([...cols, 'e.student_id as studentId']).execute()),
    );
  }
  return out.sort((a, b) => a.termsId - b.termsId);
}

/** For each student, the terms in force under which this partner sees them (the first, by terms id). */
export async function authoritiesFor(db: Tx, districtId: number, partnerId: number, studentIds: number[], today = todayIso()): Promise<Map<number, Authority>> {
  const out = new Map<number, Authority>();
  for (const r of await authorizingTerms(db, districtId, partnerId, studentIds, today)) {
    if (!out.has(r.studentId)) out.set(r.studentId, { termsId: r.termsId, agreementId: r.agreementId, ferpaRoute: r.ferpaRoute, dataCategories: r.dataCategories });
  }
  return out;
}

/**
 * For other capabilities showing a student's records: which kinds of records this person may see.
 * Null for everyone but partner staff (their role and scope decide); for partner staff, the kinds the
 * data-sharing terms in force name for this student (empty: none — the student is not theirs to see).
 */
export async function allowedDataCategories(db: Db, actor: Actor, studentId: number): Promise<Set<DataCategory> | null> {
  if (actor.role !== 'partner_staff') return null;
  if (actor.partnerId === null) return new Set();
  const rows = await authorizingTerms(db, actor.districtId, actor.partnerId, [studentId]);
  return new Set(rows.flatMap((r) => parseCategories(r.dataCategories)));
}

/** Listener for every read of student records: a read by partner staff is a disclosure, recorded per student. */
export async function recordDisclosures(db: Db, actor: Actor, studentIds: number[], context: string): Promise<void> {
  if (actor.role !== 'partner_staff' || actor.partnerId === null || studentIds.length === 0) return;
  const authorities = await authoritiesFor(db, actor.districtId, actor.partnerId, studentIds);
  const at = new Date().toISOString();
  const rows = studentIds.map((id) => {
    const a = authorities.get(id);
    return {
      district_id: actor.districtId,
      at,
      student_id: id,
      partner_id: actor.partnerId!,
      terms_id: a?.termsId ?? null,
      agreement_id: a?.agreementId ?? null,
      ferpa_route: a?.ferpaRoute ?? null,
      data_categories: a?.dataCategories ?? null,
      user_id: actor.userId,
      user_label: actor.email,
      context,
    };
  });
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('partner_disclosures').values(rows.slice(i, i + 500)).execute();
}

/** The record of disclosures of one student's records to partners (newest first). */
export async function disclosuresOf(db: Db, actor: Actor, studentId: number) {
  await assertStudentVisible(db, actor, studentId);
  const rows = await db
    .selectFrom('partner_disclosures as d')
    .innerJoin('partners as p', 'p.id', 'd.partner_id')
    .leftJoin('agreements as a', 'a.id', 'd.agreement_id')
    .select(['d.at', 'd.partner_id', 'p.name as partner_name', 'd.agreement_id', 'a.title as agreement_title', 'd.ferpa_route', 'd.data_categories', 'd.user_label', 'd.context'])
    .where('d.district_id', '=', actor.districtId)
    .where('d.student_id', '=', studentId)
    .orderBy('d.at', 'desc')
    .orderBy('d.id', 'desc')
    .limit(5000)
    .execute();
  await recordStudentReads(db, actor, [studentId], 'record-of-disclosures');
  return rows.map((r) => ({
    at: r.at,
    partnerId: r.partner_id,
    partnerName: r.partner_name,
    agreementId: r.agreement_id,
    agreementTitle: r.agreement_title,
    ferpaRoute: r.ferpa_route,
    dataCategories: parseCategories(r.data_categories),
    userLabel: r.user_label,
    context: r.context,
  }));
}

export function parseCategories(json: string | null): DataCategory[] {
  if (!json) return [];
  try {
    const v = JSON.parse(json);
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}

// ── Terms: reading and changing (district staff) ────────────────────────────────────────────────

async function termsRow(db: Tx, districtId: number, termsId: number) {
  const row = await db.selectFrom('data_sharing_terms').selectAll().where('district_id', '=', districtId).where('id', '=', termsId).executeTakeFirst();
  if (!row) throw new AppError('not_found', 'No such data-sharing terms.');
  return row;
}

function requireDistrictStaff(actor: Actor) {
  if (!isDistrictStaff(actor)) throw new AppError('forbidden', 'Only district staff set data-sharing terms.', { reason: 'scope' });
}

/** Why terms are not in force today (empty when they are). */
export function notInForceBecause(a: { status: string; start_date: string | null; end_date: string | null }, destructionDate: string | null, today: string): string[] {
  const reasons: string[] = [];
  if (a.status === 'draft') reasons.push('The agreement is still a draft.');
  if (a.status === 'ended') reasons.push('The agreement has ended.');
  if (a.start_date && a.start_date > today) reasons.push(`The agreement starts on ${a.start_date}.`);
  if (a.end_date && a.end_date < today) reasons.push(`The agreement ended on ${a.end_date}.`);
  if (destructionDate && destructionDate <= today) reasons.push(`The records were to be destroyed by ${destructionDate}.`);
  return reasons;
}

export async function getTerms(db: Db, actor: Actor, termsId: number, visibleAgreement: (id: number) => Promise<{ id: number; title: string; status: string; start_date: string | null; end_date: string | null }>) {
  const t = await termsRow(db, actor.districtId, termsId);
  const a = await visibleAgreement(t.agreement_id);
  if (actor.role === 'partner_staff' && actor.partnerId !== t.partner_id) throw new AppError('not_found', 'No such data-sharing terms.');
  const today = todayIso();
  const d = actor.districtId;
  const [partner, scopes, listed, consents, visible] = await Promise.all([
    db.selectFrom('partners').select('name').where('id', '=', t.partner_id).executeTakeFirstOrThrow(),
    db
      .selectFrom('data_sharing_scopes as sc')
      .innerJoin('schools', 'schools.id', 'sc.school_id')
      .select(['sc.school_id', 'schools.name', 'sc.grade'])
      .where('sc.district_id', '=', d)
      .where('sc.terms_id', '=', t.id)
      .execute(),
    db.selectFrom('data_sharing_students').select((eb) => eb.fn.countAll<number>().as('n')).where('district_id', '=', d).where('terms_id', '=', t.id).executeTakeFirstOrThrow(),
    db
      .selectFrom('consent_records as c0')
      .select((eb) => eb.fn.count<number>('c0.student_id').distinct().as('n'))
      .where('c0.district_id', '=', d)
      .where('c0.terms_id', '=', t.id)
      .where((eb) => consentInForce(eb, 'c0.terms_id', 'c0.student_id', today))
      .executeTakeFirstOrThrow(),
    db.selectFrom(studentsUnderTerms(db, d, { termsId: t.id }, today).as('v')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const reasons = notInForceBecause(a, t.destruction_date, today);
  return {
    id: t.id,
    agreementId: a.id,
    agreementTitle: a.title,
    agreementStatus: a.status as 'active',
    partnerId: t.partner_id,
    partnerName: partner.name,
    ferpaRoute: t.ferpa_route as FerpaRoute,
    dataCategories: parseCategories(t.data_categories),
    purpose: t.purpose,
    selection: t.selection as 'list' | 'scope',
    destructionDate: t.destruction_date,
    notes: t.notes,
    inForce: reasons.length === 0,
    notInForceBecause: reasons,
    scopes: scopes.map((s) => ({ schoolId: s.school_id, schoolName: s.name, grade: s.grade === '*' ? null : s.grade })),
    listedStudents: Number(listed.n),
    consents: Number(consents.n),
    studentsVisible: Number(visible.n),
  };
}

type TermsInput = z.infer<typeof termsInputSchema>;

async function checkPartnerIsParty(db: Tx, districtId: number, agreementId: number, partnerId: number) {
  const party = await db.selectFrom('agreement_parties').select('id').where('district_id', '=', districtId).where('agreement_id', '=', agreementId).where('partner_id', '=', partnerId).executeTakeFirst();
  if (!party) throw new AppError('validation_failed', 'Some fields are not valid.', { fields: [{ path: 'partnerId', message: 'the partner must be a party of the agreement' }] });
}

const termsValues = (input: TermsInput) => ({
  partner_id: input.partnerId,
  ferpa_route: input.ferpaRoute,
  data_categories: JSON.stringify([...new Set(input.dataCategories)]),
  purpose: input.purpose,
  selection: input.selection,
  destruction_date: input.destructionDate ?? null,
  notes: input.notes ?? null,
});

export async function createTerms(db: Db, actor: Actor, agreementId: number, input: TermsInput): Promise<number> {
  requireDistrictStaff(actor);
  await checkPartnerIsParty(db, actor.districtId, agreementId, input.partnerId);
  const row = await db.insertInto('data_sharing_terms').values({ district_id: actor.districtId, agreement_id: agreementId, ...termsValues(input) }).returning('id').executeTakeFirstOrThrow();
  await recordAudit(db, actor, { action: 'create', entityType: 'data_sharing_terms', entityId: row.id, details: { agreementId, partnerId: input.partnerId, route: input.ferpaRoute } });
  return row.id;
}

export async function updateTerms(db: Db, actor: Actor, termsId: number, input: TermsInput): Promise<void> {
  requireDistrictStaff(actor);
  const t = await termsRow(db, actor.districtId, termsId);
  await checkPartnerIsParty(db, actor.districtId, t.agreement_id, input.partnerId);
  if (input.partnerId !== t.partner_id) {
    const consents = await db.selectFrom('consent_records').select('id').where('district_id', '=', actor.districtId).where('terms_id', '=', t.id).executeTakeFirst();
    if (consents) throw new AppError('conflict', 'Consent was given to this partner; the recipient of these terms cannot change. Make new terms instead.');
  }
  await db.updateTable('data_sharing_terms').set({ ...termsValues(input), updated_at: new Date().toISOString() }).where('id', '=', t.id).execute();
  await recordAudit(db, actor, { action: 'update', entityType: 'data_sharing_terms', entityId: t.id, details: { route: input.ferpaRoute, selection: input.selection } });
}

export async function deleteTerms(db: Db, actor: Actor, termsId: number): Promise<void> {
  requireDistrictStaff(actor);
  const t = await termsRow(db, actor.districtId, termsId);
  await db.deleteFrom('data_sharing_terms').where('id', '=', t.id).execute();
  await recordAudit(db, actor, { action: 'delete', entityType: 'data_sharing_terms', entityId: t.id, details: { agreementId: t.agreement_id } });
}

/** Students by their number in the student information system; unknown numbers are a field error. */
export async function studentIdsByNumber(db: Tx, districtId: number, numbers: string[], path: string): Promise<number[]> {
  const wanted = [...new Set(numbers)];
  const found = new Map<string, number>();
  for (let i = 0; i < wanted.length; i += 1000) {
    const rows = await db.selectFrom('students').select(['id', 'ext_id']).where('district_id', '=', districtId).where('ext_id', 'in', wanted.slice(i, i + 1000)).execute();
    for (const r of rows) found.set(r.ext_id, r.id);
  }
  const missing = wanted.filter((n) => !found.has(n));
  if (missing.length) throw new AppError('validation_failed', 'Some fields are not valid.', { fields: [{ path, message: `no student with number ${missing.slice(0, 20).join(', ')}${missing.length > 20 ? '…' : ''}` }] });
  return wanted.map((n) => found.get(n)!);
}

export async function setTermsStudents(db: Db, actor: Actor, termsId: number, input: { studentIds?: number[]; studentNumbers?: string[] }): Promise<void> {
  requireDistrictStaff(actor);
  const t = await termsRow(db, actor.districtId, termsId);
  const wanted = [...new Set([...(input.studentIds ?? []), ...(input.studentNumbers ? await studentIdsByNumber(db, actor.districtId, input.studentNumbers, 'studentNumbers') : [])])];
  const found = new Set<number>();
  for (let i = 0; i < wanted.length; i += 1000) {
    const rows = await db.selectFrom('students').select('id').where('district_id', '=', actor.districtId).where('id', 'in', wanted.slice(i, i + 1000)).execute();
    for (const r of rows) found.add(r.id);
  }
  const missing = wanted.filter((id) => !found.has(id));
  if (missing.length) throw new AppError('validation_failed', 'Some fields are not valid.', { fields: [{ path: 'studentIds', message: `unknown students: ${missing.slice(0, 20).join(', ')}${missing.length > 20 ? '…' : ''}` }] });
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('data_sharing_students').where('district_id', '=', actor.districtId).where('terms_id', '=', t.id).execute();
    for (let i = 0; i < wanted.length; i += 500) {
      await trx.insertInto('data_sharing_students').values(wanted.slice(i, i + 500).map((student_id) => ({ district_id: actor.districtId, terms_id: t.id, student_id }))).execute();
    }
  });
  await recordAudit(db, actor, { action: 'update', entityType: 'data_sharing_terms', entityId: t.id, details: { students: wanted.length } });
}

/** The students listed by terms (district staff), with their current school and grade. */
export async function listedStudentsOf(db: Db, actor: Actor, termsId: number) {
  requireDistrictStaff(actor);
  const t = await termsRow(db, actor.districtId, termsId);
  const rows = await db
    .selectFrom('data_sharing_students as dss')
    .innerJoin('students as s', 's.id', 'dss.student_id')
    .select(['s.id', 's.ext_id', 's.first_name', 's.last_name'])
    .where('dss.district_id', '=', actor.districtId)
    .where('dss.terms_id', '=', t.id)
    .where('s.id', 'in', visibleStudentIds(db, actor))
    .orderBy('s.last_name')
    .orderBy('s.first_name')
    .execute();
  await recordStudentReads(db, actor, rows.map((r) => r.id), 'data-sharing-list');
  return rows.map((r) => ({ id: r.id, studentNumber: r.ext_id, name: `${r.first_name} ${r.last_name}` }));
}

export async function setTermsScope(db: Db, actor: Actor, termsId: number, scopes: z.infer<typeof termsScopeInputSchema>['scopes']): Promise<void> {
  requireDistrictStaff(actor);
  const t = await termsRow(db, actor.districtId, termsId);
  const schoolIds = [...new Set(scopes.map((s) => s.schoolId))];
  const known = schoolIds.length ? await db.selectFrom('schools').select('id').where('district_id', '=', actor.districtId).where('id', 'in', schoolIds).execute() : [];
  const missing = schoolIds.filter((id) => !known.some((k) => k.id === id));
  if (missing.length) throw new AppError('validation_failed', 'Some fields are not valid.', { fields: [{ path: 'scopes', message: `unknown schools: ${missing.join(', ')}` }] });
  const rows = new Map(scopes.map((s) => [`${s.schoolId}:${s.grade ?? '*'}`, { district_id: actor.districtId, terms_id: t.id, school_id: s.schoolId, grade: s.grade ?? '*' }]));
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('data_sharing_scopes').where('district_id', '=', actor.districtId).where('terms_id', '=', t.id).execute();
    if (rows.size) await trx.insertInto('data_sharing_scopes').values([...rows.values()]).execute();
  });
  await recordAudit(db, actor, { action: 'update', entityType: 'data_sharing_terms', entityId: t.id, details: { scopes: rows.size } });
}

// ── Consent records ──────────────────────────────────────────────────────────────────────────

function consentCanBeRecordedBy(actor: Actor) {
  if (!isDistrictStaff(actor) && actor.role !== 'school_staff') throw new AppError('forbidden', 'Only district and school staff record consent.', { reason: 'scope' });
}

/** The same rule as consentInForce(), for one record already read. */
export function consentRecordInForce(r: { given_by: string; signed_on: string; expires_on: string | null; revoked_on: string | null; birth_date: string | null }, today: string): boolean {
  if (r.revoked_on !== null || r.signed_on > today || (r.expires_on !== null && r.expires_on < today)) return false;
  const adult = r.birth_date !== null && r.birth_date <= adultCutoff(today);
  return r.given_by === 'parent' ? !adult : r.given_by === 'student' && adult;
}

export async function listConsents(db: Db, actor: Actor, termsId: number) {
  consentCanBeRecordedBy(actor);
  const t = await termsRow(db, actor.districtId, termsId);
  const today = todayIso();
  const rows = await db
    .selectFrom('consent_records as cr')
    .innerJoin('students as s', 's.id', 'cr.student_id')
    .select(['cr.id', 'cr.student_id', 's.first_name', 's.last_name', 's.birth_date', 'cr.given_by', 'cr.signer_name', 'cr.signed_on', 'cr.records_described', 'cr.purpose', 'cr.expires_on', 'cr.revoked_on'])
    .where('cr.district_id', '=', actor.districtId)
    .where('cr.terms_id', '=', t.id)
    .where('cr.student_id', 'in', visibleStudentIds(db, actor))
    .orderBy('s.last_name')
    .orderBy('s.first_name')
    .orderBy('cr.signed_on', 'desc')
    .execute();
  await recordStudentReads(db, actor, rows.map((r) => r.student_id), 'consent-records');
  return rows.map((r) => ({
    id: r.id,
    studentId: r.student_id,
    studentName: `${r.first_name} ${r.last_name}`,
    givenBy: r.given_by as 'parent' | 'student',
    signerName: r.signer_name,
    signedOn: r.signed_on,
    recordsDescribed: r.records_described,
    purpose: r.purpose,
    expiresOn: r.expires_on,
    revokedOn: r.revoked_on,
    inForce: consentRecordInForce(r, today),
  }));
}

export async function createConsent(db: Db, actor: Actor, termsId: number, input: z.infer<typeof consentInputSchema>): Promise<number> {
  consentCanBeRecordedBy(actor);
  const t = await termsRow(db, actor.districtId, termsId);
  const studentId = input.studentId ?? (input.studentNumber ? (await studentIdsByNumber(db, actor.districtId, [input.studentNumber], 'studentNumber'))[0] : undefined);
  if (studentId === undefined) throw new AppError('validation_failed', 'Some fields are not valid.', { fields: [{ path: 'studentId', message: 'name the student (studentId or studentNumber)' }] });
  await assertStudentVisible(db, actor, studentId);
  const student = await db.selectFrom('students').select(['birth_date']).where('district_id', '=', actor.districtId).where('id', '=', studentId).executeTakeFirstOrThrow();
  const fields: Array<{ path: string; message: string }> = [];
  const today = todayIso();
  if (input.signedOn > today) fields.push({ path: 'signedOn', message: 'consent cannot be dated in the future' });
  if (input.expiresOn && input.expiresOn <= input.signedOn) fields.push({ path: 'expiresOn', message: 'must be after the date of signing' });
  const adultAtSigning = student.birth_date !== null && student.birth_date <= adultCutoff(input.signedOn);
  if (input.givenBy === 'student' && student.birth_date === null) fields.push({ path: 'givenBy', message: "the student's birth date is not known, so the student's own consent cannot be checked; a parent consents" });
  else if (input.givenBy === 'student' && !adultAtSigning) fields.push({ path: 'givenBy', message: 'the student was under 18 when signing; a parent consents until the student is 18' });
  if (input.givenBy === 'parent' && adultAtSigning) fields.push({ path: 'givenBy', message: 'the student was 18 or older when signing, so the consent is the student’s own' });
  if (fields.length) throw new AppError('validation_failed', 'Some fields are not valid.', { fields });
  const row = await db
    .insertInto('consent_records')
    .values({
      district_id: actor.districtId,
      terms_id: t.id,
      student_id: studentId,
      given_by: input.givenBy,
      signer_name: input.signerName,
      signed_on: input.signedOn,
      records_described: input.recordsDescribed,
      purpose: input.purpose,
      expires_on: input.expiresOn ?? null,
      recorded_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(db, actor, { action: 'create', entityType: 'consent_record', entityId: row.id, studentId, details: { termsId: t.id, givenBy: input.givenBy } });
  return row.id;
}

export async function revokeConsent(db: Db, actor: Actor, consentId: number, revokedOn = todayIso()): Promise<void> {
  consentCanBeRecordedBy(actor);
  const c = await db.selectFrom('consent_records').select(['id', 'student_id', 'revoked_on']).where('district_id', '=', actor.districtId).where('id', '=', consentId).executeTakeFirst();
  if (!c) throw new AppError('not_found', 'No such consent record.');
  await assertStudentVisible(db, actor, c.student_id);
  if (c.revoked_on) throw new AppError('conflict', `This consent was already withdrawn on ${c.revoked_on}.`);
  await db.updateTable('consent_records').set({ revoked_on: revokedOn, updated_at: new Date().toISOString() }).where('id', '=', c.id).execute();
  await recordAudit(db, actor, { action: 'update', entityType: 'consent_record', entityId: c.id, studentId: c.student_id, details: { revokedOn } });
}
