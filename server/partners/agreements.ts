/**
 * Agreements between the district, its schools, partners and the union: parties and their
 * responsibilities, shared goals (linked to the shared-measurement goals when those exist),
 * commitments, signatories, status and renewal reminders.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { z } from 'zod';
import type { Db } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import type { Actor } from '../auth/actor.ts';
import { AppError } from '../http/errors.ts';
import { recordAudit } from '../audit/record.ts';
import { AGREEMENT_EDITORS, DISTRICT_STAFF, isDistrictStaff } from './policy.ts';
import { activationProblems, automaticStatus, reminderFor, todayIso, transition, type AgreementFacts, type TransitionInput } from './agreement-rules.ts';
import { COMMITMENT_KINDS, commitmentUnit, type AgreementStatus, type CommitmentKind, type PartyType } from './vocab.ts';
import type { agreementFiltersSchema, agreementInputSchema, commitmentInputSchema, goalInputSchema, partyInputSchema, signatoryInputSchema } from './agreements-schema.ts';
import { termsInForce } from './data-sharing.ts';
import { measureGoalTitles } from './links.ts';
import { removeAgreementFiles } from './documents.ts';

type Tx = Kysely<Database> | Transaction<Database>;
type AgreementInput = z.infer<typeof agreementInputSchema>;
type PartyInput = z.infer<typeof partyInputSchema>;

const nothing = sql<boolean>`1 = 0`;

/** Agreements this person may see (see ./policy.ts), as a query to build on. */
export function visibleAgreementsQuery(db: Tx, actor: Actor) {
  let q = db.selectFrom('agreements').where('agreements.district_id', '=', actor.districtId);
  if (DISTRICT_STAFF.includes(actor.role) || actor.role === 'union_rep' || actor.role === 'viewer') return q;
  if (actor.role === 'school_staff') {
    const schools = actor.schoolIds.length ? actor.schoolIds : [-1];
    return q.where((eb) =>
      eb.or([
        eb.exists(eb.selectFrom('agreement_parties as vp').select('vp.id').whereRef('vp.agreement_id', '=', 'agreements.id').where('vp.school_id', 'in', schools)),
        eb.not(eb.exists(eb.selectFrom('agreement_parties as vp').select('vp.id').whereRef('vp.agreement_id', '=', 'agreements.id').where('vp.party_type', '=', 'school'))),
      ]),
    );
  }
  if (actor.role === 'partner_staff' && actor.partnerId !== null) {
    const partnerId = actor.partnerId;
    return q.where((eb) => eb.exists(eb.selectFrom('agreement_parties as vp').select('vp.id').whereRef('vp.agreement_id', '=', 'agreements.id').where('vp.partner_id', '=', partnerId)));
  }
  q = q.where(nothing);
  return q;
}

/** Moves agreements along on their own: active → renewal due (notice period) → ended (end date passed). */
export async function refreshStatuses(db: Tx, districtId: number, today = todayIso()): Promise<void> {
  const rows = await db
    .selectFrom('agreements')
    .select(['id', 'status', 'end_date', 'renewal_notice_days'])
    .where('district_id', '=', districtId)
    .where('status', 'in', ['active', 'renewal_due'])
    .execute();
  for (const r of rows) {
    const next = automaticStatus({ status: r.status as AgreementStatus, endDate: r.end_date, renewalNoticeDays: r.renewal_notice_days }, today);
    if (next === r.status) continue;
    await db
      .updateTable('agreements')
      .set({ status: next, ...(next === 'ended' ? { ended_on: r.end_date, ended_reason: 'The term ended.' } : {}), updated_at: new Date().toISOString() })
      .where('id', '=', r.id)
      .where('status', '=', r.status)
      .execute();
  }
}

/** The agreement if this person may see it; otherwise not found. */
export async function visibleAgreement(db: Tx, actor: Actor, agreementId: number) {
  const row = await visibleAgreementsQuery(db, actor).selectAll('agreements').where('agreements.id', '=', agreementId).executeTakeFirst();
  if (!row) throw new AppError('not_found', 'No such agreement.');
  return row;
}

async function editableAgreement(db: Tx, actor: Actor, agreementId: number) {
  const a = await visibleAgreement(db, actor, agreementId);
  if (!AGREEMENT_EDITORS.includes(actor.role)) throw new AppError('forbidden', 'You cannot change agreements.', { reason: 'scope' });
  if (a.status === 'ended') throw new AppError('conflict', 'This agreement has ended; it is kept as it was.');
  return a;
}

