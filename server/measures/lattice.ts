/**
 * Every breakdown of one measure as of one date, at once: the cells of every table a person may ask
 * for (district, school, grade, each kind of student group, and their combinations), and the lines
 * that tie them together for suppression. Students are added once to the finest cells; coarser cells
 * are sums of finer ones.
 *
 * Tables (S school, G grade, K a kind of student group): {}, {G}, {K}, {G,K} from each student's
 * district-level record; {S}, {S,G}, {S,K}, {S,G,K} from school-level records.
 */
import { GROUP_KINDS } from './groups.ts';
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
  sums: Map<string, number>;
  distinct: Map<string, Set<string>> | null;
}

export interface Lattice {
  cells: Cell[];
  /** Which cells are withheld from the person (all 0 with full access). */
  suppressed: Uint8Array;
}

export interface LatticeInput {
  def: MeasureDefinition;
  evaluator: MeasureEvaluator;
  asOf: string;
  schoolViews: RecordView[];
  districtViews: RecordView[];
  /** Group values per student, GROUP_KINDS order. */
  groups: Map<number, string[]>;
  /** Students the person may see one by one; null: every student (no suppression). */
  visible: Set<number> | null;
  minN: number;
}

const KINDS = GROUP_KINDS.length;

/** Counts of yes/no attributes per cell, for the suppression bounds: numerator and `counts` parts. */
function binaryFields(def: MeasureDefinition): string[] {
  const out: string[] = [];
  if (def.numerator !== false && def.binaryNumerator !== false) out.push('');
  for (const f of def.fields ?? []) if (f.kind === 'counts') for (const p of f.parts) out.push(`${f.name}.${p}`);
  return out;
}

