/**
 * Each school's needs, by category and priority, from staff and from the school's own figures;
 * the partners able to meet each open need; the district view where schools with high need and few
 * partners stand out.
 */
import type { z } from 'zod';
import type { Db } from '../db/database.ts';
import type { Actor } from '../auth/actor.ts';
import { AppError } from '../http/errors.ts';
import { recordAudit } from '../audit/record.ts';
import { isDistrictStaff } from './policy.ts';
import { todayIso } from './agreement-rules.ts';
import { chronicAbsenceBySchool } from './links.ts';
import { candidatesFor, schoolStandings, type ServiceForMatching } from './matching.ts';
import type { linkPartnerSchema, needFiltersSchema, needInputSchema, suggestionSchema } from './needs-schema.ts';
import type { NeedCategory, NeedPriority } from './vocab.ts';

type NeedInput = z.infer<typeof needInputSchema>;

export function canEditNeedsOf(actor: Actor, schoolId: number): boolean {
  return isDistrictStaff(actor) || (actor.role === 'school_staff' && actor.schoolIds.includes(schoolId));
}

function assertCanEdit(actor: Actor, schoolId: number) {
  if (!canEditNeedsOf(actor, schoolId)) throw new AppError('forbidden', "Only district staff and the school's own staff record its needs.", { reason: 'scope' });
}

async function schoolName(db: Db, districtId: number, schoolId: number): Promise<string> {
  const s = await db.selectFrom('schools').select('name').where('district_id', '=', districtId).where('id', '=', schoolId).executeTakeFirst();
  if (!s) throw new AppError('not_found', 'No such school.');
  return s.name;
}

