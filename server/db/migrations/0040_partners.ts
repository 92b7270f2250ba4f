import type { Kysely } from 'kysely';
import { flag, types, withId, withTimestamps } from '../migration-helpers.ts';

/**
 * Partners and agreements: the partner directory (organisations, services, locations, contacts,
 * schools served, the Open Referral records Village keeps as they came), agreements with their
 * parties, goals, commitments, signatories and documents, data-sharing terms with consent records
 * and the record of disclosures, school needs, and partnership health checks.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = types(db);
  const district = (c: any) => c.notNull().references('districts.id').onDelete('cascade');

  // ── Directory ────────────────────────────────────────────────────────────────────────────────
  await withTimestamps(db, withId(db, db.schema.createTable('partners'))
    .addColumn('district_id', 'integer', district)
    .addColumn('ext_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('alternate_name', 'text')
    .addColumn('sector', 'text', (c) => c.notNull().defaultTo('other'))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('mission', 'text')
    .addColumn('email', 'text')
    .addColumn('website', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('hsds_extra', 'text', (c) => c.notNull().defaultTo('{}'))
    .addUniqueConstraint('partners_district_ext', ['district_id', 'ext_id'])).execute();
  await db.schema.createIndex('partners_name').on('partners').columns(['district_id', 'name']).execute();

  await withTimestamps(db, withId(db, db.schema.createTable('partner_services'))
    .addColumn('district_id', 'integer', district)
    .addColumn('partner_id', 'integer', (c) => c.notNull().references('partners.id').onDelete('cascade'))
    .addColumn('ext_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('alternate_name', 'text')
    .addColumn('description', 'text')
    .addColumn('category', 'text', (c) => c.notNull().defaultTo('other'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('eligibility', 'text')
    .addColumn('minimum_age', 'integer')
    .addColumn('maximum_age', 'integer')
    .addColumn('cost', 'text')
    .addColumn('url', 'text')
    .addColumn('email', 'text')
    .addColumn('capacity', 'integer')
    .addColumn('hsds_extra', 'text', (c) => c.notNull().defaultTo('{}'))
    .addUniqueConstraint('partner_services_district_ext', ['district_id', 'ext_id'])).execute();
  await db.schema.createIndex('partner_services_partner').on('partner_services').columns(['district_id', 'partner_id']).execute();
  await db.schema.createIndex('partner_services_category').on('partner_services').columns(['district_id', 'category']).execute();

  await withId(db, db.schema.createTable('partner_service_languages'))
    .addColumn('district_id', 'integer', district)
    .addColumn('service_id', 'integer', (c) => c.notNull().references('partner_services.id').onDelete('cascade'))
    .addColumn('ext_id', 'text', (c) => c.notNull())
    .addColumn('code', 'text')
    .addColumn('name', 'text')
    .addColumn('note', 'text')
    .addColumn('hsds_extra', 'text', (c) => c.notNull().defaultTo('{}'))
    .addUniqueConstraint('partner_service_languages_ext', ['district_id', 'ext_id'])
    .execute();
  await db.schema.createIndex('partner_service_languages_service').on('partner_service_languages').columns(['district_id', 'service_id']).execute();
  await db.schema.createIndex('partner_service_languages_code').on('partner_service_languages').columns(['district_id', 'code']).execute();

  await withTimestamps(db, withId(db, db.schema.createTable('partner_locations'))
    .addColumn('district_id', 'integer', district)
    .addColumn('partner_id', 'integer', (c) => c.references('partners.id').onDelete('cascade'))
    .addColumn('ext_id', 'text', (c) => c.notNull())
    .addColumn('location_type', 'text', (c) => c.notNull().defaultTo('physical'))
    .addColumn('name', 'text')
    .addColumn('description', 'text')
    .addColumn('latitude', t.double)
    .addColumn('longitude', t.double)
    .addColumn('hsds_extra', 'text', (c) => c.notNull().defaultTo('{}'))
    .addUniqueConstraint('partner_locations_district_ext', ['district_id', 'ext_id'])).execute();
  await db.schema.createIndex('partner_locations_partner').on('partner_locations').columns(['district_id', 'partner_id']).execute();

  await withId(db, db.schema.createTable('partner_service_locations'))
    .addColumn('district_id', 'integer', district)
    .addColumn('ext_id', 'text', (c) => c.notNull())
    .addColumn('service_id', 'integer', (c) => c.notNull().references('partner_services.id').onDelete('cascade'))
    .addColumn('location_id', 'integer', (c) => c.notNull().references('partner_locations.id').onDelete('cascade'))
    .addColumn('description', 'text')
    .addColumn('hsds_extra', 'text', (c) => c.notNull().defaultTo('{}'))
    .addUniqueConstraint('partner_service_locations_ext', ['district_id', 'ext_id'])
    .execute();
  await db.schema.createIndex('partner_service_locations_service').on('partner_service_locations').columns(['district_id', 'service_id']).execute();

  await withTimestamps(db, withId(db, db.schema.createTable('partner_contacts'))
    .addColumn('district_id', 'integer', district)
    .addColumn('partner_id', 'integer', (c) => c.notNull().references('partners.id').onDelete('cascade'))
    .addColumn('ext_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('title', 'text')
    .addColumn('department', 'text')
    .addColumn('email', 'text')
    .addColumn('champion', 'integer', flag)
    .addColumn('champion_note', 'text')
    .addColumn('hsds_extra', 'text', (c) => c.notNull().defaultTo('{}'))
    .addUniqueConstraint('partner_contacts_district_ext', ['district_id', 'ext_id'])).execute();
  await db.schema.createIndex('partner_contacts_partner').on('partner_contacts').columns(['district_id', 'partner_id']).execute();

  // Open Referral records Village keeps as they came (phones, addresses, schedules, funding, …):
  // one row each, the record's fields as JSON, found by kind and by the record it belongs to.
  await withId(db, db.schema.createTable('partner_hsds_rows'))
    .addColumn('district_id', 'integer', district)
    .addColumn('partner_id', 'integer', (c) => c.references('partners.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('ext_id', 'text', (c) => c.notNull())
    .addColumn('owner_ext_id', 'text')
    .addColumn('data', 'text', (c) => c.notNull())
    .addUniqueConstraint('partner_hsds_rows_ext', ['district_id', 'kind', 'ext_id'])
    .execute();
  await db.schema.createIndex('partner_hsds_rows_owner').on('partner_hsds_rows').columns(['district_id', 'kind', 'owner_ext_id']).execute();
  await db.schema.createIndex('partner_hsds_rows_partner').on('partner_hsds_rows').columns(['district_id', 'partner_id']).execute();

  await db.schema.createTable('partner_schools')
    .addColumn('district_id', 'integer', district)
    .addColumn('partner_id', 'integer', (c) => c.notNull().references('partners.id').onDelete('cascade'))
    .addColumn('school_id', 'integer', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('partner_schools_pk', ['district_id', 'partner_id', 'school_id'])
    .execute();
  await db.schema.createIndex('partner_schools_school').on('partner_schools').columns(['district_id', 'school_id']).execute();

  // ── Agreements ───────────────────────────────────────────────────────────────────────────────
  await withTimestamps(db, withId(db, db.schema.createTable('agreements'))
    .addColumn('district_id', 'integer', district)
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
    .addColumn('start_date', t.date)
    .addColumn('end_date', t.date)
    .addColumn('renewal_notice_days', 'integer', (c) => c.notNull().defaultTo(60))
    .addColumn('ended_on', t.date)
    .addColumn('ended_reason', 'text')
    .addColumn('created_by', 'integer')).execute();
  await db.schema.createIndex('agreements_status').on('agreements').columns(['district_id', 'status']).execute();

  await withId(db, db.schema.createTable('agreement_parties'))
    .addColumn('district_id', 'integer', district)
    .addColumn('agreement_id', 'integer', (c) => c.notNull().references('agreements.id').onDelete('cascade'))
    .addColumn('party_key', 'text', (c) => c.notNull())
    .addColumn('party_type', 'text', (c) => c.notNull())
    .addColumn('school_id', 'integer', (c) => c.references('schools.id'))
    .addColumn('partner_id', 'integer', (c) => c.references('partners.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('responsibilities', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('agreement_parties_key', ['district_id', 'agreement_id', 'party_key'])
    .execute();
  await db.schema.createIndex('agreement_parties_partner').on('agreement_parties').columns(['district_id', 'partner_id']).execute();
  await db.schema.createIndex('agreement_parties_school').on('agreement_parties').columns(['district_id', 'school_id']).execute();

  await withId(db, db.schema.createTable('agreement_goals'))
    .addColumn('district_id', 'integer', district)
    .addColumn('agreement_id', 'integer', (c) => c.notNull().references('agreements.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('measures_goal_id', 'integer')
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('agreement_goals_agreement').on('agreement_goals').columns(['district_id', 'agreement_id']).execute();

  await withId(db, db.schema.createTable('agreement_commitments'))
    .addColumn('district_id', 'integer', district)
    .addColumn('agreement_id', 'integer', (c) => c.notNull().references('agreements.id').onDelete('cascade'))
    .addColumn('party_id', 'integer', (c) => c.notNull().references('agreement_parties.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('amount', t.double, (c) => c.notNull())
    .addColumn('delivered', t.double)
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('agreement_commitments_agreement').on('agreement_commitments').columns(['district_id', 'agreement_id']).execute();

  await withId(db, db.schema.createTable('agreement_signatories'))
    .addColumn('district_id', 'integer', district)
    .addColumn('agreement_id', 'integer', (c) => c.notNull().references('agreements.id').onDelete('cascade'))
    .addColumn('party_id', 'integer', (c) => c.notNull().references('agreement_parties.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('email', 'text')
    .addColumn('signed_on', t.date)
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('agreement_signatories_agreement').on('agreement_signatories').columns(['district_id', 'agreement_id']).execute();

  await withId(db, db.schema.createTable('agreement_documents'))
    .addColumn('district_id', 'integer', district)
    .addColumn('agreement_id', 'integer', (c) => c.notNull().references('agreements.id').onDelete('cascade'))
    .addColumn('doc_type', 'text', (c) => c.notNull())
    .addColumn('original_name', 'text', (c) => c.notNull())
    .addColumn('stored_name', 'text', (c) => c.notNull().unique())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'integer')
    .addColumn('uploaded_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('agreement_documents_agreement').on('agreement_documents').columns(['district_id', 'agreement_id']).execute();

  // ── Data-sharing terms, consent, disclosures ─────────────────────────────────────────────────
  await withTimestamps(db, withId(db, db.schema.createTable('data_sharing_terms'))
    .addColumn('district_id', 'integer', district)
    .addColumn('agreement_id', 'integer', (c) => c.notNull().references('agreements.id').onDelete('cascade'))
    .addColumn('partner_id', 'integer', (c) => c.notNull().references('partners.id'))
    .addColumn('ferpa_route', 'text', (c) => c.notNull())
    .addColumn('data_categories', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('selection', 'text', (c) => c.notNull().defaultTo('list'))
    .addColumn('destruction_date', t.date)
    .addColumn('notes', 'text')
    .addUniqueConstraint('data_sharing_terms_key', ['district_id', 'agreement_id', 'partner_id'])).execute();
  await db.schema.createIndex('data_sharing_terms_partner').on('data_sharing_terms').columns(['district_id', 'partner_id']).execute();

  await db.schema.createTable('data_sharing_students')
    .addColumn('district_id', 'integer', district)
    .addColumn('terms_id', 'integer', (c) => c.notNull().references('data_sharing_terms.id').onDelete('cascade'))
    .addColumn('student_id', 'integer', (c) => c.notNull().references('students.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('data_sharing_students_pk', ['district_id', 'terms_id', 'student_id'])
    .execute();
  await db.schema.createIndex('data_sharing_students_student').on('data_sharing_students').columns(['district_id', 'student_id']).execute();

  await db.schema.createTable('data_sharing_scopes')
    .addColumn('district_id', 'integer', district)
    .addColumn('terms_id', 'integer', (c) => c.notNull().references('data_sharing_terms.id').onDelete('cascade'))
    .addColumn('school_id', 'integer', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('grade', 'text', (c) => c.notNull().defaultTo('*'))
    .addPrimaryKeyConstraint('data_sharing_scopes_pk', ['district_id', 'terms_id', 'school_id', 'grade'])
    .execute();

  await withTimestamps(db, withId(db, db.schema.createTable('consent_records'))
    .addColumn('district_id', 'integer', district)
    .addColumn('terms_id', 'integer', (c) => c.notNull().references('data_sharing_terms.id').onDelete('cascade'))
    .addColumn('student_id', 'integer', (c) => c.notNull().references('students.id').onDelete('cascade'))
    .addColumn('given_by', 'text', (c) => c.notNull())
    .addColumn('signer_name', 'text', (c) => c.notNull())
    .addColumn('signed_on', t.date, (c) => c.notNull())
    .addColumn('records_described', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('expires_on', t.date)
    .addColumn('revoked_on', t.date)
    .addColumn('recorded_by', 'integer')).execute();
  await db.schema.createIndex('consent_records_terms').on('consent_records').columns(['district_id', 'terms_id', 'student_id']).execute();
  await db.schema.createIndex('consent_records_student').on('consent_records').columns(['district_id', 'student_id']).execute();

  await withId(db, db.schema.createTable('partner_disclosures'), true)
    .addColumn('district_id', 'integer', district)
    .addColumn('at', t.timestamp, (c) => c.notNull())
    .addColumn('student_id', 'integer', (c) => c.notNull().references('students.id').onDelete('cascade'))
    .addColumn('partner_id', 'integer', (c) => c.notNull().references('partners.id').onDelete('cascade'))
    .addColumn('terms_id', 'integer', (c) => c.references('data_sharing_terms.id').onDelete('set null'))
    .addColumn('agreement_id', 'integer', (c) => c.references('agreements.id').onDelete('set null'))
    .addColumn('ferpa_route', 'text')
    .addColumn('data_categories', 'text')
    .addColumn('user_id', 'integer')
    .addColumn('user_label', 'text', (c) => c.notNull())
    .addColumn('context', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('partner_disclosures_student').on('partner_disclosures').columns(['district_id', 'student_id', 'at']).execute();
  await db.schema.createIndex('partner_disclosures_partner').on('partner_disclosures').columns(['district_id', 'partner_id', 'at']).execute();

  // ── Needs and health checks ──────────────────────────────────────────────────────────────────
  await withTimestamps(db, withId(db, db.schema.createTable('school_needs'))
    .addColumn('district_id', 'integer', district)
    .addColumn('school_id', 'integer', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('priority', 'text', (c) => c.notNull().defaultTo('medium'))
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('staff'))
    .addColumn('evidence', 'text')
    .addColumn('languages', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('created_by', 'integer')).execute();
  await db.schema.createIndex('school_needs_school').on('school_needs').columns(['district_id', 'school_id', 'status']).execute();

  await db.schema.createTable('school_need_partners')
    .addColumn('district_id', 'integer', district)
    .addColumn('need_id', 'integer', (c) => c.notNull().references('school_needs.id').onDelete('cascade'))
    .addColumn('partner_id', 'integer', (c) => c.notNull().references('partners.id').onDelete('cascade'))
    .addColumn('service_id', 'integer', (c) => c.references('partner_services.id').onDelete('set null'))
    .addColumn('note', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('school_need_partners_pk', ['district_id', 'need_id', 'partner_id'])
    .execute();

  await withId(db, db.schema.createTable('health_checks'))
    .addColumn('district_id', 'integer', district)
    .addColumn('agreement_id', 'integer', (c) => c.notNull().references('agreements.id').onDelete('cascade'))
    .addColumn('party_id', 'integer', (c) => c.notNull().references('agreement_parties.id').onDelete('cascade'))
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('respondent_user_id', 'integer')
    .addColumn('respondent_name', 'text', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('submitted_at', t.timestamp, (c) => c.notNull())
    .addUniqueConstraint('health_checks_key', ['district_id', 'agreement_id', 'party_id', 'period'])
    .execute();

  await db.schema.createTable('health_check_scores')
    .addColumn('district_id', 'integer', district)
    .addColumn('check_id', 'integer', (c) => c.notNull().references('health_checks.id').onDelete('cascade'))
    .addColumn('principle', 'text', (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addPrimaryKeyConstraint('health_check_scores_pk', ['district_id', 'check_id', 'principle'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Village migrations are not reversible; restore from a backup instead.');
}
