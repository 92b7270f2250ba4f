import type { Command } from 'commander';
import { action, withDatabase } from '../context.ts';
import { createDistrict, listDistricts } from '../../server/districts/commands.ts';
import { recordAudit } from '../../server/audit/record.ts';
import { operatorActor } from '../../server/auth/actor.ts';

export function registerDistrictCommands(program: Command): void {
  const district = program.command('district').description('Districts (each a separate tenant)');
  district
    .command('create')
    .description('Create a district')
    .argument('<code>', 'short code, e.g. grandbend')
    .argument('<name>', 'full name, e.g. "Grand Bend ISD"')
    .action(action(async (code: string, name: string) => {
      await withDatabase(async ({ database }) => {
        const d = await createDistrict(database.db, { code, name });
        await recordAudit(database.db, operatorActor(d.id), { action: 'create', entityType: 'district', entityId: d.id, details: { code: d.code } });
        console.log(`Created district ${d.code} (${d.name}).`);
      });
    }));
  district
    .command('list')
    .description('List districts')
    .action(action(async () => {
      await withDatabase(async ({ database }) => {
        const all = await listDistricts(database.db);
        if (all.length === 0) console.log('No districts yet. Create one with: village district create <code> <name>');
        for (const d of all) console.log(`${d.code}\t${d.name}`);
      });
    }));
}
