/**
 * The Open Referral HSDS 3.0 tabular layout as Village reads and writes it: each resource (table),
 * its file, its fields (type, required), which fields refer to other resources, and which link
 * names the record a row belongs to.
 */

export type FieldType = 'string' | 'number' | 'date' | 'datetime' | 'time';

export interface FieldDef {
  name: string;
  type: FieldType;
  required?: boolean;
  values?: readonly string[];
}

export interface RefDef {
  field: string;
  kind: string;
  /** A required reference must resolve; an optional one that does not is dropped with a warning. */
  required: boolean;
}

export interface ResourceDef {
  kind: string;
  file: string;
  fields: FieldDef[];
  refs: RefDef[];
  /** Link fields naming the record this row belongs to, most specific first. */
  owner: string[];
}

/** Compact field lists: `name`, `name!` (required), `name:number`, `name!:date`… */
function fields(spec: string, values: Record<string, readonly string[]> = {}): FieldDef[] {
  return spec
    .trim()
    .split(/\s+/)
    .map((token) => {
      const [head, type = 'string'] = token.split(':');
      const required = head.endsWith('!');
      const name = required ? head.slice(0, -1) : head;
      return { name, type: type as FieldType, ...(required ? { required } : {}), ...(values[name] ? { values: values[name] } : {}) };
    });
}

const opt = (field: string, kind: string): RefDef => ({ field, kind, required: false });
const req = (field: string, kind: string): RefDef => ({ field, kind, required: true });

export const SERVICE_STATUS_VALUES = ['active', 'inactive', 'defunct', 'temporarily closed'] as const;
export const LOCATION_TYPES = ['physical', 'postal', 'virtual'] as const;
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

export const RESOURCES: ResourceDef[] = [
  {
    kind: 'organization',
    file: 'organizations.csv',
    fields: fields('id! name! alternate_name description! email website tax_status tax_id year_incorporated:number legal_status logo uri parent_organization_id'),
    refs: [],
    owner: [],
  },
  {
    kind: 'program',
    file: 'programs.csv',
    fields: fields('id! organization_id! name! alternate_name description!'),
    refs: [req('organization_id', 'organization')],
    owner: ['organization_id'],
  },
  {
    kind: 'service',
    file: 'services.csv',
    fields: fields(
      'id! organization_id! program_id name! alternate_name description url email status! interpretation_services application_process fees_description wait_time fees accreditations eligibility_description minimum_age:number maximum_age:number assured_date:date assurer_email licenses alert last_modified:datetime',
      { status: SERVICE_STATUS_VALUES },
    ),
    refs: [req('organization_id', 'organization'), opt('program_id', 'program')],
    owner: ['organization_id'],
  },
  {
    kind: 'attribute',
    file: 'attributes.csv',
    fields: fields('id! link_id! taxonomy_term_id! link_type link_entity! value'),
    refs: [req('taxonomy_term_id', 'taxonomy_term')],
    owner: ['link_id'],
  },
  {
    kind: 'service_at_location',
    file: 'service_at_location.csv',
    fields: fields('id! service_id! location_id! description'),
    refs: [req('service_id', 'service'), req('location_id', 'location')],
    owner: ['service_id'],
  },
  {
    kind: 'location',
    file: 'locations.csv',
    fields: fields('id! location_type! url organization_id name alternate_name description transportation latitude:number longitude:number external_identifier external_identifier_type', { location_type: LOCATION_TYPES }),
    refs: [opt('organization_id', 'organization')],
    owner: ['organization_id'],
  },
  {
    kind: 'phone',
    file: 'phones.csv',
    fields: fields('id! location_id service_id organization_id contact_id service_at_location_id number! extension:number type description'),
    refs: [opt('location_id', 'location'), opt('service_id', 'service'), opt('organization_id', 'organization'), opt('contact_id', 'contact'), opt('service_at_location_id', 'service_at_location')],
    owner: ['contact_id', 'service_at_location_id', 'service_id', 'location_id', 'organization_id'],
  },
  {
    kind: 'contact',
    file: 'contacts.csv',
    fields: fields('id! organization_id service_id service_at_location_id location_id name title department email'),
    refs: [opt('organization_id', 'organization'), opt('service_id', 'service'), opt('service_at_location_id', 'service_at_location'), opt('location_id', 'location')],
    owner: ['organization_id', 'service_id', 'service_at_location_id', 'location_id'],
  },
  {
    kind: 'address',
    file: 'addresses.csv',
    fields: fields('id! location_id attention address_1! address_2 city! region state_province! postal_code! country! address_type!', { address_type: LOCATION_TYPES }),
    refs: [opt('location_id', 'location')],
    owner: ['location_id'],
  },
  {
    kind: 'schedule',
    file: 'schedules.csv',
    fields: fields(
      'id! service_id location_id service_at_location_id valid_from:date valid_to:date dtstart:date timezone:number until:date count:number wkst freq interval:number byday byweekno bymonthday byyearday description opens_at:time closes_at:time schedule_link attending_type notes',
      { wkst: WEEKDAYS, freq: ['WEEKLY', 'MONTHLY'] },
    ),
    refs: [opt('service_id', 'service'), opt('location_id', 'location'), opt('service_at_location_id', 'service_at_location')],
    owner: ['service_at_location_id', 'service_id', 'location_id'],
  },
  {
    kind: 'funding',
    file: 'funding.csv',
    fields: fields('id! organization_id service_id source'),
    refs: [opt('organization_id', 'organization'), opt('service_id', 'service')],
    owner: ['service_id', 'organization_id'],
  },
  {
    kind: 'service_area',
    file: 'service_areas.csv',
    fields: fields('id! service_id name description extent extent_type uri'),
    refs: [opt('service_id', 'service')],
    owner: ['service_id'],
  },
  {
    kind: 'required_document',
    file: 'required_documents.csv',
    fields: fields('id! service_id document uri'),
    refs: [opt('service_id', 'service')],
    owner: ['service_id'],
  },
  {
    kind: 'language',
    file: 'languages.csv',
    fields: fields('id! service_id location_id phone_id name code note'),
    refs: [opt('service_id', 'service'), opt('location_id', 'location'), opt('phone_id', 'phone')],
    owner: ['service_id', 'location_id', 'phone_id'],
  },
  {
    kind: 'accessibility',
    file: 'accessibility.csv',
    fields: fields('id! location_id description details url'),
    refs: [opt('location_id', 'location')],
    owner: ['location_id'],
  },
  {
    kind: 'taxonomy_term',
    file: 'taxonomy_terms.csv',
    fields: fields('id! code name! description! parent_id taxonomy language taxonomy_id term_uri'),
    refs: [opt('taxonomy_id', 'taxonomy')],
    owner: [],
  },
  {
    kind: 'metadata',
    file: 'metadata.csv',
    fields: fields('id! resource_id! resource_type! last_action_date!:date last_action_type! field_name! previous_value! replacement_value! updated_by!'),
    refs: [],
    owner: ['resource_id'],
  },
  {
    kind: 'meta_table_description',
    file: 'meta_table_descriptions.csv',
    fields: fields('id! name language character_set'),
    refs: [],
    owner: [],
  },
  {
    kind: 'cost_option',
    file: 'cost_options.csv',
    fields: fields('id! service_id! valid_from:date valid_to:date option currency amount:number amount_description'),
    refs: [req('service_id', 'service')],
    owner: ['service_id'],
  },
  {
    kind: 'organization_identifier',
    file: 'organization_identifiers.csv',
    fields: fields('id! organization_id! identifier_scheme identifier_type! identifier!'),
    refs: [req('organization_id', 'organization')],
    owner: ['organization_id'],
  },
  {
    kind: 'taxonomy',
    file: 'taxonomies.csv',
    fields: fields('id! name! description! uri version'),
    refs: [],
    owner: [],
  },
];

