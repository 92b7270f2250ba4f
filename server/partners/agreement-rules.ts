/**
 * The life of an agreement, as pure functions:
 *
 *   draft ──activate──▶ active ──(notice period reached, or by hand)──▶ renewal_due
 *                          ▲                                               │
 *                          └──────────────renew (a later end date)─────────┘
 *   active / renewal_due ──end (or the end date passes)──▶ ended
 *
 * An agreement becomes active only when it is complete: a title, a purpose, a start and an end
 * date, the district and at least one partner among its parties, and every party's signatories
 * having signed. Ended agreements are kept as they were; a draft may be deleted.
 */
import { addDays, differenceInCalendarDays, parseISO } from 'date-fns';
import type { AgreementStatus } from './vocab.ts';

export const STATUS_ACTIONS = ['activate', 'mark_renewal_due', 'renew', 'end'] as const;
export type StatusAction = (typeof STATUS_ACTIONS)[number];

export function todayIso(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

export function addDaysIso(date: string, days: number): string {
  return addDays(parseISO(date), days).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return differenceInCalendarDays(parseISO(to), parseISO(from));
}

export interface AgreementFacts {
  status: AgreementStatus;
  title: string;
  purpose: string;
  startDate: string | null;
  endDate: string | null;
  renewalNoticeDays: number;
  parties: Array<{ key: string; type: string; name: string }>;
  signatories: Array<{ partyKey: string; name: string; signedOn: string | null }>;
}

/** What stops a draft from becoming active (empty when it can). */
export function activationProblems(a: AgreementFacts, today: string): string[] {
  const problems: string[] = [];
  if (!a.purpose.trim()) problems.push('The agreement needs a purpose.');
  if (!a.startDate || !a.endDate) problems.push('The agreement needs a start and an end date.');
  else if (a.endDate < a.startDate) problems.push('The agreement ends before it starts.');
  else if (a.endDate < today) problems.push('The agreement\'s end date has passed.');
  if (!a.parties.some((p) => p.type === 'district')) problems.push('The district must be a party.');
  if (!a.parties.some((p) => p.type === 'partner')) problems.push('At least one partner must be a party.');
  for (const p of a.parties) {
    const signers = a.signatories.filter((s) => s.partyKey === p.key);
    if (signers.length === 0) problems.push(`${p.name} has no signatory.`);
    for (const s of signers) if (!s.signedOn) problems.push(`${s.name} (${p.name}) has not signed.`);
  }
  for (const s of a.signatories) if (s.signedOn && s.signedOn > today) problems.push(`${s.name} signed on a date in the future (${s.signedOn}).`);
  return problems;
}

/** The status an agreement should have today, without anyone acting (active → renewal due → ended). */
export function automaticStatus(a: Pick<AgreementFacts, 'status' | 'endDate' | 'renewalNoticeDays'>, today: string): AgreementStatus {
  if ((a.status === 'active' || a.status === 'renewal_due') && a.endDate && a.endDate < today) return 'ended';
  if (a.status === 'active' && a.endDate && daysBetween(today, a.endDate) <= a.renewalNoticeDays) return 'renewal_due';
  return a.status;
}

export interface TransitionInput {
  action: StatusAction;
  /** renew: the new end date. */
  endDate?: string | null;
  /** end: why. */
  reason?: string | null;
}

export type Transition =
  | { ok: true; status: AgreementStatus; endDate?: string; endedOn?: string; endedReason?: string | null }
  | { ok: false; problems: string[] };

export function transition(a: AgreementFacts, input: TransitionInput, today: string): Transition {
  const from = a.status;
  switch (input.action) {
    case 'activate': {
      if (from !== 'draft') return { ok: false, problems: [`Only a draft can be activated (this agreement is ${from.replace('_', ' ')}).`] };
      const problems = activationProblems(a, today);
      if (problems.length) return { ok: false, problems };
      // An agreement already inside its notice period starts out as due for renewal.
      return { ok: true, status: automaticStatus({ ...a, status: 'active' }, today) };
    }
    case 'mark_renewal_due':
      if (from !== 'active') return { ok: false, problems: ['Only an active agreement can be marked as due for renewal.'] };
      return { ok: true, status: 'renewal_due' };
    case 'renew': {
      if (from !== 'renewal_due' && from !== 'active') return { ok: false, problems: ['Only an active agreement, or one due for renewal, can be renewed.'] };
      const end = input.endDate;
      if (!end) return { ok: false, problems: ['Renewing needs a new end date.'] };
      if (a.endDate && end <= a.endDate) return { ok: false, problems: [`The new end date must be after the current one (${a.endDate}).`] };
      if (end <= today) return { ok: false, problems: ['The new end date must be in the future.'] };
      return { ok: true, status: automaticStatus({ ...a, status: 'active', endDate: end }, today), endDate: end };
    }
    case 'end':
      if (from !== 'active' && from !== 'renewal_due') return { ok: false, problems: [from === 'draft' ? 'A draft is not in force; delete it instead.' : 'This agreement has already ended.'] };
      return { ok: true, status: 'ended', endedOn: today, endedReason: input.reason?.trim() || null };
  }
}

/** Renewal reminder for an agreement in force: due for renewal, or ending within `withinDays`. */
export function reminderFor(a: Pick<AgreementFacts, 'status' | 'endDate'>, today: string, withinDays: number): { kind: 'renewal_due' | 'ending_soon'; daysLeft: number } | null {
  if (!a.endDate || (a.status !== 'active' && a.status !== 'renewal_due')) return null;
  const daysLeft = daysBetween(today, a.endDate);
  if (a.status === 'renewal_due') return { kind: 'renewal_due', daysLeft };
  if (daysLeft <= withinDays) return { kind: 'ending_soon', daysLeft };
  return null;
}