const parseList = (json: string): string[] => {
  try {
    const v = JSON.parse(json);
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
};

export async function listNeeds(db: Db, actor: Actor, f: z.infer<typeof needFiltersSchema>) {
  let q = db
    .selectFrom('school_needs as n')
    .innerJoin('schools as s', 's.id', 'n.school_id')
    .selectAll('n')
    .select('s.name as school_name')
    .where('n.district_id', '=', actor.districtId);
  if (f.schoolId) q = q.where('n.school_id', '=', f.schoolId);
  if (f.status !== 'all') q = q.where('n.status', '=', f.status);
  if (f.category) q = q.where('n.category', '=', f.category);
  const rows = await q.execute();
  const ids = rows.map((r) => r.id);
  const links = ids.length
    ? await db
        .selectFrom('school_need_partners as l')
        .innerJoin('partners as p', 'p.id', 'l.partner_id')
        .leftJoin('partner_services as sv', 'sv.id', 'l.service_id')
        .select(['l.need_id', 'l.partner_id', 'p.name as partner_name', 'l.service_id', 'sv.name as service_name'])
        .where('l.district_id', '=', actor.districtId)
        .where('l.need_id', 'in', ids)
        .execute()
    : [];
  const order: Record<string, number> = { high: 0, medium: 1, low: 2 };
  const statusOrder: Record<string, number> = { open: 0, addressed: 1, closed: 2 };
  return rows
    .sort((a, b) => statusOrder[a.status] - statusOrder[b.status] || order[a.priority] - order[b.priority] || a.school_name.localeCompare(b.school_name) || a.title.localeCompare(b.title))
    .map((n) => ({
      id: n.id,
      schoolId: n.school_id,
      schoolName: n.school_name,
      category: n.category as NeedCategory,
      title: n.title,
      description: n.description,
      priority: n.priority as NeedPriority,
      source: n.source as 'data' | 'staff',
      evidence: n.evidence,
      languages: parseList(n.languages),
      status: n.status as 'open',
      partners: links.filter((l) => l.need_id === n.id).map((l) => ({ partnerId: l.partner_id, partnerName: l.partner_name, serviceId: l.service_id, serviceName: l.service_name })),
      canEdit: canEditNeedsOf(actor, n.school_id),
      updatedAt: n.updated_at,
    }));
}

async function needRow(db: Db, actor: Actor, needId: number) {
  const n = await db.selectFrom('school_needs').selectAll().where('district_id', '=', actor.districtId).where('id', '=', needId).executeTakeFirst();
  if (!n) throw new AppError('not_found', 'No such need.');
  return n;
}

const needValues = (input: NeedInput) => ({
  school_id: input.schoolId,
  category: input.category,
  title: input.title,
  description: input.description ?? null,
  priority: input.priority,
  source: input.source,
  evidence: input.evidence ?? null,
  languages: JSON.stringify([...new Set(input.languages)]),
  status: input.status,
});

export async function createNeed(db: Db, actor: Actor, input: NeedInput): Promise<number> {
  await schoolName(db, actor.districtId, input.schoolId);
  assertCanEdit(actor, input.schoolId);
  const row = await db.insertInto('school_needs').values({ district_id: actor.districtId, created_by: actor.userId, ...needValues(input) }).returning('id').executeTakeFirstOrThrow();
  await recordAudit(db, actor, { action: 'create', entityType: 'school_need', entityId: row.id, details: { schoolId: input.schoolId, category: input.category } });
  return row.id;
}

export async function updateNeed(db: Db, actor: Actor, needId: number, input: NeedInput): Promise<void> {
  const n = await needRow(db, actor, needId);
  assertCanEdit(actor, n.school_id);
  await schoolName(db, actor.districtId, input.schoolId);
  assertCanEdit(actor, input.schoolId);
  await db.updateTable('school_needs').set({ ...needValues(input), updated_at: new Date().toISOString() }).where('id', '=', n.id).execute();
  await recordAudit(db, actor, { action: 'update', entityType: 'school_need', entityId: n.id });
}

export async function deleteNeed(db: Db, actor: Actor, needId: number): Promise<void> {
  const n = await needRow(db, actor, needId);
  assertCanEdit(actor, n.school_id);
  await db.deleteFrom('school_needs').where('id', '=', n.id).execute();
  await recordAudit(db, actor, { action: 'delete', entityType: 'school_need', entityId: n.id, details: { title: n.title } });
}

/** Records that a partner (one of its services) is taking on a need; the need is then addressed. */
export async function linkPartner(db: Db, actor: Actor, needId: number, input: z.infer<typeof linkPartnerSchema>): Promise<void> {
  const n = await needRow(db, actor, needId);
  assertCanEdit(actor, n.school_id);
  const partner = await db.selectFrom('partners').select('id').where('district_id', '=', actor.districtId).where('id', '=', input.partnerId).executeTakeFirst();
  if (!partner) throw new AppError('validation_failed', 'Some fields are not valid.', { fields: [{ path: 'partnerId', message: 'not a partner in the directory' }] });
  if (input.serviceId) {
    const svc = await db.selectFrom('partner_services').select('id').where('district_id', '=', actor.districtId).where('partner_id', '=', input.partnerId).where('id', '=', input.serviceId).executeTakeFirst();
    if (!svc) throw new AppError('validation_failed', 'Some fields are not valid.', { fields: [{ path: 'serviceId', message: 'not a service of this partner' }] });
  }
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('school_need_partners').where('district_id', '=', actor.districtId).where('need_id', '=', n.id).where('partner_id', '=', input.partnerId).execute();
    await trx.insertInto('school_need_partners').values({ district_id: actor.districtId, need_id: n.id, partner_id: input.partnerId, service_id: input.serviceId ?? null, note: null, created_at: new Date().toISOString() }).execute();
    if (n.status === 'open') await trx.updateTable('school_needs').set({ status: 'addressed', updated_at: new Date().toISOString() }).where('id', '=', n.id).execute();
  });
  await recordAudit(db, actor, { action: 'update', entityType: 'school_need', entityId: n.id, details: { partnerId: input.partnerId } });
}

