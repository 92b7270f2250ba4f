/**
 * Small-cell suppression (PRODUCT.md, "Small-cell suppression"), as a pure computation over a set of
 * cells and the lines that tie them together.
 *
 * A line is one equation a reader can form from shown figures: a total equals the sum of the cells
 * that partition it (a school's grades, a kind of student group, the schools of the district). Every
 * table a person could ask for is part of the same set of cells, so the pattern is the same whatever
 * they ask for, and every total they can see anywhere counts.
 *
 * 1. Primary: a cell with fewer than minN students is withheld, unless the person has student-level
 *    access to every student in it (`exempt`).
 * 2. Complementary, until nothing changes: in every line, 0 or at least 2 members are withheld; and
 *    when the total is shown, the withheld cells' sum must not pin each of them down by bounds (every
 *    row has at least one student, so a sum equal to the number of withheld cells would reveal each as
 *    1; a withheld 0/1 count summing to 0, or to all the students, would reveal each). The member
 *    withheld to complete a line is the shown, non-exempt cell with the fewest students.
 * 3. Audit: for each connected group of withheld cells (up to a size), the linear system of all lines
 *    is solved; any withheld cell whose value it determines gets one more complement, and step 2
 *    runs again.
 */

export interface SupCell {
  /** Students in the cell (the group's size). */
  n: number;
  /** The person can see every student in the cell: never withheld, never chosen as a complement. */
  exempt: boolean;
  /** Counts of students with a yes/no attribute (numerator, tier counts), each 0 ≤ value ≤ n. */
  binary: readonly number[];
}

export interface SupLine {
  /** Index of the total cell, or -1 when the total is not a cell (the line is then no equation). */
  total: number;
  cells: readonly number[];
}

export interface SuppressOptions {
  minN: number;
  /** Cells withheld from the start besides those below minN (e.g. numerators hidden by top/bottom coding). */
  initial?: Uint8Array;
  /** Largest group of connected withheld cells whose linear system is audited (default 250). */
  maxAudit?: number;
}

export function suppress(cells: readonly SupCell[], lines: readonly SupLine[], options: SuppressOptions): Uint8Array {
  const { minN } = options;
  const maxAudit = options.maxAudit ?? 250;
  const sup = new Uint8Array(cells.length);
  for (let i = 0; i < cells.length; i++) if (!cells[i].exempt && (cells[i].n < minN || options.initial?.[i])) sup[i] = 1;
  const usable = lines.filter((l) => l.total >= 0 && l.cells.length > 0);
  const linesOf: number[][] = cells.map(() => []);
  usable.forEach((l, li) => {
    linesOf[l.total].push(li);
    for (const c of l.cells) linesOf[c].push(li);
  });

  const converge = (start: Iterable<number>) => {
    const queue: number[] = [];
    const queued = new Uint8Array(usable.length);
    for (const li of start) {
      if (!queued[li]) {
        queued[li] = 1;
        queue.push(li);
      }
    }
    for (let head = 0; head < queue.length; head++) {
      const li = queue[head];
      queued[li] = 0;
      const c = complementFor(cells, usable[li], sup);
      if (c < 0) continue;
      sup[c] = 1;
      for (const lj of [li, ...linesOf[c]]) {
        if (!queued[lj]) {
          queued[lj] = 1;
          queue.push(lj);
        }
      }
    }
  };

  converge(usable.keys());
  for (let round = 0; round < 10_000; round++) {
    const determined = auditLinear(cells.length, usable, linesOf, sup, maxAudit);
    if (determined.length === 0) break;
    const touched: number[] = [];
    for (const { cell, lines: groupLines } of determined) {
      // Widen a line through the determined cell by its smallest shown member; failing that, any
      // line of its connected group.
      for (const candidates of [linesOf[cell], groupLines]) {
        let best = -1;
        let bestLine = -1;
        for (const li of candidates) {
          const l = usable[li];
          for (const m of [l.total, ...l.cells]) {
            if (sup[m] || cells[m].exempt) continue;
            if (best < 0 || cells[m].n < cells[best].n || (cells[m].n === cells[best].n && m < best)) {
              best = m;
              bestLine = li;
            }
          }
        }
        if (best >= 0) {
          sup[best] = 1;
          touched.push(bestLine, ...linesOf[best]);
          break;
        }
      }
    }
    if (touched.length === 0) break;
    converge(touched);
  }
  return sup;
}

