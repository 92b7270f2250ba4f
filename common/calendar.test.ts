import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, datesBetween, generateCalendarDays, isoWeekday, parseHolidayLines, schoolYearProblems, validDate } from './calendar.ts';

describe('calendar dates', () => {
  it('counts weekdays in UTC whatever the month', () => {
    expect(isoWeekday('2021-08-16')).toBe(1); // a Monday
    expect(isoWeekday('2021-08-22')).toBe(7);
    expect(addDays('2021-12-31', 1)).toBe('2022-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(datesBetween('2021-03-13', '2021-03-15')).toEqual(['2021-03-13', '2021-03-14', '2021-03-15']);
    expect(datesBetween('2021-03-15', '2021-03-14')).toEqual([]);
    expect(validDate('2021-02-29')).toBe(false);
    expect(validDate('2024-02-29')).toBe(true);
    expect(validDate('2024-2-1')).toBe(false);
  });

  it('generates weekdays minus holidays, keeping the holidays with their names', () => {
    const days = generateCalendarDays('2021-11-22', '2021-11-28', [1, 2, 3, 4, 5], [
      { date: '2021-11-25', event: 'Thanksgiving' },
      { date: '2021-11-26', event: '' },
      { date: '2021-12-25', event: 'outside the range' },
    ]);
    expect(days).toEqual([
      { date: '2021-11-22', instructional: true, event: null },
      { date: '2021-11-23', instructional: true, event: null },
      { date: '2021-11-24', instructional: true, event: null },
      { date: '2021-11-25', instructional: false, event: 'Thanksgiving' },
      { date: '2021-11-26', instructional: false, event: null },
    ]);
  });

  it('never makes a holiday or an unchosen weekday instructional', () => {
    const date = fc.integer({ min: 18_000, max: 20_000 }).map((n) => new Date(n * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(date, fc.integer({ min: 0, max: 120 }), fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1 }), fc.array(fc.integer({ min: 0, max: 120 })), (from, span, weekdays, offsets) => {
        const to = addDays(from, span);
        const holidays = offsets.map((o) => ({ date: addDays(from, o), event: 'h' }));
        const days = generateCalendarDays(from, to, weekdays, holidays);
        const holidaySet = new Set(holidays.map((h) => h.date).filter((d) => d <= to));
        for (const d of days) {
          expect(d.date >= from && d.date <= to).toBe(true);
          if (d.instructional) expect(weekdays.includes(isoWeekday(d.date)) && !holidaySet.has(d.date)).toBe(true);
          else expect(holidaySet.has(d.date)).toBe(true);
        }
        const instructional = datesBetween(from, to).filter((x) => weekdays.includes(isoWeekday(x)) && !holidaySet.has(x));
        expect(days.filter((d) => d.instructional).map((d) => d.date)).toEqual(instructional);
      }),
      { numRuns: 200 },
    );
  });
});

describe('school years', () => {
  it('accepts a year that runs from the first calendar year into the next', () => {
    expect(schoolYearProblems({ name: '2021-2022', startDate: '2021-08-16', endDate: '2022-06-10' })).toEqual([]);
  });
  it('names every problem', () => {
    expect(schoolYearProblems({ name: '2021-2023', startDate: '2020-08-16', endDate: '2021-06-10' }).map((p) => p.path)).toEqual(['name', 'startDate', 'endDate'])
    expect(schoolYearProblems({ name: '2021-2022', startDate: '2021-08-16', endDate: '2021-08-01' }).map((p) => p.path)).toEqual(['endDate', 'endDate']);
    expect(schoolYearProblems({ name: '21-22', startDate: '2021-08-16', endDate: '2022-06-10' })).toEqual([{ path: 'name', message: 'must be written like 2021-2022' }]);
  });
});

describe('holiday lines', () => {
  it('reads single days and ranges with their names, and names bad lines', () => {
    const { holidays, errors } = parseHolidayLines('2021-11-25 Thanksgiving\n\n2021-12-30..2022-01-02 Winter break\n12/24 Eve\n2022-01-05..2022-01-03 Backwards');
    expect(holidays).toEqual([
      { date: '2021-11-25', event: 'Thanksgiving' },
      { date: '2021-12-30', event: 'Winter break' },
      { date: '2021-12-31', event: 'Winter break' },
      { date: '2022-01-01', event: 'Winter break' },
      { date: '2022-01-02', event: 'Winter break' },
    ]);
    expect(errors.map((e) => e.line)).toEqual([4, 5]);
  });
});
