/**
 * Writes a checked HSDS data set into the partner directory of one district, in one transaction:
 * organizations become partners, services, locations, services at locations, contacts and service
 * languages go to their tables, Village's own attributes (kind of partner, need category, mission,
 * capacity, schools served, champions) to their columns, and every other record is kept as it came.
 * Records are matched by their Open Referral id, so importing the same files twice changes nothing.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { RESOURCE_BY_KIND, type HsdsDataset, type HsdsRow, type SourcedRow } from './resources.ts';
import { splitRow } from './mapping.ts';
import { VILLAGE_TAXONOMY_ID, villageTermFor } from './village-terms.ts';
import { inferCategory, inferSector } from './infer.ts';
import { categoryHints } from './convert.ts';
import { NEED_CATEGORIES, SECTORS } from '../vocab.ts';

type Tx = Kysely<Database> | Transaction<Database>;

const MODELLED = new Set(['organization', 'service', 'location', 'service_at_location', 'contact']);

/** Ids of each kind already stored for the district (for reference checks). */
export async function storedHsdsIds(db: Db, districtId: number): Promise<(kind: string) => Set<string>> {
  const [partners, services, locations, sals, contacts, languages, rows] = await Promise.all([
    db.selectFrom('partners').select('ext_id').where('district_id', '=', districtId).execute(),
    db.selectFrom('partner_services').select('ext_id').where('district_id', '=', districtId).execute(),
    db.selectFrom('partner_locations').select('ext_id').where('district_id', '=', districtId).execute(),
    db.selectFrom('partner_service_locations').select('ext_id').where('district_id', '=', districtId).execute(),
    db.selectFrom('partner_contacts').select('ext_id').where('district_id', '=', districtId).execute(),
    db.selectFrom('partner_service_languages').select('ext_id').where('district_id', '=', districtId).execute(),
    db.selectFrom('partner_hsds_rows').select(['kind', 'ext_id']).where('district_id', '=', districtId).execute(),
  ]);
  const sets = new Map<string, Set<string>>([
    ['organization', new Set(partners.map((r) => r.ext_id))],
    ['service', new Set(services.map((r) => r.ext_id))],
    ['location', new Set(locations.map((r) => r.ext_id))],
    ['service_at_location', new Set(sals.map((r) => r.ext_id))],
    ['contact', new Set(contacts.map((r) => r.ext_id))],
  ]);
  const language = new Set(languages.map((r) => r.ext_id));
  for (const r of rows) {
    if (!sets.has(r.kind)) sets.set(r.kind, new Set());
    sets.get(r.kind)!.add(r.ext_id);
  }
  for (const id of language) (sets.get('language') ?? sets.set('language', new Set()).get('language')!).add(id);
  return (kind) => sets.get(kind) ?? new Set();
}

export interface StoreSummary {
  organizations: number;
  services: number;
  locations: number;
  servicesAtLocations: number;
  contacts: number;
  languages: number;
  schoolLinks: number;
  otherRecords: number;
}

interface VillageFields {
  sector?: string;
  mission?: string | null;
  status?: string;
  schools: string[];
}

const chunk = <T,>(list: T[], size = 200): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
};

const text = (v: string | number | undefined): string | null => (v === undefined ? null : String(v));
const int = (v: string | number | null | undefined): number | null => (v === undefined || v === null || v === '' ? null : Math.trunc(Number(v)));

