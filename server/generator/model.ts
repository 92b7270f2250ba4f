/**
 * The synthetic district as a model in memory: schools with attendance zones and feeder patterns,
 * school years with their calendars, families (guardians, home language, income, housing) whose
 * children move up a grade each year, enrolment spans with mid-year entries, exits and moves, and
 * each student's latent traits (how often they miss school, how they do on tests). Daily records are
 * not held here: they are drawn from these traits while the files are written (./behaviour.ts).
 *
 * Everything is drawn from streams derived from the seed (./random.ts), so the same options give
 * the same district.
 */
import { fromDayNumber, toDayNumber } from '../../common/calendar.ts';
import type { Grade, RaceCode } from '../imports/records.ts';
import { districtCalendar, schoolCalendar, type DistrictCalendar, type SchoolCalendar } from './calendar.ts';
import { AMERICAN_POOL, GUARDIAN_RELATIONSHIPS_ONE, GUARDIAN_RELATIONSHIPS_TWO, namePool, SCHOOL_NAMES, type Heritage } from './names.ts';
import { Random, streamFor } from './random.ts';

export interface DistrictOptions {
  /** Students enrolled at some point in the (last) school year. */
  students: number;
  /** Number of schools (default: about one per 550 students, at least 3). */
  schools?: number;
  /** The school year, '2025-2026'. */
  year: string;
  seed: number;
  /** Earlier complete school years with the same students a grade lower (default 0). */
  priorYears?: number;
  /**
   * Records of the last year only up to this date ('YYYY-MM-DD', within that school year): a year in
   * progress. Before the first day of school: the coming year's roster (enrolled from the first
   * day), without records.
   */
  through?: string | null;
  /** District name (default 'Riverside Unified School District'). */
  districtName?: string;
  /** Short code that prefixes school ids (default 'RV'). */
  districtCode?: string;
}

export const GRADES: readonly Grade[] = ['KG', '01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'];
/** Relative size of each grade (kindergarten a little larger, grade 9 larger, seniors smaller). */
const GRADE_WEIGHTS = [1.03, 1, 1, 0.99, 0.99, 0.98, 0.98, 0.97, 0.97, 1.06, 1, 0.95, 0.9];

export type SchoolType = 'elementary' | 'middle' | 'high' | 'k8' | 'k12';

export interface School {
  index: number;
  id: string;
  localId: string;
  name: string;
  type: SchoolType;
  lowGrade: number;
  highGrade: number;
  /** One calendar per school year (index = year index). */
  calendars: SchoolCalendar[];
}

export interface Year {
  index: number;
  /** '2025-2026' */
  name: string;
  startYear: number;
  calendar: DistrictCalendar;
  /** Day number of the last day with records: the last instructional day, or the --through date. */
  recordsThrough: number;
  /** Whether the year is over (records for every day). */
  complete: boolean;
  /** ISO date of every day number between the first and last day, for fast formatting. */
  dateOf(day: number): string;
}

export type RaceEthnicity = 'hispanic' | RaceCode | 'two_or_more' | 'unknown';

export interface Guardian {
  no: number;
  id: string;
  firstName: string;
  lastName: string;
  relationship: string;
  phone: string;
  email: string | null;
  preferredLanguage: string;
  livesWithStudent: boolean;
  sex: 'F' | 'M';
}

/** Where a family lives during one school year: its zone, and a move to another zone mid-year. */
interface Residence {
  zone: number;
  moveDay: number | null;
  moveZone: number | null;
}

export interface Family {
  no: number;
  heritage: Heritage;
  raceEthnicity: RaceEthnicity;
  hispanic: boolean | null;
  races: RaceCode[];
  homeLanguage: string;
  economicallyDisadvantaged: boolean;
  homeless: boolean;
  foster: boolean;
  surname: string;
  /** Year index of arrival in the district (may be before the first generated year). */
  arrive: number;
  /** Index of the instructional day of arrival, when the family arrived during that year. */
  arriveDay: number | null;
  /** Year index of the last year in the district (Infinity: still here). */
  leave: number;
  /** Index of the last instructional day enrolled, when the family left during that year. */
  leaveDay: number | null;
  residence: Map<number, Residence>;
  guardians: Guardian[];
  children: Student[];
  /** Shared by siblings: what the household adds to attendance and achievement. */
  householdAttendance: number;
  householdAbility: number;
}

