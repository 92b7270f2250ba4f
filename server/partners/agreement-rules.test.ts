import { describe, expect, it } from 'vitest';
import { activationProblems, addDaysIso, automaticStatus, reminderFor, transition, type AgreementFacts } from './agreement-rules.ts';

const today = '2026-03-01';
const complete: AgreementFacts = {
  status: 'draft',
  title: 'Tutoring at Alder',
  purpose: 'Reading tutoring for third graders',
  startDate: '2026-01-01',
  endDate: '2026-12-31',
  renewalNoticeDays: 60,
  parties: [
    { key: 'district', type: 'district', name: 'Test District' },
    { key: 'partner:1', type: 'partner', name: 'Readers United' },
  ],
  signatories: [
    { partyKey: 'district', name: 'Dana', signedOn: '2026-01-05' },
    { partyKey: 'partner:1', name: 'Grace', signedOn: '2026-01-06' },
  ],
};

describe('agreement status rules', () => {
  it('activates a complete, signed draft', () => {
    expect(activationProblems(complete, today)).toEqual([]);
    expect(transition(complete, { action: 'activate' }, today)).toEqual({ ok: true, status: 'active' });
  });

  it('refuses to activate what is missing, saying what', () => {
    const problems = activationProblems(
      { ...complete, purpose: ' ', parties: [complete.parties[0]], signatories: [{ partyKey: 'district', name: 'Dana', signedOn: null }] },
      today,
    );
    expect(problems).toEqual(['The agreement needs a purpose.', 'At least one partner must be a party.', 'Dana (Test District) has not signed.']);
    expect(activationProblems({ ...complete, endDate: '2025-12-01' }, today)).toContain('The agreement ends before it starts.');
    expect(activationProblems({ ...complete, signatories: complete.signatories.slice(0, 1) }, today)).toContain('Readers United has no signatory.');
    expect(activationProblems({ ...complete, signatories: [complete.signatories[0], { partyKey: 'partner:1', name: 'Grace', signedOn: '2026-04-01' }] }, today)).toContain(
      'Grace signed on a date in the future (2026-04-01).',
    );
  });

  it('moves an active agreement to renewal due within the notice period, and to ended after its end date', () => {
    expect(automaticStatus({ status: 'active', endDate: addDaysIso(today, 61), renewalNoticeDays: 60 }, today)).toBe('active');
    expect(automaticStatus({ status: 'active', endDate: addDaysIso(today, 60), renewalNoticeDays: 60 }, today)).toBe('renewal_due');
    expect(automaticStatus({ status: 'renewal_due', endDate: today, renewalNoticeDays: 60 }, today)).toBe('renewal_due');
    expect(automaticStatus({ status: 'renewal_due', endDate: addDaysIso(today, -1), renewalNoticeDays: 60 }, today)).toBe('ended');
    expect(automaticStatus({ status: 'draft', endDate: addDaysIso(today, -1), renewalNoticeDays: 60 }, today)).toBe('draft');
  });

  it('renews only with a later end date, and ends only agreements in force', () => {
    const due = { ...complete, status: 'renewal_due' as const, endDate: '2026-04-01' };
    expect(transition(due, { action: 'renew' }, today)).toEqual({ ok: false, problems: ['Renewing needs a new end date.'] });
    expect(transition(due, { action: 'renew', endDate: '2026-03-15' }, today)).toMatchObject({ ok: false });
    expect(transition(due, { action: 'renew', endDate: '2027-06-30' }, today)).toEqual({ ok: true, status: 'active', endDate: '2027-06-30' });
    expect(transition(due, { action: 'end', reason: ' moved away ' }, today)).toEqual({ ok: true, status: 'ended', endedOn: today, endedReason: 'moved away' });
    expect(transition(complete, { action: 'end' }, today)).toMatchObject({ ok: false, problems: ['A draft is not in force; delete it instead.'] });
    expect(transition({ ...complete, status: 'ended' }, { action: 'activate' }, today)).toMatchObject({ ok: false });
    expect(transition({ ...complete, status: 'active' }, { action: 'mark_renewal_due' }, today)).toEqual({ ok: true, status: 'renewal_due' });
  });

  it('reminds of agreements due for renewal or ending soon', () => {
    expect(reminderFor({ status: 'active', endDate: addDaysIso(today, 200) }, today, 90)).toBeNull();
    expect(reminderFor({ status: 'active', endDate: addDaysIso(today, 80) }, today, 90)).toEqual({ kind: 'ending_soon', daysLeft: 80 });
    expect(reminderFor({ status: 'renewal_due', endDate: addDaysIso(today, 20) }, today, 90)).toEqual({ kind: 'renewal_due', daysLeft: 20 });
    expect(reminderFor({ status: 'draft', endDate: addDaysIso(today, 20) }, today, 90)).toBeNull();
  });
});
