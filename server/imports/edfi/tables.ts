import type { Generated } from 'kysely';

/** A district's mapping of one Ed-Fi descriptor value onto a Village code (migration 0011_edfi). */
export interface EdfiDescriptorMappingsTable {
  id: Generated<number>;
  district_id: number;
  /** The kind of descriptor: GradeLevel, Sex, Race, AttendanceEventCategory… (see descriptors.ts). */
  descriptor: string;
  /** The value as written (after '#' in the URI, or the CodeValue). */
  code_value: string;
  /** The value compared without regard to case or runs of spaces. */
  value_key: string;
  /** The URI part before '#' this mapping is limited to; '' for every namespace. */
  namespace: Generated<string>;
  village_code: string;
  created_at: Generated<string>;
  updated_at: Generated<string>;
}

/** Descriptor values an import met without a mapping, for the mappings page. */
export interface EdfiUnmappedDescriptorsTable {
  district_id: number;
  descriptor: string;
  value_key: string;
  namespace: Generated<string>;
  code_value: string;
  written: string;
  occurrences: Generated<number>;
  last_file: string | null;
  last_line: number | null;
  last_seen_at: string;
}

export interface EdfiTables {
  edfi_descriptor_mappings: EdfiDescriptorMappingsTable;
  edfi_unmapped_descriptors: EdfiUnmappedDescriptorsTable;
}