export interface Student {
  no: number;
  id: string;
  localId: string;
  family: Family;
  firstName: string;
  middleName: string | null;
  lastName: string;
  sex: 'F' | 'M' | 'X';
  birthDate: string;
  /** Year index in which the student is (or would be) in kindergarten. */
  kgYear: number;
  disability: boolean;
  englishLearner: boolean;
  /** Latent attendance: z-score (higher misses more) and a multiplier for the heavy tail. */
  attendanceZ: number;
  tail: number;
  /** Share of absences the family excuses; chance of a tardy on a day present. */
  excusedShare: number;
  tardyRate: number;
  ability: number;
  /** Year index and instructional-day index of dropping out (high school). */
  dropYear: number | null;
  dropDay: number | null;
}

/** A stay at one school in one school year: from one instructional day to another, inclusive. */
export interface Span {
  student: Student;
  school: School;
  year: Year;
  grade: number;
  /** Indexes into the year's district instructional days. */
  entryIndex: number;
  exitIndex: number;
  /** Day numbers. */
  entryDay: number;
  exitDay: number;
  /** Exit date as a file would give it ('' while still enrolled at the end of the records). */
  exitDate: string;
  /** Why the span ends: 'moved' (to another school), 'left', 'dropped', 'graduated', 'completed', ''. */
  exitReason: string;
}

export interface District {
  options: Required<Omit<DistrictOptions, 'through'>> & { through: string | null };
  name: string;
  code: string;
  domain: string;
  years: Year[];
  schools: School[];
  families: Family[];
  /** Every student enrolled in any generated year, in id order. */
  students: Student[];
  /** Enrolment spans of every year, by year then student. */
  spans: Span[];
  /** Spans per year index. */
  spansByYear: Span[][];
}

export function gradeCode(g: number): Grade {
  return GRADES[g];
}

export class GeneratorOptionError extends Error {
  constructor(public readonly option: string, message: string) {
    super(message);
    this.name = 'GeneratorOptionError';
  }
}

/** Checks and completes the options; throws GeneratorOptionError naming the option. */
export function normaliseOptions(o: DistrictOptions): District['options'] {
  if (!Number.isInteger(o.students) || o.students < 1 || o.students > 2_000_000) throw new GeneratorOptionError('students', `--students must be a whole number from 1 to 2000000 (given ${o.students})`);
  const schools = o.schools ?? Math.max(3, Math.round(o.students / 550));
  if (!Number.isInteger(schools) || schools < 1 || schools > 2000) throw new GeneratorOptionError('schools', `--schools must be a whole number from 1 to 2000 (given ${o.schools})`);
  if (schools > o.students) throw new GeneratorOptionError('schools', `--schools (${schools}) cannot exceed --students (${o.students})`);
  const m = /^(\d{4})-(\d{4})$/.exec(o.year ?? '');
  if (!m || Number(m[2]) !== Number(m[1]) + 1 || Number(m[1]) < 1990 || Number(m[1]) > 2100) throw new GeneratorOptionError('year', `--year must be a school year like 2025-2026 (given "${o.year}")`);
  if (!Number.isInteger(o.seed) || o.seed < 0 || o.seed > 0xffffffff) throw new GeneratorOptionError('seed', `--seed must be a whole number from 0 to 4294967295 (given ${o.seed})`);
  const priorYears = o.priorYears ?? 0;
  if (!Number.isInteger(priorYears) || priorYears < 0 || priorYears > 12) throw new GeneratorOptionError('prior-years', `--prior-years must be a whole number from 0 to 12 (given ${o.priorYears})`);
  const through = o.through ?? null;
  if (through !== null) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(through) || fromDayNumber(toDayNumber(through)) !== through) throw new GeneratorOptionError('through', `--through must be a date YYYY-MM-DD (given "${through}")`);
    const start = Number(m[1]);
    if (through < `${start}-07-01` || through > `${start + 1}-06-30`) throw new GeneratorOptionError('through', `--through must fall in the school year ${o.year}, from ${start}-07-01 to ${start + 1}-06-30 (given ${through})`);
  }
  const districtCode = (o.districtCode ?? 'RV').toUpperCase();
  if (!/^[A-Z0-9]{1,8}$/.test(districtCode)) throw new GeneratorOptionError('code', `--code must be 1 to 8 letters or digits (given "${o.districtCode}")`);
  const districtName = (o.districtName ?? 'Riverside Unified School District').trim();
  if (!districtName || /[\r\n]/.test(districtName)) throw new GeneratorOptionError('name', '--name must be a non-empty single line');
  return { students: o.students, schools, year: o.year, seed: o.seed >>> 0, priorYears, through, districtName, districtCode };
}

