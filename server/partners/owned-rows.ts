/**
 * The Open Referral records Village keeps as they came (partner_hsds_rows) that the directory also
 * shows and edits: a service's schedule, a location's address, a contact's phone. Village edits the
 * first such record of its owner and leaves any others as they are.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { HsdsRow } from './hsds/resources.ts';
import { parseExtra } from './hsds/mapping.ts';
import { newHsdsId } from './hsds/village-terms.ts';

type Tx = Kysely<Database> | Transaction<Database>;

export async function ownedRows(db: Tx, districtId: number, kind: string, ownerExtIds: string[]): Promise<Map<string, HsdsRow[]>> {
  const out = new Map<string, HsdsRow[]>();
  if (ownerExtIds.length === 0) return out;
  for (let i = 0; i < ownerExtIds.length; i += 500) {
    const rows = await db
      .selectFrom('partner_hsds_rows')
      .select(['owner_ext_id', 'ext_id', 'data'])
      .where('district_id', '=', districtId)
      .where('kind', '=', kind)
      .where('owner_ext_id', 'in', ownerExtIds.slice(i, i + 500))
      .execute();
    rows.sort((a, b) => (a.ext_id < b.ext_id ? -1 : a.ext_id > b.ext_id ? 1 : 0));
    for (const r of rows) {
      const list = out.get(r.owner_ext_id!) ?? [];
      list.push(parseExtra(r.data));
      out.set(r.owner_ext_id!, list);
    }
  }
  return out;
}

/**
 * Sets fields of the owner's first record of this kind (creating it when there is none), or removes
 * that record when `patch` is null.
 */
export async function setFirstOwnedRow(
  db: Tx,
  where: { districtId: number; partnerId: number | null; kind: string; ownerField: string; ownerExtId: string },
  patch: HsdsRow | null,
): Promise<void> {
  const existing = await db
    .selectFrom('partner_hsds_rows')
    .select(['id', 'ext_id', 'data'])
    .where('district_id', '=', where.districtId)
    .where('kind', '=', where.kind)
    .where('owner_ext_id', '=', where.ownerExtId)
    .execute();
  existing.sort((a, b) => (a.ext_id < b.ext_id ? -1 : a.ext_id > b.ext_id ? 1 : 0));
  const first = existing[0];
  if (patch === null) {
    if (first) await db.deleteFrom('partner_hsds_rows').where('id', '=', first.id).execute();
    return;
  }
  if (first) {
    const data = { ...parseExtra(first.data) };
    for (const [k, v] of Object.entries(patch)) {
      if (v === '' || v === undefined) delete data[k];
      else data[k] = v;
    }
    await db.updateTable('partner_hsds_rows').set({ data: JSON.stringify(data) }).where('id', '=', first.id).execute();
    return;
  }
  const id = newHsdsId();
  const data: HsdsRow = { id, [where.ownerField]: where.ownerExtId };
  for (const [k, v] of Object.entries(patch)) if (v !== '' && v !== undefined) data[k] = v;
  await db
    .insertInto('partner_hsds_rows')
    .values({ district_id: where.districtId, partner_id: where.partnerId, kind: where.kind, ext_id: id, owner_ext_id: where.ownerExtId, data: JSON.stringify(data) })
    .execute();
}

const DAY_NAMES: Record<string, string> = { MO: 'Mon', TU: 'Tue', WE: 'Wed', TH: 'Thu', FR: 'Fri', SA: 'Sat', SU: 'Sun' };
const hhmm = (t: string | number | undefined) => (t === undefined ? undefined : String(t).slice(0, 5));

/** A one-line summary of a record's schedules: their descriptions, or days and hours. */
export function scheduleSummary(rows: HsdsRow[] | undefined): string | null {
  if (!rows?.length) return null;
  const parts = rows.map((r) => {
    if (r.description) return String(r.description);
    const days = r.byday ? String(r.byday).split(',').map((d) => DAY_NAMES[d.trim()] ?? d.trim()).join(', ') : '';
    const hours = r.opens_at || r.closes_at ? `${hhmm(r.opens_at) ?? '?'}–${hhmm(r.closes_at) ?? '?'}` : '';
    return [days, hours].filter(Boolean).join(' ');
  });
  return parts.filter(Boolean).join('; ') || null;
}

/** The first address of a location, on one line. */
export function addressLine(rows: HsdsRow[] | undefined): string | null {
  const a = rows?.[0];
  if (!a) return null;
  const cityLine = [a.city, [a.state_province, a.postal_code].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  return [a.address_1, a.address_2, cityLine].filter(Boolean).join(', ') || null;
}
