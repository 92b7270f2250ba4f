/**
 * `village import hsds <folder|file>` and `village export hsds <folder>`: the partner directory in
 * and out as Open Referral HSDS (3.x CSV with datapackage.json, or JSON; 1.x layouts are read too).
 */
import type { Command } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { action, RefusedError, UsageError, withDistrict } from '../context.ts';
import { exportHsds, HsdsInputError, HsdsRefusedError, importHsds } from '../../server/partners/hsds/index.ts';

/** The `import` / `export` group, shared with other capabilities' import commands. */
function group(program: Command, name: string, description: string): Command {
  return program.commands.find((c) => c.name() === name) ?? program.command(name).description(description);
}

const STEPS = ['read', 'check', 'store', 'done'];

export function registerHsdsCommands(program: Command): void {
  group(program, 'import', 'Import data into the district')
    .command('hsds')
    .description('Import a partner directory from Open Referral HSDS: a folder of CSV files (datapackage.json is read when present), one CSV file, or a JSON file')
    .argument('<folder|file>')
    .option('--district <code>', 'district (needed when there are several)')
    .option('--quiet', 'no progress bar')
    .action(
      action(async (input: string, opts: { district?: string; quiet?: boolean }) => {
        await withDistrict(opts.district, async ({ database, actor }) => {
          const bar = opts.quiet || !process.stderr.isTTY ? null : new SingleBar({ format: 'HSDS {bar} {step}', clearOnComplete: true }, Presets.shades_classic);
          bar?.start(STEPS.length - 1, 0, { step: 'reading' });
          try {
            const result = await importHsds(database.db, actor, input, (step) => bar?.update(STEPS.indexOf(step), { step }));
            bar?.stop();
            for (const w of result.warnings) console.error(`warning: ${w}`);
            const s = result.summary;
            console.log(
              `Imported ${result.records} HSDS records: ${s.organizations} organizations, ${s.services} services, ${s.locations} locations, ` +
                `${s.servicesAtLocations} services at locations, ${s.contacts} contacts, ${s.languages} service languages, ${s.schoolLinks} schools served, ` +
                `${s.otherRecords} other records${result.warnings.length ? ` (${result.warnings.length} warning${result.warnings.length === 1 ? '' : 's'})` : ''}.`,
            );
          } catch (err) {
            bar?.stop();
            if (err instanceof HsdsRefusedError) throw new RefusedError(err.message, err.problems);
            if (err instanceof HsdsInputError) throw new UsageError(err.message);
            throw err;
          }
        });
      }),
    );

  group(program, 'export', 'Export data from the district')
    .command('hsds')
    .description('Export the partner directory as Open Referral HSDS 3.0: CSV files and datapackage.json (or one JSON file with --format json) in <folder>')
    .argument('<folder>')
    .option('--format <format>', 'csv or json', 'csv')
    .option('--district <code>', 'district (needed when there are several)')
    .action(
      action(async (folder: string, opts: { format: string; district?: string }) => {
        if (opts.format !== 'csv' && opts.format !== 'json') throw new UsageError(`--format must be csv or json (given "${opts.format}")`);
        await withDistrict(opts.district, async ({ database, actor }) => {
          const files = await exportHsds(database.db, actor, folder, opts.format as 'csv' | 'json');
          for (const f of files) console.log(`${f.file}\t${f.rows}`);
          console.log(`Wrote ${files.length} file${files.length === 1 ? '' : 's'} to ${folder}.`);
        });
      }),
    );
}