export function buildDistrict(input: DistrictOptions): District {
  const options = normaliseOptions(input);
  const seed = options.seed;
  const lastStart = Number(options.year.slice(0, 4));
  const years: Year[] = [];
  for (let i = 0; i <= options.priorYears; i++) {
    const startYear = lastStart - options.priorYears + i;
    const calendar = districtCalendar(startYear);
    const isLast = i === options.priorYears;
    const throughDay = isLast && options.through ? Math.min(toDayNumber(options.through), calendar.lastDay) : calendar.lastDay;
    const dates: string[] = [];
    for (let d = calendar.firstDay; d <= calendar.lastDay; d++) dates.push(fromDayNumber(d));
    years.push({
      index: i,
      name: `${startYear}-${startYear + 1}`,
      startYear,
      calendar,
      recordsThrough: throughDay,
      complete: throughDay >= calendar.lastDay,
      dateOf: (day) => dates[day - calendar.firstDay] ?? fromDayNumber(day),
    });
  }
  const schools = buildSchools(options, years);
  const zones = buildZones(schools, seed);
  const population = new Population(options, years, schools, zones);
  for (let t = years.length - 1; t >= 0; t--) population.fill(t);
  for (const f of population.families) f.children = f.children.filter((s) => population.enrolledInAnyYear(s));
  const families = population.families.filter((f) => f.children.length > 0);
  const students = families.flatMap((f) => f.children);
  students.sort((a, b) => a.no - b.no);
  students.forEach((s, i) => {
    s.id = `S${String(i + 1).padStart(6, '0')}`;
    s.localId = String(2_000_000 + i + 1);
  });
  const spansByYear = years.map((y) => population.spansOf(y, students));
  const words = options.districtName.split(/\s+/);
  const domain = `${(words[0] ?? 'district').toLowerCase().normalize('NFD').replace(/[^a-z0-9]/g, '') || 'district'}.example`;
  return {
    options,
    name: options.districtName,
    code: options.districtCode,
    domain,
    years,
    schools,
    families,
    students,
    spans: spansByYear.flat(),
    spansByYear,
  };
}

// ---------------------------------------------------------------------------------------------
// Schools and zones

function buildSchools(options: District['options'], years: Year[]): School[] {
  const rng = streamFor(options.seed, 'schools');
  const m = options.schools;
  let plan: Array<{ type: SchoolType; count: number }>;
  if (m === 1) plan = [{ type: 'k12', count: 1 }];
  else if (m === 2) plan = [{ type: 'k8', count: 1 }, { type: 'high', count: 1 }];
  else {
    // Shares of schools by level: grades served over typical enrolment (450, 700, 1,300).
    const weights = [6 / 13 / 450, 3 / 13 / 700, 4 / 13 / 1300];
    const total = weights.reduce((a, b) => a + b, 0);
    const counts = [1, 1, 1];
    for (let k = 3; k < m; k++) {
      let best = 0;
      for (let l = 1; l < 3; l++) if ((m * weights[l]) / total - counts[l] > (m * weights[best]) / total - counts[best]) best = l;
      counts[best]++;
    }
    plan = [{ type: 'elementary', count: counts[0] }, { type: 'middle', count: counts[1] }, { type: 'high', count: counts[2] }];
  }
  const range: Record<SchoolType, [number, number, string, string]> = {
    elementary: [0, 5, 'ES', 'Elementary'],
    middle: [6, 8, 'MS', 'Middle School'],
    high: [9, 12, 'HS', 'High School'],
    k8: [0, 8, 'K8', 'K-8 School'],
    k12: [0, 12, 'K12', 'K-12 Academy'],
  };
  const schools: School[] = [];
  const width = m >= 100 ? 3 : 2;
  for (const { type, count } of plan) {
    const [low, high, abbr, suffix] = range[type];
    const names = rng.shuffle([...SCHOOL_NAMES]);
    for (let i = 0; i < count; i++) {
      const base = names[i % names.length];
      const round = Math.floor(i / names.length);
      const index = schools.length;
      schools.push({
        index,
        id: `${options.districtCode}-${abbr}-${String(i + 1).padStart(width, '0')}`,
        localId: String(100 + index),
        name: `${base} ${suffix}${round ? ` ${round + 1}` : ''}`,
        type,
        lowGrade: low,
        highGrade: high,
        calendars: years.map((y) => schoolCalendar(y.calendar, low <= 5 && high <= 8 ? 'elementary' : 'secondary', streamFor(options.seed, 'calendar', index, y.startYear))),
      });
    }
  }
  return schools;
}

