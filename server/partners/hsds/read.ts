/**
 * Reads Open Referral HSDS data into one data set in the HSDS 3.0 tabular layout: a folder of CSV
 * files (with or without datapackage.json), one CSV file, or JSON (the tabular layout, or the API
 * shapes: organization, service, service_at_location, location, lists and arrays of them). HSDS 1.x
 * layouts (the 1.1 data package, the Ohana API's San Mateo export) are converted as they are read.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { HsdsDataset, RESOURCE_BY_KIND, type HsdsRow, type Where } from './resources.ts';
import { convertTables, type RawTable } from './convert.ts';

export class HsdsInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HsdsInputError';
  }
}

/** Reads a folder or a file; problems with single records are in the data set's errors and warnings. */
export function readHsds(input: string): HsdsDataset {
  if (!existsSync(input)) throw new HsdsInputError(`${input}: no such file or folder`);
  const ds = new HsdsDataset();
  const tables: RawTable[] = [];
  const stat = statSync(input);
  if (stat.isDirectory()) readFolder(input, ds, tables);
  else if (path.basename(input).toLowerCase() === 'datapackage.json') readFolder(path.dirname(input), ds, tables);
  else if (/\.json$/i.test(input)) readJsonFile(input, path.basename(input), ds, tables);
  else if (/\.csv$/i.test(input)) tables.push(readCsvFile(input, path.basename(input), ds));
  else throw new HsdsInputError(`${input}: not an HSDS file (expected a folder, a .csv file or a .json file)`);
  convertTables(tables, ds);
  coerce(ds);
  return ds;
}

function readFolder(folder: string, ds: HsdsDataset, tables: RawTable[]): void {
  const packageFile = path.join(folder, 'datapackage.json');
  const files: Array<{ full: string; name: string }> = [];
  if (existsSync(packageFile)) {
    let pkg: { resources?: Array<{ name?: string; path?: string | string[] }> };
    try {
      pkg = JSON.parse(readText(packageFile, 'datapackage.json', ds));
    } catch (err) {
      throw new HsdsInputError(`datapackage.json: not valid JSON (${(err as Error).message})`);
    }
    for (const r of pkg.resources ?? []) {
      for (const p of Array.isArray(r.path) ? r.path : r.path ? [r.path] : []) {
        const full = path.resolve(folder, p);
        if (!full.startsWith(path.resolve(folder) + path.sep)) {
          ds.errors.push({ where: { file: 'datapackage.json' }, message: `resource "${r.name ?? p}" points outside the folder (${p})` });
          continue;
        }
        // A data package may list tables that were not exported; only present files are read.
        if (existsSync(full)) files.push({ full, name: path.relative(folder, full) });
        else ds.warnings.push({ where: { file: 'datapackage.json' }, message: `resource "${r.name ?? p}" lists ${p}, which is not in the folder` });
      }
    }
    // CSV files in the folder that the package does not list are read too.
    for (const f of readdirSync(folder)) {
      if (/\.csv$/i.test(f) && !files.some((x) => x.name === f)) files.push({ full: path.join(folder, f), name: f });
    }
  } else {
    for (const f of readdirSync(folder).sort()) {
      if (/\.(csv|json)$/i.test(f)) files.push({ full: path.join(folder, f), name: f });
    }
  }
  if (files.length === 0) throw new HsdsInputError(`${folder}: no HSDS files (.csv or .json) in this folder`);
  for (const f of files) {
    if (/\.json$/i.test(f.name)) readJsonFile(f.full, f.name, ds, tables);
    else tables.push(readCsvFile(f.full, f.name, ds));
  }
}

function readText(full: string, name: string, ds: HsdsDataset): string {
  const buf = readFileSync(full);
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  try {
    return utf8.decode(buf).replace(/^\uFEFF/, '');
  } catch {
    const encoding = chardet.detect(buf) ?? 'windows-1252';
    ds.warnings.push({ where: { file: name }, message: `not UTF-8; read as ${encoding}` });
    return iconv.decode(buf, encoding).replace(/^\uFEFF/, '');
  }
}

