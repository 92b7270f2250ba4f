/**
 * The partner directory: organisations, their services (the assets matched against school needs),
 * locations, contacts and champions, and the schools each serves. Commands and queries take the
 * database and the person asking; every query is scoped to the person's district.
 */
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import type { Actor } from '../auth/actor.ts';
import { AppError } from '../http/errors.ts';
import { recordAudit } from '../audit/record.ts';
import type { ContactInput, LocationInput, PartnerFilters, PartnerInput, ServiceInput } from './schema.ts';
import type { NeedCategory, Sector } from './vocab.ts';
import { assertCanEditPartner, canEditPartner, editableSchools, isDistrictStaff } from './policy.ts';
import { addressLine, ownedRows, scheduleSummary, setFirstOwnedRow } from './owned-rows.ts';
import { newHsdsId } from './hsds/village-terms.ts';
import { visibleAgreementsQuery } from './agreements.ts';

type Tx = Kysely<Database> | Transaction<Database>;

/** A LIKE pattern matching `text` anywhere, with the wildcards in `text` taken literally. */
export function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
const likeLower = (column: string, pattern: string) => sql<boolean>`lower(coalesce(${sql.ref(column)}, '')) like ${pattern} escape '\\'`;

export interface PartnerSummary {
  id: number;
  extId: string;
  name: string;
  alternateName: string | null;
  sector: Sector;
  description: string;
  mission: string | null;
  email: string | null;
  website: string | null;
  status: 'active' | 'inactive';
  schools: Array<{ id: number; code: string; name: string }>;
  categories: NeedCategory[];
  languages: string[];
  serviceCount: number;
  openCapacity: number | null;
  champions: string[];
  activeAgreements: number;
}

type PartnerRow = Selectable<Database['partners']>;

const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' });

async function summarize(db: Db, districtId: number, partners: PartnerRow[]): Promise<PartnerSummary[]> {
  const ids = partners.map((p) => p.id);
  if (ids.length === 0) return [];
  const [services, languages, schools, champions, agreements] = await Promise.all([
    db.selectFrom('partner_services').select(['partner_id', 'category', 'capacity', 'status']).where('district_id', '=', districtId).where('partner_id', 'in', ids).execute(),
    db
      .selectFrom('partner_service_languages as l')
      .innerJoin('partner_services as s', 's.id', 'l.service_id')
      .select(['s.partner_id', 'l.code'])
      .where('l.district_id', '=', districtId)
      .where('s.partner_id', 'in', ids)
      .where('l.code', 'is not', null)
      .execute(),
    db
      .selectFrom('partner_schools as ps')
      .innerJoin('schools', 'schools.id', 'ps.school_id')
      .select(['ps.partner_id', 'schools.id', 'schools.code', 'schools.name'])
      .where('ps.district_id', '=', districtId)
      .where('ps.partner_id', 'in', ids)
      .execute(),
    db.selectFrom('partner_contacts').select(['partner_id', 'name']).where('district_id', '=', districtId).where('partner_id', 'in', ids).where('champion', '=', 1).execute(),
    db
      .selectFrom('agreement_parties as ap')
      .innerJoin('agreements as a', 'a.id', 'ap.agreement_id')
      .select(['ap.partner_id', (eb) => eb.fn.count<number>('a.id').distinct().as('n')])
      .where('ap.district_id', '=', districtId)
      .where('ap.partner_id', 'in', ids)
      .where('a.status', 'in', ['active', 'renewal_due'])
      .groupBy('ap.partner_id')
      .execute(),
  ]);
  const group = <T extends { partner_id: number | null }>(rows: T[]) => {
    const m = new Map<number, T[]>();
    for (const r of rows) if (r.partner_id !== null) (m.get(r.partner_id) ?? m.set(r.partner_id, []).get(r.partner_id)!).push(r);
    return m;
  };
  const svc = group(services);
  const lang = group(languages);
  const sch = group(schools);
  const champ = group(champions);
  const agr = new Map(agreements.map((a) => [a.partner_id!, Number(a.n)]));
  return partners.map((p) => {
    const own = svc.get(p.id) ?? [];
    const active = own.filter((s) => s.status === 'active');
    const stated = active.filter((s) => s.capacity !== null);
    return {
      id: p.id,
      extId: p.ext_id,
      name: p.name,
      alternateName: p.alternate_name,
      sector: p.sector as Sector,
      description: p.description,
      mission: p.mission,
      email: p.email,
      website: p.website,
      status: p.status === 'inactive' ? 'inactive' : 'active',
      schools: (sch.get(p.id) ?? []).map((s) => ({ id: s.id, code: s.code, name: s.name })).sort(byName),
      categories: [...new Set(active.map((s) => s.category as NeedCategory))].sort(),
      languages: [...new Set((lang.get(p.id) ?? []).map((l) => l.code!))].sort(),
      serviceCount: own.length,
      openCapacity: stated.length ? stated.reduce((n, s) => n + (s.capacity ?? 0), 0) : null,
      champions: (champ.get(p.id) ?? []).map((c) => c.name ?? '').filter(Boolean).sort(),
      activeAgreements: agr.get(p.id) ?? 0,
    };
  });
}