interface Zones {
  weights: number[];
  /** schoolByGrade[grade][zone] */
  schoolByGrade: School[][];
}

/**
 * Attendance zones: as many as the level with the most schools; each grade's schools split the
 * zones in order, so elementary schools feed middle schools and middle schools feed high schools.
 */
function buildZones(schools: School[], seed: number): Zones {
  const rng = streamFor(seed, 'zones');
  const serving = GRADES.map((_, g) => schools.filter((s) => s.lowGrade <= g && g <= s.highGrade));
  const count = Math.max(...serving.map((l) => l.length));
  const weights = Array.from({ length: count }, () => rng.uniform(0.6, 1.5));
  const schoolByGrade = serving.map((list) => Array.from({ length: count }, (_, z) => list[Math.floor((z * list.length) / count)]));
  return { weights, schoolByGrade };
}

// ---------------------------------------------------------------------------------------------
// Families and students

type Draw = ReadonlyArray<readonly [string, number]>;

const RACE_WEIGHTS: ReadonlyArray<readonly [RaceEthnicity, number]> = [
  ['hispanic', 0.4], ['white', 0.25], ['black', 0.17], ['asian', 0.085], ['two_or_more', 0.05],
  ['american_indian_alaska_native', 0.015], ['native_hawaiian_pacific_islander', 0.01], ['unknown', 0.02],
];

/** Heritage (for names) and home languages by race/ethnicity. */
const HERITAGE: Record<RaceEthnicity, ReadonlyArray<readonly [Heritage, number, Draw]>> = {
  hispanic: [['hispanic', 1, [['es', 0.55], ['en', 0.45]]]],
  white: [
    ['american', 0.85, [['en', 1]]],
    ['arab', 0.06, [['ar', 0.6], ['en', 0.4]]],
    ['slavic', 0.05, [['ru', 0.45], ['uk', 0.3], ['en', 0.25]]],
    ['brazilian', 0.04, [['pt', 0.6], ['en', 0.4]]],
  ],
  black: [
    ['american', 0.84, [['en', 1]]],
    ['somali', 0.06, [['so', 0.7], ['en', 0.3]]],
    ['haitian', 0.05, [['ht', 0.6], ['fr', 0.1], ['en', 0.3]]],
    ['ethiopian', 0.05, [['am', 0.6], ['en', 0.4]]],
  ],
  asian: [
    ['vietnamese', 0.28, [['vi', 0.65], ['en', 0.35]]],
    ['chinese', 0.28, [['zh', 0.65], ['en', 0.35]]],
    ['filipino', 0.22, [['tl', 0.5], ['en', 0.5]]],
    ['korean', 0.1, [['ko', 0.55], ['en', 0.45]]],
    ['south_asian', 0.12, [['hi', 0.35], ['pa', 0.15], ['en', 0.5]]],
  ],
  two_or_more: [['american', 1, [['en', 0.93], ['es', 0.07]]]],
  american_indian_alaska_native: [['american', 1, [['en', 0.88], ['nv', 0.12]]]],
  native_hawaiian_pacific_islander: [['american', 1, [['en', 0.6], ['sm', 0.25], ['to', 0.15]]]],
  unknown: [['american', 1, [['en', 0.9], ['es', 0.1]]]],
};

