/**
 * `village generate district`: a deterministic, realistic synthetic district written as files that
 * the ordinary importers read. `<out>/oneroster/` holds OneRoster 1.2 CSV (the roster of the last
 * year); `<out>/csv/` holds the Village CSV templates (every generated year: schools, students,
 * guardians, calendar, enrollments, attendance, assessments, discipline); `<out>/generator.json`
 * records the options and what was written. The same options always give byte-identical files.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { drawIncidents } from './behaviour.ts';
import { CsvFile } from './csv-file.ts';
import { buildDistrict, GeneratorOptionError, type DistrictOptions } from './model.ts';
import { writeOneRoster } from './oneroster.ts';
import { buildStaffing } from './staffing.ts';
import { writeTemplates, type WriteContext } from './templates.ts';

export { GeneratorOptionError } from './model.ts';
export type { DistrictOptions } from './model.ts';

export interface GenerateProgress {
  /** 'model' | 'roster' | 'records' | 'attendance' | 'done' */
  phase: string;
  done: number;
  total: number;
}

export interface GenerateDistrictOptions extends DistrictOptions {
  /** Folder to write into: created if missing; it must be empty or hold an earlier generated district. */
  out: string;
  /** 'all' (default): a row for every enrolled school day, present days included; 'absences': only other days. */
  attendance?: 'all' | 'absences';
  onProgress?: (p: GenerateProgress) => void;
}

export interface GeneratedDistrict {
  out: string;
  /** Folder of the OneRoster 1.2 CSV files. */
  oneRosterDir: string;
  /** Folder of the Village CSV templates. */
  csvDir: string;
  name: string;
  years: string[];
  /** School ids (OneRoster sourcedId / school_id), in order; the first is an elementary school. */
  schools: Array<{ id: string; name: string; type: string }>;
  /** Students enrolled at some point in the last year, and in any generated year. */
  studentsLastYear: number;
  studentsAllYears: number;
  families: number;
  /** Data rows written per file, by path relative to `out` (e.g. 'csv/attendance.csv'). */
  rows: Record<string, number>;
  seconds: number;
}

export const ONEROSTER_DIR = 'oneroster';
export const CSV_DIR = 'csv';
const MARKER = 'generator.json';

export async function generateDistrict(options: GenerateDistrictOptions): Promise<GeneratedDistrict> {
  const started = performance.now();
  const progress = options.onProgress ?? (() => {});
  const attendance = options.attendance ?? 'all';
  if (attendance !== 'all' && attendance !== 'absences') throw new GeneratorOptionError('attendance', `--attendance must be "all" or "absences" (given "${attendance}")`);
  const out = path.resolve(options.out);
  prepareFolder(out);

  progress({ phase: 'model', done: 0, total: 1 });
  const district = buildDistrict(options);
  const incidents = drawIncidents(district);
  const staffing = buildStaffing(district);
  progress({ phase: 'model', done: 1, total: 1 });

  const oneRosterDir = path.join(out, ONEROSTER_DIR);
  const csvDir = path.join(out, CSV_DIR);
  mkdirSync(oneRosterDir, { recursive: true });
  mkdirSync(csvDir, { recursive: true });
  const files: CsvFile[] = [];
  const ctx: WriteContext = {
    district,
    incidents,
    attendance,
    open(file, header) {
      const f = new CsvFile(file, header);
      files.push(f);
      return f;
    },
    progress: (phase, done, total) => progress({ phase, done, total }),
  };
  try {
    progress({ phase: 'roster', done: 0, total: 1 });
    await writeOneRoster(ctx, oneRosterDir, staffing);
    progress({ phase: 'roster', done: 1, total: 1 });
    await writeTemplates(ctx, csvDir);
  } catch (err) {
    for (const f of files) f.discard();
    throw err;
  }
  for (const f of files) f.commit();

  const last = district.years[district.years.length - 1];
  const rows: Record<string, number> = {};
  for (const f of files) rows[path.relative(out, f.path).split(path.sep).join('/')] = f.rows;
  const result: GeneratedDistrict = {
    out,
    oneRosterDir,
    csvDir,
    name: district.name,
    years: district.years.map((y) => y.name),
    schools: district.schools.map((s) => ({ id: s.id, name: s.name, type: s.type })),
    studentsLastYear: new Set(district.spansByYear[last.index].map((s) => s.student)).size,
    studentsAllYears: district.students.length,
    families: district.families.length,
    rows,
    seconds: (performance.now() - started) / 1000,
  };
  const { seconds: _seconds, out: _out, oneRosterDir: _o, csvDir: _c, ...stable } = result;
  // The marker holds only what the options determine, so it is byte-identical too.
  writeFileSync(path.join(out, MARKER), `${JSON.stringify({ generator: 'village generate district', options: district.options, attendance, ...stable }, null, 2)}\n`);
  progress({ phase: 'done', done: 1, total: 1 });
  return result;
}

/** The output folder must be new, empty, or an earlier generated district (whose files are replaced). */
function prepareFolder(out: string): void {
  if (!existsSync(out)) {
    mkdirSync(out, { recursive: true });
    return;
  }
  const entries = readdirSync(out);
  if (entries.length === 0) return;
  if (!entries.includes(MARKER)) {
    throw new GeneratorOptionError('out', `--out ${out} is not empty and does not hold a generated district; choose a new or empty folder`);
  }
  for (const dir of [ONEROSTER_DIR, CSV_DIR]) rmSync(path.join(out, dir), { recursive: true, force: true });
  rmSync(path.join(out, MARKER), { force: true });
}
