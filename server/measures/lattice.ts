/**
 * Every breakdown of one measure as of one date, at once: the cells of every table a person may ask
 * for (district, school, grade, each kind of student group, and their combinations), and the lines
 * that tie them together for suppression. Students are added once to the finest cells; coarser cells
 * are sums of finer ones.
 *
 * Tables (S school, G grade, K a kind of student group): {}, {G}, {K}, {G,K} from each student's
 * district-level record; {S}, {S,G}, {S,K}, {S,G,K} from school-level records.
 *
 * A cell is found by one integer built from small codes (split, school, grade, group value), so the
 * 50,000 students of a district are added up in a fraction of a second.
 */
import { GROUP_KINDS, type GroupCoding } from './groups.ts';
import type { Contribution, MeasureDefinition, MeasureEvaluator } from './registry.ts';
import type { RecordView } from './views.ts';
import { suppress, type SupCell, type SupLine } from './suppression.ts';

export interface Cell {
  /** Values of the measure's extra row keys, JSON (proficiency: {"assessment":…,"subject":…}); '' when none. */
  split: string;
  /** School id, or null for a district-level cell. */
  schoolId: number | null;
  grade: string | null;
  /** 'kind=value' or null. */
  group: string | null;
  /** Index in GROUP_KINDS of the group's kind, -1 when none. */
  kind: number;
  n: number;
  nVisible: number;
  denominator: number;
  numerator: number;
  sums: Map<string, number> | null;
  distinct: Map<string, Set<string>> | null;
}

export interface Lattice {
  cells: Cell[];
  /** Which cells are withheld from the person (all 0 with full access). */
  suppressed: Uint8Array;
  /**
   * With top/bottom coding: 1 where the rate is shown as a band (numerator and rate withheld), 2 where
   * the numerator and rate are withheld so a banded one cannot be worked out; null without coding.
   */
  coded: Uint8Array | null;
}

export interface LatticeInput {
  def: MeasureDefinition;
  evaluator: MeasureEvaluator;
  asOf: string;
  schoolViews: RecordView[];
  districtViews: RecordView[];
  /** Students' groups as codes (students without one are out of every measure). */
  coding: GroupCoding;
  /** Students the person may see one by one; null: every student (no suppression). */
  visible: Set<number> | null;
  minN: number;
  /** The district's top/bottom coding (rates near 0% or 100% shown as a band). */
  topBottomCoding?: boolean;
}

const BANDS = [0.01, 0.02, 0.05, 0.1, 0.2];

/**
 * The band a rate near 0% or 100% is shown as: the narrowest of 1%, 2%, 5%, 10%, 20% that still
 * holds at least one other possible value (1/n), so a band never pins a value down.
 */
export function bandWidth(n: number): number {
  return BANDS.find((b) => b >= 1 / n) ?? 0.2;
}

/** 'low' when the rate is within the band of 0%, 'high' within the band of 100%, else null. */
export function bandOf(numerator: number, n: number): 'low' | 'high' | null {
  const b = bandWidth(n);
  const rate = numerator / n;
  if (rate <= b) return 'low';
  if (rate >= 1 - b) return 'high';
  return null;
}

const KINDS = GROUP_KINDS.length;
const GRADE_SLOTS = 32;

/** Counts of yes/no attributes per cell, for the suppression bounds: numerator and `counts` parts. */
function binaryFields(def: MeasureDefinition): string[] {
  const out: string[] = [];
  if (def.numerator !== false && def.binaryNumerator !== false) out.push('');
  for (const f of def.fields ?? []) if (f.kind === 'counts') for (const p of f.parts) out.push(`${f.name}.${p}`);
  return out;
}

function addDistinct(cell: Cell, distinct: Record<string, string | null>): void {
  cell.distinct ??= new Map();
  for (const k in distinct) {
    let set = cell.distinct.get(k);
    if (!set) cell.distinct.set(k, (set = new Set()));
    const v = distinct[k];
    if (v !== null && v !== undefined) set.add(v);
  }
}

function merge(into: Cell, from: Cell): void {
  into.n += from.n;
  into.nVisible += from.nVisible;
  into.denominator += from.denominator;
  into.numerator += from.numerator;
  if (from.distinct) {
    into.distinct ??= new Map();
    for (const [k, set] of from.distinct) {
      let target = into.distinct.get(k);
      if (!target) into.distinct.set(k, (target = new Set()));
      for (const x of set) target.add(x);
    }
  }
}

