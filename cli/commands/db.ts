import type { Command } from 'commander';
import { action, withDatabase } from '../context.ts';
import { migrateToLatest, migrationStatus } from '../../server/db/migrate.ts';

export function registerDbCommands(program: Command): void {
  const db = program.command('db').description('The database: migrations and status');
  db.command('migrate')
    .description('Apply every pending migration (under a lock; safe to run while the server runs)')
    .action(action(async () => {
      await withDatabase(async ({ database }) => {
        const results = await migrateToLatest(database.db);
        if (results.length === 0) console.log('The database is up to date.');
        for (const r of results) console.log(`${r.status === 'Success' ? 'applied' : r.status}: ${r.migrationName}`);
      }, { migrate: false });
    }));
  db.command('status')
    .description('List migrations and whether each has been applied')
    .action(action(async () => {
      await withDatabase(async ({ database }) => {
        const list = await migrationStatus(database.db);
        for (const m of list) console.log(`${m.executedAt ? `applied ${m.executedAt.toISOString()}` : 'pending                        '}  ${m.name}`);
        const pending = list.filter((m) => !m.executedAt).length;
        console.log(pending ? `${pending} pending: run "village db migrate".` : 'The database is up to date.');
      }, { migrate: false });
    }));
}