export async function listPartners(db: Db, districtId: number, f: PartnerFilters): Promise<PartnerSummary[]> {
  let q = db.selectFrom('partners').selectAll().where('partners.district_id', '=', districtId);
  if (f.status !== 'all') q = q.where('partners.status', '=', f.status);
  if (f.sector) q = q.where('partners.sector', '=', f.sector);
  if (f.q) {
    const p = containsPattern(f.q);
    q = q.where((eb) =>
      eb.or([
        likeLower('partners.name', p),
        likeLower('partners.alternate_name', p),
        likeLower('partners.description', p),
        likeLower('partners.mission', p),
        eb.exists(
          eb
            .selectFrom('partner_services as s')
            .select('s.id')
            .whereRef('s.partner_id', '=', 'partners.id')
            .where((e) => e.or([likeLower('s.name', p), likeLower('s.description', p)])),
        ),
      ]),
    );
  }
  if (f.category) {
    const category = f.category;
    q = q.where((eb) =>
      eb.exists(eb.selectFrom('partner_services as s').select('s.id').whereRef('s.partner_id', '=', 'partners.id').where('s.category', '=', category).where('s.status', '=', 'active')),
    );
  }
  if (f.schoolId) {
    const schoolId = f.schoolId;
    q = q.where((eb) => eb.exists(eb.selectFrom('partner_schools as ps').select('ps.school_id').whereRef('ps.partner_id', '=', 'partners.id').where('ps.school_id', '=', schoolId)));
  }
  if (f.language) {
    const code = f.language;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('partner_service_languages as l')
          .innerJoin('partner_services as s', 's.id', 'l.service_id')
          .select('l.id')
          .whereRef('s.partner_id', '=', 'partners.id')
          .where('l.code', '=', code),
      ),
    );
  }
  const rows = await q.limit(2000).execute();
  return summarize(db, districtId, rows.sort(byName));
}

async function partnerRow(db: Tx, districtId: number, partnerId: number): Promise<PartnerRow> {
  const row = await db.selectFrom('partners').selectAll().where('district_id', '=', districtId).where('id', '=', partnerId).executeTakeFirst();
  if (!row) throw new AppError('not_found', 'No such partner.');
  return row;
}