const ECONOMIC_DISADVANTAGE: Record<RaceEthnicity, number> = {
  hispanic: 0.66, black: 0.62, american_indian_alaska_native: 0.6, native_hawaiian_pacific_islander: 0.56,
  two_or_more: 0.42, asian: 0.34, white: 0.28, unknown: 0.42,
};

const TWO_OR_MORE: ReadonlyArray<readonly [RaceCode[], number]> = [
  [['black', 'white'], 0.4], [['asian', 'white'], 0.25], [['american_indian_alaska_native', 'white'], 0.15],
  [['black', 'american_indian_alaska_native'], 0.1], [['asian', 'native_hawaiian_pacific_islander'], 0.1],
];

const HISPANIC_RACES: ReadonlyArray<readonly [RaceCode[], number]> = [
  [['white'], 0.55], [[], 0.28], [['american_indian_alaska_native'], 0.06], [['black'], 0.04], [['american_indian_alaska_native', 'white'], 0.07],
];

const AREA_CODES = [510, 341, 628, 925, 707, 669];

/** Draws the district's families, year by year from the last back to the first. */
class Population {
  families: Family[] = [];
  private nextFamily = 1;
  private nextStudent = 1;
  private nextGuardian = 1;
  /** Students enrolled per year and grade. */
  private counts: number[][];
  private readonly last: number;
  private readonly days: number;
  private readonly lastRecordIndex: number[];

  constructor(
    private readonly options: District['options'],
    private readonly years: Year[],
    private readonly schools: School[],
    private readonly zones: Zones,
  ) {
    this.counts = years.map(() => GRADES.map(() => 0));
    this.last = years.length - 1;
    this.days = years[0].calendar.instructionalDays.length;
    this.lastRecordIndex = years.map((y) => y.calendar.instructionalDays.filter((d) => d <= y.recordsThrough).length - 1);
  }

  /** Adds families until year t has its students: exactly `students` in the last year. */
  fill(t: number): void {
    const rng = streamFor(this.options.seed, 'families', t);
    const weightTotal = GRADE_WEIGHTS.reduce((a, b) => a + b, 0);
    const target = GRADE_WEIGHTS.map((w) => (this.options.students * w) / weightTotal);
    const isLast = t === this.last;
    for (;;) {
      const total = this.counts[t].reduce((a, b) => a + b, 0);
      const remaining = this.options.students - total;
      if (remaining <= 0) break;
      const deficits = target.map((x, g) => Math.max(0, x - this.counts[t][g]));
      const deficitTotal = deficits.reduce((a, b) => a + b, 0);
      if (deficitTotal < 0.5 && !isLast) break;
      const weights = deficitTotal < 0.5 ? target : deficits;
      this.addFamily(rng, t, rng.weightedIndex(weights), isLast ? remaining : Infinity);
    }
  }

