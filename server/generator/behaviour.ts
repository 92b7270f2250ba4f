/**
 * What students do, drawn from their latent traits: how often they miss school each year, their
 * daily attendance (illness streaks, Mondays and Fridays, winter), discipline incidents and the
 * suspension days they cost, and assessment results that fall as absences rise.
 *
 * Absence rates follow what states report: higher in kindergarten and in grades 9-12, higher for
 * students who are economically disadvantaged, homeless, in foster care, with a disability, and
 * unequal across race/ethnicity; a few students miss a great deal (the heavy tail).
 */
import type { AttendanceStatus } from '../imports/records.ts';
import { weekday } from './calendar.ts';
import type { District, RaceEthnicity, School, Span, Student, Year } from './model.ts';
import { streamFor, type Random } from './random.ts';

const BASE_RATE = 0.031;
const GRADE_FACTOR = [1.5, 1.12, 0.96, 0.9, 0.88, 0.9, 0.98, 1.06, 1.14, 1.32, 1.42, 1.58, 1.8];
const RACE_FACTOR: Record<RaceEthnicity, number> = {
  hispanic: 1.15,
  black: 1.3,
  american_indian_alaska_native: 1.6,
  native_hawaiian_pacific_islander: 1.5,
  two_or_more: 1.1,
  asian: 0.6,
  white: 0.88,
  unknown: 1,
};

/** The student's expected share of school days missed in a year (before suspensions). */
export function absenceRate(seed: number, s: Student, year: Year, grade: number): number {
  const rng = streamFor(seed, 'absence-rate', s.no, year.index);
  const f = s.family;
  let factor = GRADE_FACTOR[grade] * RACE_FACTOR[f.raceEthnicity];
  if (f.economicallyDisadvantaged) factor *= 1.4;
  if (s.disability) factor *= 1.3;
  if (f.homeless) factor *= 1.6;
  if (f.foster) factor *= 1.6;
  if (s.englishLearner) factor *= 1.05;
  const z = 0.85 * s.attendanceZ + 0.45 * rng.normal();
  return Math.min(0.8, BASE_RATE * factor * Math.exp(0.72 * z) * s.tail);
}

// ---------------------------------------------------------------------------------------------
// Discipline

export interface Incident {
  incidentId: string;
  span: Span;
  day: number;
  behavior: string;
  action: 'out_of_school_suspension' | 'in_school_suspension' | 'other';
  days: number | null;
}

const OSS_BEHAVIOURS = [['Fighting', 0.35], ['Physical aggression', 0.2], ['Threat or intimidation', 0.15], ['Drug or alcohol possession', 0.12], ['Bullying', 0.1], ['Weapon possession', 0.03], ['Vandalism', 0.05]] as const;
const ISS_BEHAVIOURS = [['Defiance', 0.35], ['Disruption', 0.3], ['Harassment', 0.15], ['Profanity', 0.1], ['Skipping class', 0.1]] as const;
const OTHER_BEHAVIOURS = [['Disruption', 0.3], ['Cell phone use', 0.25], ['Tardiness', 0.2], ['Dress code', 0.1], ['Profanity', 0.15]] as const;
const RACE_DISCIPLINE: Record<RaceEthnicity, number> = {
  hispanic: 1.15,
  black: 1.9,
  american_indian_alaska_native: 1.5,
  native_hawaiian_pacific_islander: 1.3,
  two_or_more: 1.2,
  asian: 0.4,
  white: 0.8,
  unknown: 1,
};

function incidentRate(s: Student, grade: number): number {
  let rate = grade <= 2 ? 0.012 : grade <= 5 ? 0.03 : grade <= 8 ? 0.17 : 0.13;
  rate *= RACE_DISCIPLINE[s.family.raceEthnicity];
  if (s.sex === 'M') rate *= 1.7;
  else if (s.sex === 'F') rate *= 0.55;
  if (s.disability) rate *= 1.8;
  if (s.family.economicallyDisadvantaged) rate *= 1.4;
  if (s.tail > 1) rate *= 1.6;
  return rate * Math.exp(0.2 * s.attendanceZ);
}

