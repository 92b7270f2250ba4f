import type { Kysely } from 'kysely';
import { types, withId, withTimestamps } from '../migration-helpers.ts';

/**
 * Ed-Fi descriptor mappings a district's data manager edits (a descriptor value onto a Village code;
 * namespace '' applies to every namespace), and the descriptor values imports met without a mapping,
 * so the mappings page can list what still needs one.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = types(db);
  const district = (c: any) => c.notNull().references('districts.id').onDelete('cascade');

  await withTimestamps(db, withId(db, db.schema.createTable('edfi_descriptor_mappings'))
    .addColumn('district_id', 'integer', district)
    .addColumn('descriptor', 'text', (c) => c.notNull())
    .addColumn('code_value', 'text', (c) => c.notNull())
    .addColumn('value_key', 'text', (c) => c.notNull())
    .addColumn('namespace', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('village_code', 'text', (c) => c.notNull())
    .addUniqueConstraint('edfi_descriptor_mappings_key', ['district_id', 'descriptor', 'value_key', 'namespace'])).execute();

  await db.schema.createTable('edfi_unmapped_descriptors')
    .addColumn('district_id', 'integer', district)
    .addColumn('descriptor', 'text', (c) => c.notNull())
    .addColumn('value_key', 'text', (c) => c.notNull())
    .addColumn('namespace', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('code_value', 'text', (c) => c.notNull())
    .addColumn('written', 'text', (c) => c.notNull())
    .addColumn('occurrences', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_file', 'text')
    .addColumn('last_line', 'integer')
    .addColumn('last_seen_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('edfi_unmapped_descriptors_pk', ['district_id', 'descriptor', 'value_key', 'namespace'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Village migrations are not reversible; restore from a backup instead.');
}