export async function storeDataset(db: Db, districtId: number, ds: HsdsDataset): Promise<StoreSummary> {
  const rows = (kind: string): SourcedRow[] => ds.tables.get(kind) ?? [];
  const attributes = rows('attribute');
  const villageAttrs = attributes.filter((a) => villageTermFor(String(a.row.taxonomy_term_id)));
  const villageMode = villageAttrs.length > 0 || rows('taxonomy').some((t) => t.row.id === VILLAGE_TAXONOMY_ID);

  // Village's own fields, from its attributes.
  const orgVillage = new Map<string, VillageFields>();
  const serviceVillage = new Map<string, { category?: string; capacity?: number | null }>();
  const contactVillage = new Map<string, { note: string | null }>();
  for (const { row, where } of villageAttrs) {
    const term = villageTermFor(String(row.taxonomy_term_id))!;
    const link = String(row.link_id);
    const value = row.value === undefined ? null : String(row.value);
    const org = () => orgVillage.get(link) ?? orgVillage.set(link, { schools: [] }).get(link)!;
    const svc = () => serviceVillage.get(link) ?? serviceVillage.set(link, {}).get(link)!;
    if (term.field === 'sector' && (SECTORS as readonly string[]).includes(term.value)) org().sector = term.value;
    else if (term.field === 'mission') org().mission = value;
    else if (term.field === 'partner_status') {
      if (value === 'active' || value === 'inactive') org().status = value;
      else ds.warnings.push({ where, column: 'value', message: `partner status "${value}" is not active or inactive; not kept` });
    } else if (term.field === 'serves_school' && value) org().schools.push(value);
    else if (term.field === 'category' && (NEED_CATEGORIES as readonly string[]).includes(term.value)) svc().category = term.value;
    else if (term.field === 'capacity') {
      const n = int(value);
      if (n === null || Number.isNaN(n) || n < 0) ds.warnings.push({ where, column: 'value', message: `capacity "${value}" is not a whole number; not kept` });
      else svc().capacity = n;
    } else if (term.field === 'champion') contactVillage.set(link, { note: value });
  }

  // Names of foreign taxonomy terms attached to each service, to guess its need category.
  const termNames = new Map(rows('taxonomy_term').map((t) => [String(t.row.id), `${t.row.name ?? ''} ${t.row.description ?? ''}`]));
  const hints = categoryHints(ds);
  for (const { row } of attributes) {
    if (villageTermFor(String(row.taxonomy_term_id))) continue;
    const name = termNames.get(String(row.taxonomy_term_id));
    if (name && (row.link_entity === 'service' || row.link_entity === undefined)) {
      const list = hints.get(String(row.link_id)) ?? [];
      list.unshift(name);
      hints.set(String(row.link_id), list);
    }
  }

  const summary: StoreSummary = { organizations: 0, services: 0, locations: 0, servicesAtLocations: 0, contacts: 0, languages: 0, schoolLinks: 0, otherRecords: 0 };

  await db.transaction().execute(async (trx) => {
    // ── organizations → partners
    const orgRows = rows('organization');
    for (const batch of chunk(orgRows)) {
      const values = batch.map(({ row }) => {
        const { columns, extra } = splitRow('organization', row);
        const v = orgVillage.get(String(row.id));
        return {
          district_id: districtId,
          ext_id: String(row.id),
          name: String(columns.name),
          alternate_name: text(columns.alternate_name ?? undefined),
          description: String(columns.description ?? ''),
          email: text(columns.email ?? undefined),
          website: text(columns.website ?? undefined),
          hsds_extra: JSON.stringify(extra),
          sector: villageMode ? v?.sector ?? 'other' : inferSector(String(columns.name), text(columns.description ?? undefined), text(row.legal_status ?? row.tax_status)),
          mission: villageMode ? v?.mission ?? null : null,
          status: villageMode ? v?.status ?? 'active' : 'active',
        };
      });
      await trx
        .insertInto('partners')
        .values(values)
        .onConflict((oc) =>
          oc.columns(['district_id', 'ext_id']).doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            alternate_name: eb.ref('excluded.alternate_name'),
            description: eb.ref('excluded.description'),
            email: eb.ref('excluded.email'),
            website: eb.ref('excluded.website'),
            hsds_extra: eb.ref('excluded.hsds_extra'),
            ...(villageMode ? { sector: eb.ref('excluded.sector'), mission: eb.ref('excluded.mission'), status: eb.ref('excluded.status') } : {}),
            updated_at: new Date().toISOString(),
          })),
        )
        .execute();
    }
    summary.organizations = orgRows.length;
    const partnerIds = await idMap(trx, 'partners', districtId);

    // ── locations
    const locRows = rows('location');
    for (const batch of chunk(locRows)) {
      const values = batch.map(({ row }) => {
        const { columns, extra } = splitRow('location', row);
        return {
          district_id: districtId,
          ext_id: String(row.id),
          partner_id: row.organization_id !== undefined ? partnerIds.get(String(row.organization_id)) ?? null : null,
          location_type: String(columns.location_type ?? 'physical'),
          name: text(columns.name ?? undefined),
          description: text(columns.description ?? undefined),
          latitude: columns.latitude === null ? null : Number(columns.latitude),
          longitude: columns.longitude === null ? null : Number(columns.longitude),
          hsds_extra: JSON.stringify(extra),
        };
      });
      await trx
        .insertInto('partner_locations')
        .values(values)
        .onConflict((oc) =>
          oc.columns(['district_id', 'ext_id']).doUpdateSet((eb) => ({
            partner_id: eb.ref('excluded.partner_id'),
            location_type: eb.ref('excluded.location_type'),
            name: eb.ref('excluded.name'),
            description: eb.ref('excluded.description'),
            latitude: eb.ref('excluded.latitude'),
            longitude: eb.ref('excluded.longitude'),
            hsds_extra: eb.ref('excluded.hsds_extra'),
            updated_at: new Date().toISOString(),
          })),
        )
        .execute();
    }
    summary.locations = locRows.length;
    const locationIds = await idMap(trx, 'partner_locations', districtId);

    // ── services
    const svcRows = rows('service');
    for (const batch of chunk(svcRows)) {
      const values = batch.map(({ row }) => {
        const { columns, extra } = splitRow('service', row);
        const v = serviceVillage.get(String(row.id));
        const id = String(row.id);
        return {
          district_id: districtId,
          ext_id: id,
          partner_id: partnerIds.get(String(row.organization_id))!,
          name: String(columns.name),
          alternate_name: text(columns.alternate_name ?? undefined),
          description: text(columns.description ?? undefined),
          status: String(columns.status ?? 'active'),
          eligibility: text(columns.eligibility ?? undefined),
          minimum_age: int(columns.minimum_age),
          maximum_age: int(columns.maximum_age),
          cost: text(columns.cost ?? undefined),
          url: text(columns.url ?? undefined),
          email: text(columns.email ?? undefined),
          hsds_extra: JSON.stringify(extra),
          category: villageMode ? v?.category ?? 'other' : inferCategory(...(hints.get(id) ?? []), String(columns.name), text(columns.description ?? undefined)),
          capacity: villageMode ? v?.capacity ?? null : null,
        };
      });
      await trx
        .insertInto('partner_services')
        .values(values)
        .onConflict((oc) =>
          oc.columns(['district_id', 'ext_id']).doUpdateSet((eb) => ({
            partner_id: eb.ref('excluded.partner_id'),
            name: eb.ref('excluded.name'),
            alternate_name: eb.ref('excluded.alternate_name'),
            description: eb.ref('excluded.description'),
            status: eb.ref('excluded.status'),
            eligibility: eb.ref('excluded.eligibility'),
            minimum_age: eb.ref('excluded.minimum_age'),
            maximum_age: eb.ref('excluded.maximum_age'),
            cost: eb.ref('excluded.cost'),
            url: eb.ref('excluded.url'),
            email: eb.ref('excluded.email'),
            hsds_extra: eb.ref('excluded.hsds_extra'),
            ...(villageMode ? { category: eb.ref('excluded.category'), capacity: eb.ref('excluded.capacity') } : {}),
            updated_at: new Date().toISOString(),
          })),
        )
        .execute();
    }
    summary.services = svcRows.length;
    const services = await trx.selectFrom('partner_services').select(['id', 'ext_id', 'partner_id']).where('district_id', '=', districtId).execute();
    const serviceIds = new Map(services.map((s) => [s.ext_id, s.id]));
    const serviceOwner = new Map(services.map((s) => [s.ext_id, s.partner_id]));

    // ── services at locations
    const salRows = rows('service_at_location');
    for (const batch of chunk(salRows)) {
      const values = batch.map(({ row }) => {
        const { columns, extra } = splitRow('service_at_location', row);
        return {
          district_id: districtId,
          ext_id: String(row.id),
          service_id: serviceIds.get(String(row.service_id))!,
          location_id: locationIds.get(String(row.location_id))!,
          description: text(columns.description ?? undefined),
          hsds_extra: JSON.stringify(extra),
        };
      });
      await trx
        .insertInto('partner_service_locations')
        .values(values)
        .onConflict((oc) =>
          oc.columns(['district_id', 'ext_id']).doUpdateSet((eb) => ({
            service_id: eb.ref('excluded.service_id'),
            location_id: eb.ref('excluded.location_id'),
            description: eb.ref('excluded.description'),
            hsds_extra: eb.ref('excluded.hsds_extra'),
          })),
        )
        .execute();
    }
    summary.servicesAtLocations = salRows.length;

    // Which partner a record belongs to, through whatever it links to.
    const locationOwner = new Map((await trx.selectFrom('partner_locations').select(['ext_id', 'partner_id']).where('district_id', '=', districtId).execute()).map((l) => [l.ext_id, l.partner_id]));
    const salRecords = await trx
      .selectFrom('partner_service_locations')
      .innerJoin('partner_services', 'partner_services.id', 'partner_service_locations.service_id')
      .select(['partner_service_locations.ext_id', 'partner_services.partner_id'])
      .where('partner_service_locations.district_id', '=', districtId)
      .execute();
    const salOwner = new Map(salRecords.map((s) => [s.ext_id, s.partner_id]));
    const ownerOf = (field: string, id: string): number | null => {
      if (field === 'organization_id') return partnerIds.get(id) ?? null;
      if (field === 'service_id') return serviceOwner.get(id) ?? null;
      if (field === 'location_id') return locationOwner.get(id) ?? null;
      if (field === 'service_at_location_id') return salOwner.get(id) ?? null;
      return null;
    };

    // ── contacts (each belongs to a partner, through the first link that names one)
    const contactRows = rows('contact');
    const contactValues = [];
    for (const { row, where } of contactRows) {
      const partnerId = ['organization_id', 'service_id', 'service_at_location_id', 'location_id']
        .map((f) => (row[f] === undefined ? null : ownerOf(f, String(row[f]))))
        .find((p) => p !== null);
      if (!partnerId) {
        ds.warnings.push({ where, message: `contact ${row.id} belongs to no organization in the files or in Village; not kept` });
        continue;
      }
      const { columns, extra } = splitRow('contact', row);
      const champion = contactVillage.get(String(row.id));
      contactValues.push({
        district_id: districtId,
        partner_id: partnerId,
        ext_id: String(row.id),
        name: text(columns.name ?? undefined),
        title: text(columns.title ?? undefined),
        department: text(columns.department ?? undefined),
        email: text(columns.email ?? undefined),
        hsds_extra: JSON.stringify(extra),
        champion: champion ? 1 : 0,
        champion_note: champion?.note ?? null,
      });
    }
    for (const batch of chunk(contactValues)) {
      await trx
        .insertInto('partner_contacts')
        .values(batch)
        .onConflict((oc) =>
          oc.columns(['district_id', 'ext_id']).doUpdateSet((eb) => ({
            partner_id: eb.ref('excluded.partner_id'),
            name: eb.ref('excluded.name'),
            title: eb.ref('excluded.title'),
            department: eb.ref('excluded.department'),
            email: eb.ref('excluded.email'),
            hsds_extra: eb.ref('excluded.hsds_extra'),
            ...(villageMode ? { champion: eb.ref('excluded.champion'), champion_note: eb.ref('excluded.champion_note') } : {}),
            updated_at: new Date().toISOString(),
          })),
        )
        .execute();
    }
    summary.contacts = contactValues.length;
    const contactOwner = new Map((await trx.selectFrom('partner_contacts').select(['ext_id', 'partner_id']).where('district_id', '=', districtId).execute()).map((c) => [c.ext_id, c.partner_id]));

    // ── languages of services (others are kept as they came, below)
    const languageRows = rows('language').filter((l) => l.row.service_id !== undefined);
    for (const batch of chunk(languageRows)) {
      const values = batch.map(({ row }) => {
        const { columns, extra } = splitRow('language', row);
        return {
          district_id: districtId,
          service_id: serviceIds.get(String(row.service_id))!,
          ext_id: String(row.id),
          code: columns.code === null ? null : String(columns.code).toLowerCase(),
          name: text(columns.name ?? undefined),
          note: text(columns.note ?? undefined),
          hsds_extra: JSON.stringify(extra),
        };
      });
      await trx
        .insertInto('partner_service_languages')
        .values(values)
        .onConflict((oc) =>
          oc.columns(['district_id', 'ext_id']).doUpdateSet((eb) => ({
            service_id: eb.ref('excluded.service_id'),
            code: eb.ref('excluded.code'),
            name: eb.ref('excluded.name'),
            note: eb.ref('excluded.note'),
            hsds_extra: eb.ref('excluded.hsds_extra'),
          })),
        )
        .execute();
    }
    summary.languages = languageRows.length;

    // ── schools served (Village attributes): the set in the file replaces the stored one.
    if (villageMode) {
      const schools = await trx.selectFrom('schools').select(['id', 'code']).where('district_id', '=', districtId).execute();
      const schoolByCode = new Map(schools.map((s) => [s.code, s.id]));
      for (const { row } of orgRows) {
        const partnerId = partnerIds.get(String(row.id))!;
        await trx.deleteFrom('partner_schools').where('district_id', '=', districtId).where('partner_id', '=', partnerId).execute();
        const wanted = new Set<number>();
        for (const code of orgVillage.get(String(row.id))?.schools ?? []) {
          const schoolId = schoolByCode.get(code);
          if (schoolId === undefined) ds.warnings.push({ where: { file: 'attributes' }, message: `organization ${row.id} serves school "${code}", which is not a school of this district; that link was not kept` });
          else wanted.add(schoolId);
        }
        if (wanted.size) await trx.insertInto('partner_schools').values([...wanted].map((school_id) => ({ district_id: districtId, partner_id: partnerId, school_id }))).execute();
        summary.schoolLinks += wanted.size;
      }
    }

    // ── everything else, kept as it came
    const generic: Array<{ kind: string; row: HsdsRow }> = [];
    for (const [kind, list] of ds.tables) {
      if (MODELLED.has(kind)) continue;
      for (const { row } of list) {
        if (kind === 'language' && row.service_id !== undefined) continue;
        if (kind === 'attribute' && villageTermFor(String(row.taxonomy_term_id))) continue;
        if (kind === 'taxonomy' && row.id === VILLAGE_TAXONOMY_ID) continue;
        if (kind === 'taxonomy_term' && villageTermFor(String(row.id))) continue;
        generic.push({ kind, row });
      }
    }
    const genericById = new Map(generic.map((g) => [`${g.kind}:${g.row.id}`, g.row]));
    const storedPhones = new Map(
      (await trx.selectFrom('partner_hsds_rows').select(['ext_id', 'partner_id']).where('district_id', '=', districtId).where('kind', '=', 'phone').execute()).map((p) => [p.ext_id, p.partner_id]),
    );
    const partnerOfGeneric = (kind: string, row: HsdsRow, depth = 0): number | null => {
      for (const f of ['organization_id', 'service_id', 'service_at_location_id', 'location_id', 'contact_id', 'phone_id', 'link_id', 'resource_id']) {
        const v = row[f];
        if (v === undefined) continue;
        const id = String(v);
        let p: number | null = null;
        if (f === 'contact_id') p = contactOwner.get(id) ?? null;
        else if (f === 'phone_id') {
          const phone = genericById.get(`phone:${id}`);
          p = phone && depth < 2 ? partnerOfGeneric('phone', phone, depth + 1) : storedPhones.get(id) ?? null;
        } else if (f === 'link_id' || f === 'resource_id') {
          p = partnerIds.get(id) ?? serviceOwner.get(id) ?? locationOwner.get(id) ?? contactOwner.get(id) ?? salOwner.get(id) ?? null;
        } else p = ownerOf(f, id);
        if (p !== null) return p;
      }
      return null;
    };
    const genericValues = generic.map(({ kind, row }) => {
      const owner = RESOURCE_BY_KIND.get(kind)?.owner.find((f) => row[f] !== undefined);
      return {
        district_id: districtId,
        partner_id: partnerOfGeneric(kind, row),
        kind,
        ext_id: String(row.id),
        owner_ext_id: owner ? String(row[owner]) : null,
        data: JSON.stringify(row),
      };
    });
    for (const batch of chunk(genericValues)) {
      await trx
        .insertInto('partner_hsds_rows')
        .values(batch)
        .onConflict((oc) =>
          oc.columns(['district_id', 'kind', 'ext_id']).doUpdateSet((eb) => ({
            partner_id: eb.ref('excluded.partner_id'),
            owner_ext_id: eb.ref('excluded.owner_ext_id'),
            data: eb.ref('excluded.data'),
          })),
        )
        .execute();
    }
    summary.otherRecords = genericValues.length;
  });
  return summary;
}

async function idMap(trx: Tx, table: 'partners' | 'partner_locations', districtId: number): Promise<Map<string, number>> {
  const rows = await trx.selectFrom(table).select(['id', 'ext_id']).where('district_id', '=', districtId).execute();
  return new Map(rows.map((r) => [r.ext_id, r.id]));
}