export async function getPartner(db: Db, actor: Actor, partnerId: number) {
  const d = actor.districtId;
  const p = await partnerRow(db, d, partnerId);
  const [summary] = await summarize(db, d, [p]);
  const [services, locations, contacts] = await Promise.all([
    db.selectFrom('partner_services').selectAll().where('district_id', '=', d).where('partner_id', '=', partnerId).execute(),
    db.selectFrom('partner_locations').selectAll().where('district_id', '=', d).where('partner_id', '=', partnerId).execute(),
    db.selectFrom('partner_contacts').selectAll().where('district_id', '=', d).where('partner_id', '=', partnerId).execute(),
  ]);
  const serviceIds = services.map((s) => s.id);
  const [languages, sals, schedules, addresses, contactPhones, orgPhones] = await Promise.all([
    serviceIds.length ? db.selectFrom('partner_service_languages').select(['service_id', 'code', 'name']).where('district_id', '=', d).where('service_id', 'in', serviceIds).execute() : [],
    serviceIds.length ? db.selectFrom('partner_service_locations').select(['service_id', 'location_id']).where('district_id', '=', d).where('service_id', 'in', serviceIds).execute() : [],
    ownedRows(db, d, 'schedule', services.map((s) => s.ext_id)),
    ownedRows(db, d, 'address', locations.map((l) => l.ext_id)),
    ownedRows(db, d, 'phone', contacts.map((c) => c.ext_id)),
    ownedRows(db, d, 'phone', [p.ext_id]),
  ]);
  const agreements = await visibleAgreementsQuery(db, actor)
    .innerJoin('agreement_parties as ap', 'ap.agreement_id', 'agreements.id')
    .where('ap.partner_id', '=', partnerId)
    .select(['agreements.id', 'agreements.title', 'agreements.status', 'agreements.start_date', 'agreements.end_date'])
    .distinct()
    .execute();
  const phoneText = (r: { number?: string | number; extension?: string | number }) => (r.extension ? `${r.number} ext. ${r.extension}` : String(r.number ?? ''));
  const editable = editableSchools(actor);
  const allSchools = editable === null ? (await db.selectFrom('schools').select('id').where('district_id', '=', d).execute()).map((s) => s.id) : editable;
  return {
    ...summary,
    services: services.sort(byName).map((s) => ({
      id: s.id,
      extId: s.ext_id,
      name: s.name,
      alternateName: s.alternate_name,
      description: s.description,
      category: s.category as NeedCategory,
      status: s.status,
      eligibility: s.eligibility,
      minimumAge: s.minimum_age,
      maximumAge: s.maximum_age,
      cost: s.cost,
      url: s.url,
      email: s.email,
      capacity: s.capacity,
      languages: languages
        .filter((l) => l.service_id === s.id)
        .map((l) => ({ code: l.code, name: l.name }))
        .sort((a, b) => (a.code ?? a.name ?? '').localeCompare(b.code ?? b.name ?? '')),
      schedule: scheduleSummary(schedules.get(s.ext_id)),
      locationIds: sals.filter((x) => x.service_id === s.id).map((x) => x.location_id),
    })),
    locations: locations
      .sort((a, b) => (a.name ?? '').localeCompare(b.name ?? ''))
      .map((l) => ({
        id: l.id,
        extId: l.ext_id,
        name: l.name,
        description: l.description,
        locationType: l.location_type,
        latitude: l.latitude,
        longitude: l.longitude,
        address: addressLine(addresses.get(l.ext_id)),
      })),
    contacts: contacts
      .sort((a, b) => b.champion - a.champion || (a.name ?? '').localeCompare(b.name ?? ''))
      .map((c) => ({
        id: c.id,
        extId: c.ext_id,
        name: c.name,
        title: c.title,
        department: c.department,
        email: c.email,
        phone: contactPhones.get(c.ext_id)?.[0] ? phoneText(contactPhones.get(c.ext_id)![0]) : null,
        champion: c.champion === 1,
        championNote: c.champion_note,
      })),
    phones: (orgPhones.get(p.ext_id) ?? []).map(phoneText).filter(Boolean),
    agreements: agreements
      .sort((a, b) => a.title.localeCompare(b.title))
      .map((a) => ({ id: a.id, title: a.title, status: a.status, startDate: a.start_date, endDate: a.end_date })),
    canEdit: canEditPartner(actor, partnerId),
    editableSchoolIds: allSchools,
  };
}

// ── Partners ───────────────────────────────────────────────────────────────────────────────────

function partnerValues(input: PartnerInput) {
  return {
    name: input.name,
    alternate_name: input.alternateName ?? null,
    sector: input.sector,
    description: input.description,
    mission: input.mission ?? null,
    email: input.email ?? null,
    website: input.website ?? null,
    status: input.status,
  };
}