async function partiesOf(db: Tx, districtId: number, agreementIds: number[]) {
  if (agreementIds.length === 0) return [];
  const rows = await db.selectFrom('agreement_parties').selectAll().where('district_id', '=', districtId).where('agreement_id', 'in', agreementIds).orderBy('sort').orderBy('id').execute();
  return rows.map((p) => ({ ...p, responsibilities: parseList(p.responsibilities) }));
}

function parseList(json: string): string[] {
  try {
    const v = JSON.parse(json);
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
}

export async function listAgreements(db: Db, actor: Actor, f: z.infer<typeof agreementFiltersSchema>) {
  await refreshStatuses(db, actor.districtId);
  let q = visibleAgreementsQuery(db, actor).selectAll('agreements');
  if (f.status) q = q.where('agreements.status', '=', f.status);
  if (f.partnerId) {
    const id = f.partnerId;
    q = q.where((eb) => eb.exists(eb.selectFrom('agreement_parties as fp').select('fp.id').whereRef('fp.agreement_id', '=', 'agreements.id').where('fp.partner_id', '=', id)));
  }
  if (f.schoolId) {
    const id = f.schoolId;
    q = q.where((eb) => eb.exists(eb.selectFrom('agreement_parties as fp').select('fp.id').whereRef('fp.agreement_id', '=', 'agreements.id').where('fp.school_id', '=', id)));
  }
  if (f.q) q = q.where(sql<boolean>`lower(agreements.title) like ${`%${f.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`} escape '\\'`);
  const rows = await q.execute();
  const parties = await partiesOf(db, actor.districtId, rows.map((r) => r.id));
  const today = todayIso();
  const order: Record<string, number> = { renewal_due: 0, active: 1, draft: 2, ended: 3 };
  return rows
    .sort((a, b) => order[a.status] - order[b.status] || (a.end_date ?? '9999').localeCompare(b.end_date ?? '9999') || a.title.localeCompare(b.title))
    .map((a) => ({
      id: a.id,
      title: a.title,
      status: a.status as AgreementStatus,
      startDate: a.start_date,
      endDate: a.end_date,
      parties: parties.filter((p) => p.agreement_id === a.id).map((p) => ({ key: p.party_key, type: p.party_type as PartyType, name: p.name })),
      reminder: reminderFor({ status: a.status as AgreementStatus, endDate: a.end_date }, today, 90),
    }));
}

/** Renewal reminders for the dashboard: agreements due for renewal or ending within `withinDays`. */
export async function renewalReminders(db: Db, actor: Actor, withinDays = 90) {
  await refreshStatuses(db, actor.districtId);
  const rows = await visibleAgreementsQuery(db, actor).selectAll('agreements').where('agreements.status', 'in', ['active', 'renewal_due']).execute();
  const parties = await partiesOf(db, actor.districtId, rows.map((r) => r.id));
  const today = todayIso();
  return rows
    .map((a) => ({ a, r: reminderFor({ status: a.status as AgreementStatus, endDate: a.end_date }, today, withinDays) }))
    .filter((x) => x.r !== null)
    .sort((x, y) => x.r!.daysLeft - y.r!.daysLeft)
    .map(({ a, r }) => ({
      agreementId: a.id,
      title: a.title,
      status: a.status as AgreementStatus,
      endDate: a.end_date,
      kind: r!.kind,
      daysLeft: r!.daysLeft,
      parties: parties.filter((p) => p.agreement_id === a.id).map((p) => p.name),
    }));
}

async function facts(db: Tx, districtId: number, a: { id: number; status: string; title: string; purpose: string; start_date: string | null; end_date: string | null; renewal_notice_days: number }): Promise<AgreementFacts> {
  const parties = await partiesOf(db, districtId, [a.id]);
  const signatories = await db.selectFrom('agreement_signatories').select(['party_id', 'name', 'signed_on']).where('district_id', '=', districtId).where('agreement_id', '=', a.id).execute();
  const keyOf = new Map(parties.map((p) => [p.id, p.party_key]));
  return {
    status: a.status as AgreementStatus,
    title: a.title,
    purpose: a.purpose,
    startDate: a.start_date,
    endDate: a.end_date,
    renewalNoticeDays: a.renewal_notice_days,
    parties: parties.map((p) => ({ key: p.party_key, type: p.party_type, name: p.name })),
    signatories: signatories.map((s) => ({ partyKey: keyOf.get(s.party_id)!, name: s.name, signedOn: s.signed_on })),
  };
}

/** The parties this person may answer the health check for. */
function healthCheckParties(actor: Actor, parties: Array<{ id: number; party_type: string; school_id: number | null; partner_id: number | null }>): number[] {
  return parties
    .filter((p) => {
      if (isDistrictStaff(actor)) return p.party_type === 'district' || p.party_type === 'school';
      if (actor.role === 'school_staff') return p.party_type === 'school' && p.school_id !== null && actor.schoolIds.includes(p.school_id);
      if (actor.role === 'partner_staff') return p.party_type === 'partner' && p.partner_id === actor.partnerId;
      if (actor.role === 'union_rep') return p.party_type === 'union';
      return false;
    })
    .map((p) => p.id);
}

export async function getAgreement(db: Db, actor: Actor, agreementId: number) {
  await refreshStatuses(db, actor.districtId);
  const a = await visibleAgreement(db, actor, agreementId);
  const d = actor.districtId;
  const [parties, goals, commitments, signatories, documents, terms] = await Promise.all([
    partiesOf(db, d, [a.id]),
    db.selectFrom('agreement_goals').selectAll().where('district_id', '=', d).where('agreement_id', '=', a.id).orderBy('sort').orderBy('id').execute(),
    db.selectFrom('agreement_commitments').selectAll().where('district_id', '=', d).where('agreement_id', '=', a.id).orderBy('sort').orderBy('id').execute(),
    db.selectFrom('agreement_signatories').selectAll().where('district_id', '=', d).where('agreement_id', '=', a.id).orderBy('sort').orderBy('id').execute(),
    db.selectFrom('agreement_documents').selectAll().where('district_id', '=', d).where('agreement_id', '=', a.id).orderBy('uploaded_at').execute(),
    db
      .selectFrom('data_sharing_terms as t')
      .innerJoin('partners as p', 'p.id', 't.partner_id')
      .select(['t.id', 't.partner_id', 'p.name', 't.ferpa_route', 't.destruction_date'])
      .where('t.district_id', '=', d)
      .where('t.agreement_id', '=', a.id)
      .execute(),
  ]);
  const partyById = new Map(parties.map((p) => [p.id, p]));
  const goalTitles = await measureGoalTitles(db, d, goals.map((g) => g.measures_goal_id).filter((x): x is number => x !== null));
  const totals = Object.fromEntries(COMMITMENT_KINDS.map((k) => [k, { committed: 0, delivered: 0 }])) as Record<CommitmentKind, { committed: number; delivered: number }>;
  for (const c of commitments) {
    const t = totals[c.kind as CommitmentKind];
    if (!t) continue;
    t.committed += c.amount;
    t.delivered += c.delivered ?? 0;
  }
  const today = todayIso();
  const f = await facts(db, d, a);
  const inForce = await termsInForce(db, d, today);
  const editor = AGREEMENT_EDITORS.includes(actor.role) && a.status !== 'ended';
  return {
    id: a.id,
    title: a.title,
    purpose: a.purpose,
    status: a.status as AgreementStatus,
    startDate: a.start_date,
    endDate: a.end_date,
    renewalNoticeDays: a.renewal_notice_days,
    endedOn: a.ended_on,
    endedReason: a.ended_reason,
    parties: parties.map((p) => ({ id: p.id, key: p.party_key, type: p.party_type as PartyType, schoolId: p.school_id, partnerId: p.partner_id, name: p.name, responsibilities: p.responsibilities })),
    goals: goals.map((g) => ({ id: g.id, title: g.title, description: g.description, measuresGoalId: g.measures_goal_id, measuresGoalTitle: g.measures_goal_id !== null ? goalTitles.get(g.measures_goal_id) ?? null : null })),
    commitments: commitments.map((c) => ({
      id: c.id,
      party: partyById.get(c.party_id)?.party_key ?? '',
      partyName: partyById.get(c.party_id)?.name ?? '',
      kind: c.kind as CommitmentKind,
      unit: commitmentUnit(c.kind),
      description: c.description,
      amount: c.amount,
      delivered: c.delivered,
    })),
    totals,
    signatories: signatories.map((s) => ({ id: s.id, party: partyById.get(s.party_id)?.party_key ?? '', partyName: partyById.get(s.party_id)?.name ?? '', name: s.name, title: s.title, email: s.email, signedOn: s.signed_on })),
    documents: documents.map((x) => ({ id: x.id, docType: x.doc_type as 'agreement', originalName: x.original_name, contentType: x.content_type, sizeBytes: x.size_bytes, uploadedAt: x.uploaded_at })),
    dataSharing: terms.map((t) => ({ id: t.id, partnerId: t.partner_id, partnerName: t.name, ferpaRoute: t.ferpa_route as 'consent', inForce: inForce.has(t.id), destructionDate: t.destruction_date })),
    activationProblems: a.status === 'draft' ? activationProblems(f, today) : [],
    reminder: reminderFor({ status: a.status as AgreementStatus, endDate: a.end_date }, today, 90),
    can: {
      edit: editor,
      changeStatus: editor,
      delete: editor && a.status === 'draft',
      manageDataSharing: isDistrictStaff(actor),
      healthCheckParties: healthCheckParties(actor, parties),
    },
  };
}

export async function createAgreement(db: Db, actor: Actor, input: AgreementInput & { parties?: PartyInput[] }): Promise<number> {
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('agreements')
      .values({
        district_id: actor.districtId,
        title: input.title,
        purpose: input.purpose,
        start_date: input.startDate ?? null,
        end_date: input.endDate ?? null,
        renewal_notice_days: input.renewalNoticeDays,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Every agreement has the district as a party; school staff start with their school.
    const parties: PartyInput[] = input.parties?.length
      ? input.parties
      : [{ type: 'district', name: null, responsibilities: [] }, ...(actor.role === 'school_staff' && actor.schoolIds[0] ? [{ type: 'school' as const, name: null, schoolId: actor.schoolIds[0], responsibilities: [] }] : [])];
    await writeParties(trx, actor, row.id, parties);
    return row.id;
  });
  await recordAudit(db, actor, { action: 'create', entityType: 'agreement', entityId: id, details: { title: input.title } });
  return id;
}

export async function updateAgreement(db: Db, actor: Actor, agreementId: number, input: AgreementInput): Promise<void> {
  const a = await editableAgreement(db, actor, agreementId);
  if (a.status !== 'draft' && (!input.startDate || !input.endDate)) {
    throw new AppError('validation_failed', 'Some fields are not valid.', { fields: [{ path: 'endDate', message: 'an agreement in force keeps its start and end dates' }] });
  }
  await db
    .updateTable('agreements')
    .set({ title: input.title, purpose: input.purpose, start_date: input.startDate ?? null, end_date: input.endDate ?? null, renewal_notice_days: input.renewalNoticeDays, updated_at: new Date().toISOString() })
    .where('id', '=', a.id)
    .execute();
  await recordAudit(db, actor, { action: 'update', entityType: 'agreement', entityId: a.id });
  await refreshStatuses(db, actor.districtId);
}

async function writeParties(trx: Tx, actor: Actor, agreementId: number, parties: PartyInput[]): Promise<void> {
  const d = actor.districtId;
  const fields: Array<{ path: string; message: string }> = [];
  const district = await trx.selectFrom('districts').select('name').where('id', '=', d).executeTakeFirstOrThrow();
  const schoolIds = parties.filter((p) => p.type === 'school').map((p) => p.schoolId ?? 0);
  const partnerIds = parties.filter((p) => p.type === 'partner').map((p) => p.partnerId ?? 0);
  const schools = new Map(
    (schoolIds.length ? await trx.selectFrom('schools').select(['id', 'name']).where('district_id', '=', d).where('id', 'in', schoolIds).execute() : []).map((s) => [s.id, s.name]),
  );
  const partners = new Map(
    (partnerIds.length ? await trx.selectFrom('partners').select(['id', 'name']).where('district_id', '=', d).where('id', 'in', partnerIds).execute() : []).map((s) => [s.id, s.name]),
  );
  const rows = parties.map((p, i) => {
    const path = `parties.${i}`;
    let key: string = p.type;
    let name = '';
    if (p.type === 'district') name = district.name;
    else if (p.type === 'union') {
      name = p.name ?? '';
      if (!name) fields.push({ path: `${path}.name`, message: "give the union's name" });
    } else if (p.type === 'school') {
      name = schools.get(p.schoolId ?? 0) ?? '';
      key = `school:${p.schoolId}`;
      if (!name) fields.push({ path: `${path}.schoolId`, message: 'not a school of this district' });
    } else {
      name = partners.get(p.partnerId ?? 0) ?? '';
      key = `partner:${p.partnerId}`;
      if (!name) fields.push({ path: `${path}.partnerId`, message: 'not a partner in the directory' });
    }
    return { key, name, p, sort: i };
  });
  const keys = rows.map((r) => r.key);
  keys.forEach((k, i) => {
    if (keys.indexOf(k) !== i) fields.push({ path: `parties.${i}`, message: 'this party is listed twice' });
  });
  if (!rows.some((r) => r.p.type === 'district')) fields.push({ path: 'parties', message: 'the district is always a party' });
  if (actor.role === 'school_staff' && !rows.some((r) => r.p.type === 'school' && actor.schoolIds.includes(r.p.schoolId ?? 0))) {
    fields.push({ path: 'parties', message: 'one of your schools must stay a party' });
  }
  if (fields.length) throw new AppError('validation_failed', 'Some fields are not valid.', { fields });
  const existing = await trx.selectFrom('agreement_parties').select(['id', 'party_key']).where('district_id', '=', d).where('agreement_id', '=', agreementId).execute();
  const gone = existing.filter((e) => !keys.includes(e.party_key));
  if (gone.length) {
    const terms = await trx
      .selectFrom('data_sharing_terms')
      .select('partner_id')
      .where('district_id', '=', d)
      .where('agreement_id', '=', agreementId)
      .execute();
    const blocked = gone.filter((g) => terms.some((t) => g.party_key === `partner:${t.partner_id}`));
    if (blocked.length) throw new AppError('conflict', 'A partner with data-sharing terms under this agreement stays a party; remove its terms first.');
    await trx.deleteFrom('agreement_parties').where('id', 'in', gone.map((g) => g.id)).execute();
  }
  for (const r of rows) {
    const values = {
      party_type: r.p.type,
      school_id: r.p.type === 'school' ? r.p.schoolId ?? null : null,
      partner_id: r.p.type === 'partner' ? r.p.partnerId ?? null : null,
      name: r.name,
      responsibilities: JSON.stringify(r.p.responsibilities),
      sort: r.sort,
    };
    const found = existing.find((e) => e.party_key === r.key);
    if (found) await trx.updateTable('agreement_parties').set(values).where('id', '=', found.id).execute();
    else await trx.insertInto('agreement_parties').values({ district_id: d, agreement_id: agreementId, party_key: r.key, ...values }).execute();
  }
}

export async function setParties(db: Db, actor: Actor, agreementId: number, parties: PartyInput[]): Promise<void> {
  const a = await editableAgreement(db, actor, agreementId);
  await db.transaction().execute((trx) => writeParties(trx, actor, a.id, parties));
  await recordAudit(db, actor, { action: 'update', entityType: 'agreement', entityId: a.id, details: { parties: parties.length } });
}

async function partyIdsByKey(trx: Tx, districtId: number, agreementId: number): Promise<Map<string, number>> {
  const rows = await trx.selectFrom('agreement_parties').select(['id', 'party_key']).where('district_id', '=', districtId).where('agreement_id', '=', agreementId).execute();
  return new Map(rows.map((r) => [r.party_key, r.id]));
}

function unknownParties(list: Array<{ party: string }>, keys: Map<string, number>, field: string) {
  const fields = list.flatMap((x, i) => (keys.has(x.party) ? [] : [{ path: `${field}.${i}.party`, message: 'not a party of this agreement' }]));
  if (fields.length) throw new AppError('validation_failed', 'Some fields are not valid.', { fields });
}

export async function setGoals(db: Db, actor: Actor, agreementId: number, goals: Array<z.infer<typeof goalInputSchema>>): Promise<void> {
  const a = await editableAgreement(db, actor, agreementId);
  const linked = goals.map((g) => g.measuresGoalId).filter((x): x is number => !!x);
  if (linked.length) {
    const found = await measureGoalTitles(db, actor.districtId, linked);
    const fields = goals.flatMap((g, i) => (g.measuresGoalId && !found.has(g.measuresGoalId) ? [{ path: `goals.${i}.measuresGoalId`, message: 'not a shared goal of this district' }] : []));
    if (fields.length) throw new AppError('validation_failed', 'Some fields are not valid.', { fields });
  }
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('agreement_goals').where('district_id', '=', actor.districtId).where('agreement_id', '=', a.id).execute();
    if (goals.length) {
      await trx
        .insertInto('agreement_goals')
        .values(goals.map((g, i) => ({ district_id: actor.districtId, agreement_id: a.id, title: g.title, description: g.description ?? null, measures_goal_id: g.measuresGoalId ?? null, sort: i })))
        .execute();
    }
  });
  await recordAudit(db, actor, { action: 'update', entityType: 'agreement', entityId: a.id, details: { goals: goals.length } });
}

