/**
 * What an account can be linked to: a teacher's or staff member's roster record, and a partner
 * staff member's organisation. The partner directory belongs to the partners capability; until its
 * table exists, a partner is linked by id alone and no names are shown.
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { DialectSeam } from '../db/seam.ts';

const partnersTableSeen = new WeakSet<object>();

/** Whether the partner directory (a `partners` table with id, district_id and name) exists. */
export async function partnerDirectoryAvailable(db: Db): Promise<boolean> {
  if (partnersTableSeen.has(db)) return true;
  const tables = await db.introspection.getTables();
  const partners = tables.find((t) => t.name === 'partners');
  const ok = !!partners && ['id', 'district_id', 'name'].every((c) => partners.columns.some((col) => col.name === c));
  if (ok) partnersTableSeen.add(db);
  return ok;
}

export async function partnerNames(db: Db, districtId: number, ids: number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  if (ids.length === 0 || !(await partnerDirectoryAvailable(db))) return out;
  const { rows } = await sql<{ id: number; name: string }>`select id, name from partners where district_id = ${districtId} and id in (${sql.join(ids)})`.execute(db);
  for (const r of rows) out.set(Number(r.id), r.name);
  return out;
}

export async function searchPartners(db: Db, seam: DialectSeam, districtId: number, q: string): Promise<{ available: boolean; partners: { id: number; name: string }[] }> {
  if (!(await partnerDirectoryAvailable(db))) return { available: false, partners: [] };
  const { rows } = await sql<{ id: number; name: string }>`select id, name from partners where district_id = ${districtId} and ${seam.ilike(sql.ref('name'), `%${q}%`)} order by name limit 20`.execute(db);
  return { available: true, partners: rows.map((r) => ({ id: Number(r.id), name: r.name })) };
}

export async function searchStaff(db: Db, seam: DialectSeam, districtId: number, q: string) {
  const pattern = `%${q.trim()}%`;
  const rows = await db
    .selectFrom('staff')
    .select(['staff.id', 'staff.first_name', 'staff.last_name', 'staff.email'])
    .where('staff.district_id', '=', districtId)
    .where('staff.status', '=', 'active')
    .where((eb) =>
      eb.or([
        seam.ilike(sql.ref('staff.first_name'), pattern),
        seam.ilike(sql.ref('staff.last_name'), pattern),
        seam.ilike(sql`staff.first_name || ' ' || staff.last_name`, pattern),
        seam.ilike(sql.ref('staff.email'), pattern),
      ]),
    )
    .orderBy('staff.last_name')
    .orderBy('staff.first_name')
    .limit(20)
    .execute();
  const ids = rows.map((r) => r.id);
  const schools = ids.length
    ? await db
        .selectFrom('staff_schools')
        .innerJoin('schools', (j) => j.onRef('schools.id', '=', 'staff_schools.school_id').onRef('schools.district_id', '=', 'staff_schools.district_id'))
        .select(['staff_schools.staff_id', 'schools.name'])
        .where('staff_schools.district_id', '=', districtId)
        .where('staff_schools.staff_id', 'in', ids)
        .orderBy('schools.name')
        .execute()
    : [];
  const linked = ids.length
    ? await db.selectFrom('users').select(['staff_id', 'email']).where('district_id', '=', districtId).where('staff_id', 'in', ids).execute()
    : [];
  return rows.map((r) => ({
    id: r.id,
    name: `${r.first_name} ${r.last_name}`,
    email: r.email,
    schools: schools.filter((s) => s.staff_id === r.id).map((s) => s.name),
    linkedTo: linked.find((l) => l.staff_id === r.id)?.email ?? null,
  }));
}

export async function staffNames(db: Db, districtId: number, ids: number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  if (ids.length === 0) return out;
  const rows = await db.selectFrom('staff').select(['id', 'first_name', 'last_name']).where('district_id', '=', districtId).where('id', 'in', ids).execute();
  for (const r of rows) out.set(r.id, `${r.first_name} ${r.last_name}`);
  return out;
}