export async function unlinkPartner(db: Db, actor: Actor, needId: number, partnerId: number): Promise<void> {
  const n = await needRow(db, actor, needId);
  assertCanEdit(actor, n.school_id);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('school_need_partners').where('district_id', '=', actor.districtId).where('need_id', '=', n.id).where('partner_id', '=', partnerId).execute();
    const left = await trx.selectFrom('school_need_partners').select('partner_id').where('district_id', '=', actor.districtId).where('need_id', '=', n.id).executeTakeFirst();
    if (!left && n.status === 'addressed') await trx.updateTable('school_needs').set({ status: 'open', updated_at: new Date().toISOString() }).where('id', '=', n.id).execute();
  });
  await recordAudit(db, actor, { action: 'update', entityType: 'school_need', entityId: n.id, details: { removedPartnerId: partnerId } });
}

// ── Suggestions from the school's figures ─────────────────────────────────────────────────────

/** Thresholds for suggesting a need from a school's figures. */
export const SUGGESTION_RULES = {
  chronicAbsenceHigh: 0.2,
  chronicAbsenceMedium: 0.1,
  homelessShare: 0.03,
  economicallyDisadvantagedShare: 0.6,
  homeLanguageShare: 0.1,
  suspendedShare: 0.03,
};

/** Students enrolled at the school today (or, between years, in the latest year that has begun). */
async function enrolledAt(db: Db, districtId: number, schoolId: number, today: string): Promise<number[]> {
  const current = await db
    .selectFrom('enrollments')
    .select('student_id')
    .distinct()
    .where('district_id', '=', districtId)
    .where('school_id', '=', schoolId)
    .where('entry_date', '<=', today)
    .where((eb) => eb.or([eb('exit_date', 'is', null), eb('exit_date', '>=', today)]))
    .execute();
  if (current.length) return current.map((r) => r.student_id);
  const year = await db.selectFrom('school_years').select('id').where('district_id', '=', districtId).where('start_date', '<=', today).orderBy('start_date', 'desc').executeTakeFirst();
  if (!year) return [];
  const rows = await db.selectFrom('enrollments').select('student_id').distinct().where('district_id', '=', districtId).where('school_id', '=', schoolId).where('school_year_id', '=', year.id).execute();
  return rows.map((r) => r.student_id);
}

type Suggestion = z.infer<typeof suggestionSchema>;