/** Replaces the agreement's rows of one kind that each belong to a party, in one transaction. */
async function replacePartyRows<T extends { party: string }>(
  db: Db,
  actor: Actor,
  agreementId: number,
  table: 'agreement_commitments' | 'agreement_signatories',
  field: string,
  list: T[],
  row: (item: T) => Record<string, unknown>,
): Promise<void> {
  const a = await editableAgreement(db, actor, agreementId);
  await db.transaction().execute(async (trx) => {
    const keys = await partyIdsByKey(trx, actor.districtId, a.id);
    unknownParties(list, keys, field);
    await trx.deleteFrom(table).where('district_id', '=', actor.districtId).where('agreement_id', '=', a.id).execute();
    if (list.length) {
      const values = list.map((x, i) => ({ district_id: actor.districtId, agreement_id: a.id, party_id: keys.get(x.party)!, sort: i, ...row(x) }));
      await trx.insertInto(table).values(values as never).execute();
    }
  });
  await recordAudit(db, actor, { action: 'update', entityType: 'agreement', entityId: a.id, details: { [field]: list.length } });
}

export async function setCommitments(db: Db, actor: Actor, agreementId: number, list: Array<z.infer<typeof commitmentInputSchema>>): Promise<void> {
  await replacePartyRows(db, actor, agreementId, 'agreement_commitments', 'commitments', list, (c) => ({ kind: c.kind, description: c.description, amount: c.amount, delivered: c.delivered ?? null }));
}