  private addFamily(rng: Random, t: number, firstGrade: number, room: number): void {
    const raceEthnicity = rng.weighted(RACE_WEIGHTS);
    const [heritage, , languages] = rng.weighted(HERITAGE[raceEthnicity].map((h) => [h, h[1]] as const));
    const homeLanguage = rng.weighted(languages);
    let hispanic: boolean | null = raceEthnicity === 'hispanic';
    let races: RaceCode[] = [];
    if (raceEthnicity === 'hispanic') races = rng.weighted(HISPANIC_RACES);
    else if (raceEthnicity === 'two_or_more') races = rng.weighted(TWO_OR_MORE);
    else if (raceEthnicity === 'unknown') hispanic = null;
    else races = [raceEthnicity];
    const econ = rng.chance(Math.min(0.95, ECONOMIC_DISADVANTAGE[raceEthnicity] + (homeLanguage === 'en' ? 0 : 0.08)));
    const homeless = rng.chance(econ ? 0.045 : 0.004);
    const childCount = rng.weighted([[1, 0.33], [2, 0.36], [3, 0.19], [4, 0.09], [5, 0.03]] as const);
    const foster = childCount <= 2 && rng.chance(0.006);
    const pool = namePool(heritage);
    const surname = rng.pick(pool.surnames);

    // Residence: arrived some years ago (or this year, perhaps mid-year); leaves after this year
    // (earlier years) or stays (the last year), some leaving mid-year.
    const newcomer = rng.chance(0.11);
    const arrive = newcomer ? t : t - 1 - Math.floor(Math.log(1 - rng.next()) / Math.log(0.88));
    // Mid-year arrivals in a year in progress happen before the records end.
    const latestArrival = Math.min(this.days - 15, this.lastRecordIndex[t]);
    const arriveDay = newcomer && latestArrival >= 5 && rng.chance(0.5) ? rng.int(5, latestArrival) : null;
    const leavesMidYear = rng.chance(t === this.last ? 0.045 : 0.3);
    const leave = t === this.last && !leavesMidYear ? Infinity : t;
    const leaveDay = leavesMidYear ? rng.int(Math.max(arriveDay ?? 0, 0) + 5, this.days - 2) : null;

    const family: Family = {
      no: this.nextFamily++,
      heritage,
      raceEthnicity,
      hispanic,
      races,
      homeLanguage,
      economicallyDisadvantaged: econ,
      homeless,
      foster,
      surname,
      arrive,
      arriveDay,
      leave,
      leaveDay,
      residence: new Map(),
      guardians: [],
      children: [],
      householdAttendance: rng.normal() * 0.45 + (homeless ? 0.2 : 0),
      householdAbility: rng.normal() * 0.45,
    };
    this.placeFamily(rng, family);

    // Children, oldest first; the first drawn child is in `firstGrade` in year t.
    const gaps = Array.from({ length: childCount - 1 }, () => rng.weighted([[0, 0.05], [1, 0.22], [2, 0.35], [3, 0.25], [4, 0.13]] as const));
    const position = rng.int(0, childCount - 1);
    const offsets: number[] = [0];
    for (const g of gaps) offsets.push(offsets[offsets.length - 1] + g);
    const kgFirst = t - firstGrade;
    // In the last year the district has exactly `students`: siblings beyond the room left are not drawn.
    let others = 0;
    for (let i = 0; i < childCount; i++) {
      const kgYear = kgFirst + offsets[i] - offsets[position];
      const grade = t - kgYear;
      if (i !== position && grade >= 0 && grade <= 12) {
        if (others + 2 > room) continue;
        others++;
      }
      this.addChild(rng, family, kgYear, t);
    }
    this.addGuardians(rng, family);
    this.families.push(family);
    for (const child of family.children) {
      for (let y = 0; y <= this.last; y++) {
        const g = this.gradeIn(child, y);
        if (g !== null) this.counts[y][g]++;
      }
    }
  }

  private placeFamily(rng: Random, family: Family): void {
    let zone = rng.weightedIndex(this.zones.weights);
    const from = Math.max(0, family.arrive);
    const to = Math.min(this.last, family.leave);
    for (let y = from; y <= to; y++) {
      if (y > from && rng.chance(0.04)) zone = this.otherZone(rng, zone);
      const first = y === family.arrive && family.arriveDay !== null ? family.arriveDay : 0;
      const lastDay = y === family.leave && family.leaveDay !== null ? family.leaveDay : this.days - 1;
      let moveDay: number | null = null;
      let moveZone: number | null = null;
      if (lastDay - first > 40 && this.zones.weights.length > 1 && rng.chance(0.03)) {
        moveDay = rng.int(first + 15, lastDay - 10);
        moveZone = this.otherZone(rng, zone);
      }
      family.residence.set(y, { zone, moveDay, moveZone });
      if (moveZone !== null) zone = moveZone;
    }
  }

  private otherZone(rng: Random, zone: number): number {
    const n = this.zones.weights.length;
    if (n < 2) return zone;
    const other = rng.weightedIndex(this.zones.weights.map((w, i) => (i === zone ? 0 : w)));
    return other;
  }