export async function createPartner(db: Db, actor: Actor, input: PartnerInput): Promise<number> {
  const row = await db
    .insertInto('partners')
    .values({ district_id: actor.districtId, ext_id: newHsdsId(), ...partnerValues(input) })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(db, actor, { action: 'create', entityType: 'partner', entityId: row.id, details: { name: input.name } });
  return row.id;
}

export async function updatePartner(db: Db, actor: Actor, partnerId: number, input: PartnerInput): Promise<void> {
  await partnerRow(db, actor.districtId, partnerId);
  assertCanEditPartner(actor, partnerId);
  await db
    .updateTable('partners')
    .set({ ...partnerValues(input), updated_at: new Date().toISOString() })
    .where('district_id', '=', actor.districtId)
    .where('id', '=', partnerId)
    .execute();
  await recordAudit(db, actor, { action: 'update', entityType: 'partner', entityId: partnerId });
}

export async function deletePartner(db: Db, actor: Actor, partnerId: number): Promise<void> {
  const p = await partnerRow(db, actor.districtId, partnerId);
  const parties = await db.selectFrom('agreement_parties').select('agreement_id').where('district_id', '=', actor.districtId).where('partner_id', '=', partnerId).execute();
  const terms = await db.selectFrom('data_sharing_terms').select('id').where('district_id', '=', actor.districtId).where('partner_id', '=', partnerId).execute();
  if (parties.length || terms.length) {
    throw new AppError('conflict', `${p.name} is a party to ${new Set(parties.map((x) => x.agreement_id)).size} agreement(s); mark it inactive instead of deleting it.`);
  }
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ partner_id: null }).where('district_id', '=', actor.districtId).where('partner_id', '=', partnerId).execute();
    await trx.deleteFrom('partners').where('district_id', '=', actor.districtId).where('id', '=', partnerId).execute();
  });
  await recordAudit(db, actor, { action: 'delete', entityType: 'partner', entityId: partnerId, details: { name: p.name } });
}

/** Sets the schools a partner serves, changing only the schools this person may change. */
export async function setPartnerSchools(db: Db, actor: Actor, partnerId: number, schoolIds: number[]): Promise<void> {
  await partnerRow(db, actor.districtId, partnerId);
  if (!isDistrictStaff(actor) && actor.role !== 'school_staff') throw new AppError('forbidden', 'Only district and school staff record which schools a partner serves.', { reason: 'scope' });
  const known = await db.selectFrom('schools').select('id').where('district_id', '=', actor.districtId).execute();
  const knownIds = new Set(known.map((s) => s.id));
  const unknown = schoolIds.filter((id) => !knownIds.has(id));
  if (unknown.length) throw new AppError('validation_failed', 'Some fields are not valid.', { fields: [{ path: 'schoolIds', message: `unknown school ids: ${unknown.join(', ')}` }] });
  const allowed = editableSchools(actor);
  const current = (await db.selectFrom('partner_schools').select('school_id').where('district_id', '=', actor.districtId).where('partner_id', '=', partnerId).execute()).map((r) => r.school_id);
  const inScope = (id: number) => allowed === null || allowed.includes(id);
  const outside = [...schoolIds.filter((id) => !current.includes(id)), ...current.filter((id) => !schoolIds.includes(id))].filter((id) => !inScope(id));
  if (outside.length) throw new AppError('forbidden', 'You can change only your own schools in this list.', { reason: 'scope', schoolIds: outside });
  await db.transaction().execute(async (trx) => {
    const remove = current.filter((id) => !schoolIds.includes(id));
    const add = [...new Set(schoolIds)].filter((id) => !current.includes(id));
    if (remove.length) await trx.deleteFrom('partner_schools').where('district_id', '=', actor.districtId).where('partner_id', '=', partnerId).where('school_id', 'in', remove).execute();
    if (add.length) await trx.insertInto('partner_schools').values(add.map((school_id) => ({ district_id: actor.districtId, partner_id: partnerId, school_id }))).execute();
  });
  await recordAudit(db, actor, { action: 'update', entityType: 'partner', entityId: partnerId, details: { schoolIds } });
}