/** The member to withhold so that this line gives nothing away, or -1 when it is fine. */
function complementFor(cells: readonly SupCell[], line: SupLine, sup: Uint8Array): number {
  let unknown = 0;
  let sumN = 0;
  const cellUnknown: number[] = [];
  if (sup[line.total]) unknown++;
  for (const c of line.cells) {
    if (sup[c]) {
      unknown++;
      sumN += cells[c].n;
      cellUnknown.push(c);
    }
  }
  if (unknown === 0) return -1;
  if (unknown === 1) return pick(cells, line, sup, () => true, true);
  if (sup[line.total]) return -1;
  // The total is shown: the withheld cells' sum is known.
  if (sumN === cellUnknown.length) return pick(cells, line, sup, (m) => cells[m].n >= 2, false);
  const total = cells[line.total];
  for (let f = 0; f < total.binary.length; f++) {
    let sumF = 0;
    for (const c of cellUnknown) sumF += cells[c].binary[f];
    if (sumF === 0 && total.binary[f] > 0) return pick(cells, line, sup, (m) => cells[m].binary[f] > 0, false);
    if (sumF === sumN && total.binary[f] < total.n) return pick(cells, line, sup, (m) => cells[m].binary[f] < cells[m].n, false);
  }
  return -1;
}

/** The shown, non-exempt member with the fewest students (cells before the total) that fits. */
function pick(cells: readonly SupCell[], line: SupLine, sup: Uint8Array, fits: (m: number) => boolean, totalAllowed: boolean): number {
  let best = -1;
  for (const m of line.cells) {
    if (sup[m] || cells[m].exempt || !fits(m)) continue;
    if (best < 0 || cells[m].n < cells[best].n || (cells[m].n === cells[best].n && m < best)) best = m;
  }
  if (best >= 0) return best;
  const t = line.total;
  if (!sup[t] && !cells[t].exempt && (totalAllowed || fits(t))) return t;
  return -1;
}

/**
 * Withheld cells whose value the lines determine exactly (any linear combination of shown figures),
 * found by reducing each connected group's system to row echelon form: a variable is determined when
 * its pivot row has no other non-zero entry. One cell per connected group (fixing it changes the group).
 */
export function auditLinear(cellCount: number, lines: readonly SupLine[], linesOf: number[][], sup: Uint8Array, maxAudit: number): Array<{ cell: number; lines: number[] }> {
  const seen = new Uint8Array(cellCount);
  const determined: Array<{ cell: number; lines: number[] }> = [];
  for (let start = 0; start < cellCount; start++) {
    if (!sup[start] || seen[start]) continue;
    // The connected group of withheld cells, and the lines that touch it.
    const vars: number[] = [];
    const lineSet = new Set<number>();
    const stack = [start];
    seen[start] = 1;
    while (stack.length) {
      const x = stack.pop() as number;
      vars.push(x);
      for (const li of linesOf[x]) {
        lineSet.add(li);
        const l = lines[li];
        for (const m of [l.total, ...l.cells]) {
          if (sup[m] && !seen[m]) {
            seen[m] = 1;
            stack.push(m);
          }
        }
      }
    }
    if (vars.length > maxAudit) continue;
    const col = new Map<number, number>();
    vars.forEach((v, i) => col.set(v, i));
    const k = vars.length;
    const rows: Float64Array[] = [];
    for (const li of lineSet) {
      const l = lines[li];
      const row = new Float64Array(k);
      let nz = 0;
      if (sup[l.total]) {
        row[col.get(l.total) as number] += 1;
        nz++;
      }
      for (const c of l.cells) {
        if (sup[c]) {
          row[col.get(c) as number] -= 1;
          nz++;
        }
      }
      if (nz > 0) rows.push(row);
    }
    const fixed = determinedColumns(rows, k);
    if (fixed.length) determined.push({ cell: vars[fixed[0]], lines: [...lineSet] });
  }
  return determined;
}

/** Columns of the system whose value is fixed by it (Gaussian elimination with partial pivoting). */
export function determinedColumns(rows: Float64Array[], k: number): number[] {
  const eps = 1e-9;
  const pivots: Array<{ row: number; col: number }> = [];
  let r = 0;
  for (let c = 0; c < k && r < rows.length; c++) {
    let best = r;
    for (let i = r + 1; i < rows.length; i++) if (Math.abs(rows[i][c]) > Math.abs(rows[best][c])) best = i;
    if (Math.abs(rows[best][c]) < eps) continue;
    [rows[r], rows[best]] = [rows[best], rows[r]];
    const pr = rows[r];
    const p = pr[c];
    for (let j = c; j < k; j++) pr[j] /= p;
    for (let i = 0; i < rows.length; i++) {
      if (i === r) continue;
      const f = rows[i][c];
      if (Math.abs(f) < eps) continue;
      const ri = rows[i];
      for (let j = c; j < k; j++) ri[j] -= f * pr[j];
    }
    pivots.push({ row: r, col: c });
    r++;
  }
  const out: number[] = [];
  for (const { row, col } of pivots) {
    let alone = true;
    const pr = rows[row];
    for (let j = 0; j < k; j++) {
      if (j !== col && Math.abs(pr[j]) > eps) {
        alone = false;
        break;
      }
    }
    if (alone) out.push(col);
  }
  return out;
}