function merge(into: Cell, from: Cell): void {
  into.n += from.n;
  into.nVisible += from.nVisible;
  into.denominator += from.denominator;
  into.numerator += from.numerator;
  for (const [k, v] of from.sums) into.sums.set(k, (into.sums.get(k) ?? 0) + v);
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
  const { def, evaluator, asOf, groups, visible } = input;
  const cells: Cell[] = [];
  // Cells are found by a number built from small per-dimension codes (much faster than string keys).
  const codes = <T,>() => {
    const map = new Map<T, number>();
    return (x: T) => {
      let c = map.get(x);
      if (c === undefined) map.set(x, (c = map.size));
      return c;
    };
  };
  const splitCode = codes<string>();
  const schoolCode = codes<number | null>();
  const gradeCode = codes<string | null>();
  const valueCode = GROUP_KINDS.map(() => codes<string | null>());
  const KIND_SLOTS = KINDS + 1;
  const index = new Map<number, number>();
  const codeOf: Array<[number, number, number, number, number]> = [];
  const numKey = (split: number, school: number, grade: number, kind: number, value: number) => (((split * 4096 + school) * 64 + grade) * KIND_SLOTS + (kind + 1)) * 4096 + value;
  const getCell = (sp: number, split: string, sc: number, schoolId: number | null, gc: number, grade: string | null, kind: number, vc: number, value: string | null): Cell => {
    const key = numKey(sp, sc, gc, kind, vc);
    const i = index.get(key);
    if (i !== undefined) return cells[i];
    const cell: Cell = {
      split,
      schoolId,
      grade,
      group: kind >= 0 ? `${GROUP_KINDS[kind]}=${value}` : null,
      kind,
      n: 0,
      nVisible: 0,
      denominator: 0,
      numerator: 0,
      sums: new Map(),
      distinct: null,
    };
    index.set(key, cells.length);
    cells.push(cell);
    codeOf.push([sp, sc, gc, kind, vc]);
    return cell;
  };
  const cellFor = (split: string, schoolId: number | null, grade: string | null, kind: number, value: string | null): Cell =>
    getCell(splitCode(split), split, schoolCode(schoolId), schoolId, gradeCode(grade), grade, kind, kind >= 0 ? valueCode[kind](value) : 0, value);
  const add = (cell: Cell, c: Contribution, visibleStudent: boolean) => {
    cell.n++;
    if (visibleStudent) cell.nVisible++;
    cell.denominator += c.denominator;
    cell.numerator += c.numerator;
    if (c.sums) for (const k in c.sums) cell.sums.set(k, (cell.sums.get(k) ?? 0) + c.sums[k]);
    if (c.distinct) {
      cell.distinct ??= new Map();
      for (const k in c.distinct) {
        let set = cell.distinct.get(k);
        if (!set) cell.distinct.set(k, (set = new Set()));
        const v = c.distinct[k];
        if (v !== null && v !== undefined) set.add(v);
      }
    }
  };

  // Finest cells: (school or district) × grade × (each kind's value, or none); then the sums over grades.
  // Each student's group codes are worked out once (the hot loop does one map lookup per cell).
  const studentCodes = new Map<number, Int32Array>();
  const addViews = (views: RecordView[]) => {
    for (const v of views) {
      const g = groups.get(v.studentId);
      if (!g) continue;
      const result = evaluator.evaluate(v, asOf);
      if (!result) continue;
      let codes = studentCodes.get(v.studentId);
      if (!codes) {
        codes = new Int32Array(KINDS);
        for (let k = 0; k < KINDS; k++) codes[k] = valueCode[k](g[k]);
        studentCodes.set(v.studentId, codes);
      }
      const sc = schoolCode(v.schoolId);
      const gc = gradeCode(v.grade);
      const vis = visible === null || visible.has(v.studentId);
      const list = Array.isArray(result) ? result : [result];
      for (const c of list) {
        const split = c.keys ? JSON.stringify(c.keys) : '';
        const sp = splitCode(split);
        add(getCell(sp, split, sc, v.schoolId, gc, v.grade, -1, 0, null), c, vis);
        for (let k = 0; k < KINDS; k++) add(getCell(sp, split, sc, v.schoolId, gc, v.grade, k, codes[k], g[k]), c, vis);
      }
    }
  };
  addViews(input.districtViews);
  addViews(input.schoolViews);
  const finest = cells.length;
  for (let i = 0; i < finest; i++) {
    const f = cells[i];
    const value = f.group ? f.group.slice(f.group.indexOf('=') + 1) : null;
    merge(cellFor(f.split, f.schoolId, null, f.kind, value), f);
  }

  if (visible === null) return { cells, suppressed: new Uint8Array(cells.length) };

  // Lines: a total and the cells that partition it, varying one dimension at a time.
  const lineIndex = new Map<number, number>();
  const lines: Array<{ total: number; cells: number[] }> = [];
  const noSchool = schoolCode(null);
  const noGrade = gradeCode(null);
  const addToLine = (dim: number, totalKey: number, member: number) => {
    const lk = totalKey * 10 + dim;
    let li = lineIndex.get(lk);
    if (li === undefined) {
      li = lines.length;
      lineIndex.set(lk, li);
      lines.push({ total: index.get(totalKey) ?? -1, cells: [] });
    }
    lines[li].cells.push(member);
  };
  cells.forEach((c, i) => {
    const [sp, sc, gr, k, v] = codeOf[i];
    if (c.schoolId !== null) addToLine(0, numKey(sp, noSchool, gr, k, v), i);
    if (c.grade !== null) addToLine(1, numKey(sp, sc, noGrade, k, v), i);
    if (c.kind >= 0) addToLine(2 + c.kind, numKey(sp, sc, gr, -1, 0), i);
  });

  const fields = binaryFields(def);
  const supCells: SupCell[] = cells.map((c) => ({
    n: c.n,
    exempt: c.nVisible === c.n,
    binary: fields.map((f) => (f === '' ? c.numerator : c.sums.get(f) ?? 0)),
  }));
  const suppressed = suppress(supCells, lines as SupLine[], { minN: input.minN });
  return { cells, suppressed };
}
