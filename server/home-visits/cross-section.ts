/**
 * The cross-section check (PRODUCT.md, first core practice: visits are offered to all families, never
 * targeted at students with attendance, behaviour or grade problems). For each kind of group (student
 * groups, attendance tier as of the visit date, proficiency before the visit), each group's share of
 * visited families is compared with its share of enrolled families: the representation ratio, with a
 * chi-square goodness-of-fit test. Below 30 visited families there is no verdict. When visits
 * concentrate in a group beyond the tolerance, and the test says it is unlikely to be chance, the
 * check says so in plain words.
 *
 * A family counts once: a family with several children at the school is split equally among its
 * children's groups. For groups that change over the year (attendance tier, proficiency), a visited
 * family's group is taken as of its first completed visit, and the expected share is that of all
 * enrolled families on the same date.
 */
import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';

export const MIN_VISITED_FAMILIES = 30;
export const ALPHA = 0.05;

export interface CrossSectionFamily {
  key: string;
  studentIds: number[];
}

/** A student's group of one kind, as of a date. */
export type GroupOf = (studentId: number, date: string) => string;

export interface GroupResult {
  value: string;
  /** Enrolled families in the group (weighted: a family split among its children's groups). */
  expected: number;
  /** Visited families in the group (weighted likewise). */
  observed: number;
  enrolledShare: number;
  visitedShare: number;
  /** visited share / enrolled share; null when the group has no enrolled families. */
  ratio: number | null;
  /** 'over' or 'under' when the ratio strays beyond the tolerance by at least two families. */
  flag: 'over' | 'under' | null;
}

export interface KindResult {
  kind: string;
  chiSquare: number | null;
  degreesOfFreedom: number | null;
  pValue: number | null;
  verdict: 'no_verdict' | 'cross_section' | 'concentrated';
  groups: GroupResult[];
}

export interface CrossSectionResult {
  visitedFamilies: number;
  enrolledFamilies: number;
  minimumVisited: number;
  alpha: number;
  tolerance: number;
  verdict: 'no_verdict' | 'cross_section' | 'concentrated';
  kinds: KindResult[];
  /** Plain-words summary, in English (the web app words it in the reader's language from the fields). */
  statement: string;
}

const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

/** Chi-square goodness of fit; categories expecting fewer than 5 are pooled. Null p when fewer than two bins remain. */
export function chiSquareTest(observed: number[], expected: number[]): { chiSquare: number | null; df: number | null; pValue: number | null } {
  const bins: Array<{ o: number; e: number }> = [];
  const pool = { o: 0, e: 0 };
  for (let i = 0; i < observed.length; i++) {
    if (expected[i] <= 0 && observed[i] <= 0) continue;
    if (expected[i] < 5) {
      pool.o += observed[i];
      pool.e += expected[i];
    } else bins.push({ o: observed[i], e: expected[i] });
  }
  if (pool.e > 0 || pool.o > 0) {
    if (pool.e >= 5 || bins.length === 0) bins.push(pool);
    else {
      // Too small alone: merge the pool into the smallest bin.
      const smallest = bins.reduce((a, b) => (b.e < a.e ? b : a));
      smallest.o += pool.o;
      smallest.e += pool.e;
    }
  }
  if (bins.length < 2 || bins.some((b) => b.e <= 0)) return { chiSquare: null, df: null, pValue: null };
  const chi = bins.reduce((s, b) => s + (b.o - b.e) ** 2 / b.e, 0);
  const df = bins.length - 1;
  return { chiSquare: round(chi), df, pValue: round(1 - chisquareCdf(chi, df), 6) };
}

export interface Stratum {
  /** Every enrolled family of the school (visited ones included). */
  enrolled: readonly CrossSectionFamily[];
  /** Each visited family with the date of its first completed visit. */
  visited: ReadonlyArray<{ family: CrossSectionFamily; date: string }>;
}

/**
 * One kind of group. Each stratum (a school) compares its visited families with its own enrolled
 * families; the district's check adds the schools' observed and expected counts.
 */