/**
 * The span's instructional days with records (entry to exit, up to the records' end), as a range
 * [from, to) of indexes into the school calendar's instructional days.
 */
export function spanDayRange(span: Span): [number, number] {
  const days = span.school.calendars[span.year.index].instructionalDays;
  const end = Math.min(span.exitDay, span.year.recordsThrough);
  const from = lowerBound(days, span.entryDay);
  return [from, Math.max(from, lowerBound(days, end + 1))];
}

/** The span's instructional days with records, as day numbers. */
export function spanDays(span: Span): number[] {
  const [from, to] = spanDayRange(span);
  return span.school.calendars[span.year.index].instructionalDays.slice(from, to);
}

export function spanDayCount(span: Span): number {
  const [from, to] = spanDayRange(span);
  return to - from;
}

function lowerBound(a: readonly number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Discipline incidents of every year, in order. A fight often involves two students of the same
 * school: one incident id, one row per student. Suspensions start the next school day.
 */
export function drawIncidents(district: District): Incident[] {
  const seed = district.options.seed;
  const incidents: Incident[] = [];
  let next = 1;
  for (const spans of district.spansByYear) {
    const bySchool = new Map<School, Span[]>();
    for (const sp of spans) {
      const list = bySchool.get(sp.school) ?? [];
      list.push(sp);
      bySchool.set(sp.school, list);
    }
    for (const span of spans) {
      const days = spanDays(span);
      if (days.length === 0) continue;
      const rng = streamFor(seed, 'discipline', span.student.no, span.year.index, span.school.index);
      const count = rng.poisson((incidentRate(span.student, span.grade) * days.length) / 180);
      for (let k = 0; k < count; k++) {
        const day = rng.pick(days);
        const elementary = span.grade <= 5;
        const action = rng.weighted(elementary ? ([['out_of_school_suspension', 0.28], ['in_school_suspension', 0.3], ['other', 0.42]] as const) : ([['out_of_school_suspension', 0.45], ['in_school_suspension', 0.35], ['other', 0.2]] as const));
        const behavior = rng.weighted(action === 'out_of_school_suspension' ? OSS_BEHAVIOURS : action === 'in_school_suspension' ? ISS_BEHAVIOURS : OTHER_BEHAVIOURS);
        const incidentId = `INC${String(next++).padStart(7, '0')}`;
        incidents.push({ incidentId, span, day, behavior, action, days: suspensionDays(rng, action) });
        if (behavior === 'Fighting') {
          const others = bySchool.get(span.school)!;
          for (let tries = 0; tries < 8; tries++) {
            const other = rng.pick(others);
            if (other.student === span.student || other.entryDay > day || Math.min(other.exitDay, other.year.recordsThrough) < day) continue;
            if (!other.school.calendars[other.year.index].isInstructional(day)) continue;
            incidents.push({ incidentId, span: other, day, behavior, action, days: suspensionDays(rng, action) });
            break;
          }
        }
      }
    }
  }
  return incidents;
}

function suspensionDays(rng: Random, action: Incident['action']): number | null {
  if (action === 'out_of_school_suspension') return rng.weighted([[1, 0.38], [2, 0.25], [3, 0.2], [5, 0.12], [10, 0.05]] as const);
  if (action === 'in_school_suspension') return rng.weighted([[1, 0.6], [2, 0.3], [3, 0.1]] as const);
  return null;
}

/** The school days a suspension keeps the student out of class: the next `days` school days within the span. */
export function suspendedDays(incident: Incident): number[] {
  if (!incident.days || incident.action === 'other') return [];
  const days = spanDays(incident.span);
  const i = days.indexOf(incident.day);
  return days.slice(i + 1, i + 1 + incident.days);
}

// ---------------------------------------------------------------------------------------------
// Daily attendance

/** Day-of-week and month weights on absence (Mondays, Fridays and winter months are worse). */
const WEEKDAY_FACTOR = [0, 1.12, 0.92, 0.9, 0.94, 1.14, 0];
const MONTH_FACTOR = [1.12, 1.14, 1.0, 0.96, 1.05, 1.2, 1, 0.85, 0.85, 0.92, 1.0, 1.12];
const STREAK = [[1, 0.52], [2, 0.28], [3, 0.14], [4, 0.04], [5, 0.02]] as const;
const MEAN_STREAK = STREAK.reduce((a, [l, p]) => a + l * p, 0);
const PARTIAL_MINUTES = [[30, 0.2], [45, 0.15], [60, 0.2], [90, 0.15], [120, 0.12], [180, 0.1], [240, 0.08]] as const;

export interface DayRecord {
  day: number;
  status: AttendanceStatus;
  minutesAbsent: number | null;
}

/** Day weights of a year: one per day number from the first day, normalised to average 1. */
export function dayFactors(year: Year): Float64Array {
  const cal = year.calendar;
  const factors = new Float64Array(cal.lastDay - cal.firstDay + 1);
  let sum = 0;
  for (const d of cal.instructionalDays) {
    const month = Number(year.dateOf(d).slice(5, 7)) - 1;
    const f = WEEKDAY_FACTOR[weekday(d)] * MONTH_FACTOR[month];
    factors[d - cal.firstDay] = f;
    sum += f;
  }
  const mean = sum / cal.instructionalDays.length;
  for (let i = 0; i < factors.length; i++) factors[i] /= mean;
  return factors;
}

/**
 * Calls `emit` once per instructional day of the span with records, in date order: absences come
 * in streaks (an illness lasts a few days) of one kind (excused or not); suspension days replace
 * whatever the day would have been; on days present, some students are late or leave early.
 */
export function simulateSpan(
  seed: number,
  span: Span,
  rate: number,
  factors: Float64Array,
  suspensions: Map<number, AttendanceStatus> | undefined,
  emit: (day: number, status: AttendanceStatus, minutesAbsent: number | null) => void,
): void {
  const s = span.student;
  const rng = streamFor(seed, 'attendance', s.no, span.year.index, span.school.index);
  const first = span.year.calendar.firstDay;
  // Chance that a streak starts on an average day, so that the expected share of days missed is `rate`.
  const start = rate / (MEAN_STREAK - rate * (MEAN_STREAK - 1));
  const tardy = Math.min(0.3, s.tardyRate * (span.grade >= 9 ? 1.6 : span.grade >= 6 ? 1.2 : 1));
  let left = 0;
  let streakStatus: AttendanceStatus = 'absent_excused';
  const days = span.school.calendars[span.year.index].instructionalDays;
  const [from, to] = spanDayRange(span);
  for (let i = from; i < to; i++) {
    const day = days[i];
    let status: AttendanceStatus;
    let minutes: number | null = null;
    if (left > 0) {
      status = streakStatus;
      left--;
    } else if (rng.next() < start * factors[day - first]) {
      left = rng.weighted(STREAK) - 1;
      streakStatus = rng.next() < s.excusedShare ? 'absent_excused' : 'absent_unexcused';
      status = streakStatus;
    } else {
      const r = rng.next();
      if (r < tardy) status = 'tardy';
      else if (r < tardy + 0.012) {
        status = 'partial';
        minutes = rng.weighted(PARTIAL_MINUTES);
      } else status = 'present';
    }
    const suspended = suspensions?.get(day);
    if (suspended) {
      status = suspended;
      minutes = null;
    }
    emit(day, status, minutes);
  }
}

/** Suspension days per span, from the incidents. */
export function suspensionsBySpan(incidents: readonly Incident[]): Map<Span, Map<number, AttendanceStatus>> {
  const out = new Map<Span, Map<number, AttendanceStatus>>();
  for (const inc of incidents) {
    if (inc.action === 'other') continue;
    const days = suspendedDays(inc);
    if (!days.length) continue;
    const map = out.get(inc.span) ?? new Map<number, AttendanceStatus>();
    const status: AttendanceStatus = inc.action === 'out_of_school_suspension' ? 'suspension_out_of_school' : 'suspension_in_school';
    for (const d of days) if (map.get(d) !== 'suspension_out_of_school') map.set(d, status);
    out.set(inc.span, map);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Assessments

export interface AssessmentResult {
  span: Span;
  assessment: string;
  subject: 'ela' | 'math';
  day: number;
  scaleScore: number;
  level: number;
  label: string;
  proficient: boolean;
}

interface Administration {
  assessment: string;
  subject: 'ela' | 'math';
  /** Index of the district instructional day the window opens. */
  dayIndex: number;
  grades: (g: number) => boolean;
  season: number;
  labels: readonly string[];
  scale: (grade: number, z: number, season: number) => number;
  optOut: (grade: number) => number;
}

const STATE_LABELS = ['Standard Not Met', 'Standard Nearly Met', 'Standard Met', 'Standard Exceeded'] as const;
const BENCHMARK_LABELS = ['Well Below Benchmark', 'Below Benchmark', 'At Benchmark', 'Above Benchmark'] as const;
const state = (subject: 'ela' | 'math', dayIndex: number): Administration => ({
  assessment: 'State Assessment',
  subject,
  dayIndex,
  grades: (g) => (g >= 3 && g <= 8) || g === 11,
  season: 2,
  labels: STATE_LABELS,
  scale: (g, z) => Math.round(2250 + 45 * g + 85 * z),
  optOut: (g) => (g === 11 ? 0.07 : 0.02),
});
const benchmark = (subject: 'ela' | 'math', dayIndex: number, season: number): Administration => ({
  assessment: 'Benchmark',
  subject,
  dayIndex,
  grades: (g) => g <= 8,
  season,
  labels: BENCHMARK_LABELS,
  scale: (g, z, se) => Math.round(150 + 9 * g + 4 * se + 13 * z),
  optOut: () => 0.03,
});
const ADMINISTRATIONS: Administration[] = [
  benchmark('ela', 22, 0), benchmark('math', 24, 0),
  benchmark('ela', 96, 1), benchmark('math', 98, 1),
  state('ela', 148), state('math', 151),
  benchmark('ela', 163, 2), benchmark('math', 165, 2),
];
/** Cut points on the latent score between performance levels 1|2, 2|3 and 3|4. */
const CUTS = [-0.55, 0.05, 0.85];

/**
 * Assessment results of one span, in date order: a student is tested at the school they attend on
 * the school's testing day.
 */
export function drawAssessments(district: District, span: Span): AssessmentResult[] {
  const seed = district.options.seed;
  const year = span.year;
  const out: AssessmentResult[] = [];
  const days = year.calendar.instructionalDays;
  const rng = streamFor(seed, 'assessments', span.student.no, year.index, span.school.index);
  const rate = absenceRate(seed, span.student, year, span.grade);
  const cal = span.school.calendars[year.index];
  const end = Math.min(span.exitDay, year.recordsThrough);
  for (const a of ADMINISTRATIONS) {
    if (!a.grades(span.grade)) continue;
    // Each school tests on its own day within the window.
    let day = days[Math.min(days.length - 1, a.dayIndex + (span.school.index % 4))];
    while (!cal.isInstructional(day) && day < year.calendar.lastDay) day++;
    if (day < span.entryDay || day > end) continue;
    if (rng.next() < a.optOut(span.grade)) continue;
    const s = span.student;
    const z = 0.9 * s.ability - 2.6 * (rate - 0.05) + 0.35 * rng.normal() + (a.subject === 'math' ? -0.08 : 0) - (a.subject === 'ela' && s.englishLearner ? 0.2 : 0);
    const level = 1 + CUTS.filter((c) => z >= c).length;
    out.push({ span, assessment: a.assessment, subject: a.subject, day, scaleScore: a.scale(span.grade, z, a.season), level, label: a.labels[level - 1], proficient: level >= 3 });
  }
  return out;
}
