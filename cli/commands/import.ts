import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { action, RefusedError, UsageError, withDistrict } from '../context.ts';
import { runImport, type ImportProgress, type ImportResult, type ImportSource } from '../../server/imports/index.ts';
import { ImportBusyError } from '../../server/imports/run.ts';
import { CSV_KINDS, type CsvKind } from '../../server/imports/templates.ts';
import { formatIssue } from '../../server/imports/format.ts';
import { getImport, listImports } from '../../server/imports/history.ts';

interface ImportFlags {
  skipBadRows?: boolean;
  replace?: boolean;
  district?: string;
  quiet?: boolean;
}

const n = (x: number) => x.toLocaleString('en-US');

/** The summary table printed when an import ends. */
export function summaryLines(r: ImportResult): string[] {
  const head = ['file', 'rows', 'added', 'changed', 'removed', 'skipped', 'unchanged'];
  const rows = r.files.map((f) => [f.name, n(f.rows), n(f.added), n(f.changed), n(f.removed), n(f.skipped), n(f.unchanged)]);
  rows.push(['total', n(r.totals.rows), n(r.totals.added), n(r.totals.changed), n(r.totals.removed), n(r.totals.skipped), n(r.totals.unchanged)]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const fmt = (row: string[]) => row.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ');
  return [fmt(head), ...rows.map(fmt)];
}

async function runFromCli(sources: ImportSource[], flags: ImportFlags): Promise<void> {
  for (const s of sources) if (!existsSync(s.path)) throw new UsageError(`${s.path}: no such file or folder`);
  await withDistrict(flags.district, async ({ database, district, actor }) => {
    const tty = process.stderr.isTTY && !flags.quiet;
    const multibar = tty
      ? new cliProgress.MultiBar({ format: ' {bar} {percentage}% | {phase} {file} | {records} rows | {rate} rows/s', hideCursor: true, clearOnComplete: true, stream: process.stderr }, cliProgress.Presets.shades_classic)
      : null;
    const bar = multibar?.create(1, 0, { phase: 'reading', file: '', records: '0', rate: '0' });
    const print = (line: string) => (multibar ? multibar.log(`${line}\n`) : console.error(line));
    let result: ImportResult;
    try {
      result = await runImport(database, district.id, sources, {
        actor,
        skipBadRows: !!flags.skipBadRows,
        replaceAttendance: !!flags.replace,
        onIssue: (i) => print(formatIssue(i)),
        onProgress: (p: ImportProgress) => {
          if (!bar) return;
          bar.setTotal(Math.max(1, p.totalBytes));
          bar.update(p.phase === 'reading' ? p.bytesRead : p.totalBytes, { phase: p.phase, file: p.file ?? p.message ?? '', records: n(p.records), rate: n(p.rowsPerSecond) });
        },
      });
    } catch (err) {
      multibar?.stop();
      if (err instanceof ImportBusyError) throw new RefusedError(err.message);
      throw err;
    }
    multibar?.stop();
    if (!flags.quiet) for (const line of summaryLines(result)) console.log(line);
    console.log(`${result.message} (import #${result.importId}, ${result.seconds.toFixed(1)} s, into ${district.code})`);
    if (result.status === 'refused') throw new RefusedError(`import #${result.importId} refused: ${n(result.errors)} error${result.errors === 1 ? '' : 's'} (listed above); nothing was written`);
  });
}

export function registerImportCommands(program: Command): void {
  // The `import` group is shared with other capabilities' import commands (hsds).
  const imp = program.commands.find((c) => c.name() === 'import') ?? program.command('import').description('Import data into the district');
  const common = (cmd: Command) =>
    cmd
      .option('--skip-bad-rows', 'write the good rows and report every bad one, instead of refusing the import')
      .option('--district <code>', 'district (needed when there are several)')
      .option('--quiet', 'no progress bar and no summary table');

  common(
    imp
      .command('csv')
      .description(`Import one Village CSV template: kind is one of ${CSV_KINDS.join(', ')}`)
      .argument('<kind>', 'template kind')
      .argument('<file>', 'CSV file')
      .option('--replace', 'attendance: replace every stored record of the schools and dates the file covers'),
  ).action(
    action(async (kind: string, file: string, opts: ImportFlags) => {
      if (!(CSV_KINDS as readonly string[]).includes(kind)) throw new UsageError(`unknown template "${kind}"; use one of ${CSV_KINDS.join(', ')}`);
      if (opts.replace && kind !== 'attendance') throw new UsageError('--replace applies to attendance files only');
      await runFromCli([{ type: 'csv', kind: kind as CsvKind, path: file, name: path.basename(file) }], opts);
    }),
  );

  common(imp.command('templates').description('Import a folder of Village CSV templates, each known by its name (schools.csv, students.csv, …, attendance.csv)').argument('<folder>').option('--replace', 'attendance: replace the schools and dates the files cover')).action(
    action(async (folder: string, opts: ImportFlags) => runFromCli([{ type: 'csv-folder', path: folder }], opts)),
  );

  common(imp.command('oneroster').description('Import a OneRoster 1.1 or 1.2 CSV export (a folder or a .zip)').argument('<folder|zip>')).action(
    action(async (folder: string, opts: ImportFlags) => runFromCli([{ type: 'oneroster', path: folder }], opts)),
  );

  common(imp.command('edfi').description('Import a folder (or .zip) of Ed-Fi XML interchanges (Data Standard 5.x; older ones read as far as they go)').argument('<folder>')).action(
    action(async (folder: string, opts: ImportFlags) => runFromCli([{ type: 'edfi', path: folder }], opts)),
  );

  imp
    .command('history')
    .description('The latest imports of the district')
    .option('--limit <n>', 'how many', '20')
    .option('--district <code>')
    .action(
      action(async (opts: { limit: string; district?: string }) => {
        const limit = Number(opts.limit);
        if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a positive whole number');
        await withDistrict(opts.district, async ({ database, district }) => {
          const runs = await listImports(database.db, district.id, { limit });
          if (!runs.length) console.log('No imports yet.');
          for (const r of runs) console.log(`#${r.id}\t${r.startedAt}\t${r.status}\t${r.actor}\t${r.label}\t${r.message ?? ''}`);
        });
      }),
    );

  imp
    .command('show')
    .description('One import: its files, counts, errors and warnings')
    .argument('<id>')
    .option('--district <code>')
    .action(
      action(async (id: string, opts: { district?: string }) => {
        if (!/^\d+$/.test(id)) throw new UsageError('the import id is a number (see village import history)');
        await withDistrict(opts.district, async ({ database, district }) => {
          const r = await getImport(database.db, district.id, Number(id), { issues: 1000 });
          console.log(`#${r.id} ${r.label}: ${r.status} (${r.startedAt}, by ${r.actor})`);
          if (r.message) console.log(r.message);
          for (const f of r.files) console.log(`  ${f.name}\t${f.kind}\t${n(f.rows)} rows\t+${n(f.added)} ~${n(f.changed)} -${n(f.removed)} skipped ${n(f.skipped)}`);
          for (const i of r.issues) console.log(formatIssue(i));
        });
      }),
    );
}