export function buildLattice(input: LatticeInput): Lattice {
  const { def, evaluator, asOf, coding, visible } = input;
  const cells: Cell[] = [];

  // Small codes per dimension: split (0 = none), school (0 = district level), grade (0 = all grades),
  // group value (coding codes; 0 = no group).
  const splits = new Map<string, number>([['', 0]]);
  const splitNames = [''];
  const schools = new Map<number | null, number>([[null, 0]]);
  const schoolIds: Array<number | null> = [null];
  const grades = new Map<string | null, number>([[null, 0]]);
  const gradeNames: Array<string | null> = [null];
  for (const v of input.schoolViews) if (!schools.has(v.schoolId)) schools.set(v.schoolId, schoolIds.push(v.schoolId) - 1);
  const SC = schoolIds.length;
  const VC = coding.names.length;
  const gradeCode = (g: string): number => {
    let c = grades.get(g);
    if (c === undefined) {
      c = gradeNames.push(g) - 1;
      if (c >= GRADE_SLOTS) throw new Error(`more than ${GRADE_SLOTS - 1} grades`);
      grades.set(g, c);
    }
    return c;
  };
  const splitCode = (s: string): number => {
    let c = splits.get(s);
    if (c === undefined) {
      c = splitNames.push(s) - 1;
      splits.set(s, c);
    }
    return c;
  };
  const keyOf = (sp: number, sc: number, gc: number, vc: number) => ((sp * SC + sc) * GRADE_SLOTS + gc) * VC + vc;
  const index = new Map<number, number>();
  const codes: number[] = []; // 4 per cell: split, school, grade, value
  /** The index of a cell, created empty when new. */
  const cellAt = (sp: number, sc: number, gc: number, vc: number): number => {
    const key = keyOf(sp, sc, gc, vc);
    const i = index.get(key);
    if (i !== undefined) return i;
    index.set(key, cells.length);
    codes.push(sp, sc, gc, vc);
    return (
      cells.push({
        split: splitNames[sp],
        schoolId: schoolIds[sc],
        grade: gradeNames[gc],
        group: vc > 0 ? coding.names[vc] : null,
        kind: coding.kindOf[vc],
        n: 0,
        nVisible: 0,
        denominator: 0,
        numerator: 0,
        sums: null,
        distinct: null,
      }) - 1
    );
  };

  // Additive fields (days lost, tier counts) accumulate in a typed array per cell, a slot each.
  const slots = new Map<string, number>();
  const slotNames: string[] = [];
  const acc: Array<Float64Array | undefined> = [];
  const NO_PAIRS: number[] = [];
  const pairsOf = (sums: Record<string, number>): number[] => {
    const pairs: number[] = [];
    for (const k in sums) {
      let slot = slots.get(k);
      if (slot === undefined) {
        slot = slotNames.push(k) - 1;
        if (slot >= 32) throw new Error('a measure may add at most 32 fields');
        slots.set(k, slot);
      }
      pairs.push(slot, sums[k]);
    }
    return pairs;
  };
  const add = (i: number, c: Contribution, pairs: number[], vis: boolean) => {
    const cell = cells[i];
    cell.n++;
    if (vis) cell.nVisible++;
    cell.denominator += c.denominator;
    cell.numerator += c.numerator;
    if (pairs.length) {
      let a = acc[i];
      if (!a) acc[i] = a = new Float64Array(32);
      for (let p = 0; p < pairs.length; p += 2) a[pairs[p]] += pairs[p + 1];
    }
    if (c.distinct) addDistinct(cell, c.distinct);
  };

  // Finest cells: (school or district) × grade × (each kind's value, or none). Row keys and sums
  // objects are looked up by identity first: evaluators share them between students.
  const splitOfKeys = new Map<object, number>();
  const pairsOfSums = new Map<object, number[]>();
  const addOne = (c: Contribution, sc: number, gc: number, g: Int32Array, vis: boolean) => {
    let sp = 0;
    if (c.keys) {
      const known = splitOfKeys.get(c.keys);
      sp = known ?? splitCode(JSON.stringify(c.keys));
      if (known === undefined) splitOfKeys.set(c.keys, sp);
    }
    let pairs = NO_PAIRS;
    if (c.sums) {
      const known = pairsOfSums.get(c.sums);
      pairs = known ?? pairsOf(c.sums);
      if (known === undefined && pairsOfSums.size < 64) pairsOfSums.set(c.sums, pairs);
    }
    add(cellAt(sp, sc, gc, 0), c, pairs, vis);
    for (let k = 0; k < KINDS; k++) add(cellAt(sp, sc, gc, g[k]), c, pairs, vis);
  };
  const addViews = (views: RecordView[]) => {
    for (const v of views) {
      const g = coding.codes.get(v.studentId);
      if (!g) continue;
      const result = evaluator.evaluate(v, asOf);
      if (!result) continue;
      const sc = schools.get(v.schoolId) as number;
      const gc = gradeCode(v.grade);
      const vis = visible === null || visible.has(v.studentId);
      if (Array.isArray(result)) for (const c of result) addOne(c, sc, gc, g, vis);
      else addOne(result, sc, gc, g, vis);
    }
  };
  addViews(input.districtViews);
  addViews(input.schoolViews);
  // All grades: the sums of the grades.
  const finest = cells.length;
  for (let i = 0; i < finest; i++) {
    const j = cellAt(codes[4 * i], codes[4 * i + 1], 0, codes[4 * i + 3]);
    merge(cells[j], cells[i]);
    const a = acc[i];
    if (a) {
      let b = acc[j];
      if (!b) acc[j] = b = new Float64Array(32);
      for (let p = 0; p < slotNames.length; p++) b[p] += a[p];
    }
  }
  if (slotNames.length) {
    for (let i = 0; i < cells.length; i++) {
      const a = acc[i];
      if (a) cells[i].sums = new Map(slotNames.map((name, p) => [name, a[p]]));
    }
  }

  if (visible === null) return { cells, suppressed: new Uint8Array(cells.length), coded: null };

  // Lines: a total and the cells that partition it, varying one dimension at a time (school, grade,
  // or the value of one kind of group).
  const lineIndex = new Map<number, number>();
  const lines: Array<{ total: number; cells: number[] }> = [];
  const DIMS = 2 + KINDS;
  const addToLine = (dim: number, sp: number, sc: number, gc: number, vc: number, member: number) => {
    const totalKey = keyOf(sp, sc, gc, vc);
    const lk = totalKey * DIMS + dim;
    let li = lineIndex.get(lk);
    if (li === undefined) {
      li = lines.length;
      lineIndex.set(lk, li);
      lines.push({ total: index.get(totalKey) ?? -1, cells: [] });
    }
    lines[li].cells.push(member);
  };
  for (let i = 0; i < cells.length; i++) {
    const sp = codes[4 * i];
    const sc = codes[4 * i + 1];
    const gc = codes[4 * i + 2];
    const vc = codes[4 * i + 3];
    if (sc !== 0) addToLine(0, sp, 0, gc, vc, i);
    if (gc !== 0) addToLine(1, sp, sc, 0, vc, i);
    if (vc !== 0) addToLine(2 + coding.kindOf[vc], sp, sc, gc, 0, i);
  }

  const fields = binaryFields(def);
  const supCells: SupCell[] = cells.map((c) => ({
    n: c.n,
    exempt: c.nVisible === c.n,
    binary: fields.map((f) => (f === '' ? c.numerator : c.sums?.get(f) ?? 0)),
  }));
  const suppressed = suppress(supCells, lines as SupLine[], { minN: input.minN });
  if (!input.topBottomCoding || def.rate === false || def.numerator === false || def.binaryNumerator === false) return { cells, suppressed, coded: null };

  // Top/bottom coding: a shown rate within a band of 0% or 100% is shown as the band, its numerator
  // withheld; the same rules as for suppression then keep those numerators from being worked out
  // (the denominators stay shown: only numerators are unknown in this pass).
  const banded = new Uint8Array(cells.length);
  for (let i = 0; i < cells.length; i++) {
    if (!suppressed[i] && !supCells[i].exempt && cells[i].n > 0 && bandOf(cells[i].numerator, cells[i].n)) banded[i] = 1;
  }
  const initial = Uint8Array.from(banded, (b, i) => b | suppressed[i]);
  const hidden = suppress(supCells.map((c) => ({ ...c, n: Math.max(c.n, input.minN) })), lines as SupLine[], { minN: 0, initial });
  const coded = new Uint8Array(cells.length);
  for (let i = 0; i < cells.length; i++) if (!suppressed[i] && hidden[i]) coded[i] = banded[i] ? 1 : 2;
  return { cells, suppressed, coded };
}
