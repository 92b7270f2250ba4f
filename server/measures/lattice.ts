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
  const index = new Map<string, number>();
  const cellFor = (split: string, schoolId: number | null, grade: string | null, kind: number, value: string | null): Cell => {
    const key = `${split}\u0001${schoolId ?? ''}\u0001${grade ?? ''}\u0001${kind}\u0001${value ?? ''}`;
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
    return cell;
  };
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
  const addViews = (views: RecordView[]) => {
    for (const v of views) {
      const g = groups.get(v.studentId);
      if (!g) continue;
      const result = evaluator.evaluate(v, asOf);
      if (!result) continue;
      const list = Array.isArray(result) ? result : [result];
      const vis = visible === null || visible.has(v.studentId);
      for (const c of list) {
        const split = c.keys ? JSON.stringify(c.keys) : '';
        add(cellFor(split, v.schoolId, v.grade, -1, null), c, vis);
        for (let k = 0; k < KINDS; k++) add(cellFor(split, v.schoolId, v.grade, k, g[k]), c, vis);
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
  const lineIndex = new Map<string, number>();
  const lines: Array<{ total: number; cells: number[] }> = [];
  const keyOf = (c: Pick<Cell, 'split' | 'schoolId' | 'grade' | 'kind' | 'group'>) =>
    `${c.split}\u0001${c.schoolId ?? ''}\u0001${c.grade ?? ''}\u0001${c.kind}\u0001${c.group ? c.group.slice(c.group.indexOf('=') + 1) : ''}`;
  const addToLine = (dim: string, total: Pick<Cell, 'split' | 'schoolId' | 'grade' | 'kind' | 'group'>, member: number) => {
    const tk = keyOf(total);
    const lk = `${dim}\u0002${tk}`;
    let li = lineIndex.get(lk);
    if (li === undefined) {
      li = lines.length;
      lineIndex.set(lk, li);
      lines.push({ total: index.get(tk) ?? -1, cells: [] });
    }
    lines[li].cells.push(member);
  };
  cells.forEach((c, i) => {
    if (c.schoolId !== null) addToLine('S', { ...c, schoolId: null }, i);
    if (c.grade !== null) addToLine('G', { ...c, grade: null }, i);
    if (c.kind >= 0) addToLine(`K${c.kind}`, { ...c, kind: -1, group: null }, i);
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
