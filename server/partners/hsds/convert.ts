/**
 * Turns the tables of a file set into HSDS 3.0 rows. 3.0 tables pass through; HSDS 1.x tables (the
 * 1.1 data package, the Ohana API export) are converted: renamed columns, addresses split by kind,
 * regular and holiday schedules, eligibility, service taxonomy, services hung off locations, lists
 * in one cell. A column with no place in HSDS 3.0 is reported once per file, never silently dropped.
 */
import { isValid, parse as parseDate } from 'date-fns';
import { HsdsDataset, RESOURCE_BY_KIND, type HsdsRow, type Where } from './resources.ts';
import { nameUuid } from './village-terms.ts';
import { languageCode } from './infer.ts';

export interface RawTable {
  /** How to name the file in messages. */
  file: string;
  /** The file's base name, lower case (e.g. services.csv). */
  name: string;
  header: string[];
  rows: Array<{ values: Record<string, string | number>; where: Where }>;
}

type Values = Record<string, string | number>;

interface Ctx {
  ds: HsdsDataset;
  tables: Map<string, RawTable>;
  /** Ids already taken per kind, and by which table, so tables merged into one kind do not collide. */
  taken: Map<string, Map<string, string>>;
  /** Words that hint at a service's need category (1.x keywords, taxonomy names). */
  hints: Map<string, string[]>;
}

const str = (v: string | number | undefined): string | undefined => (v === undefined || v === '' ? undefined : String(v));
const splitList = (v: string | number | undefined): string[] =>
  str(v) === undefined ? [] : String(v).split(/\s*[,;]\s*/).map((s) => s.trim()).filter(Boolean);

const WEEKDAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
function weekdayCode(v: string | number | undefined): string | undefined {
  const s = str(v)?.trim().toLowerCase();
  if (!s) return undefined;
  if (/^[1-7]$/.test(s)) return WEEKDAY_CODES[Number(s) - 1];
  const i = ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'].indexOf(s.slice(0, 2));
  return i >= 0 ? WEEKDAY_CODES[i] : undefined;
}

/** Dates as 1.x files wrote them (2019-12-24, 12/24/2015, 12/24/15, January 01, 2015) → YYYY-MM-DD. */
export function normaliseDate(v: string | number | undefined): string | undefined {
  const s = str(v)?.trim();
  if (!s) return undefined;
  if (/^\d{4}-\d{2}-\d{2}/.test(s)) return s.slice(0, 10);
  for (const f of ['MM/dd/yyyy', 'M/d/yyyy', 'MM/dd/yy', 'M/d/yy', 'MMMM dd, yyyy', 'MMMM d, yyyy', 'MMM d, yyyy']) {
    const d = parseDate(s, f, new Date(2000, 0, 1));
    if (isValid(d) && d.getFullYear() >= 1900) return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  }
  return undefined;
}

