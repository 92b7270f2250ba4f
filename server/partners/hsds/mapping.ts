/**
 * Which Open Referral fields Village keeps in its own columns, for each record it models; the
 * other fields of the record travel in its hsds_extra JSON, so an export gives back every field an
 * import was given.
 */
import type { HsdsRow } from './resources.ts';

/** HSDS field → column, per kind. `id` ↔ ext_id and links to other records are handled apart. */
export const COLUMNS = {
  organization: { name: 'name', alternate_name: 'alternate_name', description: 'description', email: 'email', website: 'website' },
  service: {
    name: 'name',
    alternate_name: 'alternate_name',
    description: 'description',
    status: 'status',
    eligibility_description: 'eligibility',
    minimum_age: 'minimum_age',
    maximum_age: 'maximum_age',
    fees_description: 'cost',
    url: 'url',
    email: 'email',
  },
  location: { location_type: 'location_type', name: 'name', description: 'description', latitude: 'latitude', longitude: 'longitude' },
  service_at_location: { description: 'description' },
  contact: { name: 'name', title: 'title', department: 'department', email: 'email' },
  language: { code: 'code', name: 'name', note: 'note' },
} as const;

export type ModelledKind = keyof typeof COLUMNS;

/** Links Village resolves to its own ids (and so keeps out of hsds_extra). */
export const LINKS: Record<ModelledKind, string[]> = {
  organization: [],
  service: ['organization_id'],
  location: ['organization_id'],
  service_at_location: ['service_id', 'location_id'],
  contact: [],
  language: ['service_id'],
};

export function splitRow(kind: ModelledKind, row: HsdsRow): { columns: Record<string, string | number | null>; extra: HsdsRow } {
  const map = COLUMNS[kind] as Record<string, string>;
  const columns: Record<string, string | number | null> = {};
  for (const column of Object.values(map)) columns[column] = null;
  const extra: HsdsRow = {};
  for (const [field, value] of Object.entries(row)) {
    if (field === 'id' || LINKS[kind].includes(field)) continue;
    if (map[field]) columns[map[field]] = value;
    else extra[field] = value;
  }
  return { columns, extra };
}

export function joinRow(kind: ModelledKind, extId: string, record: Record<string, unknown>, extraJson: string, links: HsdsRow = {}): HsdsRow {
  const map = COLUMNS[kind] as Record<string, string>;
  const row: HsdsRow = { id: extId, ...links };
  for (const [field, column] of Object.entries(map)) {
    const v = record[column];
    if (v !== null && v !== undefined && v !== '') row[field] = v as string | number;
  }
  const extra = parseExtra(extraJson);
  for (const [k, v] of Object.entries(extra)) if (row[k] === undefined) row[k] = v;
  return row;
}

export function parseExtra(json: string | null | undefined): HsdsRow {
  if (!json) return {};
  try {
    const v = JSON.parse(json);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as HsdsRow) : {};
  } catch {
    return {};
  }
}