// ── Services ───────────────────────────────────────────────────────────────────────────────────

async function serviceRow(db: Tx, districtId: number, partnerId: number, serviceId: number) {
  const row = await db.selectFrom('partner_services').selectAll().where('district_id', '=', districtId).where('partner_id', '=', partnerId).where('id', '=', serviceId).executeTakeFirst();
  if (!row) throw new AppError('not_found', 'No such service.');
  return row;
}

async function writeServiceDetails(trx: Tx, districtId: number, partnerId: number, service: { id: number; ext_id: string }, input: ServiceInput) {
  // Languages: keep those still listed, add the new ones.
  const existing = await trx.selectFrom('partner_service_languages').select(['id', 'code']).where('district_id', '=', districtId).where('service_id', '=', service.id).execute();
  const wanted = [...new Set(input.languages)];
  const drop = existing.filter((l) => !l.code || !wanted.includes(l.code)).map((l) => l.id);
  if (drop.length) await trx.deleteFrom('partner_service_languages').where('id', 'in', drop).execute();
  const add = wanted.filter((c) => !existing.some((l) => l.code === c));
  if (add.length) await trx.insertInto('partner_service_languages').values(add.map((code) => ({ district_id: districtId, service_id: service.id, ext_id: newHsdsId(), code }))).execute();
  // Locations where the service is offered (the partner's own locations only).
  const wantedLocations = [...new Set(input.locationIds)];
  if (wantedLocations.length) {
    const own = await trx.selectFrom('partner_locations').select('id').where('district_id', '=', districtId).where('partner_id', '=', partnerId).where('id', 'in', wantedLocations).execute();
    const missing = wantedLocations.filter((id) => !own.some((o) => o.id === id));
    if (missing.length) throw new AppError('validation_failed', 'Some fields are not valid.', { fields: [{ path: 'locationIds', message: `not locations of this partner: ${missing.join(', ')}` }] });
  }
  const sals = await trx.selectFrom('partner_service_locations').select(['id', 'location_id']).where('district_id', '=', districtId).where('service_id', '=', service.id).execute();
  const dropSal = sals.filter((s) => !wantedLocations.includes(s.location_id)).map((s) => s.id);
  if (dropSal.length) await trx.deleteFrom('partner_service_locations').where('id', 'in', dropSal).execute();
  const addSal = wantedLocations.filter((id) => !sals.some((s) => s.location_id === id));
  if (addSal.length) await trx.insertInto('partner_service_locations').values(addSal.map((location_id) => ({ district_id: districtId, ext_id: newHsdsId(), service_id: service.id, location_id }))).execute();
  // The schedule, as the description of the service's first schedule record.
  await setFirstOwnedRow(trx, { districtId, partnerId, kind: 'schedule', ownerField: 'service_id', ownerExtId: service.ext_id }, input.schedule ? { description: input.schedule } : null);
}

function serviceValues(input: ServiceInput) {
  return {
    name: input.name,
    alternate_name: input.alternateName ?? null,
    description: input.description ?? null,
    category: input.category,
    status: input.status,
    eligibility: input.eligibility ?? null,
    minimum_age: input.minimumAge ?? null,
    maximum_age: input.maximumAge ?? null,
    cost: input.cost ?? null,
    url: input.url ?? null,
    email: input.email ?? null,
    capacity: input.capacity ?? null,
  };
}