export async function suggestNeeds(db: Db, actor: Actor, schoolId: number) {
  const name = await schoolName(db, actor.districtId, schoolId);
  assertCanEdit(actor, schoolId);
  const d = actor.districtId;
  const today = todayIso();
  const out: Omit<Suggestion, 'alreadyOpen'>[] = [];
  const pct = (r: number) => `${(100 * r).toFixed(1)}%`;

  const absence = await chronicAbsenceBySchool(db, d);
  const code = (await db.selectFrom('schools').select('code').where('id', '=', schoolId).executeTakeFirstOrThrow()).code;
  const mine = absence?.schools.find((s) => s.schoolCode === code);
  if (mine && mine.rate >= SUGGESTION_RULES.chronicAbsenceMedium) {
    out.push({
      category: 'attendance',
      priority: mine.rate >= SUGGESTION_RULES.chronicAbsenceHigh ? 'high' : 'medium',
      title: 'Attendance supports',
      evidence: `Chronic absence ${pct(mine.rate)} (${mine.chronic} of ${mine.eligible} students), ${absence!.year} as of ${absence!.asOf}`,
      languages: [],
      basis: { kind: 'chronic_absence', count: mine.chronic, total: mine.eligible, rate: mine.rate },
    });
  }

  const ids = await enrolledAt(db, d, schoolId, today);
  if (ids.length) {
    const students: Array<{ id: number; homeless: number; economically_disadvantaged: number; home_language: string | null }> = [];
    for (let i = 0; i < ids.length; i += 1000) {
      students.push(
        ...(await db.selectFrom('students').select(['id', 'homeless', 'economically_disadvantaged', 'home_language']).where('district_id', '=', d).where('id', 'in', ids.slice(i, i + 1000)).execute()),
      );
    }
    const n = students.length;
    const homeless = students.filter((s) => s.homeless === 1).length;
    if (n && homeless / n >= SUGGESTION_RULES.homelessShare) {
      out.push({ category: 'housing', priority: 'high', title: 'Housing stability for families', evidence: `${homeless} of ${n} students (${pct(homeless / n)}) are homeless`, languages: [], basis: { kind: 'homeless', count: homeless, total: n, rate: homeless / n } });
    }
    const econ = students.filter((s) => s.economically_disadvantaged === 1).length;
    if (n && econ / n >= SUGGESTION_RULES.economicallyDisadvantagedShare) {
      out.push({ category: 'food', priority: 'medium', title: 'Food and basic needs', evidence: `${econ} of ${n} students (${pct(econ / n)}) are economically disadvantaged`, languages: [], basis: { kind: 'economically_disadvantaged', count: econ, total: n, rate: econ / n } });
    }
    const byLanguage = new Map<string, number>();
    for (const s of students) if (s.home_language && s.home_language !== 'en') byLanguage.set(s.home_language, (byLanguage.get(s.home_language) ?? 0) + 1);
    const other = [...byLanguage.values()].reduce((a, b) => a + b, 0);
    const languages = [...byLanguage.entries()].filter(([, k]) => k / n >= 0.05).sort((a, b) => b[1] - a[1]).map(([l]) => l);
    if (n && other / n >= SUGGESTION_RULES.homeLanguageShare && languages.length) {
      out.push({
        category: 'family_engagement',
        priority: 'medium',
        title: 'Family engagement in home languages',
        evidence: `${other} of ${n} students (${pct(other / n)}) speak a language other than English at home (${languages.join(', ')})`,
        languages,
        basis: { kind: 'home_language', count: other, total: n, rate: other / n },
      });
    }
    const year = await db.selectFrom('school_years').select(['start_date', 'end_date']).where('district_id', '=', d).where('start_date', '<=', today).orderBy('start_date', 'desc').executeTakeFirst();
    if (year) {
      const suspended = await db
        .selectFrom('discipline_actions')
        .select('student_id')
        .distinct()
        .where('district_id', '=', d)
        .where('school_id', '=', schoolId)
        .where('action', '=', 'out_of_school_suspension')
        .where('date', '>=', year.start_date)
        .where('date', '<=', year.end_date)
        .execute();
      const k = suspended.length;
      if (n && k / n >= SUGGESTION_RULES.suspendedShare) {
        out.push({ category: 'mental_health', priority: 'medium', title: 'Behaviour and mental-health supports', evidence: `${k} of ${n} students (${pct(k / n)}) had an out-of-school suspension this year`, languages: [], basis: { kind: 'suspension', count: k, total: n, rate: k / n } });
      }
    }
  }
  const open = await db.selectFrom('school_needs').select('category').where('district_id', '=', d).where('school_id', '=', schoolId).where('status', '!=', 'closed').execute();
  return {
    schoolId,
    schoolName: name,
    year: absence?.year ?? null,
    chronicAbsenceFrom: absence ? ('measures' as const) : ('none' as const),
    suggestions: out.map((s) => ({ ...s, alreadyOpen: open.some((o) => o.category === s.category) })),
  };
}

// ── Matching and the district overview ─────────────────────────────────────────────────────────