export function compareKind(kind: string, strata: readonly Stratum[], groupOf: GroupOf, tolerance: number, alpha: number): KindResult {
  const observed = new Map<string, number>();
  const expected = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, w: number) => m.set(k, (m.get(k) ?? 0) + w);
  for (const { enrolled, visited } of strata) {
    const sharesByDate = new Map<string, Map<string, number>>();
    const enrolledShares = (date: string) => {
      let shares = sharesByDate.get(date);
      if (shares) return shares;
      shares = new Map();
      for (const f of enrolled) for (const s of f.studentIds) add(shares, groupOf(s, date), 1 / f.studentIds.length / enrolled.length);
      sharesByDate.set(date, shares);
      return shares;
    };
    for (const v of visited) {
      for (const s of v.family.studentIds) add(observed, groupOf(s, v.date), 1 / v.family.studentIds.length);
      for (const [g, share] of enrolledShares(v.date)) add(expected, g, share);
    }
  }
  const n = strata.reduce((sum, st) => sum + st.visited.length, 0);
  const values = [...new Set([...expected.keys(), ...observed.keys()])].sort();
  const groups: GroupResult[] = values.map((value) => {
    const e = expected.get(value) ?? 0;
    const o = observed.get(value) ?? 0;
    const ratio = e > 0 ? o / e : null;
    let flag: GroupResult['flag'] = null;
    if (ratio !== null && Math.abs(o - e) >= 2) {
      if (ratio > 1 + tolerance) flag = 'over';
      else if (ratio < 1 - tolerance) flag = 'under';
    }
    return { value, expected: round(e, 2), observed: round(o, 2), enrolledShare: n ? round(e / n) : 0, visitedShare: n ? round(o / n) : 0, ratio: ratio === null ? null : round(ratio, 2), flag };
  });
  if (n < MIN_VISITED_FAMILIES) return { kind, chiSquare: null, degreesOfFreedom: null, pValue: null, verdict: 'no_verdict', groups };
  const test = chiSquareTest(values.map((v) => observed.get(v) ?? 0), values.map((v) => expected.get(v) ?? 0));
  const significant = test.pValue !== null && test.pValue < alpha;
  return {
    kind,
    chiSquare: test.chiSquare,
    degreesOfFreedom: test.df,
    pValue: test.pValue,
    verdict: significant && groups.some((g) => g.flag === 'over') ? 'concentrated' : 'cross_section',
    groups,
  };
}

const KIND_WORDS: Record<string, string> = {
  race: 'race/ethnicity',
  sex: 'sex',
  english_learner: 'English learner',
  disability: 'disability',
  economically_disadvantaged: 'economically disadvantaged',
  homeless: 'homeless',
  foster: 'foster care',
  home_language: 'home language',
  attendance_tier: 'attendance tier at the time of the visit',
  proficiency: 'English language arts proficiency before the visit',
};

const pct = (x: number) => `${Math.round(x * 100)}%`;

/**
 * The whole check. Each kind is tested at alpha divided by the number of kinds tested (Bonferroni), so
 * that a balanced program is not flagged by chance across the many comparisons.
 */
export function crossSection(strata: readonly Stratum[], kinds: ReadonlyArray<{ kind: string; groupOf: GroupOf }>, tolerance: number): CrossSectionResult {
  const alpha = kinds.length ? ALPHA / kinds.length : ALPHA;
  const results = kinds.map((k) => compareKind(k.kind, strata, k.groupOf, tolerance, alpha));
  const n = strata.reduce((sum, st) => sum + st.visited.length, 0);
  const enrolledCount = strata.reduce((sum, st) => sum + st.enrolled.length, 0);
  let verdict: CrossSectionResult['verdict'] = 'cross_section';
  let statement: string;
  if (n < MIN_VISITED_FAMILIES) {
    verdict = 'no_verdict';
    statement = `No verdict yet: ${n} visited ${n === 1 ? 'family' : 'families'}; the check needs at least ${MIN_VISITED_FAMILIES} to tell a pattern from chance.`;
  } else {
    const concentrated = results.filter((r) => r.verdict === 'concentrated');
    if (concentrated.length) {
      verdict = 'concentrated';
      const parts = concentrated.map((r) => {
        const g = r.groups.filter((x) => x.flag === 'over').sort((a, b) => (b.ratio ?? 0) - (a.ratio ?? 0))[0];
        return `by ${KIND_WORDS[r.kind] ?? r.kind}, families in "${g.value}" are ${pct(g.visitedShare)} of visited families but ${pct(g.enrolledShare)} of enrolled families (${g.ratio} times their share)`;
      });
      statement = `Visits are concentrated, not a cross-section of families: ${parts.join('; ')}. Home visits are offered to all families, never targeted at students with attendance, behaviour or grade problems.`;
    } else {
      statement = `Visited families are a fair cross-section of enrolled families: no group's share of visits strays beyond the tolerance (±${pct(tolerance)}) by more than chance would.`;
    }
  }
  return { visitedFamilies: n, enrolledFamilies: enrolledCount, minimumVisited: MIN_VISITED_FAMILIES, alpha: round(alpha, 4), tolerance, verdict, kinds: results, statement };
}