  private addChild(rng: Random, family: Family, kgYear: number, anchor: number): void {
    const sex = rng.weighted([['F', 0.49], ['M', 0.505], ['X', 0.005]] as const);
    const namesFrom = family.heritage !== 'american' && rng.chance(family.homeLanguage === 'en' ? 0.5 : 0.2) ? AMERICAN_POOL : namePool(family.heritage);
    const firstPool = sex === 'F' ? namesFrom.female : sex === 'M' ? namesFrom.male : rng.chance(0.5) ? namesFrom.female : namesFrom.male;
    let firstName = rng.pick(firstPool);
    // Siblings do not share a first name.
    for (let i = 0; i < 5 && family.children.some((c) => c.firstName === firstName); i++) firstName = rng.pick(firstPool);
    const middlePool = rng.chance(0.5) ? namesFrom.female : namesFrom.male;
    const middleName = rng.chance(0.55) ? rng.pick(middlePool) : null;
    const lastName = family.foster ? rng.pick(namePool(family.heritage).surnames) : family.surname;
    // Age: five on 1 September of the kindergarten year; a few a year older.
    const kgStart = this.years[0].startYear + kgYear;
    const bornFrom = toDayNumber(`${kgStart - 6}-09-02`) - (rng.chance(0.03) ? 365 : 0);
    const birthDate = fromDayNumber(bornFrom + rng.int(0, 364));
    const grade = anchor - kgYear;
    const otherLanguage = family.homeLanguage !== 'en';
    const englishLearner = otherLanguage ? rng.chance(grade <= 5 ? 0.62 : grade <= 8 ? 0.42 : 0.3) : rng.chance(0.004);
    const disability = rng.chance(sex === 'M' ? 0.17 : sex === 'F' ? 0.1 : 0.13);
    const tail = rng.chance(0.05) ? rng.uniform(2, 5) : 1;
    const attendanceZ = 0.8 * rng.normal() + family.householdAttendance;
    const ability = 0.8 * rng.normal() + family.householdAbility - (family.economicallyDisadvantaged ? 0.35 : 0) - (disability ? 0.45 : 0) - (englishLearner ? 0.3 : 0);
    const excusedShare = Math.min(0.92, Math.max(0.12, 0.62 - 0.1 * attendanceZ - (family.economicallyDisadvantaged ? 0.12 : 0) + 0.12 * rng.normal()));
    const tardyRate = Math.min(0.25, Math.exp(Math.log(0.02) + 0.6 * rng.normal() + 0.3 * attendanceZ));
    let dropYear: number | null = null;
    let dropDay: number | null = null;
    if (grade >= 9 && grade <= 12 && rng.chance(0.012 + (tail > 1 ? 0.04 : 0))) {
      dropYear = anchor;
      const first = anchor === family.arrive && family.arriveDay !== null ? family.arriveDay : 0;
      dropDay = rng.int(first + 5, this.days - 5);
    }
    family.children.push({
      no: this.nextStudent++,
      id: '',
      localId: '',
      family,
      firstName,
      middleName,
      lastName,
      sex,
      birthDate,
      kgYear,
      disability,
      englishLearner,
      attendanceZ,
      tail,
      excusedShare,
      tardyRate,
      ability,
      dropYear,
      dropDay,
    });
  }

  private addGuardians(rng: Random, family: Family): void {
    const pool = namePool(family.heritage);
    const area = rng.pick(AREA_CODES);
    const make = (relationship: string, livesWithStudent: boolean): Guardian => {
      const sex: 'F' | 'M' = /Mother|Grandmother|Aunt|Stepmother/.test(relationship) ? 'F' : /Father|Grandfather|Uncle|Stepfather/.test(relationship) ? 'M' : rng.chance(0.7) ? 'F' : 'M';
      const firstName = rng.pick(sex === 'F' ? pool.female : pool.male);
      const keepsOwnName = relationship === 'Foster parent' || relationship === 'Legal guardian' || relationship === 'Aunt' || (sex === 'F' && family.heritage === 'hispanic' && rng.chance(0.3));
      const lastName = keepsOwnName ? rng.pick(pool.surnames) : family.surname;
      const no = this.nextGuardian++;
      const emailName = `${firstName}.${lastName}`.toLowerCase().normalize('NFD').replace(/[^a-z.]/g, '');
      return {
        no,
        id: `G${String(no).padStart(6, '0')}`,
        firstName,
        lastName,
        relationship,
        sex,
        phone: `(${area}) 555-01${String(rng.int(0, 99)).padStart(2, '0')}`,
        email: rng.chance(0.68) ? `${emailName}${rng.int(1, 99)}@example.com` : null,
        preferredLanguage: family.homeLanguage !== 'en' && rng.chance(0.78) ? family.homeLanguage : rng.chance(family.raceEthnicity === 'hispanic' ? 0.04 : 0) ? 'es' : 'en',
        livesWithStudent,
      };
    };
    if (family.foster) {
      family.guardians.push(make('Foster parent', true));
      if (rng.chance(0.5)) family.guardians.push(make('Foster parent', true));
      return;
    }
    if (rng.chance(0.68)) {
      const [a, b] = rng.pick(GUARDIAN_RELATIONSHIPS_TWO);
      family.guardians.push(make(a, true));
      family.guardians.push(make(b, !(b === 'Father' && a === 'Mother' && rng.chance(0.12))));
    } else {
      family.guardians.push(make(rng.pick(GUARDIAN_RELATIONSHIPS_ONE), true));
    }
  }

