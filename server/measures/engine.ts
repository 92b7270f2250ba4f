/**
 * Computes a measure for a school year, year to date as of a date, broken down as asked, with the
 * suppression the person's access calls for: the one function behind `village measure`, the API,
 * dashboards and goals (DATA-FORMATS.md, "Measure exports").
 */
import type { Db } from '../db/database.ts';
import { AppError } from '../http/errors.ts';
import './builtins.ts';
import { countUpTo, dateOf, dayOf, lastDayOfMonth, monthsBetween, today } from './dates.ts';
import { GROUP_KINDS, gradeOrder, groupValueOrder, type GroupKind } from './groups.ts';
import { bandOf, bandWidth, buildLattice, type Cell, type Lattice } from './lattice.ts';
import { getMeasure, listMeasures, type MeasureDefinition, type MeasureEvaluator } from './registry.ts';
import { getSnapshot, readVersions, type Snapshot, type Versions, type YearRow } from './snapshot.ts';
import { districtViews, schoolViews, type RecordView } from './views.ts';

export const DIMENSIONS = ['school', 'grade', 'group', 'month'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/**
 * Whose figures: `full` (district staff, the operator) sees every cell; `public` sees small cells
 * suppressed; `partial` (school staff, teachers, partners with data-sharing terms) sees unsuppressed
 * the cells whose every student they may see, and the public rules elsewhere.
 */
export type MeasureAccess = { kind: 'full' } | { kind: 'public' } | { kind: 'partial'; visible: Set<number>; key: string };

export interface MeasureRequest {
  measure: string;
  /** '2021-2022' */
  year: string;
  by?: readonly Dimension[];
  asOf?: string;
}

export type MeasureRow = Record<string, unknown> & {
  school_id: string | null;
  grade: string | null;
  group: string | null;
  month: string | null;
  suppressed: boolean;
};

export interface MeasureResult {
  measure: string;
  year: string;
  asOf: string;
  minDaysEnrolled: number;
  rows: MeasureRow[];
  /** Whether small cells were withheld for the person asking, and the district's minimum n. */
  suppression: { applied: boolean; minN: number };
  /** Absence records that do not count, up to the as-of date (PRODUCT.md). */
  ignored: { nonInstructionalDays: number; outsideEnrollment: number };
  warnings: string[];
}

export function measureKeys(): string[] {
  return listMeasures().map((m) => m.key);
}

export function requireMeasure(key: string): MeasureDefinition {
  const def = getMeasure(key);
  if (!def) throw new AppError('bad_request', `Unknown measure "${key}". Choose one of: ${measureKeys().join(', ')}.`, { choices: measureKeys() });
  return def;
}

export function parseDimensions(by: string | readonly string[] | undefined): Dimension[] {
  if (by === undefined || by === '') return [];
  const list = (typeof by === 'string' ? by.split(',') : [...by]).map((s) => s.trim()).filter(Boolean);
  const bad = list.filter((d) => !(DIMENSIONS as readonly string[]).includes(d));
  if (bad.length) throw new AppError('bad_request', `Unknown dimension ${bad.map((b) => `"${b}"`).join(', ')}. Choose from: ${DIMENSIONS.join(', ')}.`, { choices: [...DIMENSIONS] });
  return [...new Set(list)] as Dimension[];
}

/** The district's school years, oldest first. */
export async function listYears(db: Db, districtId: number): Promise<YearRow[]> {
  return db.selectFrom('school_years').select(['id', 'name', 'start_date', 'end_date']).where('district_id', '=', districtId).orderBy('start_date').execute();
}

export async function resolveYear(db: Db, districtId: number, name: string): Promise<YearRow> {
  const years = await listYears(db, districtId);
  const y = years.find((r) => r.name === name);
  if (!y) {
    const names = years.map((r) => r.name);
    throw new AppError('bad_request', `Unknown school year "${name}". ${names.length ? `Choose one of: ${names.join(', ')}.` : 'The district has no school years yet.'}`, { choices: names });
  }
  return y;
}

/** The year in progress (or the latest that has begun), for pages that do not name one. */
export async function defaultYear(db: Db, districtId: number, on = today()): Promise<YearRow | null> {
  const years = await listYears(db, districtId);
  const current = years.find((y) => y.start_date <= on && on <= y.end_date);
  if (current) return current;
  const begun = years.filter((y) => y.start_date <= on);
  return begun[begun.length - 1] ?? years[0] ?? null;
}

/** The school year before this one (the latest that ends before it starts). */
export async function priorYear(db: Db, districtId: number, year: YearRow): Promise<YearRow | null> {
  const years = await listYears(db, districtId);
  const before = years.filter((y) => y.end_date < year.start_date);
  return before[before.length - 1] ?? null;
}

export function noCalendarMessage(year: string): string {
  return `School year ${year} has no calendar: no school has instructional days in it, so days enrolled cannot be counted. Import calendar.csv (or an Ed-Fi calendar) for ${year} first.`;
}

/** The as-of date: as given (within the year), or the earlier of today and the year's last instructional day. */
export function resolveAsOf(snap: Snapshot, asOf: string | undefined, now = today()): string {
  if (snap.lastDay === null || snap.firstDay === null) throw new AppError('unprocessable', noCalendarMessage(snap.year.name));
  if (asOf !== undefined) {
    if (asOf < snap.year.startDate || asOf > snap.year.endDate) {
      throw new AppError('bad_request', `The as-of date ${asOf} is outside school year ${snap.year.name} (${snap.year.startDate} to ${snap.year.endDate}).`);
    }
    return asOf;
  }
  const last = dateOf(snap.lastDay);
  if (now > last) return last;
  return now < snap.year.startDate ? snap.year.startDate : now;
}

// ── Caches: prepared evaluators per data version, lattices per date and access ──────────────────

const evaluators = new Map<string, { stamp: string; evaluator: MeasureEvaluator }>();
const lattices = new Map<string, Lattice>();
const MAX_LATTICES = 400;

async function evaluatorFor(db: Db, snap: Snapshot, def: MeasureDefinition, versions: Versions): Promise<MeasureEvaluator> {
  const stamp = `${snap.stamp}#${versions.versions.get(`measure:${def.key}`) ?? 0}`;
  const key = `${snap.districtId}:${snap.year.id}:${def.key}`;
  const hit = evaluators.get(key);
  if (hit && hit.stamp === stamp) return hit.evaluator;
  const evaluator = await def.prepare({ db, districtId: snap.districtId, year: snap.year, settings: snap.settings });
  evaluators.set(key, { stamp, evaluator });
  return evaluator;
}

const viewsCache = new Map<string, { school: RecordView[]; district: RecordView[] }>();

/** Every student's record as of a date (cached per snapshot and date). */
export function viewsAsOf(snap: Snapshot, asOf: string): { school: RecordView[]; district: RecordView[] } {
  const key = `${snap.districtId}:${snap.year.id}:${snap.stamp}:${asOf}`;
  let v = viewsCache.get(key);
  if (!v) {
    const school = schoolViews(snap, dayOf(asOf));
    v = { school, district: districtViews(snap, school) };
    viewsCache.set(key, v);
    while (viewsCache.size > 40) viewsCache.delete(viewsCache.keys().next().value as string);
  }
  return v;
}

function accessKey(access: MeasureAccess): string {
  return access.kind === 'partial' ? `partial:${access.key}` : access.kind;
}

function latticeFor(snap: Snapshot, def: MeasureDefinition, evaluator: MeasureEvaluator, evaluatorStamp: string, asOf: string, access: MeasureAccess): Lattice {
  const key = `${snap.districtId}:${snap.year.id}:${evaluatorStamp}:${def.key}:${asOf}:${accessKey(access)}`;
  const hit = lattices.get(key);
  if (hit) {
    lattices.delete(key);
    lattices.set(key, hit);
    return hit;
  }
  const views = viewsAsOf(snap, asOf);
  const lattice = buildLattice({
    def,
    evaluator,
    asOf,
    schoolViews: views.school,
    districtViews: views.district,
    coding: snap.coding,
    visible: access.kind === 'full' ? null : access.kind === 'public' ? new Set() : access.visible,
    minN: snap.settings.minN,
    topBottomCoding: snap.settings.topBottomCoding,
  });
  lattices.set(key, lattice);
  while (lattices.size > MAX_LATTICES) lattices.delete(lattices.keys().next().value as string);
  return lattice;
}

/** Forgets cached figures (tests and benchmarks that want cold timings). */
export function clearMeasureCaches(): void {
  evaluators.clear();
  lattices.clear();
  viewsCache.clear();
}

// ── The computation ────────────────────────────────────────────────────────────────────────────

export interface Loaded {
  def: MeasureDefinition;
  snap: Snapshot;
  asOf: string;
  evaluator: MeasureEvaluator;
  evaluatorStamp: string;
}

/** Resolves the measure, the year's snapshot and the as-of date; throws the usage errors of the contract. */
export async function loadMeasure(db: Db, districtId: number, req: Pick<MeasureRequest, 'measure' | 'year' | 'asOf'>): Promise<Loaded> {
  const def = requireMeasure(req.measure);
  const year = await resolveYear(db, districtId, req.year);
  const versions = await readVersions(db, districtId);
  const snap = await getSnapshot(db, districtId, year, versions);
  const asOf = resolveAsOf(snap, req.asOf);
  const evaluator = await evaluatorFor(db, snap, def, versions);
  const evaluatorStamp = `${snap.stamp}#${versions.versions.get(`measure:${def.key}`) ?? 0}`;
  return { def, snap, asOf, evaluator, evaluatorStamp };
}

/** The month rows' dates: the last day of each month from the first instructional day to the as-of date. */
export function monthDates(snap: Snapshot, asOf: string): Array<{ month: string; asOf: string }> {
  if (snap.firstDay === null) return [];
  return monthsBetween(dateOf(snap.firstDay), asOf).map((month) => {
    const end = lastDayOfMonth(month);
    return { month, asOf: end < asOf ? end : asOf };
  });
}

export async function computeMeasure(db: Db, districtId: number, req: MeasureRequest, access: MeasureAccess): Promise<MeasureResult> {
  const by = parseDimensions(req.by as string[] | undefined);
  const loaded = await loadMeasure(db, districtId, req);
  return resultFrom(loaded, by, access);
}

export function resultFrom(loaded: Loaded, by: readonly Dimension[], access: MeasureAccess): MeasureResult {
  const { def, snap, asOf } = loaded;
  const dates = by.includes('month') ? monthDates(snap, asOf) : [{ month: null as string | null, asOf }];
  const rows: MeasureRow[] = [];
  for (const d of dates) {
    const lattice = latticeFor(snap, def, loaded.evaluator, loaded.evaluatorStamp, d.asOf, access);
    rows.push(...selectRows(snap, def, lattice, by, d.month));
  }
  const t = dayOf(asOf);
  return {
    measure: def.key,
    year: snap.year.name,
    asOf,
    minDaysEnrolled: snap.settings.minDaysEnrolled,
    rows,
    suppression: { applied: access.kind !== 'full', minN: snap.settings.minN },
    ignored: {
      nonInstructionalDays: countUpTo(snap.ignoredNonInstructional, t),
      outsideEnrollment: countUpTo(snap.ignoredOutsideEnrollment, t),
    },
    warnings: warningsFor(snap),
  };
}

function warningsFor(snap: Snapshot): string[] {
  const counts = new Map<number, number>();
  for (const r of snap.records) counts.set(r.schoolId, (counts.get(r.schoolId) ?? 0) + 1);
  const out: string[] = [];
  for (const [schoolId, n] of counts) {
    const s = snap.schools.get(schoolId);
    if (s && s.days.length === 0) out.push(`${s.name} (${s.code}) has no calendar for ${snap.year.name}; its ${n} enrolled student(s) are not counted.`);
  }
  return out;
}

const rate = (num: number, den: number) => (den > 0 ? Math.round((num / den) * 10000) / 10000 : null);

/** A cell as an output row (nulls when withheld). */
/** How a coded row shows its rate: '≤5%' near 0, '≥95%' near 100% (see lattice.ts, top/bottom coding). */
function bandLabel(cell: Cell): string {
  const b = bandWidth(cell.n);
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  return bandOf(cell.numerator, cell.n) === 'low' ? `<=${pct(b)}` : `>=${pct(1 - b)}`;
}

export function rowOf(snap: Snapshot, def: MeasureDefinition, cell: Cell, withheld: boolean, month: string | null, coded?: number | null): MeasureRow {
  const row: MeasureRow = {
    school_id: cell.schoolId === null ? null : snap.schools.get(cell.schoolId)?.code ?? String(cell.schoolId),
    grade: cell.grade,
    group: cell.group,
    month,
    suppressed: false,
  };
  if (def.rowKeys?.length) {
    const keys = cell.split ? (JSON.parse(cell.split) as Record<string, string>) : {};
    for (const k of def.rowKeys) row[k] = keys[k] ?? null;
  }
  const hideRate = withheld || !!coded;
  row.denominator = withheld ? null : cell.denominator;
  row.numerator = hideRate || def.numerator === false ? null : cell.numerator;
  if (def.rate !== false) row.rate = hideRate ? null : rate(cell.numerator, cell.denominator);
  if (coded !== undefined && coded !== null) row.rate_band = coded === 1 ? bandLabel(cell) : null;
  for (const f of def.fields ?? []) {
    if (f.kind === 'counts') {
      const parts: Record<string, number | null> = {};
      for (const p of f.parts) parts[p] = withheld ? null : cell.sums?.get(`${f.name}.${p}`) ?? 0;
      row[f.name] = parts;
    } else if (f.kind === 'sum') {
      row[f.name] = withheld ? null : cell.sums?.get(f.name) ?? 0;
    } else {
      row[f.name] = withheld ? null : cell.distinct?.get(f.name)?.size ?? 0;
    }
  }
  // `suppressed` last, as in DATA-FORMATS.md.
  delete (row as Record<string, unknown>).suppressed;
  row.suppressed = withheld;
  return row;
}

function selectRows(snap: Snapshot, def: MeasureDefinition, lattice: Lattice, by: readonly Dimension[], month: string | null): MeasureRow[] {
  const wantSchool = by.includes('school');
  const wantGrade = by.includes('grade');
  const wantGroup = by.includes('group');
  const picked: number[] = [];
  lattice.cells.forEach((c, i) => {
    if ((c.schoolId !== null) !== wantSchool || (c.grade !== null) !== wantGrade || (c.kind >= 0) !== wantGroup) return;
    if (c.n === 0) return;
    picked.push(i);
  });
  const code = (c: Cell) => (c.schoolId === null ? '' : snap.schools.get(c.schoolId)?.code ?? '');
  picked.sort((a, b) => {
    const x = lattice.cells[a];
    const y = lattice.cells[b];
    return (
      code(x).localeCompare(code(y)) ||
      gradeOrder(x.grade ?? '') - gradeOrder(y.grade ?? '') ||
      x.kind - y.kind ||
      groupOrder(x) - groupOrder(y) ||
      (x.group ?? '').localeCompare(y.group ?? '') ||
      x.split.localeCompare(y.split)
    );
  });
  return picked.map((i) => rowOf(snap, def, lattice.cells[i], lattice.suppressed[i] === 1, month, lattice.coded ? lattice.coded[i] : undefined));
}

function groupOrder(c: Cell): number {
  if (c.kind < 0 || !c.group) return 0;
  return groupValueOrder(GROUP_KINDS[c.kind] as GroupKind, c.group.slice(c.group.indexOf('=') + 1));
}
