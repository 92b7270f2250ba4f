/**
 * Imports: OneRoster 1.1/1.2 CSV, Ed-Fi XML interchanges and the Village CSV templates, through one
 * engine. This is the capability's public face; other capabilities (the demo, the generator's
 * tests, the CLI, the web routes) call only what is exported here.
 *
 *   import { runImport, importFolder, importCsv } from '../imports/index.ts';
 *
 *   // One import of several sources, all or nothing (e.g. a generated district):
 *   const result = await runImport(database, districtId, [
 *     { type: 'oneroster', path: 'out/oneroster' },          // a folder or a .zip
 *     { type: 'csv-folder', path: 'out/csv' },               // Village templates, known by file name
 *   ], { actor: systemActor(districtId) });
 *   if (result.status !== 'done') throw new Error(result.message);
 *
 *   // The same, one source:
 *   await importFolder(database, districtId, 'out/csv', { kind: 'csv-templates', actor });
 *   // One template file (kind: schools | students | guardians | calendar | enrollments | attendance |
 *   // attendance_totals | assessments | discipline):
 *   await importCsv(database, districtId, 'attendance', 'attendance.csv', { actor, replaceAttendance: true });
 *
 * What an import does (docs/ARCHITECTURE.md, "The path data takes"): every file is streamed (never
 * loaded whole), each row validated (errors by file, line, column and reason), its references
 * resolved, and the rows staged apart from the live tables; then, unless there was an error (or
 * `skipBadRows` is set), everything is applied in one short transaction, the history is written
 * (import_runs, import_files, import_issues) and the import-applied listeners run (./hooks.ts), so
 * figures are fresh when the import reports done. A refused import leaves the database exactly as it
 * was, apart from its line in the history. Importing the same files twice changes nothing and says so.
 *
 * `database` is a DatabaseHandle (server/db/database.ts): the engine needs its seam (staging,
 * bulk writes). On SQLite a long import blocks the Node event loop while it stages rows, so the web
 * server runs imports in a child process (./worker.ts) with its own connection.
 */
export { runImport, importFolder, importCsv } from './run.ts';
export type { ImportSource, ImportOptions, ImportResult, ImportFileResult, ImportProgress, ImportCounts } from './run.ts';
export { CSV_KINDS, type CsvKind } from './templates.ts';
export type { ImportIssue } from './records.ts';
