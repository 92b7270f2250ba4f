/**
 * Matching school needs with partner assets, and finding the schools that stand out: pure
 * functions, no I/O.
 *
 * A service can meet a need when it offers the need's category, is active, belongs to an active
 * partner, and has places left (a capacity of 0 means full; no capacity stated counts as open).
 * Candidates rank by: already serving this school (+3), speaking every language the need names (+2,
 * some of them +1), already serving other schools of the district (+1), stated places left (+1).
 */
import type { NeedPriority } from './vocab.ts';

export interface NeedForMatching {
  id: number;
  schoolId: number;
  category: string;
  languages: string[];
}

export interface ServiceForMatching {
  partnerId: number;
  partnerName: string;
  partnerActive: boolean;
  serviceId: number;
  serviceName: string;
  category: string;
  active: boolean;
  capacity: number | null;
  languages: string[];
  /** Schools the partner serves. */
  schoolIds: number[];
}

export interface Candidate {
  partnerId: number;
  partnerName: string;
  serviceId: number;
  serviceName: string;
  servesThisSchool: boolean;
  servesOtherSchools: number[];
  languagesMatched: string[];
  languagesMissing: string[];
  capacity: number | null;
  score: number;
}

export function candidatesFor(need: NeedForMatching, services: ServiceForMatching[]): { candidates: Candidate[]; atCapacity: number } {
  let atCapacity = 0;
  const candidates: Candidate[] = [];
  for (const s of services) {
    if (s.category !== need.category || !s.active || !s.partnerActive) continue;
    if (s.capacity === 0) {
      atCapacity++;
      continue;
    }
    const servesThisSchool = s.schoolIds.includes(need.schoolId);
    const servesOtherSchools = s.schoolIds.filter((id) => id !== need.schoolId);
    const languagesMatched = need.languages.filter((l) => s.languages.includes(l));
    const languagesMissing = need.languages.filter((l) => !s.languages.includes(l));
    const score =
      (servesThisSchool ? 3 : 0) +
      (need.languages.length && languagesMissing.length === 0 ? 2 : languagesMatched.length ? 1 : 0) +
      (servesOtherSchools.length ? 1 : 0) +
      (s.capacity !== null && s.capacity > 0 ? 1 : 0);
    candidates.push({ partnerId: s.partnerId, partnerName: s.partnerName, serviceId: s.serviceId, serviceName: s.serviceName, servesThisSchool, servesOtherSchools, languagesMatched, languagesMissing, capacity: s.capacity, score });
  }
  candidates.sort((a, b) => b.score - a.score || a.partnerName.localeCompare(b.partnerName) || a.serviceName.localeCompare(b.serviceName));
  return { candidates, atCapacity };
}

const WEIGHT: Record<NeedPriority, number> = { high: 3, medium: 2, low: 1 };

export interface SchoolForOverview {
  schoolId: number;
  openNeeds: Array<{ priority: NeedPriority; engaged: boolean }>;
  partners: number;
}

export interface SchoolStanding {
  schoolId: number;
  needScore: number;
  openNeeds: number;
  highPriorityUnmet: number;
  partners: number;
  standsOut: boolean;
}

/**
 * A school stands out when it has a high-priority need no partner is engaged on, and no more
 * partners than the district's median school. Ordered with those first, then by need per partner.
 */
export function schoolStandings(schools: SchoolForOverview[]): SchoolStanding[] {
  const partnerCounts = schools.map((s) => s.partners).sort((a, b) => a - b);
  const median = partnerCounts.length ? partnerCounts[Math.floor((partnerCounts.length - 1) / 2)] : 0;
  return schools
    .map((s) => {
      const needScore = s.openNeeds.reduce((n, x) => n + WEIGHT[x.priority], 0);
      const highPriorityUnmet = s.openNeeds.filter((x) => x.priority === 'high' && !x.engaged).length;
      return { schoolId: s.schoolId, needScore, openNeeds: s.openNeeds.length, highPriorityUnmet, partners: s.partners, standsOut: highPriorityUnmet > 0 && s.partners <= median };
    })
    .sort((a, b) => Number(b.standsOut) - Number(a.standsOut) || b.needScore / (b.partners + 1) - a.needScore / (a.partners + 1) || a.schoolId - b.schoolId);
}
