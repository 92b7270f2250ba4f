/**
 * A district's Ed-Fi descriptor mappings: loaded for an import, listed and edited on the Ed-Fi
 * mappings page, and the values imports met without a mapping. Every query is scoped to the district.
 */
import type { Db } from '../../db/database.ts';
import { AppError } from '../../http/errors.ts';
import type { UnmappedDescriptor } from './context.ts';
import { DescriptorMappings, isCategory, isValidCode, parseDescriptorText, valueKey, type DescriptorCategory } from './descriptors.ts';

export interface MappingRow {
  id: number;
  descriptor: DescriptorCategory;
  codeValue: string;
  namespace: string;
  code: string;
  updatedAt: string;
}

export interface UnmappedRow {
  descriptor: DescriptorCategory;
  codeValue: string;
  namespace: string;
  written: string;
  occurrences: number;
  lastFile: string | null;
  lastLine: number | null;
  lastSeenAt: string;
}

/** The mappings an Ed-Fi import of this district uses: its own, then the shipped defaults. */
export async function loadDescriptorMappings(db: Db, districtId: number): Promise<DescriptorMappings> {
  const rows = await listMappings(db, districtId);
  return new DescriptorMappings(rows.map((r) => ({ descriptor: r.descriptor, codeValue: r.codeValue, namespace: r.namespace, code: r.code })));
}

export async function listMappings(db: Db, districtId: number): Promise<MappingRow[]> {
  const rows = await db
    .selectFrom('edfi_descriptor_mappings')
    .select(['id', 'descriptor', 'code_value', 'namespace', 'village_code', 'updated_at'])
    .where('district_id', '=', districtId)
    .orderBy('descriptor')
    .orderBy('value_key')
    .execute();
  return rows
    .filter((r) => isCategory(r.descriptor))
    .map((r) => ({ id: r.id, descriptor: r.descriptor as DescriptorCategory, codeValue: r.code_value, namespace: r.namespace, code: r.village_code, updatedAt: String(r.updated_at) }));
}

export interface MappingInput {
  descriptor: DescriptorCategory;
  /** The value, or a whole descriptor URI (its value after '#' is used). */
  codeValue: string;
  /** Limit the mapping to one namespace (e.g. uri://ed-fi.org/SexDescriptor); '' or absent: every namespace. */
  namespace?: string;
  code: string;
}

/** Adds or replaces the district's mapping of one descriptor value. */
export async function saveMapping(db: Db, districtId: number, input: MappingInput): Promise<{ row: MappingRow; created: boolean }> {
  const parsed = parseDescriptorText(input.codeValue);
  const codeValue = parsed.value;
  const namespace = (input.namespace ?? '').trim();
  if (!codeValue) throw new AppError('validation_failed', 'The descriptor value is empty.', { fields: [{ path: 'codeValue', message: 'Give the value (after # in the URI).' }] });
  if (!isValidCode(input.descriptor, input.code)) {
    throw new AppError('validation_failed', `"${input.code}" is not a Village code for ${input.descriptor}.`, { fields: [{ path: 'code', message: `not a Village code for ${input.descriptor}` }] });
  }
  const key = valueKey(codeValue);
  const existing = await db
    .selectFrom('edfi_descriptor_mappings')
    .select('id')
    .where('district_id', '=', districtId)
    .where('descriptor', '=', input.descriptor)
    .where('value_key', '=', key)
    .where('namespace', '=', namespace)
    .executeTakeFirst();
  const now = new Date().toISOString();
  await db
    .insertInto('edfi_descriptor_mappings')
    .values({ district_id: districtId, descriptor: input.descriptor, code_value: codeValue, value_key: key, namespace, village_code: input.code, created_at: now, updated_at: now })
    .onConflict((oc) => oc.columns(['district_id', 'descriptor', 'value_key', 'namespace']).doUpdateSet({ code_value: codeValue, village_code: input.code, updated_at: now }))
    .execute();
  // A value now mapped no longer needs one.
  await db
    .deleteFrom('edfi_unmapped_descriptors')
    .where('district_id', '=', districtId)
    .where('descriptor', '=', input.descriptor)
    .where('value_key', '=', key)
    .$if(namespace !== '', (q) => q.where('namespace', '=', namespace))
    .execute();
  const row = (await listMappings(db, districtId)).find((r) => r.descriptor === input.descriptor && valueKey(r.codeValue) === key && r.namespace === namespace);
  if (!row) throw new Error('the mapping was not saved');
  return { row, created: !existing };
}

/** Removes one of the district's mappings (the shipped default, if any, applies again). */
export async function deleteMapping(db: Db, districtId: number, id: number): Promise<MappingRow> {
  const row = (await listMappings(db, districtId)).find((r) => r.id === id);
  if (!row) throw new AppError('not_found', 'No such mapping.');
  await db.deleteFrom('edfi_descriptor_mappings').where('district_id', '=', districtId).where('id', '=', id).execute();
  return row;
}

/** Remembers the values an import met without a mapping (called after an Ed-Fi import is read). */
export async function recordUnmappedDescriptors(db: Db, districtId: number, unmapped: readonly UnmappedDescriptor[]): Promise<void> {
  const now = new Date().toISOString();
  for (const u of unmapped) {
    await db
      .insertInto('edfi_unmapped_descriptors')
      .values({
        district_id: districtId,
        descriptor: u.descriptor,
        value_key: valueKey(u.codeValue),
        namespace: u.namespace,
        code_value: u.codeValue,
        written: u.written.slice(0, 500),
        occurrences: u.occurrences,
        last_file: u.file.slice(0, 500),
        last_line: u.line,
        last_seen_at: now,
      })
      .onConflict((oc) =>
        oc.columns(['district_id', 'descriptor', 'value_key', 'namespace']).doUpdateSet({ occurrences: u.occurrences, last_file: u.file.slice(0, 500), last_line: u.line, last_seen_at: now }),
      )
      .execute();
  }
}

/** Values met without a mapping that still have none. */
export async function listUnmapped(db: Db, districtId: number): Promise<UnmappedRow[]> {
  const mappings = await loadDescriptorMappings(db, districtId);
  const rows = await db
    .selectFrom('edfi_unmapped_descriptors')
    .selectAll()
    .where('district_id', '=', districtId)
    .orderBy('last_seen_at', 'desc')
    .orderBy('descriptor')
    .limit(500)
    .execute();
  return rows
    .filter((r) => isCategory(r.descriptor) && mappings.resolve(r.descriptor, { value: r.code_value, namespace: r.namespace, written: r.written }) === undefined)
    .map((r) => ({
      descriptor: r.descriptor as DescriptorCategory,
      codeValue: r.code_value,
      namespace: r.namespace,
      written: r.written,
      occurrences: r.occurrences,
      lastFile: r.last_file,
      lastLine: r.last_line,
      lastSeenAt: String(r.last_seen_at),
    }));
}