export async function createService(db: Db, actor: Actor, partnerId: number, input: ServiceInput): Promise<number> {
  await partnerRow(db, actor.districtId, partnerId);
  assertCanEditPartner(actor, partnerId);
  const id = await db.transaction().execute(async (trx) => {
    const ext = newHsdsId();
    const row = await trx
      .insertInto('partner_services')
      .values({ district_id: actor.districtId, partner_id: partnerId, ext_id: ext, ...serviceValues(input) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeServiceDetails(trx, actor.districtId, partnerId, { id: row.id, ext_id: ext }, input);
    return row.id;
  });
  await recordAudit(db, actor, { action: 'create', entityType: 'partner_service', entityId: id, details: { partnerId } });
  return id;
}

export async function updateService(db: Db, actor: Actor, partnerId: number, serviceId: number, input: ServiceInput): Promise<void> {
  const s = await serviceRow(db, actor.districtId, partnerId, serviceId);
  assertCanEditPartner(actor, partnerId);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('partner_services').set({ ...serviceValues(input), updated_at: new Date().toISOString() }).where('id', '=', s.id).execute();
    await writeServiceDetails(trx, actor.districtId, partnerId, s, input);
  });
  await recordAudit(db, actor, { action: 'update', entityType: 'partner_service', entityId: serviceId, details: { partnerId } });
}

/** Removes a record and the Open Referral records Village kept for it. */
async function deleteOwned(trx: Tx, districtId: number, ownerExtId: string) {
  await trx.deleteFrom('partner_hsds_rows').where('district_id', '=', districtId).where('owner_ext_id', '=', ownerExtId).execute();
}

export async function deleteService(db: Db, actor: Actor, partnerId: number, serviceId: number): Promise<void> {
  const s = await serviceRow(db, actor.districtId, partnerId, serviceId);
  assertCanEditPartner(actor, partnerId);
  await db.transaction().execute(async (trx) => {
    await deleteOwned(trx, actor.districtId, s.ext_id);
    await trx.deleteFrom('partner_services').where('id', '=', s.id).execute();
  });
  await recordAudit(db, actor, { action: 'delete', entityType: 'partner_service', entityId: serviceId, details: { partnerId, name: s.name } });
}

// ── Locations ──────────────────────────────────────────────────────────────────────────────────

async function locationRow(db: Tx, districtId: number, partnerId: number, locationId: number) {
  const row = await db.selectFrom('partner_locations').selectAll().where('district_id', '=', districtId).where('partner_id', '=', partnerId).where('id', '=', locationId).executeTakeFirst();
  if (!row) throw new AppError('not_found', 'No such location.');
  return row;
}

/** Sets the location's address; an input without `address` leaves it as it is (null removes it). */
async function writeAddress(trx: Tx, districtId: number, partnerId: number, extId: string, input: LocationInput) {
  const a = input.address;
  if (a === undefined) return;
  await setFirstOwnedRow(
    trx,
    { districtId, partnerId, kind: 'address', ownerField: 'location_id', ownerExtId: extId },
    a ? { address_1: a.address1, address_2: a.address2 ?? '', city: a.city, state_province: a.stateProvince, postal_code: a.postalCode, country: a.country.toUpperCase(), address_type: input.locationType === 'postal' ? 'postal' : 'physical' } : null,
  );
}

const locationValues = (input: LocationInput) => ({
  name: input.name,
  description: input.description ?? null,
  location_type: input.locationType,
  latitude: input.latitude ?? null,
  longitude: input.longitude ?? null,
});

export async function createLocation(db: Db, actor: Actor, partnerId: number, input: LocationInput): Promise<number> {
  await partnerRow(db, actor.districtId, partnerId);
  assertCanEditPartner(actor, partnerId);
  const id = await db.transaction().execute(async (trx) => {
    const ext = newHsdsId();
    const row = await trx.insertInto('partner_locations').values({ district_id: actor.districtId, partner_id: partnerId, ext_id: ext, ...locationValues(input) }).returning('id').executeTakeFirstOrThrow();
    await writeAddress(trx, actor.districtId, partnerId, ext, input);
    return row.id;
  });
  await recordAudit(db, actor, { action: 'create', entityType: 'partner_location', entityId: id, details: { partnerId } });
  return id;
}

