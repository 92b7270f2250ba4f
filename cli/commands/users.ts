import type { Command } from 'commander';
import { action, UsageError, withDistrict } from '../context.ts';
import { createUser, findUserByEmail, resetPassword, setUserDisabled } from '../../server/users/commands.ts';
import { recordAudit } from '../../server/audit/record.ts';
import { ROLES, type Role } from '../../common/roles.ts';

export function registerUserCommands(program: Command): void {
  const users = program.command('users').description('Accounts');
  users
    .command('create')
    .description('Create an account; prints a generated password unless --password is given')
    .requiredOption('--email <email>', 'sign-in email')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--name <name>', 'display name (default: the email)')
    .option('--password <password>', 'initial password (at least 10 characters)')
    .option('--school <code...>', 'school codes a school_staff account is scoped to')
    .option('--locale <locale>', 'en or es', 'en')
    .option('--district <code>', 'district (needed when there are several)')
    .action(action(async (opts: { email: string; role: string; name?: string; password?: string; school?: string[]; locale: string; district?: string }) => {
      if (!ROLES.includes(opts.role as Role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')} (given "${opts.role}")`);
      await withDistrict(opts.district, async ({ database, district, actor }) => {
        const db = database.db;
        let schoolIds: number[] = [];
        if (opts.school?.length) {
          const rows = await db.selectFrom('schools').select(['id', 'code']).where('district_id', '=', district.id).where('code', 'in', opts.school).execute();
          const missing = opts.school.filter((c) => !rows.some((r) => r.code === c));
          if (missing.length) throw new UsageError(`unknown school code${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`);
          schoolIds = rows.map((r) => r.id);
        }
        const { user, password, generated } = await createUser(db, {
          districtId: district.id,
          email: opts.email,
          displayName: opts.name ?? opts.email,
          role: opts.role as Role,
          password: opts.password,
          locale: opts.locale,
          schoolIds,
        });
        await recordAudit(db, actor, { action: 'create', entityType: 'user', entityId: user.id, details: { role: user.role } });
        console.log(`Created ${user.role} account ${user.email} in ${district.code}.`);
        if (generated) console.log(`Password: ${password}`);
      });
    }));
  users
    .command('reset-password')
    .description('Set a new password (generated unless --password is given), unlock the account and sign it out everywhere')
    .argument('<email>')
    .option('--password <password>')
    .option('--district <code>')
    .action(action(async (email: string, opts: { password?: string; district?: string }) => {
      await withDistrict(opts.district, async ({ database, actor }) => {
        const user = await findUserByEmail(database.db, email);
        if (!user || user.district_id !== actor.districtId) throw new UsageError(`no account with email ${email} in this district`);
        const { password, generated } = await resetPassword(database.db, user.id, opts.password);
        await recordAudit(database.db, actor, { action: 'password_reset', entityType: 'user', entityId: user.id });
        console.log(`Password reset for ${user.email}.`);
        if (generated) console.log(`Password: ${password}`);
      });
    }));
  users
    .command('disable')
    .description('Disable an account: it can no longer sign in, its sessions end and its API tokens are revoked')
    .argument('<email>')
    .option('--enable', 'enable the account again instead')
    .option('--district <code>')
    .action(action(async (email: string, opts: { enable?: boolean; district?: string }) => {
      await withDistrict(opts.district, async ({ database, actor }) => {
        const user = await findUserByEmail(database.db, email);
        if (!user || user.district_id !== actor.districtId) throw new UsageError(`no account with email ${email} in this district`);
        await setUserDisabled(database.db, user.id, !opts.enable);
        await recordAudit(database.db, actor, { action: 'update', entityType: 'user', entityId: user.id, details: { disabled: !opts.enable } });
        console.log(`${opts.enable ? 'Enabled' : 'Disabled'} ${user.email}.`);
      });
    }));
  users
    .command('list')
    .description('List accounts')
    .option('--district <code>')
    .action(action(async (opts: { district?: string }) => {
      await withDistrict(opts.district, async ({ database, district }) => {
        const rows = await database.db.selectFrom('users').select(['email', 'role', 'display_name', 'disabled']).where('district_id', '=', district.id).orderBy('email').execute();
        for (const r of rows) console.log(`${r.email}\t${r.role}\t${r.display_name}${r.disabled ? '\t(disabled)' : ''}`);
      });
    }));
}
