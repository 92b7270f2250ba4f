/** Districts (tenants): created by an operator, never by an import. */
import type { Db } from '../db/database.ts';
import { AppError } from '../http/errors.ts';
import { districtSettingsSchema, parseDistrictSettings, type DistrictSettings } from './settings.ts';

export interface District {
  id: number;
  code: string;
  name: string;
  settings: DistrictSettings;
}

const CODE = /^[a-z0-9][a-z0-9_-]{0,39}$/;

export async function createDistrict(db: Db, input: { code: string; name: string }): Promise<District> {
  const code = input.code.trim().toLowerCase();
  const name = input.name.trim();
  if (!CODE.test(code)) {
    throw new AppError('validation_failed', 'The district code must be 1 to 40 lowercase letters, digits, "-" or "_", starting with a letter or digit.', {
      fields: [{ path: 'code', message: 'letters, digits, - and _ only' }],
    });
  }
  if (!name) throw new AppError('validation_failed', 'The district needs a name.', { fields: [{ path: 'name', message: 'required' }] });
  const existing = await db.selectFrom('districts').select('id').where('code', '=', code).executeTakeFirst();
  if (existing) throw new AppError('conflict', `A district with code "${code}" already exists.`);
  const settings = districtSettingsSchema.parse({});
  const row = await db
    .insertInto('districts')
    .values({ code, name, settings: JSON.stringify(settings) })
    .returning(['id', 'code', 'name'])
    .executeTakeFirstOrThrow();
  return { ...row, settings };
}

export async function getDistrict(db: Db, id: number): Promise<District> {
  const row = await db.selectFrom('districts').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found', 'No such district.');
  return { id: row.id, code: row.code, name: row.name, settings: parseDistrictSettings(row.settings) };
}

export async function listDistricts(db: Db): Promise<District[]> {
  const rows = await db.selectFrom('districts').selectAll().orderBy('code').execute();
  return rows.map((r) => ({ id: r.id, code: r.code, name: r.name, settings: parseDistrictSettings(r.settings) }));
}

/**
 * The district a command acts on: the one named by code, or the only one there is.
 * Throws a usage-style AppError naming the choices otherwise.
 */
export async function resolveDistrict(db: Db, code?: string): Promise<District> {
  const all = await listDistricts(db);
  if (code) {
    const d = all.find((x) => x.code === code.toLowerCase());
    if (!d) throw new AppError('not_found', `No district with code "${code}". Districts: ${all.map((x) => x.code).join(', ') || '(none)'}.`);
    return d;
  }
  if (all.length === 1) return all[0];
  if (all.length === 0) throw new AppError('bad_request', 'There is no district yet. Create one with: village district create <code> <name>');
  throw new AppError('bad_request', `There are ${all.length} districts; choose one with --district <code> (${all.map((x) => x.code).join(', ')}).`);
}

export async function updateDistrictSettings(db: Db, id: number, patch: Partial<DistrictSettings>): Promise<District> {
  const current = await getDistrict(db, id);
  const next = districtSettingsSchema.parse({ ...current.settings, ...patch });
  await db.updateTable('districts').set({ settings: JSON.stringify(next), updated_at: new Date().toISOString() }).where('id', '=', id).execute();
  return { ...current, settings: next };
}

/** Renames a district and/or changes some of its settings; every setting is validated. */
export async function updateDistrict(db: Db, id: number, patch: { name?: string; settings?: Partial<DistrictSettings> }): Promise<District> {
  const current = await getDistrict(db, id);
  const name = patch.name === undefined ? current.name : patch.name.trim();
  if (!name) throw new AppError('validation_failed', 'The district needs a name.', { fields: [{ path: 'name', message: 'required' }] });
  const parsed = districtSettingsSchema.safeParse({ ...current.settings, ...(patch.settings ?? {}) });
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => ({ path: ['settings', ...i.path.map(String)].join('.'), message: i.message }));
    throw new AppError('validation_failed', 'Some settings are not valid.', { fields });
  }
  await db.updateTable('districts').set({ name, settings: JSON.stringify(parsed.data), updated_at: new Date().toISOString() }).where('id', '=', id).execute();
  return { ...current, name, settings: parsed.data };
}
