import type { Command } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { action, UsageError } from '../context.ts';
import { generateDistrict, GeneratorOptionError, type GenerateProgress } from '../../server/generator/index.ts';

function wholeNumber(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`--${name} must be a whole number (given "${value}")`);
  return Number(value);
}

const HELP = `
Writes, into <folder>:
  oneroster/   OneRoster 1.2 CSV (bulk) of the last school year: manifest, orgs, academicSessions,
               users (students, guardians linked by agentSourcedIds, staff), roles, courses,
               classes, enrollments, demographics
  csv/         Village CSV templates of every generated year: schools, students, guardians,
               calendar, enrollments, attendance (one row per student per enrolled school day,
               present days included), assessments, discipline
  generator.json   the options and the number of rows of each file

The same options always give byte-identical files. The district has elementary, middle and high
schools with feeder zones; calendars of about 180 school days with holidays and breaks; families
(siblings share guardians) with home languages; mid-year entries, exits and moves between schools;
chronic absence around 20-25%, higher in kindergarten and grades 9-12 and unequal across student
groups; suspensions that appear in attendance; assessments that fall as absences rise.

Import it with:
  village import oneroster <folder>/oneroster
  village import templates <folder>/csv

Examples:
  village generate district --students 1200 --schools 5 --year 2025-2026 --seed 7 --out ./demo
  village generate district --students 50000 --year 2025-2026 --seed 1 --out ./big
  village generate district --students 2000 --year 2025-2026 --prior-years 1 --through 2026-01-31 --seed 3 --out ./in-progress
`;

export function registerGenerateCommands(program: Command): void {
  const generate = program.command('generate').description('Synthetic data for demonstrations, tests and benchmarks');
  generate
    .command('district')
    .description('Write a deterministic, realistic synthetic district as OneRoster 1.2 CSV and Village CSV templates')
    .requiredOption('--students <n>', 'students enrolled at some point in the (last) school year')
    .option('--schools <m>', 'number of schools (default: about one per 550 students, at least 3); 1 gives a K-12 school, 2 a K-8 and a high school')
    .requiredOption('--year <YYYY-YYYY>', 'the school year, e.g. 2025-2026')
    .option('--seed <s>', 'seed of the random numbers (0 to 4294967295)', '1')
    .requiredOption('--out <folder>', 'folder to write (new, empty, or an earlier generated district, which is replaced)')
    .option('--prior-years <n>', 'also generate the n complete school years before --year, with the same students a grade lower', '0')
    .option('--through <YYYY-MM-DD>', 'a year in progress: records of the last year only up to this date (enrolments still open have no exit date; a date before the first day of school gives the coming year\'s roster without records)')
    .option('--name <name>', 'district name', 'Riverside Unified School District')
    .option('--code <code>', 'short code that prefixes school ids (letters and digits)', 'RV')
    .option('--attendance <which>', '"all": a row for every enrolled school day; "absences": only days that were not plain presence', 'all')
    .option('--quiet', 'no progress bar or summary')
    .addHelpText('after', HELP)
    .action(action(async (opts: { students: string; schools?: string; year: string; seed: string; out: string; priorYears: string; through?: string; name: string; code: string; attendance: string; quiet?: boolean }) => {
      // The attendance file is the long part: a bar for it, a line for each step before it.
      const tty = !opts.quiet && process.stderr.isTTY;
      const bar = tty ? new SingleBar({ format: 'Attendance {bar} {percentage}% | {value}/{total} student-days | {eta_formatted} left', hideCursor: true, clearOnComplete: true, etaBuffer: 50 }, Presets.shades_classic) : null;
      const steps: Record<string, string> = { model: 'Drawing the district: schools, families, enrolments, discipline, classes…', roster: 'Writing the roster and records…' };
      let barStarted = false;
      const onProgress = (p: GenerateProgress) => {
        if (!tty) return;
        if (p.phase === 'attendance') {
          if (!barStarted) bar!.start(p.total, p.done);
          else bar!.update(p.done);
          barStarted = true;
        } else if (p.done === 0 && steps[p.phase]) process.stderr.write(`${steps[p.phase]}\n`);
      };
      let result;
      try {
        result = await generateDistrict({
          students: wholeNumber('students', opts.students)!,
          schools: wholeNumber('schools', opts.schools),
          year: opts.year,
          seed: wholeNumber('seed', opts.seed)!,
          out: opts.out,
          priorYears: wholeNumber('prior-years', opts.priorYears),
          through: opts.through ?? null,
          districtName: opts.name,
          districtCode: opts.code,
          attendance: opts.attendance as 'all' | 'absences',
          onProgress,
        });
      } catch (err) {
        if (err instanceof GeneratorOptionError) throw new UsageError(err.message);
        throw err;
      } finally {
        bar?.stop();
      }
      if (opts.quiet) return;
      const n = (count: number, one: string, many: string) => `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
      console.log(`Generated ${result.name}: ${n(result.studentsLastYear, 'student', 'students')} in ${result.years.at(-1)} (${n(result.studentsAllYears, 'student', 'students')} over ${result.years.join(', ')}), ${n(result.families, 'family', 'families')}, ${n(result.schools.length, 'school', 'schools')}.`);
      for (const [file, rows] of Object.entries(result.rows)) console.log(`  ${file.padEnd(32)} ${rows.toLocaleString('en-US').padStart(11)} rows`);
      console.log(`Written to ${result.out} in ${result.seconds.toFixed(1)} s.`);
    }));
}