  /** The student's grade in year y, or null when not enrolled that year. */
  gradeIn(s: Student, y: number): number | null {
    const f = s.family;
    if (y < f.arrive || y > f.leave) return null;
    if (s.dropYear !== null && y > s.dropYear) return null;
    const g = y - s.kgYear;
    return g >= 0 && g <= 12 ? g : null;
  }

  enrolledInAnyYear(s: Student): boolean {
    for (let y = 0; y <= this.last; y++) if (this.gradeIn(s, y) !== null) return true;
    return false;
  }

  /** Enrolment spans of one year, students in id order. */
  spansOf(year: Year, students: Student[]): Span[] {
    const y = year.index;
    const days = year.calendar.instructionalDays;
    const spans: Span[] = [];
    for (const s of students) {
      const grade = this.gradeIn(s, y);
      if (grade === null) continue;
      const f = s.family;
      const start = y === f.arrive && f.arriveDay !== null ? f.arriveDay : 0;
      let end = days.length - 1;
      let endReason = grade === 12 ? 'graduated' : 'completed';
      if (y === f.leave && f.leaveDay !== null) {
        end = f.leaveDay;
        endReason = 'left';
      }
      if (s.dropYear === y && s.dropDay !== null && s.dropDay < end) {
        end = Math.max(start, s.dropDay);
        endReason = 'dropped';
      }
      if (y === f.leave && f.leaveDay === null && endReason === 'completed') endReason = 'left';
      const residence = f.residence.get(y)!;
      const schoolAt = (zone: number) => this.zones.schoolByGrade[grade][zone];
      const pieces: Array<{ school: School; from: number; to: number; reason: string }> = [];
      const first = schoolAt(residence.zone);
      if (residence.moveDay !== null && residence.moveZone !== null && residence.moveDay > start && residence.moveDay <= end && schoolAt(residence.moveZone) !== first) {
        // A move: the last day at the old school is the day before the move; the first at the new
        // school a few school days later.
        const gap = [0, 0, 1, 2, 3][(s.no + y) % 5];
        const next = Math.min(end, residence.moveDay + gap);
        pieces.push({ school: first, from: start, to: residence.moveDay - 1, reason: 'moved' });
        pieces.push({ school: schoolAt(residence.moveZone), from: next, to: end, reason: endReason });
      } else {
        pieces.push({ school: first, from: start, to: end, reason: endReason });
      }
      for (const p of pieces) {
        const entryDay = days[p.from];
        // Enrolments that begin after the records end are not known yet, except those from the first
        // day of school: a file exported before school starts already holds the coming year's roster.
        if (entryDay > year.recordsThrough && p.from > 0) continue;
        const exitDay = days[p.to];
        const exitKnown = exitDay <= year.recordsThrough && (year.complete || p.reason === 'moved' || p.reason === 'left' || p.reason === 'dropped');
        spans.push({
          student: s,
          school: p.school,
          year,
          grade,
          entryIndex: p.from,
          exitIndex: p.to,
          entryDay,
          exitDay,
          exitDate: exitKnown ? year.dateOf(exitDay) : '',
          exitReason: exitKnown ? p.reason : '',
        });
      }
    }
    return spans;
  }
}

/** Helper for tests and writers: the last day a span has records for (its exit, or the records' end). */
export function spanRecordsEnd(span: Span): number {
  return Math.min(span.exitDay, span.year.recordsThrough);
}