function readCsvFile(full: string, name: string, ds: HsdsDataset): RawTable {
  const text = readText(full, name, ds);
  const table: RawTable = { file: name, name: path.basename(name).toLowerCase(), header: [], rows: [] };
  let records: Array<{ record: string[]; info: { lines: number }; raw: string }>;
  try {
    records = parseCsv(text, { info: true, raw: true, skip_empty_lines: true, relax_column_count: true }) as unknown as typeof records;
  } catch (err) {
    const e = err as { message: string; lines?: number };
    ds.errors.push({ where: { file: name, line: e.lines }, message: `not a readable CSV file: ${e.message}` });
    return table;
  }
  if (records.length === 0) return table;
  table.header = records[0].record.map((h) => h.trim().toLowerCase());
  const seen = new Set<string>();
  for (const h of table.header) {
    if (h && seen.has(h)) ds.errors.push({ where: { file: name, line: 1 }, column: h, message: 'the column appears twice in the header' });
    seen.add(h);
  }
  for (const r of records.slice(1)) {
    const body = r.raw.replace(/^(\r?\n)+/, '').replace(/\r?\n$/, '');
    const line = r.info.lines - (body.match(/\n/g)?.length ?? 0);
    if (r.record.length !== table.header.length) {
      ds.errors.push({ where: { file: name, line }, message: `has ${r.record.length} fields where the header has ${table.header.length}` });
      continue;
    }
    const values: Record<string, string> = {};
    r.record.forEach((v, i) => {
      if (v !== '' && table.header[i]) values[table.header[i]] = v;
    });
    table.rows.push({ values, where: { file: name, line } });
  }
  return table;
}

// ── JSON ───────────────────────────────────────────────────────────────────────────────────────

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