/** Times as 1.x files wrote them (9am, 4:00 PM, 08:00) → HH:MM (or HH:MM:SS when seconds were given). */
export function normaliseTime(v: string | number | undefined): string | undefined {
  const s = str(v)?.trim().toLowerCase();
  if (!s) return undefined;
  const m = /^(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$/.exec(s);
  if (!m) return undefined;
  let h = Number(m[1]);
  const pm = m[4]?.startsWith('p');
  if (m[4] && h === 12) h = pm ? 12 : 0;
  else if (pm) h += 12;
  if (h > 23 || Number(m[2] ?? 0) > 59) return undefined;
  return `${String(h).padStart(2, '0')}:${m[2] ?? '00'}${m[3] ? `:${m[3]}` : ''}`;
}

const timeFields = (ctx: Ctx) => {
  const one = (field: string) => (v: string | number, out: HsdsRow, values: Values, where: Where) => {
    const t = normaliseTime(v);
    if (t) out[field] = t;
    else ctx.ds.warnings.push({ where, column: field, message: `"${v}" is not a time Village can read; not kept` });
  };
  return { opens_at: one('opens_at'), closes_at: one('closes_at') };
};

function addRow(ctx: Ctx, kind: string, table: RawTable, row: HsdsRow, where: Where): void {
  const id = str(row.id);
  if (id !== undefined) {
    let taken = ctx.taken.get(kind);
    if (!taken) ctx.taken.set(kind, (taken = new Map()));
    const by = taken.get(id);
    // Two 1.x tables that become one 3.0 table (regular and holiday schedules, physical and postal
    // addresses) may reuse ids: the later table's record gets an id derived from its own.
    if (by !== undefined && by !== table.name) row.id = nameUuid(`${table.name}:${id}`);
    taken.set(String(row.id), table.name);
  }
  ctx.ds.add(kind, row, where);
}

/**
 * Copies a table's rows into a kind: columns of the 3.0 resource pass through, `renames` maps 1.x
 * names, `special` handles columns that need more than a rename, and anything else is reported.
 */
function mapTable(
  ctx: Ctx,
  table: RawTable,
  kind: string,
  options: {
    renames?: Record<string, string>;
    special?: Record<string, (value: string | number, out: HsdsRow, values: Values, where: Where) => void>;
    defaults?: (out: HsdsRow, values: Values) => void;
    after?: (out: HsdsRow, values: Values, where: Where) => void;
  } = {},
): void {
  const def = RESOURCE_BY_KIND.get(kind);
  const known = new Set(def?.fields.map((f) => f.name) ?? table.header);
  const unknown = new Set<string>();
  for (const { values, where } of table.rows) {
    const out: HsdsRow = {};
    for (const [col, value] of Object.entries(values)) {
      if (options.special?.[col]) options.special[col](value, out, values, where);
      else if (options.renames?.[col]) out[options.renames[col]] = value;
      else if (known.has(col)) out[col] = value;
      else unknown.add(col);
    }
    options.defaults?.(out, values);
    options.after?.(out, values, where);
    addRow(ctx, kind, table, out, where);
  }
  for (const col of table.header) {
    if (!table.rows.some((r) => r.values[col] !== undefined)) continue;
    if (unknown.has(col)) {
      ctx.ds.warnings.push({ where: { file: table.file }, column: col, message: `HSDS 3.0 has no field "${col}" in ${kind} records; its values were not kept` });
    }
  }
}

const derived = (...parts: Array<string | number | undefined>) => nameUuid(parts.map((p) => String(p ?? '')).join(':'));

function listRows(ctx: Ctx, table: RawTable, kind: string, parent: { field: string; id: string }, items: string[], make: (item: string) => HsdsRow, where: Where) {
  for (const item of items) addRow(ctx, kind, table, { id: derived(table.name, kind, parent.id, item), [parent.field]: parent.id, ...make(item) }, where);
}

function languageRow(item: string): HsdsRow {
  const code = languageCode(item);
  return { name: item, ...(code ? { code } : {}) };
}

const CONVERTERS: Record<string, (ctx: Ctx, t: RawTable) => void> = {
  'organizations.csv': (ctx, t) =>
    mapTable(ctx, t, 'organization', {
      renames: { url: 'website' },
      special: {
        date_incorporated: (v, out) => {
          const d = normaliseDate(v);
          if (d) out.year_incorporated = d.slice(0, 4);
        },
        funding_sources: (v, out, values, where) =>
          listRows(ctx, t, 'funding', { field: 'organization_id', id: String(values.id) }, splitList(v), (s) => ({ source: s }), where),
      },
    }),
  'programs.csv': (ctx, t) =>
    mapTable(ctx, t, 'program', {
      // HSDS 3 requires a description; 1.x programs had none.
      defaults: (out) => {
        if (out.description === undefined && out.name !== undefined) out.description = out.alternate_name ?? out.name;
      },
    }),
  'services.csv': (ctx, t) => {
    const locations = ctx.tables.get('locations.csv');
    const orgOfLocation = new Map(locations?.rows.map((r) => [String(r.values.id), r.values.organization_id]) ?? []);
    mapTable(ctx, t, 'service', {
      renames: { website: 'url' },
      special: {
        // 1.x: eligibility and fees were free text; 3.0 calls them eligibility_description and fees_description.
        eligibility: (v, out) => {
          out.eligibility_description = out.eligibility_description ? `${v}. ${out.eligibility_description}` : v;
        },
        audience: (v, out) => {
          out.eligibility_description = out.eligibility_description ? `${out.eligibility_description}. ${v}` : v;
        },
        fees: (v, out) => {
          if (t.header.includes('fees_description')) out.fees = v;
          else out.fees_description = v;
        },
        // Ohana: a service hangs off a location; in 3.0 it belongs to the location's organization
        // and is offered at that location.
        location_id: (v, out, values, where) => {
          if (values.organization_id === undefined && orgOfLocation.get(String(v)) !== undefined) out.organization_id = orgOfLocation.get(String(v))!;
          addRow(ctx, 'service_at_location', t, { id: derived('service_at_location', values.id, v), service_id: String(values.id), location_id: String(v) }, where);
        },
        languages: (v, out, values, where) => listRows(ctx, t, 'language', { field: 'service_id', id: String(values.id) }, splitList(v), languageRow, where),
        required_documents: (v, out, values, where) =>
          listRows(ctx, t, 'required_document', { field: 'service_id', id: String(values.id) }, [String(v)], (s) => ({ document: s }), where),
        service_areas: (v, out, values, where) =>
          listRows(ctx, t, 'service_area', { field: 'service_id', id: String(values.id) }, splitList(v), (s) => ({ name: s }), where),
        funding_sources: (v, out, values, where) =>
          listRows(ctx, t, 'funding', { field: 'service_id', id: String(values.id) }, splitList(v), (s) => ({ source: s }), where),
        keywords: (v, out, values) => hint(ctx, String(values.id), String(v)),
        taxonomy_ids: (v, out, values, where) => {
          for (const term of splitList(v)) {
            addRow(ctx, 'attribute', t, { id: derived('attribute', values.id, term), link_id: String(values.id), link_entity: 'service', taxonomy_term_id: term }, where);
          }
        },
      },
    });
  },
  'attributes.csv': (ctx, t) => mapTable(ctx, t, 'attribute'),
  'service_at_location.csv': (ctx, t) => mapTable(ctx, t, 'service_at_location'),
  'services_at_location.csv': (ctx, t) => mapTable(ctx, t, 'service_at_location'),
  'locations.csv': (ctx, t) =>
    mapTable(ctx, t, 'location', {
      renames: { website: 'url' },
      special: {
        virtual: (v, out) => {
          if (String(v).toLowerCase() === 'true') out.location_type = 'virtual';
        },
        short_desc: (v, out, values) => {
          if (values.description === undefined) out.description = v;
        },
        accessibility: (v, out, values, where) =>
          listRows(ctx, t, 'accessibility', { field: 'location_id', id: String(values.id) }, splitList(v), (s) => ({ description: s }), where),
        languages: (v, out, values, where) => listRows(ctx, t, 'language', { field: 'location_id', id: String(values.id) }, splitList(v), languageRow, where),
      },
      // 1.x locations had no type; a place with an address is physical.
      defaults: (out) => {
        if (out.location_type === undefined && !t.header.includes('location_type')) out.location_type = 'physical';
      },
    }),
  'phones.csv': (ctx, t) =>
    mapTable(ctx, t, 'phone', {
      renames: { number_type: 'type' },
      special: {
        language: (v, out, values, where) => listRows(ctx, t, 'language', { field: 'phone_id', id: String(values.id) }, splitList(v), languageRow, where),
      },
    }),
  'contacts.csv': (ctx, t) => mapTable(ctx, t, 'contact'),
  'addresses.csv': (ctx, t) => mapTable(ctx, t, 'address', { defaults: addressDefaults(t, 'physical') }),
  'physical_addresses.csv': (ctx, t) => mapTable(ctx, t, 'address', { defaults: addressDefaults(t, 'physical'), special: addressLines }),
  'postal_addresses.csv': (ctx, t) => mapTable(ctx, t, 'address', { defaults: addressDefaults(t, 'postal'), special: addressLines }),
  'mail_addresses.csv': (ctx, t) => mapTable(ctx, t, 'address', { defaults: addressDefaults(t, 'postal'), special: addressLines }),
  'schedules.csv': (ctx, t) => mapTable(ctx, t, 'schedule'),
  'regular_schedules.csv': (ctx, t) =>
    mapTable(ctx, t, 'schedule', {
      special: {
        ...timeFields(ctx),
        weekday: (v, out, values, where) => {
          const code = weekdayCode(v);
          if (code) {
            out.byday = code;
            out.freq = 'WEEKLY';
          } else ctx.ds.warnings.push({ where, column: 'weekday', message: `"${v}" is not a day of the week; the day was not kept` });
        },
      },
    }),
  'holiday_schedules.csv': (ctx, t) =>
    mapTable(ctx, t, 'schedule', {
      special: {
        ...timeFields(ctx),
        start_date: (v, out, values, where) => dateInto(ctx, out, 'valid_from', v, where, 'start_date'),
        end_date: (v, out, values, where) => dateInto(ctx, out, 'valid_to', v, where, 'end_date'),
        closed: (v, out) => {
          out.description = String(v).toLowerCase() === 'true' ? 'Closed (holiday)' : 'Holiday hours';
        },
      },
    }),
  'funding.csv': (ctx, t) => mapTable(ctx, t, 'funding'),
  'service_areas.csv': (ctx, t) => mapTable(ctx, t, 'service_area', { renames: { service_area: 'name' } }),
  'required_documents.csv': (ctx, t) => mapTable(ctx, t, 'required_document'),
  'languages.csv': (ctx, t) =>
    mapTable(ctx, t, 'language', {
      special: {
        language: (v, out) => Object.assign(out, languageRow(String(v))),
      },
    }),
  'accessibility.csv': (ctx, t) => mapTable(ctx, t, 'accessibility'),
  'accessibility_for_disabilities.csv': (ctx, t) => mapTable(ctx, t, 'accessibility', { renames: { accessibility: 'description' } }),
  'taxonomy_terms.csv': (ctx, t) => mapTable(ctx, t, 'taxonomy_term'),
  'taxonomy.csv': (ctx, t) =>
    mapTable(ctx, t, 'taxonomy_term', {
      renames: { taxonomy_id: 'id', vocabulary: 'taxonomy' },
      special: { parent_name: () => {} },
      // HSDS 3 requires a description; 1.x taxonomies had only names.
      defaults: (out) => {
        if (out.description === undefined && out.name !== undefined) out.description = out.name;
      },
    }),
  'taxonomies.csv': (ctx, t) => mapTable(ctx, t, 'taxonomy'),
  'metadata.csv': (ctx, t) =>
    mapTable(ctx, t, 'metadata', {
      defaults: (out) => {
        if (out.resource_type === undefined && out.resource_id !== undefined) out.resource_type = kindOfId(ctx, String(out.resource_id)) ?? 'unknown';
      },
    }),
  'meta_table_descriptions.csv': (ctx, t) => mapTable(ctx, t, 'meta_table_description'),
  'cost_options.csv': (ctx, t) => mapTable(ctx, t, 'cost_option'),
  'organization_identifiers.csv': (ctx, t) => mapTable(ctx, t, 'organization_identifier'),
  // 1.1: eligibility as its own table; 3.0 keeps it on the service.
  'eligibility.csv': (ctx, t) => {
    const services = ctx.ds.rows('service');
    for (const { values, where } of t.rows) {
      const svc = services.find((s) => String(s.row.id) === String(values.service_id));
      if (!svc || values.eligibility === undefined) {
        ctx.ds.warnings.push({ where, message: `eligibility for service ${values.service_id ?? '(none)'}, which is not in the files; not kept` });
        continue;
      }
      const before = svc.row.eligibility_description;
      svc.row.eligibility_description = before ? `${before}; ${values.eligibility}` : values.eligibility;
    }
  },
  'services_taxonomy.csv': (ctx, t) =>
    mapTable(ctx, t, 'attribute', {
      renames: { service_id: 'link_id', taxonomy_id: 'taxonomy_term_id', taxonomy_detail: 'value' },
      defaults: (out) => {
        out.link_entity = 'service';
      },
    }),
  'payments_accepted.csv': (ctx, t) => {
    if (t.rows.length) ctx.ds.warnings.push({ where: { file: t.file }, message: `HSDS 3.0 has no payments accepted; ${t.rows.length} row(s) not kept` });
  },
};

// Order matters: services need locations (Ohana), eligibility needs services, metadata needs everything.
const ORDER = Object.keys(CONVERTERS);

const addressLines = {
  address_3: (v: string | number, out: HsdsRow) => {
    out.address_2 = out.address_2 ? `${out.address_2}, ${v}` : v;
  },
  address_4: (v: string | number, out: HsdsRow) => {
    out.address_2 = out.address_2 ? `${out.address_2}, ${v}` : v;
  },
};

function addressDefaults(t: RawTable, type: 'physical' | 'postal') {
  return (out: HsdsRow) => {
    if (out.address_type === undefined && !t.header.includes('address_type')) out.address_type = type;
  };
}

function dateInto(ctx: Ctx, out: HsdsRow, field: string, v: string | number, where: Where, column: string) {
  const d = normaliseDate(v);
  if (d) out[field] = d;
  else ctx.ds.warnings.push({ where, column, message: `"${v}" is not a date Village can read; not kept` });
}

function hint(ctx: Ctx, serviceId: string, text: string) {
  const list = ctx.hints.get(serviceId) ?? [];
  list.push(text);
  ctx.hints.set(serviceId, list);
}

function kindOfId(ctx: Ctx, id: string): string | undefined {
  for (const [kind, rows] of ctx.ds.tables) if (rows.some((r) => String(r.row.id) === id)) return kind;
  return undefined;
}

export function convertTables(tables: RawTable[], ds: HsdsDataset): void {
  const byName = new Map<string, RawTable>();
  const ctx: Ctx = { ds, tables: byName, taken: new Map(), hints: categoryHints(ds) };
  const unknown: RawTable[] = [];
  for (const t of tables) {
    if (CONVERTERS[t.name]) {
      const other = byName.get(t.name);
      if (other) ds.errors.push({ where: { file: t.file }, message: `a second ${t.name} (the first is ${other.file}); give one folder or file per data set` });
      else byName.set(t.name, t);
    } else unknown.push(t);
  }
  for (const name of ORDER) {
    const t = byName.get(name);
    if (t) CONVERTERS[name](ctx, t);
  }
  // Tables Village does not know (HSDS 3.1 additions, extensions) are kept as they are.
  for (const t of unknown) {
    const kind = t.name.replace(/\.csv$/, '');
    ds.unknownFields.set(kind, t.header);
    ds.warnings.push({ where: { file: t.file }, message: `not an HSDS 3.0 table; its ${t.rows.length} row(s) are kept as they are` });
    for (const { values, where } of t.rows) ds.add(kind, { ...values }, where);
  }
}

const HINTS = new WeakMap<HsdsDataset, Map<string, string[]>>();
/** Keywords per service id that 1.x files gave, for guessing need categories. */
export function categoryHints(ds: HsdsDataset): Map<string, string[]> {
  let h = HINTS.get(ds);
  if (!h) HINTS.set(ds, (h = new Map()));
  return h;
}
