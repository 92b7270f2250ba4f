/**
 * Every migration, by name. Names sort in the order they apply; add a line per new migration.
 * (Listed statically so the same list works under the test runner, tsx and a bundler.)
 */
import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.ts';
import * as m0002 from './0002_roster.ts';
import * as m0003 from './0003_audit_student.ts';
import * as m0010 from './0010_imports.ts';
import * as m0011 from './0011_edfi.ts';
import * as m0020 from './0020_measures.ts';
import * as m0030 from './0030_home_visits.ts';
import * as m0040 from './0040_partners.ts';

export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_roster': m0002,
  '0003_audit_student': m0003,
  '0010_imports': m0010,
  '0011_edfi': m0011,
  '0020_measures': m0020,
  '0030_home_visits': m0030,
  '0040_partners': m0040,
};
