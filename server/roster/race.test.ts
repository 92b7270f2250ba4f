import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RACE_CODES, RACE_ETHNICITY_GROUPS, raceEthnicity, racesText } from './race.ts';

describe('the federal race/ethnicity rule', () => {
  it('puts a Hispanic/Latino student in the hispanic group whatever races are reported', () => {
    expect(raceEthnicity(1, [])).toBe('hispanic');
    expect(raceEthnicity(1, ['white'])).toBe('hispanic');
    expect(raceEthnicity(1, ['white', 'black', 'asian'])).toBe('hispanic');
  });

  it('gives one race that race, several races two_or_more, none unknown', () => {
    expect(raceEthnicity(0, ['asian'])).toBe('asian');
    expect(raceEthnicity(null, ['black'])).toBe('black');
    expect(raceEthnicity(0, ['white', 'black'])).toBe('two_or_more');
    expect(raceEthnicity(0, [])).toBe('unknown');
    expect(raceEthnicity(null, null)).toBe('unknown');
  });

  it('counts a race reported twice once, and ignores codes that are not federal races', () => {
    expect(raceEthnicity(0, ['white', 'white'])).toBe('white');
    expect(raceEthnicity(0, ['martian', 'white'])).toBe('white');
    expect(raceEthnicity(0, ['martian'])).toBe('unknown');
  });

  it('always puts a student in exactly one of the groups measures break down by', () => {
    fc.assert(
      fc.property(fc.constantFrom<0 | 1 | null>(0, 1, null), fc.array(fc.constantFrom(...RACE_CODES, 'other')), (h, races) => {
        const g = raceEthnicity(h, races);
        expect(RACE_ETHNICITY_GROUPS).toContain(g);
        if (h === 1) expect(g).toBe('hispanic');
      }),
    );
  });

  it('stores races in a fixed order, without repeats', () => {
    expect(racesText(['white', 'asian', 'white'])).toBe('asian;white');
    expect(racesText([])).toBeNull();
  });
});