export async function setSignatories(db: Db, actor: Actor, agreementId: number, list: Array<z.infer<typeof signatoryInputSchema>>): Promise<void> {
  const today = todayIso();
  const future = list.flatMap((s, i) => (s.signedOn && s.signedOn > today ? [{ path: `signatories.${i}.signedOn`, message: 'a signature cannot be dated in the future' }] : []));
  if (future.length) throw new AppError('validation_failed', 'Some fields are not valid.', { fields: future });
  await replacePartyRows(db, actor, agreementId, 'agreement_signatories', 'signatories', list, (s) => ({ name: s.name, title: s.title ?? null, email: s.email ?? null, signed_on: s.signedOn ?? null }));
}

export async function changeStatus(db: Db, actor: Actor, agreementId: number, input: TransitionInput): Promise<void> {
  const a = await editableAgreement(db, actor, agreementId);
  const result = transition(await facts(db, actor.districtId, a), input, todayIso());
  if (!result.ok) throw new AppError('conflict', result.problems[0], { problems: result.problems });
  await db
    .updateTable('agreements')
    .set({
      status: result.status,
      ...(result.endDate ? { end_date: result.endDate } : {}),
      ...(result.endedOn ? { ended_on: result.endedOn, ended_reason: result.endedReason ?? null } : {}),
      updated_at: new Date().toISOString(),
    })
    .where('id', '=', a.id)
    .where('status', '=', a.status)
    .execute();
  await recordAudit(db, actor, { action: 'update', entityType: 'agreement', entityId: a.id, details: { action: input.action, from: a.status, to: result.status } });
}

export async function deleteAgreement(db: Db, actor: Actor, agreementId: number, filesDir: string): Promise<void> {
  const a = await editableAgreement(db, actor, agreementId);
  if (a.status !== 'draft') throw new AppError('conflict', 'Only a draft can be deleted; end an agreement in force instead.');
  await removeAgreementFiles(db, actor.districtId, a.id, filesDir, async () => {
    await db.deleteFrom('agreements').where('district_id', '=', actor.districtId).where('id', '=', a.id).execute();
  });
  await recordAudit(db, actor, { action: 'delete', entityType: 'agreement', entityId: a.id, details: { title: a.title } });
}
