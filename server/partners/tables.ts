/** Tables owned by the partners capability (migration 0040_partners). */
import type { Generated } from 'kysely';

type Timestamps = { created_at: Generated<string>; updated_at: Generated<string> };

/** An organisation in the partner directory (an Open Referral "organization"). */
export interface PartnersTable extends Timestamps {
  id: Generated<number>;
  district_id: number;
  /** The Open Referral id (a UUID for records made in Village; kept verbatim from imports). */
  ext_id: string;
  name: string;
  alternate_name: string | null;
  /** One of SECTORS (./vocab.ts). */
  sector: Generated<string>;
  description: Generated<string>;
  mission: string | null;
  email: string | null;
  website: string | null;
  /** 'active' | 'inactive' */
  status: Generated<string>;
  /** JSON: Open Referral fields Village keeps but does not use (tax id, logo, …). */
  hsds_extra: Generated<string>;
}

export interface PartnerServicesTable extends Timestamps {
  id: Generated<number>;
  district_id: number;
  partner_id: number;
  ext_id: string;
  name: string;
  alternate_name: string | null;
  description: string | null;
  /** One of NEED_CATEGORIES (./vocab.ts). */
  category: Generated<string>;
  /** Open Referral status: active | inactive | defunct | temporarily closed. */
  status: Generated<string>;
  /** Open Referral eligibility_description. */
  eligibility: string | null;
  minimum_age: number | null;
  maximum_age: number | null;
  /** Open Referral fees_description. */
  cost: string | null;
  url: string | null;
  email: string | null;
  /** How many more students or families the service can take (null: not stated). */
  capacity: number | null;
  hsds_extra: Generated<string>;
}

export interface PartnerServiceLanguagesTable {
  id: Generated<number>;
  district_id: number;
  service_id: number;
  ext_id: string;
  /** ISO 639-1 (or the code the source gave). */
  code: string | null;
  name: string | null;
  note: string | null;
  hsds_extra: Generated<string>;
}

export interface PartnerLocationsTable extends Timestamps {
  id: Generated<number>;
  district_id: number;
  partner_id: number | null;
  ext_id: string;
  location_type: Generated<string>;
  name: string | null;
  description: string | null;
  latitude: number | null;
  longitude: number | null;
  hsds_extra: Generated<string>;
}

export interface PartnerServiceLocationsTable {
  id: Generated<number>;
  district_id: number;
  ext_id: string;
  service_id: number;
  location_id: number;
  description: string | null;
  hsds_extra: Generated<string>;
}

export interface PartnerContactsTable extends Timestamps {
  id: Generated<number>;
  district_id: number;
  partner_id: number;
  ext_id: string;
  name: string | null;
  title: string | null;
  department: string | null;
  email: string | null;
  /** A champion: someone with the standing to legitimise the partnership. */
  champion: Generated<number>;
  champion_note: string | null;
  hsds_extra: Generated<string>;
}

/** Open Referral records kept as they came: phones, addresses, schedules, funding, taxonomy terms… */
export interface PartnerHsdsRowsTable {
  id: Generated<number>;
  district_id: number;
  partner_id: number | null;
  /** The Open Referral table, singular: phone, address, schedule, funding, taxonomy_term, … */
  kind: string;
  ext_id: string;
  /** The id of the record it belongs to (a location's address, a contact's phone…). */
  owner_ext_id: string | null;
  /** JSON: the record's fields, as in the HSDS 3 tabular layout. */
  data: string;
}

export interface PartnerSchoolsTable {
  district_id: number;
  partner_id: number;
  school_id: number;
}

export interface AgreementsTable extends Timestamps {
  id: Generated<number>;
  district_id: number;
  title: string;
  purpose: Generated<string>;
  /** draft | active | renewal_due | ended */
  status: Generated<string>;
  start_date: string | null;
  end_date: string | null;
  renewal_notice_days: Generated<number>;
  ended_on: string | null;
  ended_reason: string | null;
  created_by: number | null;
}

export interface AgreementPartiesTable {
  id: Generated<number>;
  district_id: number;
  agreement_id: number;
  /** 'district' | 'union' | 'school:<id>' | 'partner:<id>' */
  party_key: string;
  /** district | school | partner | union */
  party_type: string;
  school_id: number | null;
  partner_id: number | null;
  name: string;
  /** JSON array of strings. */
  responsibilities: Generated<string>;
  sort: Generated<number>;
}

export interface AgreementGoalsTable {
  id: Generated<number>;
  district_id: number;
  agreement_id: number;
  title: string;
  description: string | null;
  /** A shared-measurement goal (measures capability), when linked. */
  measures_goal_id: number | null;
  sort: Generated<number>;
}