async function servicesForMatching(db: Db, districtId: number): Promise<ServiceForMatching[]> {
  const [services, languages, schools] = await Promise.all([
    db
      .selectFrom('partner_services as s')
      .innerJoin('partners as p', 'p.id', 's.partner_id')
      .select(['s.id', 's.name', 's.category', 's.status', 's.capacity', 'p.id as partner_id', 'p.name as partner_name', 'p.status as partner_status'])
      .where('s.district_id', '=', districtId)
      .execute(),
    db.selectFrom('partner_service_languages').select(['service_id', 'code']).where('district_id', '=', districtId).where('code', 'is not', null).execute(),
    db.selectFrom('partner_schools').select(['partner_id', 'school_id']).where('district_id', '=', districtId).execute(),
  ]);
  return services.map((s) => ({
    partnerId: s.partner_id,
    partnerName: s.partner_name,
    partnerActive: s.partner_status === 'active',
    serviceId: s.id,
    serviceName: s.name,
    category: s.category,
    active: s.status === 'active',
    capacity: s.capacity,
    languages: languages.filter((l) => l.service_id === s.id).map((l) => l.code!),
    schoolIds: schools.filter((x) => x.partner_id === s.partner_id).map((x) => x.school_id),
  }));
}

/** For each open need (of one school, or all), the partners able to meet it. */
export async function matchNeeds(db: Db, actor: Actor, schoolId?: number) {
  const needs = await listNeeds(db, actor, { schoolId, status: 'open' });
  const services = await servicesForMatching(db, actor.districtId);
  const schools = new Map((await db.selectFrom('schools').select(['id', 'name']).where('district_id', '=', actor.districtId).execute()).map((s) => [s.id, s.name]));
  return {
    needs: needs.map((need) => {
      const { candidates, atCapacity } = candidatesFor({ id: need.id, schoolId: need.schoolId, category: need.category, languages: need.languages }, services);
      return { need, atCapacity, candidates: candidates.slice(0, 10).map((c) => ({ ...c, servesOtherSchools: c.servesOtherSchools.map((id) => schools.get(id) ?? String(id)).sort() })) };
    }),
  };
}

export async function needsOverview(db: Db, actor: Actor) {
  const d = actor.districtId;
  const [schools, needs, links, served, services] = await Promise.all([
    db.selectFrom('schools').select(['id', 'name']).where('district_id', '=', d).where('status', '=', 'active').execute(),
    db.selectFrom('school_needs').select(['id', 'school_id', 'priority', 'category']).where('district_id', '=', d).where('status', '=', 'open').execute(),
    db.selectFrom('school_need_partners').select('need_id').where('district_id', '=', d).execute(),
    db.selectFrom('partner_schools as ps').innerJoin('partners as p', 'p.id', 'ps.partner_id').select(['ps.school_id', 'ps.partner_id']).where('ps.district_id', '=', d).where('p.status', '=', 'active').execute(),
    servicesForMatching(db, d),
  ]);
  const engaged = new Set(links.map((l) => l.need_id));
  const standings = schoolStandings(
    schools.map((s) => ({
      schoolId: s.id,
      openNeeds: needs.filter((n) => n.school_id === s.id).map((n) => ({ priority: n.priority as NeedPriority, engaged: engaged.has(n.id) })),
      partners: new Set(served.filter((x) => x.school_id === s.id).map((x) => x.partner_id)).size,
    })),
  );
  const names = new Map(schools.map((s) => [s.id, s.name]));
  return {
    schools: standings.map((s) => ({
      schoolId: s.schoolId,
      schoolName: names.get(s.schoolId)!,
      openNeeds: s.openNeeds,
      highPriorityUnmet: s.highPriorityUnmet,
      needScore: s.needScore,
      partners: s.partners,
      categoriesWithoutPartner: [
        ...new Set(
          needs
            .filter((n) => n.school_id === s.schoolId && !engaged.has(n.id))
            .filter((n) => candidatesFor({ id: n.id, schoolId: s.schoolId, category: n.category, languages: [] }, services).candidates.length === 0)
            .map((n) => n.category as NeedCategory),
        ),
      ].sort(),
      standsOut: s.standsOut,
    })),
  };
}
