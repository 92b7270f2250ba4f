/**
 * Pure date rules for school years and calendars. Dates are 'YYYY-MM-DD' strings, computed in UTC so
 * the server's time zone never shifts a day.
 */
const DAY_MS = 86_400_000;

export function toDayNumber(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

export function fromDayNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return fromDayNumber(toDayNumber(date) + days);
}

/** ISO weekday: 1 Monday … 7 Sunday. */
export function isoWeekday(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** Every date from `from` to `to`, both inclusive. */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let n = toDayNumber(from), end = toDayNumber(to); n <= end; n++) out.push(fromDayNumber(n));
  return out;
}

export interface GeneratedDay {
  date: string;
  instructional: boolean;
  event: string | null;
}

/**
 * The calendar of a school between two dates: every chosen weekday is a school day, except the
 * holidays, which are kept as non-instructional days with their name (a holiday on a weekend is kept
 * too, so its name shows on the calendar).
 */
export function generateCalendarDays(
  from: string,
  to: string,
  weekdays: readonly number[],
  holidays: ReadonlyArray<{ date: string; event?: string | null }>,
): GeneratedDay[] {
  const holidayByDate = new Map<string, string | null>();
  for (const h of holidays) if (h.date >= from && h.date <= to) holidayByDate.set(h.date, h.event?.trim() || null);
  const days: GeneratedDay[] = [];
  for (const date of datesBetween(from, to)) {
    if (holidayByDate.has(date)) days.push({ date, instructional: false, event: holidayByDate.get(date) ?? null });
    else if (weekdays.includes(isoWeekday(date))) days.push({ date, instructional: true, event: null });
  }
  return days;
}

/** Problems with a school year's name and dates, as field errors (empty when it is valid). */
export function schoolYearProblems(input: { name: string; startDate: string; endDate: string }): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  const m = /^(\d{4})-(\d{4})$/.exec(input.name);
  if (!m) {
    problems.push({ path: 'name', message: 'must be written like 2021-2022' });
    return problems;
  }
  const first = Number(m[1]);
  const second = Number(m[2]);
  if (second !== first + 1) problems.push({ path: 'name', message: `the second year must follow the first (${first}-${first + 1})` });
  if (input.startDate.slice(0, 4) !== String(first)) problems.push({ path: 'startDate', message: `must be in ${first}, the year ${input.name} starts` });
  if (input.endDate.slice(0, 4) !== String(second)) problems.push({ path: 'endDate', message: `must be in ${second}, the year ${input.name} ends` });
  if (input.endDate <= input.startDate) problems.push({ path: 'endDate', message: 'must be after the start date' });
  return problems;
}

/** Parses holidays typed one per line: "2021-12-24 Winter break" or "2021-12-20..2021-12-31 Winter break". */
export function parseHolidayLines(text: string): { holidays: { date: string; event: string | null }[]; errors: { line: number; message: string }[] } {
  const holidays: { date: string; event: string | null }[] = [];
  const errors: { line: number; message: string }[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const m = /^(\d{4}-\d{2}-\d{2})(?:\s*(?:\.\.|–|—)\s*(\d{4}-\d{2}-\d{2}))?\s*(.*)$/.exec(line);
    if (!m || !validDate(m[1]) || (m[2] && !validDate(m[2]))) {
      errors.push({ line: i + 1, message: 'must start with a date YYYY-MM-DD (or a range YYYY-MM-DD..YYYY-MM-DD)' });
      return;
    }
    const to = m[2] ?? m[1];
    if (to < m[1]) {
      errors.push({ line: i + 1, message: 'the range ends before it starts' });
      return;
    }
    const event = m[3].replace(/^[-–—:,\s]+/, '').trim() || null;
    for (const date of datesBetween(m[1], to)) holidays.push({ date, event });
  });
  return { holidays, errors };
}

export function validDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
}
