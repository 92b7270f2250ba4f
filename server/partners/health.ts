/**
 * The partnership health check: each party of an agreement scores the nine principles of what makes
 * a partnership work (PRODUCT.md) once per school year; Village shows the scores, their trend from
 * one year to the next, and where the parties disagree most.
 */
import type { z } from 'zod';
import type { Db } from '../db/database.ts';
import type { Actor } from '../auth/actor.ts';
import { AppError } from '../http/errors.ts';
import { recordAudit } from '../audit/record.ts';
import { PRINCIPLES, type Principle } from './vocab.ts';
import { getAgreement, visibleAgreement } from './agreements.ts';
import type { healthCheckInputSchema } from './agreements-schema.ts';

export interface HealthResponse {
  partyId: number;
  partyName: string;
  period: string;
  respondentName: string;
  submittedAt: string;
  comment: string | null;
  scores: Array<{ principle: Principle; score: number; comment: string | null }>;
}

const round = (n: number) => Math.round(n * 100) / 100;
const mean = (xs: number[]) => (xs.length ? round(xs.reduce((a, b) => a + b, 0) / xs.length) : null);

/** Scores by period and principle, the trend between the last two periods, and the widest gaps. */
export function summarizeHealth(responses: HealthResponse[]) {
  const periods = [...new Set(responses.map((r) => r.period))].sort();
  const byPeriod = periods.map((period) => {
    const rs = responses.filter((r) => r.period === period).sort((a, b) => a.partyName.localeCompare(b.partyName));
    const byPrinciple = PRINCIPLES.map((principle) => {
      const scores = rs.flatMap((r) => r.scores.filter((s) => s.principle === principle).map((s) => s.score));
      const min = scores.length ? Math.min(...scores) : null;
      const max = scores.length ? Math.max(...scores) : null;
      return { principle, average: mean(scores), min, max, spread: min === null || max === null ? null : max - min };
    });
    return { period, overall: mean(rs.flatMap((r) => r.scores.map((s) => s.score))), byPrinciple, responses: rs };
  });
  const last = byPeriod[byPeriod.length - 1];
  const before = byPeriod[byPeriod.length - 2];
  const trend = PRINCIPLES.map((principle) => {
    const now = last?.byPrinciple.find((p) => p.principle === principle)?.average ?? null;
    const then = before?.byPrinciple.find((p) => p.principle === principle)?.average ?? null;
    return { principle, change: now === null || then === null ? null : round(now - then) };
  });
  const disagreements = last
    ? PRINCIPLES.flatMap((principle) => {
        const scored = last.responses.flatMap((r) => r.scores.filter((s) => s.principle === principle).map((s) => ({ party: r.partyName, score: s.score })));
        if (scored.length < 2) return [];
        const lowest = scored.reduce((a, b) => (b.score < a.score ? b : a));
        const highest = scored.reduce((a, b) => (b.score > a.score ? b : a));
        return highest.score - lowest.score > 0 ? [{ principle, spread: highest.score - lowest.score, lowest: lowest.party, highest: highest.party }] : [];
      }).sort((a, b) => b.spread - a.spread || PRINCIPLES.indexOf(a.principle) - PRINCIPLES.indexOf(b.principle))
    : [];
  return { periods: byPeriod, trend, disagreements };
}

export async function healthSummary(db: Db, actor: Actor, agreementId: number) {
  const a = await visibleAgreement(db, actor, agreementId);
  const checks = await db
    .selectFrom('health_checks as h')
    .innerJoin('agreement_parties as p', 'p.id', 'h.party_id')
    .select(['h.id', 'h.party_id', 'p.name as party_name', 'h.period', 'h.respondent_name', 'h.submitted_at', 'h.comment'])
    .where('h.district_id', '=', actor.districtId)
    .where('h.agreement_id', '=', a.id)
    .execute();
  const scores = checks.length
    ? await db.selectFrom('health_check_scores').selectAll().where('district_id', '=', actor.districtId).where('check_id', 'in', checks.map((c) => c.id)).execute()
    : [];
  const responses: HealthResponse[] = checks.map((c) => ({
    partyId: c.party_id,
    partyName: c.party_name,
    period: c.period,
    respondentName: c.respondent_name,
    submittedAt: c.submitted_at,
    comment: c.comment,
    scores: scores
      .filter((s) => s.check_id === c.id)
      .map((s) => ({ principle: s.principle as Principle, score: s.score, comment: s.comment }))
      .sort((x, y) => PRINCIPLES.indexOf(x.principle) - PRINCIPLES.indexOf(y.principle)),
  }));
  return { agreementId: a.id, ...summarizeHealth(responses) };
}

export async function submitHealthCheck(db: Db, actor: Actor, agreementId: number, input: z.infer<typeof healthCheckInputSchema>): Promise<void> {
  const detail = await getAgreement(db, actor, agreementId);
  if (!detail.parties.some((p) => p.id === input.partyId)) {
    throw new AppError('validation_failed', 'Some fields are not valid.', { fields: [{ path: 'partyId', message: 'not a party of this agreement' }] });
  }
  if (!detail.can.healthCheckParties.includes(input.partyId)) throw new AppError('forbidden', 'Each party fills the health check for itself.', { reason: 'scope' });
  if (detail.status === 'draft') throw new AppError('conflict', 'A draft agreement is not in force yet; check its health once it is active.');
  await writeHealthCheck(db, actor, agreementId, input);
}

/** Stores a party's answers for a year, replacing that party's earlier ones (the checks are the caller's). */
export async function writeHealthCheck(db: Db, actor: Actor, agreementId: number, input: z.infer<typeof healthCheckInputSchema>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('health_checks').where('district_id', '=', actor.districtId).where('agreement_id', '=', agreementId).where('party_id', '=', input.partyId).where('period', '=', input.period).execute();
    const row = await trx
      .insertInto('health_checks')
      .values({
        district_id: actor.districtId,
        agreement_id: agreementId,
        party_id: input.partyId,
        period: input.period,
        respondent_user_id: actor.userId,
        respondent_name: input.respondentName,
        comment: input.comment ?? null,
        submitted_at: new Date().toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('health_check_scores')
      .values(input.scores.map((s) => ({ district_id: actor.districtId, check_id: row.id, principle: s.principle, score: s.score, comment: s.comment ?? null })))
      .execute();
  });
  await recordAudit(db, actor, { action: 'create', entityType: 'health_check', entityId: agreementId, details: { partyId: input.partyId, period: input.period } });
}
