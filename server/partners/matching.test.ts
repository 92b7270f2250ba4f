import { describe, expect, it } from 'vitest';
import { candidatesFor, schoolStandings, type ServiceForMatching } from './matching.ts';
import { summarizeHealth, type HealthResponse } from './health.ts';
import { PRINCIPLES } from './vocab.ts';

const service = (over: Partial<ServiceForMatching>): ServiceForMatching => ({
  partnerId: 1,
  partnerName: 'A',
  partnerActive: true,
  serviceId: 1,
  serviceName: 'S',
  category: 'attendance',
  active: true,
  capacity: null,
  languages: [],
  schoolIds: [],
  ...over,
});

describe('matching needs with partner services', () => {
  const need = { id: 1, schoolId: 10, category: 'attendance', languages: ['es'] };

  it('keeps services of the category that can take more, ranked by school, language, reach and capacity', () => {
    const { candidates, atCapacity } = candidatesFor(need, [
      service({ partnerId: 1, partnerName: 'Far', serviceId: 1 }),
      service({ partnerId: 2, partnerName: 'Here', serviceId: 2, schoolIds: [10], languages: ['es'] }),
      service({ partnerId: 3, partnerName: 'Nearby', serviceId: 3, schoolIds: [11], capacity: 20 }),
      service({ partnerId: 4, partnerName: 'Full', serviceId: 4, capacity: 0, schoolIds: [10] }),
      service({ partnerId: 5, partnerName: 'Food', serviceId: 5, category: 'food', schoolIds: [10] }),
      service({ partnerId: 6, partnerName: 'Closed', serviceId: 6, active: false }),
      service({ partnerId: 7, partnerName: 'Inactive partner', serviceId: 7, partnerActive: false }),
    ]);
    expect(candidates.map((c) => [c.partnerName, c.score])).toEqual([
      ['Here', 5],
      ['Nearby', 2],
      ['Far', 0],
    ]);
    expect(candidates[0]).toMatchObject({ servesThisSchool: true, languagesMatched: ['es'], languagesMissing: [] });
    expect(candidates[1]).toMatchObject({ servesThisSchool: false, servesOtherSchools: [11], languagesMissing: ['es'], capacity: 20 });
    expect(atCapacity).toBe(1);
  });

  it('makes schools with high-priority unmet needs and few partners stand out', () => {
    const standings = schoolStandings([
      { schoolId: 1, partners: 4, openNeeds: [{ priority: 'high', engaged: false }] },
      { schoolId: 2, partners: 0, openNeeds: [{ priority: 'high', engaged: false }, { priority: 'low', engaged: false }] },
      { schoolId: 3, partners: 1, openNeeds: [{ priority: 'high', engaged: true }] },
      { schoolId: 4, partners: 1, openNeeds: [] },
    ]);
    expect(standings.map((s) => [s.schoolId, s.standsOut])).toEqual([
      [2, true],
      [3, false],
      [1, false],
      [4, false],
    ]);
    expect(standings[0]).toMatchObject({ needScore: 4, highPriorityUnmet: 1, openNeeds: 2 });
  });
});

describe('the partnership health check', () => {
  const response = (party: string, period: string, score: (i: number) => number): HealthResponse => ({
    partyId: party.length,
    partyName: party,
    period,
    respondentName: party,
    submittedAt: `${period.slice(5)}-05-01T00:00:00.000Z`,
    comment: null,
    scores: PRINCIPLES.map((principle, i) => ({ principle, score: score(i), comment: null })),
  });

  it('averages by principle, shows the trend between years and where the parties disagree most', () => {
    const summary = summarizeHealth([
      response('District', '2024-2025', () => 2),
      response('Partner', '2024-2025', () => 2),
      response('District', '2025-2026', (i) => (i === 5 ? 4 : 3)),
      response('Partner', '2025-2026', (i) => (i === 5 ? 1 : i === 0 ? 2 : 3)),
    ]);
    expect(summary.periods.map((p) => [p.period, p.overall])).toEqual([
      ['2024-2025', 2],
      ['2025-2026', 2.89],
    ]);
    const trust = summary.periods[1].byPrinciple.find((p) => p.principle === 'trust')!;
    expect(trust).toEqual({ principle: 'trust', average: 2.5, min: 1, max: 4, spread: 3 });
    expect(summary.trend.find((t) => t.principle === 'shared_goals')!.change).toBe(1);
    expect(summary.disagreements).toEqual([
      { principle: 'trust', spread: 3, lowest: 'Partner', highest: 'District' },
      { principle: 'champions', spread: 1, lowest: 'Partner', highest: 'District' },
    ]);
  });

  it('has no trend with one year and no disagreement with one party', () => {
    const summary = summarizeHealth([response('District', '2025-2026', () => 3)]);
    expect(summary.trend.every((t) => t.change === null)).toBe(true);
    expect(summary.disagreements).toEqual([]);
  });
});