export async function updateLocation(db: Db, actor: Actor, partnerId: number, locationId: number, input: LocationInput): Promise<void> {
  const l = await locationRow(db, actor.districtId, partnerId, locationId);
  assertCanEditPartner(actor, partnerId);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('partner_locations').set({ ...locationValues(input), updated_at: new Date().toISOString() }).where('id', '=', l.id).execute();
    await writeAddress(trx, actor.districtId, partnerId, l.ext_id, input);
  });
  await recordAudit(db, actor, { action: 'update', entityType: 'partner_location', entityId: locationId, details: { partnerId } });
}

export async function deleteLocation(db: Db, actor: Actor, partnerId: number, locationId: number): Promise<void> {
  const l = await locationRow(db, actor.districtId, partnerId, locationId);
  assertCanEditPartner(actor, partnerId);
  await db.transaction().execute(async (trx) => {
    await deleteOwned(trx, actor.districtId, l.ext_id);
    await trx.deleteFrom('partner_locations').where('id', '=', l.id).execute();
  });
  await recordAudit(db, actor, { action: 'delete', entityType: 'partner_location', entityId: locationId, details: { partnerId } });
}

// ── Contacts ───────────────────────────────────────────────────────────────────────────────────

async function contactRow(db: Tx, districtId: number, partnerId: number, contactId: number) {
  const row = await db.selectFrom('partner_contacts').selectAll().where('district_id', '=', districtId).where('partner_id', '=', partnerId).where('id', '=', contactId).executeTakeFirst();
  if (!row) throw new AppError('not_found', 'No such contact.');
  return row;
}

const contactValues = (input: ContactInput) => ({
  name: input.name,
  title: input.title ?? null,
  department: input.department ?? null,
  email: input.email ?? null,
  champion: input.champion ? 1 : 0,
  champion_note: input.champion ? input.championNote ?? null : null,
});

export async function createContact(db: Db, actor: Actor, partnerId: number, input: ContactInput): Promise<number> {
  const p = await partnerRow(db, actor.districtId, partnerId);
  assertCanEditPartner(actor, partnerId);
  const id = await db.transaction().execute(async (trx) => {
    const ext = newHsdsId();
    const row = await trx
      .insertInto('partner_contacts')
      .values({ district_id: actor.districtId, partner_id: partnerId, ext_id: ext, hsds_extra: JSON.stringify({ organization_id: p.ext_id }), ...contactValues(input) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await setFirstOwnedRow(trx, { districtId: actor.districtId, partnerId, kind: 'phone', ownerField: 'contact_id', ownerExtId: ext }, input.phone ? { number: input.phone } : null);
    return row.id;
  });
  await recordAudit(db, actor, { action: 'create', entityType: 'partner_contact', entityId: id, details: { partnerId } });
  return id;
}

export async function updateContact(db: Db, actor: Actor, partnerId: number, contactId: number, input: ContactInput): Promise<void> {
  const c = await contactRow(db, actor.districtId, partnerId, contactId);
  assertCanEditPartner(actor, partnerId);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('partner_contacts').set({ ...contactValues(input), updated_at: new Date().toISOString() }).where('id', '=', c.id).execute();
    await setFirstOwnedRow(trx, { districtId: actor.districtId, partnerId, kind: 'phone', ownerField: 'contact_id', ownerExtId: c.ext_id }, input.phone ? { number: input.phone } : null);
  });
  await recordAudit(db, actor, { action: 'update', entityType: 'partner_contact', entityId: contactId, details: { partnerId } });
}

export async function deleteContact(db: Db, actor: Actor, partnerId: number, contactId: number): Promise<void> {
  const c = await contactRow(db, actor.districtId, partnerId, contactId);
  assertCanEditPartner(actor, partnerId);
  await db.transaction().execute(async (trx) => {
    await deleteOwned(trx, actor.districtId, c.ext_id);
    await trx.deleteFrom('partner_contacts').where('id', '=', c.id).execute();
  });
  await recordAudit(db, actor, { action: 'delete', entityType: 'partner_contact', entityId: contactId, details: { partnerId } });
}

/** Names of partners by id (for other lists), scoped to the district. */
export async function partnerNames(db: Db, districtId: number, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('partners').select(['id', 'name']).where('district_id', '=', districtId).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

