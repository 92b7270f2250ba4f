/**
 * Cell values of import files (DATA-FORMATS.md): dates, flags, grades, school years, numbers and
 * languages. Each parser returns the value, or a reason it cannot be read; some tolerate a variant
 * (an unambiguous non-ISO date, a grade written "9") and say so with a note that becomes a warning.
 */
import type { Flag, Grade } from './records.ts';
import { isoLanguage } from './edfi/languages.ts';

export type Parsed<T> = { ok: true; value: T; note?: string } | { ok: false; reason: string };

const ok = <T>(value: T, note?: string): Parsed<T> => (note ? { ok: true, value, note } : { ok: true, value });
const bad = <T>(reason: string): Parsed<T> => ({ ok: false, reason });

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

function realDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 2200) return false;
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** ISO date strings already checked (a year has a few hundred; attendance has millions of rows). */
const checkedDates = new Map<string, Parsed<string>>();

/**
 * A date: 'YYYY-MM-DD'. Tolerated with a note: 'YYYY/MM/DD', and day/month/year or month/day/year
 * when unambiguous (one of the first two numbers is above 12). Ambiguous ones are refused.
 */
export function parseDate(raw: string): Parsed<string> {
  const hit = checkedDates.get(raw);
  if (hit) return hit;
  const v = raw.trim();
  let m = ISO_DATE.exec(v);
  if (m) {
    const p: Parsed<string> = realDate(+m[1], +m[2], +m[3]) ? { ok: true, value: v } : bad(`"${v}" is not a real date`);
    if (checkedDates.size < 100_000) checkedDates.set(raw, p);
    return p;
  }
  m = ISO_DATETIME.exec(v);
  if (m && realDate(+m[1], +m[2], +m[3])) return ok(`${m[1]}-${m[2]}-${m[3]}`);
  m = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$/.exec(v);
  if (m && realDate(+m[1], +m[2], +m[3])) return ok(`${m[1]}-${pad2(+m[2])}-${pad2(+m[3])}`, `the date "${v}" was read as ${m[1]}-${pad2(+m[2])}-${pad2(+m[3])} (dates are written YYYY-MM-DD)`);
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(v);
  if (m) {
    const a = +m[1];
    const b = +m[2];
    const y = +m[3];
    if (a > 12 && b <= 12 && realDate(y, b, a)) return ok(`${y}-${pad2(b)}-${pad2(a)}`, `the date "${v}" was read as ${y}-${pad2(b)}-${pad2(a)} (day/month/year; dates are written YYYY-MM-DD)`);
    if (b > 12 && a <= 12 && realDate(y, a, b)) return ok(`${y}-${pad2(a)}-${pad2(b)}`, `the date "${v}" was read as ${y}-${pad2(a)}-${pad2(b)} (month/day/year; dates are written YYYY-MM-DD)`);
    if (a === b && realDate(y, a, b)) return ok(`${y}-${pad2(a)}-${pad2(b)}`, `the date "${v}" was read as ${y}-${pad2(a)}-${pad2(b)} (dates are written YYYY-MM-DD)`);
    if (a <= 12 && b <= 12) return bad(`"${v}" is ambiguous (day/month or month/day?); write dates as YYYY-MM-DD`);
  }
  return bad(`"${clip(v)}" is not a date (expected YYYY-MM-DD)`);
}

const checkedTimestamps = new Map<string, Parsed<string>>();

/** A timestamp (OneRoster dateLastModified): ISO date-time, or a date (read as midnight UTC). */
export function parseTimestamp(raw: string): Parsed<string> {
  let p = checkedTimestamps.get(raw);
  if (!p) {
    p = readTimestamp(raw);
    if (checkedTimestamps.size < 50_000) checkedTimestamps.set(raw, p);
  }
  return p;
}

function readTimestamp(raw: string): Parsed<string> {
  const v = raw.trim();
  const m = ISO_DATETIME.exec(v);
  if (m && realDate(+m[1], +m[2], +m[3])) {
    const t = new Date(v.includes('T') || v.includes(' ') ? v.replace(' ', 'T') : v);
    if (!Number.isNaN(t.getTime())) return ok(t.toISOString());
  }
  const d = parseDate(v);
  if (!d.ok) return d;
  return ok(`${d.value}T00:00:00.000Z`, d.note);
}

/** Y/N, true/false, 1/0, yes/no (any case). Empty → null. */
export function parseFlag(raw: string): Parsed<Flag | null> {
  const v = raw.trim().toLowerCase();
  if (v === '') return ok(null);
  if (v === 'y' || v === 'yes' || v === 'true' || v === '1' || v === 't') return ok(1);
  if (v === 'n' || v === 'no' || v === 'false' || v === '0' || v === 'f') return ok(0);
  return bad(`"${clip(raw)}" is not a flag (use Y/N, true/false or 1/0)`);
}

export const GRADES: readonly Grade[] = ['PK', 'TK', 'KG', '01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'];
const GRADE_SET = new Set<string>(GRADES);

