/**
 * School calendars of the synthetic district: a district calendar of about 180 instructional days
 * with the usual holidays and breaks (Labor Day, Thanksgiving, two weeks in winter, a spring break,
 * Memorial Day…), and each school's own version of it (elementary conference days, a school's
 * professional-development day). Dates are day numbers (days since 1970-01-01, UTC) internally.
 */
import type { Random } from './random.ts';

const DAY_MS = 86_400_000;

/** 0 = Sunday … 6 = Saturday. */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

function dayOf(year: number, month: number, date: number): number {
  return Date.UTC(year, month - 1, date) / DAY_MS;
}

/** The n-th given weekday of a month (n = -1: the last one). */
function nthWeekday(year: number, month: number, dow: number, n: number): number {
  if (n > 0) {
    const first = dayOf(year, month, 1);
    return first + ((dow - weekday(first) + 7) % 7) + (n - 1) * 7;
  }
  const last = dayOf(year, month + 1, 1) - 1;
  return last - ((weekday(last) - dow + 7) % 7);
}

export interface DayOff {
  day: number;
  event: string;
}

export interface DistrictCalendar {
  /** First calendar year of the school year: 2025 for 2025-2026. */
  startYear: number;
  firstDay: number;
  lastDay: number;
  /** Weekdays without school for everyone, with the reason. */
  daysOff: Map<number, string>;
  /** The district's instructional days, in order. */
  instructionalDays: number[];
}

export const TARGET_INSTRUCTIONAL_DAYS = 180;

/** The district calendar of the school year starting in August of `startYear`. */
export function districtCalendar(startYear: number): DistrictCalendar {
  const y = startYear;
  const off = new Map<number, string>();
  const add = (day: number, event: string) => {
    if (weekday(day) !== 0 && weekday(day) !== 6 && !off.has(day)) off.set(day, event);
  };
  const addRange = (from: number, to: number, event: string) => {
    for (let d = from; d <= to; d++) add(d, event);
  };
  // School starts on the first Wednesday on or after 14 August.
  const aug14 = dayOf(y, 8, 14);
  const firstDay = aug14 + ((3 - weekday(aug14) + 7) % 7);
  add(nthWeekday(y, 9, 1, 1), 'Labor Day');
  add(nthWeekday(y, 10, 1, 2), "Indigenous Peoples' Day");
  add(nthWeekday(y, 10, 5, 3), 'Professional development day');
  add(dayOf(y, 11, 11), 'Veterans Day');
  const thanksgiving = nthWeekday(y, 11, 4, 4);
  addRange(thanksgiving - 1, thanksgiving + 1, 'Thanksgiving break');
  // Two weeks in winter: from the Monday on or before 24 December, plus New Year's Day.
  const dec24 = dayOf(y, 12, 24);
  const winterStart = dec24 - ((weekday(dec24) + 6) % 7);
  addRange(winterStart, winterStart + 11, 'Winter break');
  add(dayOf(y + 1, 1, 1), "New Year's Day");
  add(nthWeekday(y + 1, 1, 1, 3), 'Martin Luther King Jr. Day');
  add(nthWeekday(y + 1, 1, 1, 3) + 11, 'Professional development day');
  add(nthWeekday(y + 1, 2, 1, 3), "Presidents' Day");
  // Spring break: the week starting on the Monday on or after 23 March.
  const mar23 = dayOf(y + 1, 3, 23);
  const springStart = mar23 + ((1 - weekday(mar23) + 7) % 7);
  addRange(springStart, springStart + 4, 'Spring break');
  add(nthWeekday(y + 1, 5, 1, -1), 'Memorial Day');
  add(dayOf(y + 1, 6, 19), 'Juneteenth');
  const instructionalDays: number[] = [];
  let d = firstDay;
  while (instructionalDays.length < TARGET_INSTRUCTIONAL_DAYS) {
    const w = weekday(d);
    if (w !== 0 && w !== 6 && !off.has(d)) instructionalDays.push(d);
    d++;
  }
  const lastDay = instructionalDays[instructionalDays.length - 1];
  for (const day of [...off.keys()]) if (day < firstDay || day > lastDay) off.delete(day);
  return { startYear, firstDay, lastDay, daysOff: off, instructionalDays };
}

export interface SchoolCalendar {
  /** Every weekday from the first to the last day, with whether school was in session. */
  weekdays: Array<{ day: number; instructional: boolean; event: string | null }>;
  /** Instructional days in order. */
  instructionalDays: number[];
  /** Is the day (a day number) instructional at this school? */
  isInstructional(day: number): boolean;
}

/**
 * A school's calendar: the district's, less two parent-conference days before Thanksgiving at
 * elementary schools and, at some schools, one professional-development day of their own.
 */
export function schoolCalendar(district: DistrictCalendar, level: 'elementary' | 'secondary', rng: Random): SchoolCalendar {
  const off = new Map(district.daysOff);
  if (level === 'elementary') {
    const thanksgiving = nthWeekday(district.startYear, 11, 4, 4);
    off.set(thanksgiving - 3, 'Parent-teacher conferences');
    off.set(thanksgiving - 2, 'Parent-teacher conferences');
  }
  if (rng.chance(0.5)) {
    // Not the first or last weeks, and not a day already off.
    const candidates = district.instructionalDays.slice(20, -20).filter((d) => !off.has(d));
    off.set(rng.pick(candidates), 'School professional development day');
  }
  const weekdays: SchoolCalendar['weekdays'] = [];
  const instructionalDays: number[] = [];
  for (let d = district.firstDay; d <= district.lastDay; d++) {
    const w = weekday(d);
    if (w === 0 || w === 6) continue;
    const event = off.get(d) ?? null;
    weekdays.push({ day: d, instructional: event === null, event });
    if (event === null) instructionalDays.push(d);
  }
  const set = new Set(instructionalDays);
  return { weekdays, instructionalDays, isInstructional: (day) => set.has(day) };
}
