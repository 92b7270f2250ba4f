/**
 * What Village adds to Open Referral data, written the HSDS 3 way: a "Village" taxonomy whose
 * terms are attached to organizations, services and contacts as attributes. So a partner's sector,
 * mission, status and schools served, a service's need category and capacity, and a contact being a
 * champion travel in any HSDS 3 file and come back on import.
 */
import { createHash, randomUUID } from 'node:crypto';
import { NEED_CATEGORIES, SECTORS } from '../vocab.ts';
import type { HsdsRow } from './resources.ts';

// Village's own namespace for name-based UUIDs (RFC 4122 version 5).
const NAMESPACE = Buffer.from('3b0f6d2ea9c54f7c8e1d27b64a90c5e1', 'hex');

/** A UUID that is always the same for the same name (version 5). */
export function nameUuid(name: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest();
  const b = hash.subarray(0, 16);
  b[6] = (b[6] & 0x0f) | 0x50;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const newHsdsId = (): string => randomUUID();

export const VILLAGE_TAXONOMY_ID = nameUuid('taxonomy');

export type VillageTerm =
  | { code: `sector:${string}`; field: 'sector'; value: string }
  | { code: `need:${string}`; field: 'category'; value: string }
  | { code: 'mission' | 'partner_status' | 'capacity' | 'serves_school' | 'champion'; field: 'mission' | 'partner_status' | 'capacity' | 'serves_school' | 'champion'; value?: undefined };

const TERMS: Array<VillageTerm & { description: string }> = [
  ...SECTORS.map((s) => ({ code: `sector:${s}` as const, field: 'sector' as const, value: s, description: `Kind of partner: ${s.replace(/_/g, ' ')}` })),
  ...NEED_CATEGORIES.map((c) => ({ code: `need:${c}` as const, field: 'category' as const, value: c, description: `Need category a service meets: ${c.replace(/_/g, ' ')}` })),
  { code: 'mission', field: 'mission', description: "The organization's mission, in its own words (the attribute's value)" },
  { code: 'partner_status', field: 'partner_status', description: 'Whether the partner is active or inactive in the district (the value)' },
  { code: 'capacity', field: 'capacity', description: 'How many more students or families the service can take (the value)' },
  { code: 'serves_school', field: 'serves_school', description: 'A school the organization serves (the value is the school code)' },
  { code: 'champion', field: 'champion', description: 'The contact is a champion of the partnership (the value says why)' },
];

export const termId = (code: string): string => nameUuid(`term:${code}`);
const TERM_BY_ID = new Map(TERMS.map((t) => [termId(t.code), t]));

export function villageTermFor(taxonomyTermId: string): VillageTerm | undefined {
  return TERM_BY_ID.get(taxonomyTermId);
}

export function villageTaxonomyRows(): { taxonomy: HsdsRow; terms: HsdsRow[] } {
  return {
    taxonomy: {
      id: VILLAGE_TAXONOMY_ID,
      name: 'Village',
      description: 'Terms Village uses for what Open Referral does not name: kind of partner, need category, mission, capacity, schools served, champions.',
      version: '1',
    },
    terms: TERMS.map((t) => ({ id: termId(t.code), code: t.code, name: t.code, description: t.description, taxonomy: 'Village', taxonomy_id: VILLAGE_TAXONOMY_ID })),
  };
}

/** An attribute row attaching a Village term to a record. */
export function villageAttribute(linkEntity: 'organization' | 'service' | 'contact', linkId: string, code: string, value?: string | null, key = code): HsdsRow {
  const row: HsdsRow = {
    id: nameUuid(`attribute:${linkEntity}:${linkId}:${key}`),
    link_id: linkId,
    taxonomy_term_id: termId(code),
    link_type: 'village',
    link_entity: linkEntity,
  };
  if (value !== undefined && value !== null && value !== '') row.value = value;
  return row;
}