export const RESOURCE_BY_KIND = new Map(RESOURCES.map((r) => [r.kind, r]));
export const RESOURCE_BY_FILE = new Map(RESOURCES.map((r) => [r.file, r]));

/** The resource a link field names, for rows of resources Village does not know (HSDS 3.1 additions). */
export function kindOfLinkField(field: string): string | null {
  const m = /^(.*)_id$/.exec(field);
  if (!m) return null;
  const kind = m[1] === 'parent_organization' ? 'organization' : m[1];
  return RESOURCE_BY_KIND.has(kind) ? kind : null;
}

/** A row of the HSDS tabular layout: field name → value (strings, numbers; absent when empty). */
export type HsdsRow = Record<string, string | number>;

/** Where a row came from, for error messages. */
export interface Where {
  file: string;
  line?: number;
  path?: string;
}

export interface SourcedRow {
  row: HsdsRow;
  where: Where;
}

export interface Problem {
  where: Where;
  column?: string;
  message: string;
}

export function describeProblem(p: Problem): string {
  const at = [p.where.file, p.where.line !== undefined ? `line ${p.where.line}` : null, p.where.path ?? null, p.column ? `column ${p.column}` : null].filter(Boolean).join(', ');
  return `${at}: ${p.message}`;
}

/** A whole data set: rows by resource kind, in the order they were read. */
export class HsdsDataset {
  readonly tables = new Map<string, SourcedRow[]>();
  /** Fields of resources Village does not know, in the order the source gave them. */
  readonly unknownFields = new Map<string, string[]>();
  readonly warnings: Problem[] = [];
  readonly errors: Problem[] = [];

  rows(kind: string): SourcedRow[] {
    let list = this.tables.get(kind);
    if (!list) {
      list = [];
      this.tables.set(kind, list);
    }
    return list;
  }

  add(kind: string, row: HsdsRow, where: Where): void {
    this.rows(kind).push({ row, where });
  }

  count(): number {
    let n = 0;
    for (const list of this.tables.values()) n += list.length;
    return n;
  }
}