const isObject = (v: Json | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

interface Child {
  kind: string;
  /** Field of the child that names the parent. */
  link?: string;
  /** For attributes and metadata: the parent's kind goes here. */
  entityField?: string;
}

/** Arrays nested in each API shape, and the link each child gets to its parent. */
const CHILDREN: Record<string, Record<string, Child>> = {
  organization: {
    funding: { kind: 'funding', link: 'organization_id' },
    contacts: { kind: 'contact', link: 'organization_id' },
    phones: { kind: 'phone', link: 'organization_id' },
    locations: { kind: 'location', link: 'organization_id' },
    programs: { kind: 'program', link: 'organization_id' },
    organization_identifiers: { kind: 'organization_identifier', link: 'organization_id' },
    services: { kind: 'service', link: 'organization_id' },
  },
  service: {
    phones: { kind: 'phone', link: 'service_id' },
    schedules: { kind: 'schedule', link: 'service_id' },
    service_areas: { kind: 'service_area', link: 'service_id' },
    service_at_locations: { kind: 'service_at_location', link: 'service_id' },
    languages: { kind: 'language', link: 'service_id' },
    funding: { kind: 'funding', link: 'service_id' },
    cost_options: { kind: 'cost_option', link: 'service_id' },
    required_documents: { kind: 'required_document', link: 'service_id' },
    contacts: { kind: 'contact', link: 'service_id' },
  },
  service_at_location: {
    contacts: { kind: 'contact', link: 'service_at_location_id' },
    phones: { kind: 'phone', link: 'service_at_location_id' },
    schedules: { kind: 'schedule', link: 'service_at_location_id' },
  },
  location: {
    languages: { kind: 'language', link: 'location_id' },
    addresses: { kind: 'address', link: 'location_id' },
    contacts: { kind: 'contact', link: 'location_id' },
    accessibility: { kind: 'accessibility', link: 'location_id' },
    phones: { kind: 'phone', link: 'location_id' },
    schedules: { kind: 'schedule', link: 'location_id' },
  },
  contact: { phones: { kind: 'phone', link: 'contact_id' } },
  phone: { languages: { kind: 'language', link: 'phone_id' } },
};

/** Single nested records: the key, its kind, and the field of the parent that names it. */
const NESTED_ONE: Record<string, Record<string, { kind: string; parentField: string }>> = {
  service: { organization: { kind: 'organization', parentField: 'organization_id' }, program: { kind: 'program', parentField: 'program_id' } },
  service_at_location: { service: { kind: 'service', parentField: 'service_id' }, location: { kind: 'location', parentField: 'location_id' } },
  attribute: { taxonomy_term: { kind: 'taxonomy_term', parentField: 'taxonomy_term_id' } },
  taxonomy_term: { taxonomy_detail: { kind: 'taxonomy', parentField: 'taxonomy_id' } },
};

function shapeOf(o: JsonObject): string | null {
  if (isObject(o.service) && isObject(o.location)) return 'service_at_location';
  if ('status' in o && ('organization' in o || 'service_at_locations' in o || 'eligibility_description' in o || 'organization_id' in o)) return 'service';
  if ('location_type' in o) return 'location';
  if ('taxonomy_detail' in o || 'term_uri' in o) return 'taxonomy_term';
  if ('services' in o || 'locations' in o || 'programs' in o || 'organization_identifiers' in o || ('name' in o && 'description' in o && !('status' in o))) return 'organization';
  if ('status' in o && 'name' in o) return 'service';
  return null;
}

class JsonFlattener {
  private readonly index = new Map<string, Map<string, { row: HsdsRow; where: Where }>>();
  constructor(private readonly file: string, private readonly ds: HsdsDataset) {}

  entity(kind: string, o: JsonObject, p: string, links: HsdsRow = {}): string | undefined {
    const row: HsdsRow = {};
    for (const [k, v] of Object.entries(o)) {
      if (v === null || v === undefined || typeof v === 'object') continue;
      row[k] = typeof v === 'boolean' ? String(v) : v;
    }
    Object.assign(row, links);
    for (const [key, spec] of Object.entries(NESTED_ONE[kind] ?? {})) {
      const nested = o[key];
      if (!isObject(nested)) continue;
      const extraLinks: HsdsRow = {};
      // A program nested in a service belongs to the service's organization.
      if (spec.kind === 'program' && row.organization_id !== undefined && nested.organization_id === undefined) extraLinks.organization_id = row.organization_id;
      const id = this.entity(spec.kind, nested, `${p}.${key}`, extraLinks);
      if (id !== undefined) row[spec.parentField] = id;
    }
    const id = row.id === undefined ? undefined : String(row.id);
    if (id === undefined || id === '') {
      this.ds.errors.push({ where: { file: this.file, path: p }, column: 'id', message: `a ${kind} without an id` });
      return undefined;
    }
    row.id = id;
    this.put(kind, row, { file: this.file, path: p });
    for (const [key, child] of Object.entries(CHILDREN[kind] ?? {})) {
      const list = o[key];
      if (!Array.isArray(list)) continue;
      list.forEach((item, i) => {
        if (isObject(item)) this.entity(child.kind, item, `${p}.${key}[${i}]`, child.link ? { [child.link]: id } : {});
      });
    }
    if (Array.isArray(o.attributes)) {
      o.attributes.forEach((a, i) => {
        if (isObject(a)) this.entity('attribute', a, `${p}.attributes[${i}]`, { link_id: id, ...(a.link_entity ? {} : { link_entity: kind }) });
      });
    }
    if (Array.isArray(o.metadata)) {
      o.metadata.forEach((m, i) => {
        if (isObject(m)) this.entity('metadata', m, `${p}.metadata[${i}]`, { resource_id: id, ...(m.resource_type ? {} : { resource_type: kind }) });
      });
    }
    return id;
  }

  /** The same record seen from several places (a phone under its contact and under its location) is one record. */
  private put(kind: string, row: HsdsRow, where: Where) {
    let byId = this.index.get(kind);
    if (!byId) this.index.set(kind, (byId = new Map()));
    const existing = byId.get(String(row.id));
    if (!existing) {
      byId.set(String(row.id), { row, where });
      return;
    }
    for (const [k, v] of Object.entries(row)) {
      const before = existing.row[k];
      if (before === undefined) existing.row[k] = v;
      else if (String(before) !== String(v)) {
        this.ds.warnings.push({ where, column: k, message: `${kind} ${row.id} appears again with a different ${k}; the first (${String(before).slice(0, 60)}) is kept` });
      }
    }
  }

  flush() {
    for (const [kind, byId] of this.index) for (const { row, where } of byId.values()) this.ds.add(kind, row, where);
  }
}

function readJsonFile(full: string, name: string, ds: HsdsDataset, tables: RawTable[]): void {
  let data: Json;
  try {
    data = JSON.parse(readText(full, name, ds)) as Json;
  } catch (err) {
    ds.errors.push({ where: { file: name }, message: `not valid JSON: ${(err as Error).message}` });
    return;
  }
  // The tabular layout: { "organizations.csv": [ {…}, … ], … }
  if (isObject(data) && Object.keys(data).length > 0 && Object.keys(data).every((k) => /\.csv$/i.test(k))) {
    for (const [file, rows] of Object.entries(data)) {
      const table: RawTable = { file: `${name} ${file}`, name: file.toLowerCase(), header: [], rows: [] };
      if (!Array.isArray(rows)) {
        ds.errors.push({ where: { file: name, path: `$["${file}"]` }, message: 'is not a list of records' });
        continue;
      }
      const header = new Set<string>();
      rows.forEach((r, i) => {
        if (!isObject(r)) {
          ds.errors.push({ where: { file: name, path: `$["${file}"][${i}]` }, message: 'is not a record' });
          return;
        }
        const values: Record<string, string | number> = {};
        for (const [k, v] of Object.entries(r)) {
          header.add(k.toLowerCase());
          if (v === null || v === '' || typeof v === 'object') continue;
          values[k.toLowerCase()] = typeof v === 'boolean' ? String(v) : v;
        }
        table.rows.push({ values, where: { file: name, path: `$["${file}"][${i}]` } });
      });
      table.header = [...header];
      tables.push(table);
    }
    return;
  }
  const flattener = new JsonFlattener(name, ds);
  const visit = (v: Json, p: string) => {
    if (Array.isArray(v)) {
      v.forEach((item, i) => visit(item, `${p}[${i}]`));
      return;
    }
    if (!isObject(v)) {
      ds.errors.push({ where: { file: name, path: p }, message: 'is not an HSDS record' });
      return;
    }
    if (Array.isArray(v.contents)) {
      visit(v.contents, `${p}.contents`);
      return;
    }
    const kind = shapeOf(v);
    if (!kind) {
      ds.warnings.push({ where: { file: name, path: p }, message: 'not an HSDS organization, service, location or taxonomy term; skipped' });
      return;
    }
    flattener.entity(kind, v, p);
  };
  visit(data, '$');
  flattener.flush();
}

/** Numbers in number fields, text in text fields; a value that is not a number is an error. */
function coerce(ds: HsdsDataset): void {
  for (const [kind, rows] of ds.tables) {
    const def = RESOURCE_BY_KIND.get(kind);
    if (!def) continue;
    const types = new Map(def.fields.map((f) => [f.name, f.type]));
    for (const { row, where } of rows) {
      for (const [k, v] of Object.entries(row)) {
        const type = types.get(k);
        if (type === 'number') {
          if (typeof v === 'number') continue;
          const s = v.trim();
          if (s === '') delete row[k];
          else if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) row[k] = Number(s);
          else ds.errors.push({ where, column: k, message: `"${v}" is not a number` });
        } else if (typeof v === 'number') row[k] = String(v);
      }
    }
  }
}
