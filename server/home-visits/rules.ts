/**
 * The five core practices as checks on a visit (pure functions, tested directly):
 * pairs (two educators, or an educator and an interpreter), arranged in advance, relationship-building
 * first visit (once a year per family), no overlapping visits for one educator, nothing logged as held
 * before it happened.
 */
import type { VisitPurpose } from './program.ts';

export type VisitStatus = 'scheduled' | 'held' | 'completed' | 'cancelled' | 'no_show';
/** Visits that took place or are still planned: the ones that count for the rules below. */
export const LIVE_STATUSES: readonly VisitStatus[] = ['scheduled', 'held', 'completed'];

export interface RuleProblem {
  code: 'validation_failed' | 'unprocessable' | 'conflict';
  message: string;
  path?: string;
}

export function pairingProblem(educatorStaffIds: readonly number[], interpreter: { name: string } | null | undefined): RuleProblem | null {
  const distinct = new Set(educatorStaffIds);
  if (distinct.size !== educatorStaffIds.length) return { code: 'validation_failed', message: 'The same educator is listed twice.', path: 'educatorStaffIds' };
  if (distinct.size >= 2) return null;
  if (distinct.size === 1 && interpreter && interpreter.name.trim()) return null;
  return {
    code: 'unprocessable',
    path: 'educatorStaffIds',
    message:
      distinct.size === 0
        ? 'A visit needs its educators: two educators, or an educator and an interpreter.'
        : 'Educators never visit alone: add a second trained educator, or an interpreter.',
  };
}

/** Minutes since midnight of 'HH:MM'. */
export function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return h * 60 + m;
}

export function endTime(start: string, durationMinutes: number): string {
  const end = minutesOf(start) + durationMinutes;
  return `${String(Math.floor(end / 60) % 24).padStart(2, '0')}:${String(end % 60).padStart(2, '0')}`;
}

export interface TimedVisit {
  id: number;
  date: string;
  startTime: string;
  durationMinutes: number;
}

/** Two visits overlap when they share a date and their time ranges intersect (end is exclusive). */
export function overlaps(a: TimedVisit, b: TimedVisit): boolean {
  if (a.date !== b.date) return false;
  const a0 = minutesOf(a.startTime);
  const b0 = minutesOf(b.startTime);
  return a0 < b0 + b.durationMinutes && b0 < a0 + a.durationMinutes;
}

export interface FamilyVisit {
  id: number;
  purpose: VisitPurpose;
  status: VisitStatus;
  date: string;
}

/**
 * A family's first visit of the year is relationship-building (hopes and dreams), and there is one
 * such first visit a year. Later visits (academic, or more relationship-building) come after it; a
 * later visit can be logged as held only once the first has taken place.
 */
export function firstVisitProblem(visit: { id?: number; purpose: VisitPurpose; status: 'scheduled' | 'held'; date: string }, familyVisits: readonly FamilyVisit[]): RuleProblem | null {
  const others = familyVisits.filter((v) => v.id !== visit.id && LIVE_STATUSES.includes(v.status));
  const first = others.filter((v) => v.purpose === 'hopes_and_dreams').sort((a, b) => a.date.localeCompare(b.date))[0];
  if (visit.purpose === 'hopes_and_dreams') {
    if (first) {
      return {
        code: 'conflict',
        path: 'visitTypeId',
        message: `This family already has its first, hopes-and-dreams visit this year (visit #${first.id}, ${first.date}, ${first.status}). There is one first visit a year; choose another visit type for a later visit.`,
      };
    }
    const earlier = others.filter((v) => v.date < visit.date).sort((a, b) => a.date.localeCompare(b.date))[0];
    if (earlier) {
      return {
        code: 'unprocessable',
        path: 'date',
        message: `This family has an earlier visit (#${earlier.id}, ${earlier.date}); the hopes-and-dreams visit must be the family's first of the year.`,
      };
    }
    return null;
  }
  if (!first) {
    return {
      code: 'unprocessable',
      path: 'visitTypeId',
      message: 'A family\'s first visit of the year is about relationships: the family\'s hopes and dreams for their child, with no paperwork. Schedule a hopes-and-dreams visit first.',
    };
  }
  if (first.date >= visit.date) {
    return { code: 'unprocessable', path: 'date', message: `A later visit must come after the family's hopes-and-dreams visit on ${first.date}.` };
  }
  if (visit.status === 'held' && first.status === 'scheduled') {
    return { code: 'unprocessable', path: 'visitTypeId', message: `The family's hopes-and-dreams visit (#${first.id}, ${first.date}) has not been logged yet; log it before a later visit.` };
  }
  return null;
}

/** Nothing is logged as held before it happened; `today` is the server's date. */
export function heldDateProblem(status: 'scheduled' | 'held', date: string, today: string): RuleProblem | null {
  if (status === 'held' && date > today) {
    return { code: 'unprocessable', path: 'date', message: `A visit dated ${date} has not happened yet: it can be scheduled, and logged as held once it has taken place.` };
  }
  return null;
}

/** Arranged with the family in advance: no drop-in visits. */
export function arrangedProblem(arrangedOn: string, date: string): RuleProblem | null {
  if (arrangedOn > date) {
    return { code: 'unprocessable', path: 'arrangedOn', message: `Home visits are arranged with the family in advance (no drop-in visits): the date it was arranged (${arrangedOn}) comes after the visit (${date}).` };
  }
  return null;
}
