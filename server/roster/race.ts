/**
 * The federal race/ethnicity rule (PRODUCT.md): Hispanic/Latino of any race → `hispanic`; otherwise
 * one race → that race; several races → `two_or_more`; none reported → `unknown`. Each student is
 * in exactly one race/ethnicity group.
 */
import type { RaceCode } from '../imports/records.ts';

export const RACE_CODES: readonly RaceCode[] = ['american_indian_alaska_native', 'asian', 'black', 'native_hawaiian_pacific_islander', 'white'];

export type RaceEthnicity = RaceCode | 'hispanic' | 'two_or_more' | 'unknown';

export const RACE_ETHNICITY_GROUPS: readonly RaceEthnicity[] = ['hispanic', ...RACE_CODES, 'two_or_more', 'unknown'];

/**
 * The one group a student belongs to. `hispanicLatino` null means "not reported"; races are the
 * federal race codes reported for the student (repeats count once, unknown codes are ignored).
 */
export function raceEthnicity(hispanicLatino: 0 | 1 | null | undefined, races: Iterable<string> | null | undefined): RaceEthnicity {
  if (hispanicLatino === 1) return 'hispanic';
  const reported = new Set<RaceCode>();
  for (const r of races ?? []) if ((RACE_CODES as readonly string[]).includes(r)) reported.add(r as RaceCode);
  if (reported.size === 1) return [...reported][0];
  if (reported.size > 1) return 'two_or_more';
  return 'unknown';
}

/** The stored form of a race list: ';'-separated codes in a fixed order, or null when none. */
export function racesText(races: Iterable<string>): string | null {
  const set = new Set(races);
  const ordered = RACE_CODES.filter((r) => set.has(r));
  return ordered.length ? ordered.join(';') : null;
}
