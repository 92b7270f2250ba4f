import { describe, expect, it } from 'vitest';
import { countUpTo, dateOf, dayOf, lastDayOfMonth, monthsBetween } from './dates.ts';

describe('dates as day numbers', () => {
  it('round-trips every day from 1968 to 2050, leap years included', () => {
    for (let n = -800; n < 29_220; n++) expect(dayOf(dateOf(n))).toBe(n);
    expect(dayOf('1970-01-01')).toBe(0);
    expect(dayOf('2024-03-01') - dayOf('2024-02-28')).toBe(2);
    expect(dayOf('2100-03-01') - dayOf('2100-02-28')).toBe(1);
  });

  it('counts months and sorted entries', () => {
    expect(monthsBetween('2021-08-16', '2022-01-03')).toEqual(['2021-08', '2021-09', '2021-10', '2021-11', '2021-12', '2022-01']);
    expect(lastDayOfMonth('2024-02')).toBe('2024-02-29');
    expect(countUpTo(Int32Array.from([1, 3, 3, 7]), 3)).toBe(3);
    expect(countUpTo(Int32Array.from([1, 3, 3, 7]), 0)).toBe(0);
  });
});
