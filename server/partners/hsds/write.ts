/**
 * Writes a district's partner directory as Open Referral HSDS 3.0: the tabular CSV files with a
 * datapackage.json describing them, or the same tables as one JSON file. Written verbatim (no
 * spreadsheet escaping: these are machine-exchange files), rows in the order of their ids, so the
 * same directory always gives the same files.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { Db } from '../../db/database.ts';
import { RESOURCES, RESOURCE_BY_KIND, type HsdsRow } from './resources.ts';
import { joinRow, parseExtra } from './mapping.ts';
import { villageAttribute, villageTaxonomyRows } from './village-terms.ts';

const byId = (a: HsdsRow, b: HsdsRow) => (String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : 0);
const byExt = <T extends { ext_id: string }>(a: T, b: T) => (a.ext_id < b.ext_id ? -1 : a.ext_id > b.ext_id ? 1 : 0);

/** The district's directory as HSDS 3.0 tables: kind → rows. */
export async function buildHsdsTables(db: Db, districtId: number): Promise<Map<string, HsdsRow[]>> {
  const d = districtId;
  const [partners, services, languages, locations, sals, contacts, schools, generic] = await Promise.all([
    db.selectFrom('partners').selectAll().where('district_id', '=', d).execute(),
    db.selectFrom('partner_services').selectAll().where('district_id', '=', d).execute(),
    db.selectFrom('partner_service_languages').selectAll().where('district_id', '=', d).execute(),
    db.selectFrom('partner_locations').selectAll().where('district_id', '=', d).execute(),
    db.selectFrom('partner_service_locations').selectAll().where('district_id', '=', d).execute(),
    db.selectFrom('partner_contacts').selectAll().where('district_id', '=', d).execute(),
    db
      .selectFrom('partner_schools')
      .innerJoin('schools', 'schools.id', 'partner_schools.school_id')
      .select(['partner_schools.partner_id', 'schools.code'])
      .where('partner_schools.district_id', '=', d)
      .execute(),
    db.selectFrom('partner_hsds_rows').select(['kind', 'data']).where('district_id', '=', d).execute(),
  ]);
  const tables = new Map<string, HsdsRow[]>();
  const add = (kind: string, row: HsdsRow) => (tables.get(kind) ?? tables.set(kind, []).get(kind)!).push(row);
  const partnerExt = new Map(partners.map((p) => [p.id, p.ext_id]));
  const serviceExt = new Map(services.map((s) => [s.id, s.ext_id]));
  const locationExt = new Map(locations.map((l) => [l.id, l.ext_id]));

  for (const p of partners.sort(byExt)) {
    add('organization', joinRow('organization', p.ext_id, p, p.hsds_extra));
    add('attribute', villageAttribute('organization', p.ext_id, `sector:${p.sector}`, null, 'sector'));
    add('attribute', villageAttribute('organization', p.ext_id, 'partner_status', p.status));
    if (p.mission) add('attribute', villageAttribute('organization', p.ext_id, 'mission', p.mission));
  }
  for (const s of schools.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))) {
    const ext = partnerExt.get(s.partner_id)!;
    add('attribute', villageAttribute('organization', ext, 'serves_school', s.code, `serves_school:${s.code}`));
  }
  for (const s of services.sort(byExt)) {
    add('service', joinRow('service', s.ext_id, s, s.hsds_extra, { organization_id: partnerExt.get(s.partner_id)! }));
    add('attribute', villageAttribute('service', s.ext_id, `need:${s.category}`, null, 'category'));
    if (s.capacity !== null) add('attribute', villageAttribute('service', s.ext_id, 'capacity', String(s.capacity)));
  }
  for (const l of languages.sort(byExt)) add('language', joinRow('language', l.ext_id, l, l.hsds_extra, { service_id: serviceExt.get(l.service_id)! }));
  for (const l of locations.sort(byExt)) {
    add('location', joinRow('location', l.ext_id, l, l.hsds_extra, l.partner_id !== null ? { organization_id: partnerExt.get(l.partner_id)! } : {}));
  }
  for (const s of sals.sort(byExt)) {
    add('service_at_location', joinRow('service_at_location', s.ext_id, s, s.hsds_extra, { service_id: serviceExt.get(s.service_id)!, location_id: locationExt.get(s.location_id)! }));
  }
  for (const c of contacts.sort(byExt)) {
    add('contact', joinRow('contact', c.ext_id, c, c.hsds_extra));
    if (c.champion) add('attribute', villageAttribute('contact', c.ext_id, 'champion', c.champion_note));
  }
  for (const g of generic) add(g.kind, parseExtra(g.data));
  const village = villageTaxonomyRows();
  add('taxonomy', village.taxonomy);
  for (const t of village.terms) add('taxonomy_term', t);
  for (const rows of tables.values()) rows.sort(byId);
  return tables;
}