export interface AgreementCommitmentsTable {
  id: Generated<number>;
  district_id: number;
  agreement_id: number;
  party_id: number;
  /** money | in_kind | volunteer_hours | staff_time */
  kind: string;
  description: Generated<string>;
  /** Dollars (money; the value of in-kind gifts) or hours (volunteer hours, staff time). */
  amount: number;
  /** How much has been delivered so far, in the same unit. */
  delivered: number | null;
  sort: Generated<number>;
}

export interface AgreementSignatoriesTable {
  id: Generated<number>;
  district_id: number;
  agreement_id: number;
  party_id: number;
  name: string;
  title: string | null;
  email: string | null;
  signed_on: string | null;
  sort: Generated<number>;
}

export interface AgreementDocumentsTable {
  id: Generated<number>;
  district_id: number;
  agreement_id: number;
  doc_type: string;
  original_name: string;
  /** Random file name under VILLAGE_FILES_DIR/agreements/. */
  stored_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  uploaded_by: number | null;
  uploaded_at: string;
}

export interface DataSharingTermsTable extends Timestamps {
  id: Generated<number>;
  district_id: number;
  agreement_id: number;
  /** The partner receiving the records (a party of the agreement). */
  partner_id: number;
  /** school_official | studies | consent */
  ferpa_route: string;
  /** JSON array of DATA_CATEGORIES. */
  data_categories: Generated<string>;
  purpose: string;
  /** list (named students) | scope (schools and grades, narrowed by consent records) */
  selection: Generated<string>;
  destruction_date: string | null;
  notes: string | null;
}

export interface DataSharingStudentsTable {
  district_id: number;
  terms_id: number;
  student_id: number;
}

export interface DataSharingScopesTable {
  district_id: number;
  terms_id: number;
  school_id: number;
  /** A CEDS grade, or '*' for every grade. */
  grade: Generated<string>;
}

export interface ConsentRecordsTable extends Timestamps {
  id: Generated<number>;
  district_id: number;
  terms_id: number;
  student_id: number;
  /** parent | student (the student once 18) */
  given_by: string;
  signer_name: string;
  signed_on: string;
  records_described: string;
  purpose: string;
  expires_on: string | null;
  revoked_on: string | null;
  recorded_by: number | null;
}

export interface PartnerDisclosuresTable {
  id: Generated<number>;
  district_id: number;
  at: string;
  student_id: number;
  partner_id: number;
  terms_id: number | null;
  agreement_id: number | null;
  ferpa_route: string | null;
  /** JSON array: the data categories the terms allowed at the time. */
  data_categories: string | null;
  user_id: number | null;
  user_label: string;
  context: string;
}

export interface SchoolNeedsTable extends Timestamps {
  id: Generated<number>;
  district_id: number;
  school_id: number;
  category: string;
  title: string;
  description: string | null;
  /** high | medium | low */
  priority: Generated<string>;
  /** data | staff */
  source: Generated<string>;
  evidence: string | null;
  /** JSON array of ISO 639-1 codes the families concerned speak. */
  languages: Generated<string>;
  /** open | addressed | closed */
  status: Generated<string>;
  created_by: number | null;
}

export interface SchoolNeedPartnersTable {
  district_id: number;
  need_id: number;
  partner_id: number;
  service_id: number | null;
  note: string | null;
  created_at: string;
}

export interface HealthChecksTable {
  id: Generated<number>;
  district_id: number;
  agreement_id: number;
  party_id: number;
  /** A school year, e.g. '2025-2026'. */
  period: string;
  respondent_user_id: number | null;
  respondent_name: string;
  comment: string | null;
  submitted_at: string;
}

export interface HealthCheckScoresTable {
  district_id: number;
  check_id: number;
  /** One of PRINCIPLES (./vocab.ts). */
  principle: string;
  /** 1 (not yet) … 4 (strong). */
  score: number;
  comment: string | null;
}

export interface PartnersTables {
  partners: PartnersTable;
  partner_services: PartnerServicesTable;
  partner_service_languages: PartnerServiceLanguagesTable;
  partner_locations: PartnerLocationsTable;
  partner_service_locations: PartnerServiceLocationsTable;
  partner_contacts: PartnerContactsTable;
  partner_hsds_rows: PartnerHsdsRowsTable;
  partner_schools: PartnerSchoolsTable;
  agreements: AgreementsTable;
  agreement_parties: AgreementPartiesTable;
  agreement_goals: AgreementGoalsTable;
  agreement_commitments: AgreementCommitmentsTable;
  agreement_signatories: AgreementSignatoriesTable;
  agreement_documents: AgreementDocumentsTable;
  data_sharing_terms: DataSharingTermsTable;
  data_sharing_students: DataSharingStudentsTable;
  data_sharing_scopes: DataSharingScopesTable;
  consent_records: ConsentRecordsTable;
  partner_disclosures: PartnerDisclosuresTable;
  school_needs: SchoolNeedsTable;
  school_need_partners: SchoolNeedPartnersTable;
  health_checks: HealthChecksTable;
  health_check_scores: HealthCheckScoresTable;
}
