import { describe, expect, it } from 'vitest';
import { parseDate, parseFlag, parseGrade, parseLanguage, parseSchoolYear, parseTimestamp, schoolYearEnding } from './values.ts';

describe('cell values', () => {
  it('reads ISO dates and refuses impossible ones', () => {
    expect(parseDate('2022-02-28')).toEqual({ ok: true, value: '2022-02-28' });
    expect(parseDate('2022-02-29')).toEqual({ ok: false, reason: '"2022-02-29" is not a real date' });
    expect(parseDate('2024-02-29')).toEqual({ ok: true, value: '2024-02-29' });
  });

  it('reads unambiguous non-ISO dates with a note, refuses ambiguous ones', () => {
    expect(parseDate('15/06/2023')).toMatchObject({ ok: true, value: '2023-06-15' });
    expect(parseDate('06/15/2023')).toMatchObject({ ok: true, value: '2023-06-15' });
    expect(parseDate('2023/6/5')).toMatchObject({ ok: true, value: '2023-06-05' });
    expect(parseDate('5/5/2023')).toMatchObject({ ok: true, value: '2023-05-05' });
    expect(parseDate('1/05/2023').ok).toBe(false);
    expect(parseDate('yesterday').ok).toBe(false);
  });

  it('reads timestamps as ISO instants', () => {
    expect(parseTimestamp('2023-05-01T18:25:43.511Z')).toEqual({ ok: true, value: '2023-05-01T18:25:43.511Z' });
    expect(parseTimestamp('2023-05-01')).toEqual({ ok: true, value: '2023-05-01T00:00:00.000Z' });
  });

  it('reads flags, grades, school years and languages', () => {
    expect(['Y', 'yes', 'TRUE', '1'].map((v) => parseFlag(v))).toEqual(Array(4).fill({ ok: true, value: 1 }));
    expect(['N', 'no', 'false', '0'].map((v) => parseFlag(v))).toEqual(Array(4).fill({ ok: true, value: 0 }));
    expect(parseFlag('maybe').ok).toBe(false);
    expect(parseGrade('kg')).toEqual({ ok: true, value: 'KG' });
    expect(parseGrade('9')).toMatchObject({ ok: true, value: '09' });
    expect(parseGrade('13').ok).toBe(false);
    expect(parseSchoolYear('2021-2022')).toEqual({ ok: true, value: '2021-2022' });
    expect(parseSchoolYear('2021-22')).toMatchObject({ ok: true, value: '2021-2022' });
    expect(parseSchoolYear('2021-2023').ok).toBe(false);
    expect(schoolYearEnding('2022')).toEqual({ ok: true, value: '2021-2022' });
    expect(parseLanguage('es')).toEqual({ ok: true, value: 'es' });
    expect(parseLanguage('Vietnamese')).toMatchObject({ ok: true, value: 'vi' });
    expect(parseLanguage('klingonese').ok).toBe(false);
  });
});
