import { describe, expect, it } from 'vitest';
import { chiSquareTest, crossSection, MIN_VISITED_FAMILIES, type CrossSectionFamily, type Stratum } from './cross-section.ts';

/** n families of one child each; the first `inGroup` children are in group "A", the rest in "B". */
function school(n: number, inGroup: number, offset = 0): { families: CrossSectionFamily[]; groupOf: (id: number) => string } {
  const families = Array.from({ length: n }, (_, i) => ({ key: `f${offset + i}`, studentIds: [offset + i] }));
  return { families, groupOf: (id) => (id - offset < inGroup ? 'A' : 'B') };
}

const visit = (families: CrossSectionFamily[], pick: (f: CrossSectionFamily, i: number) => boolean) =>
  families.filter(pick).map((family) => ({ family, date: '2026-10-01' }));

describe('chi-square goodness of fit', () => {
  it('matches the textbook value for one degree of freedom', () => {
    // 60/40 observed against 50/50 expected: chi² = 4, p ≈ 0.0455.
    const r = chiSquareTest([60, 40], [50, 50]);
    expect(r.chiSquare).toBe(4);
    expect(r.df).toBe(1);
    expect(r.pValue).toBeCloseTo(0.0455, 3);
  });
  it('pools categories expecting fewer than five', () => {
    const r = chiSquareTest([10, 10, 1, 1], [10, 10, 1, 1]);
    expect(r.df).toBe(1); // the two small ones pooled, then merged into the smallest bin
    expect(r.pValue).toBe(1);
  });
});

describe('cross-section check', () => {
  it('finds a balanced program a fair cross-section', () => {
    // 200 families, 30% in A; 60 visited, 18 of them in A: exactly the enrolled share.
    const s = school(200, 60);
    const visited = [...visit(s.families.slice(0, 60), (_f, i) => i < 18), ...visit(s.families.slice(60), (_f, i) => i < 42)];
    const r = crossSection([{ enrolled: s.families, visited }], [{ kind: 'english_learner', groupOf: s.groupOf }], 0.25);
    expect(r.visitedFamilies).toBe(60);
    expect(r.verdict).toBe('cross_section');
    const a = r.kinds[0].groups.find((g) => g.value === 'A')!;
    expect(a.ratio).toBe(1);
    expect(a.flag).toBeNull();
    expect(r.kinds[0].pValue).toBe(1);
    expect(r.statement).toMatch(/fair cross-section/);
  });

  it('says in plain words when visits target one group', () => {
    // 200 families, 20% in A (chronically absent, say); 40 visited, 30 of them in A.
    const s = school(200, 40);
    const visited = [...visit(s.families.slice(0, 40), (_f, i) => i < 30), ...visit(s.families.slice(40), (_f, i) => i < 10)];
    const r = crossSection([{ enrolled: s.families, visited }], [{ kind: 'attendance_tier', groupOf: s.groupOf }], 0.25);
    expect(r.verdict).toBe('concentrated');
    const a = r.kinds[0].groups.find((g) => g.value === 'A')!;
    expect(a.enrolledShare).toBe(0.2);
    expect(a.visitedShare).toBe(0.75);
    expect(a.ratio).toBe(3.75);
    expect(a.flag).toBe('over');
    expect(r.kinds[0].pValue!).toBeLessThan(0.001);
    expect(r.statement).toMatch(/concentrated/);
    expect(r.statement).toMatch(/attendance tier/);
    expect(r.statement).toMatch(/75% of visited families but 20% of enrolled families/);
  });

  it('gives no verdict for a tiny school, however skewed', () => {
    const s = school(40, 10);
    const visited = visit(s.families, (_f, i) => i < MIN_VISITED_FAMILIES - 1); // 29 visited, mostly from A
    const r = crossSection([{ enrolled: s.families, visited }], [{ kind: 'race', groupOf: s.groupOf }], 0.25);
    expect(r.verdict).toBe('no_verdict');
    expect(r.kinds[0].pValue).toBeNull();
    expect(r.statement).toMatch(/No verdict yet: 29 visited families/);
  });

  it('compares each school with its own families when schools are combined', () => {
    // School 1: all in A; school 2: all in B. Each visits a fair share of its own: not concentrated,
    // though the visits (40 in school 1, 10 in school 2) are mostly A.
    const s1 = school(100, 100, 0);
    const s2 = school(100, 0, 1000);
    const groupOf = (id: number) => (id < 1000 ? 'A' : 'B');
    const strata: Stratum[] = [
      { enrolled: s1.families, visited: visit(s1.families, (_f, i) => i < 40) },
      { enrolled: s2.families, visited: visit(s2.families, (_f, i) => i < 10) },
    ];
    const r = crossSection(strata, [{ kind: 'race', groupOf }], 0.25);
    expect(r.visitedFamilies).toBe(50);
    expect(r.verdict).toBe('cross_section');
  });

  it('splits a family with children in two groups equally', () => {
    const families: CrossSectionFamily[] = Array.from({ length: 40 }, (_, i) => ({ key: `f${i}`, studentIds: [2 * i, 2 * i + 1] }));
    const groupOf = (id: number) => (id % 2 === 0 ? 'F' : 'M');
    const r = crossSection([{ enrolled: families, visited: families.slice(0, 30).map((family) => ({ family, date: '2026-10-01' })) }], [{ kind: 'sex', groupOf }], 0.25);
    expect(r.kinds[0].groups.map((g) => [g.value, g.observed, g.expected])).toEqual([['F', 15, 15], ['M', 15, 15]]);
    expect(r.verdict).toBe('cross_section');
  });
});
