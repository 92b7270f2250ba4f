import type { Command } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { action, UsageError, withDistrict } from '../context.ts';
import { AppError } from '../../server/http/errors.ts';
import { computeMeasure, DIMENSIONS, measureKeys, parseDimensions, requireMeasure, type Dimension, type MeasureAccess } from '../../server/measures/engine.ts';
import { measureCsv } from '../../server/measures/export.ts';
import { listMeasures } from '../../server/measures/registry.ts';
import { recomputeAll } from '../../server/measures/refresh.ts';
import { recordAudit } from '../../server/audit/record.ts';

const HELP = `
Measures: ${'{measures}'}
--by takes any of ${DIMENSIONS.join(', ')}, comma separated. Without --by, one row for the whole district;
otherwise one row per combination that has students. Month rows are the year to date as of each
month's last instructional day. Without --suppress the command runs with the operator's full access;
with it, small cells are withheld as for the public.

Examples:
  village measure chronic-absence --year 2021-2022
  village measure chronic-absence --year 2021-2022 --by school,group --suppress --format csv
  village measure attendance-tiers --year 2021-2022 --by school,month --as-of 2022-01-31
`;

/** Engine errors about the arguments (unknown measure, dimension, year, date) are usage errors. */
function asUsage(err: unknown): never {
  if (err instanceof AppError && err.code === 'bad_request') throw new UsageError(err.message);
  throw err;
}

export function registerMeasureCommands(program: Command): void {
  program
    .command('measure')
    .description('Compute a measure for a school year (chronic absence, attendance tiers, …) as JSON or CSV')
    .argument('<measure>', 'the measure (see village measures list)')
    .option('--year <YYYY-YYYY>', 'the school year, e.g. 2021-2022')
    .option('--by <dimensions>', `breakdowns: ${DIMENSIONS.join(',')}`)
    .option('--as-of <YYYY-MM-DD>', 'year to date as of this date (default: the earlier of today and the last instructional day)')
    .option('--format <format>', 'json or csv', 'json')
    .option('--suppress', 'apply the public small-cell suppression rules')
    .option('--district <code>', 'district (needed when there are several)')
    .addHelpText('after', () => HELP.replace('{measures}', measureKeys().join(', ')))
    .action(action(async (measure: string, opts: { year?: string; by?: string; asOf?: string; format: string; suppress?: boolean; district?: string }) => {
      if (!measureKeys().includes(measure)) throw new UsageError(`unknown measure "${measure}"; choose one of: ${measureKeys().join(', ')}`);
      if (opts.format !== 'json' && opts.format !== 'csv') throw new UsageError(`--format must be json or csv (given "${opts.format}")`);
      let by: Dimension[];
      try {
        by = parseDimensions(opts.by);
      } catch (err) {
        asUsage(err);
      }
      if (opts.asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.asOf)) throw new UsageError(`--as-of must be a date written YYYY-MM-DD (given "${opts.asOf}")`);
      await withDistrict(opts.district, async ({ database, district, actor }) => {
        const db = database.db;
        if (!opts.year) {
          const years = await db.selectFrom('school_years').select('name').where('district_id', '=', district.id).orderBy('start_date').execute();
          throw new UsageError(`--year is required; choose one of: ${years.map((y) => y.name).join(', ') || '(the district has no school years yet)'}`);
        }
        const access: MeasureAccess = opts.suppress ? { kind: 'public' } : { kind: 'full' };
        const result = await computeMeasure(db, district.id, { measure, year: opts.year, by, asOf: opts.asOf }, access).catch(asUsage);
        await recordAudit(db, actor, { action: 'export', entityType: 'measure', entityId: measure, details: { year: result.year, by, asOf: result.asOf, suppressed: !!opts.suppress } });
        if (opts.format === 'csv') process.stdout.write(measureCsv(requireMeasure(measure), result));
        else process.stdout.write(JSON.stringify(result, null, 2) + '\n');
        for (const w of result.warnings) console.error(`village: note: ${w}`);
        const { nonInstructionalDays, outsideEnrollment } = result.ignored;
        if (opts.format === 'csv' && nonInstructionalDays + outsideEnrollment > 0) {
          console.error(`village: note: ${nonInstructionalDays} absence record(s) on days that are not instructional and ${outsideEnrollment} outside enrollment were ignored.`);
        }
      });
    }));

  const measures = program.command('measures').description('The measures Village computes');
  measures
    .command('list')
    .description('List the measures')
    .action(action(async () => {
      for (const m of listMeasures()) console.log(`${m.key}\t${m.description}`);
    }));
  measures
    .command('recompute')
    .description('Rebuild the figures of every school year (or one) from the stored records')
    .option('--year <YYYY-YYYY>', 'only this school year')
    .option('--district <code>', 'district (needed when there are several)')
    .option('--quiet', 'no progress bar')
    .action(action(async (opts: { year?: string; district?: string; quiet?: boolean }) => {
      await withDistrict(opts.district, async ({ database, district, actor }) => {
        const db = database.db;
        let yearIds: number[] | undefined;
        if (opts.year) {
          const years = await db.selectFrom('school_years').select(['id', 'name']).where('district_id', '=', district.id).orderBy('start_date').execute();
          const y = years.find((r) => r.name === opts.year);
          if (!y) throw new UsageError(`unknown school year "${opts.year}"; choose one of: ${years.map((r) => r.name).join(', ') || '(none)'}`);
          yearIds = [y.id];
        }
        const bar = opts.quiet || !process.stderr.isTTY ? null : new SingleBar({ format: 'Recomputing {bar} {value}/{total} school years | {message}', hideCursor: true, clearOnComplete: true }, Presets.shades_classic);
        let started = false;
        const result = await recomputeAll(db, district.id, {
          yearIds,
          progress: (message, done, total) => {
            if (!bar) return;
            if (!started) {
              bar.start(total, done, { message });
              started = true;
            } else bar.update(done, { message });
          },
        });
        bar?.stop();
        await recordAudit(db, actor, { action: 'update', entityType: 'measures', entityId: null, details: { recomputed: result.years, rows: result.rows } });
        console.log(`Recomputed ${result.years} school year(s): ${result.rows} student summaries from ${result.absenceRecords} absence records in ${(result.ms / 1000).toFixed(1)} s.`);
      });
    }));
}