/** The columns of a table: the HSDS 3.0 fields in the specification's order, then any others. */
function columnsOf(kind: string, rows: HsdsRow[]): string[] {
  const def = RESOURCE_BY_KIND.get(kind);
  const cols = def ? def.fields.map((f) => f.name) : [];
  const extra = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) if (!cols.includes(k)) extra.add(k);
  return [...cols, ...[...extra].sort()];
}

function fileOf(kind: string): string {
  return RESOURCE_BY_KIND.get(kind)?.file ?? `${kind}.csv`;
}

function kindsToWrite(tables: Map<string, HsdsRow[]>): string[] {
  return [...RESOURCES.map((r) => r.kind), ...[...tables.keys()].filter((k) => !RESOURCE_BY_KIND.has(k)).sort()];
}

export interface WrittenFile {
  file: string;
  rows: number;
}

/** Writes every table as CSV (a header-only file for an empty table) and datapackage.json. */
export function writeHsdsCsv(folder: string, tables: Map<string, HsdsRow[]>): WrittenFile[] {
  mkdirSync(folder, { recursive: true });
  const written: WrittenFile[] = [];
  const resources = [];
  for (const kind of kindsToWrite(tables)) {
    const rows = tables.get(kind) ?? [];
    const columns = columnsOf(kind, rows);
    const csv = stringify(
      rows.map((r) => columns.map((c) => (r[c] === undefined ? '' : String(r[c])))),
      { header: true, columns },
    );
    const file = fileOf(kind);
    writeFileSync(path.join(folder, file), csv, 'utf8');
    written.push({ file, rows: rows.length });
    resources.push(resourceDescriptor(kind, file, columns));
  }
  const pkg = {
    name: 'village-partner-directory',
    title: 'Partner directory exported by Village',
    description: 'Organizations, services and locations in the Open Referral Human Services Data Specification (HSDS) 3.0 tabular layout.',
    profile: 'tabular-data-package',
    version: '3.0',
    homepage: 'https://openreferral.org',
    resources,
  };
  writeFileSync(path.join(folder, 'datapackage.json'), JSON.stringify(pkg, null, 2) + '\n', 'utf8');
  written.push({ file: 'datapackage.json', rows: resources.length });
  return written;
}

function resourceDescriptor(kind: string, file: string, columns: string[]) {
  const def = RESOURCE_BY_KIND.get(kind);
  const types = new Map(def?.fields.map((f) => [f.name, f]) ?? []);
  return {
    name: kind,
    path: file,
    profile: 'tabular-data-resource',
    format: 'csv',
    mediatype: 'text/csv',
    encoding: 'utf-8',
    schema: {
      fields: columns.map((c) => {
        const f = types.get(c);
        return {
          name: c,
          type: f?.type ?? 'string',
          ...(f?.required || f?.values ? { constraints: { ...(f.required ? { required: true } : {}), ...(f.values ? { enum: f.values } : {}) } } : {}),
        };
      }),
      primaryKey: 'id',
      ...(def && def.refs.length ? { foreignKeys: def.refs.map((r) => ({ fields: r.field, reference: { resource: r.kind, fields: 'id' } })) } : {}),
    },
  };
}

/** Writes the same tables as one JSON file in HSDS's tabular layout ({ "organizations.csv": [ … ] }). */
export function writeHsdsJson(folder: string, tables: Map<string, HsdsRow[]>, name = 'hsds.json'): WrittenFile[] {
  mkdirSync(folder, { recursive: true });
  const out: Record<string, HsdsRow[]> = {};
  for (const kind of kindsToWrite(tables)) {
    const rows = tables.get(kind) ?? [];
    const columns = columnsOf(kind, rows);
    if (rows.length) out[fileOf(kind)] = rows.map((r) => Object.fromEntries(columns.filter((c) => r[c] !== undefined).map((c) => [c, r[c]])));
  }
  writeFileSync(path.join(folder, name), JSON.stringify(out, null, 2) + '\n', 'utf8');
  return [{ file: name, rows: Object.values(out).reduce((n, r) => n + r.length, 0) }];
}