/** A CEDS grade code: PK, TK, KG, 01 … 12. "K" and "1"…"9" are read with a note. */
export function parseGrade(raw: string): Parsed<Grade> {
  const v = raw.trim().toUpperCase();
  if (GRADE_SET.has(v)) return ok(v as Grade);
  if (/^\d{1,2}$/.test(v) && +v >= 1 && +v <= 12) return ok(pad2(+v) as Grade, `the grade "${raw.trim()}" was read as ${pad2(+v)} (grades are CEDS codes: PK, TK, KG, 01 … 12)`);
  if (v === 'K' || v === 'KF' || v === 'KINDERGARTEN') return ok('KG', `the grade "${raw.trim()}" was read as KG`);
  if (v === 'PREK' || v === 'PRE-K' || v === 'P') return ok('PK', `the grade "${raw.trim()}" was read as PK`);
  return bad(`"${clip(raw)}" is not a grade (use PK, TK, KG, 01 … 12)`);
}

/** Compare grades in order (PK < TK < KG < 01 < … < 12). */
export function gradeRank(g: Grade): number {
  return GRADES.indexOf(g);
}

/** '2021-2022'. '2021-22' is read with a note. */
export function parseSchoolYear(raw: string): Parsed<string> {
  const v = raw.trim();
  let m = /^(\d{4})\s*[-/]\s*(\d{4})$/.exec(v);
  if (m && +m[2] === +m[1] + 1) return v === `${m[1]}-${m[2]}` ? ok(v) : ok(`${m[1]}-${m[2]}`);
  m = /^(\d{4})-(\d{2})$/.exec(v);
  if (m && (+m[1] + 1) % 100 === +m[2]) return ok(`${m[1]}-${+m[1] + 1}`, `the school year "${v}" was read as ${m[1]}-${+m[1] + 1}`);
  return bad(`"${clip(raw)}" is not a school year (write it like 2021-2022)`);
}

/** The school year a OneRoster schoolYear ('2022', the year it ends) names: '2021-2022'. */
export function schoolYearEnding(raw: string): Parsed<string> {
  const v = raw.trim();
  if (/^\d{4}$/.test(v)) return ok(`${+v - 1}-${v}`);
  return parseSchoolYear(v);
}

/** The school year a date falls in when nothing else says: July to June. */
export function schoolYearOfDate(date: string): string {
  const y = +date.slice(0, 4);
  const m = +date.slice(5, 7);
  return m >= 7 ? `${y}-${y + 1}` : `${y - 1}-${y}`;
}

/** The first and last day a school year is assumed to span when no file gives its dates. */
export function defaultYearDates(name: string): { start: string; end: string } {
  const start = +name.slice(0, 4);
  return { start: `${start}-07-01`, end: `${start + 1}-06-30` };
}

export function parseInteger(raw: string, min = -Infinity, max = Infinity): Parsed<number | null> {
  const v = raw.trim();
  if (v === '') return ok(null);
  if (!/^[+-]?\d+$/.test(v)) return bad(`"${clip(raw)}" is not a whole number`);
  const n = Number(v);
  if (n < min || n > max) return bad(`${n} is out of range (${min} to ${max})`);
  return ok(n);
}

export function parseNumber(raw: string, min = -Infinity, max = Infinity): Parsed<number | null> {
  const v = raw.trim();
  if (v === '') return ok(null);
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v)) return bad(`"${clip(raw)}" is not a number`);
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max) return bad(`${v} is out of range (${min} to ${max})`);
  return ok(n);
}

const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });
const languageCache = new Map<string, Parsed<string | null>>();

/** An ISO 639 language code ('es'); a language name ('Spanish') is read with a note. Empty → null. */
export function parseLanguage(raw: string): Parsed<string | null> {
  const v = raw.trim();
  if (v === '') return ok(null);
  let p = languageCache.get(v);
  if (!p) {
    p = readLanguage(v);
    if (languageCache.size < 10_000) languageCache.set(v, p);
  }
  return p;
}

function readLanguage(v: string): Parsed<string | null> {
  // Two-letter codes are checked directly; names and three-letter codes need the full table.
  if (/^[a-z]{2}$/.test(v)) {
    let known = false;
    try {
      known = !!languageNames.of(v);
    } catch {
      known = false;
    }
    if (known) return ok(v);
  }
  const code = isoLanguage(v);
  if (!code) return bad(`"${clip(v)}" is not an ISO 639 language code (like en, es, vi, zh)`);
  if (code !== v.toLowerCase()) return ok(code, `the language "${v}" was read as ${code}`);
  return ok(code);
}

/** One value of a fixed list (case-insensitive). */
export function parseChoice<T extends string>(raw: string, choices: readonly T[], what: string): Parsed<T> {
  const v = raw.trim().toLowerCase();
  const hit = choices.find((c) => c.toLowerCase() === v);
  if (hit) return ok(hit);
  return bad(`"${clip(raw)}" is not a ${what} (one of ${choices.join(', ')})`);
}

/** Text shortened for a message. */
export function clip(s: string, n = 60): string {
  const t = s.replace(/[\r\n\t]+/g, ' ');
  return t.length > n ? `${t.slice(0, n)}…` : t;
}
