import type { Command } from 'commander';
import { action, RefusedError, UsageError, withDistrict } from '../context.ts';
import { createUser, findUserByEmail, resetPassword, setUserDisabled } from '../../server/users/commands.ts';
import { recordAudit } from '../../server/audit/record.ts';
import { LOCALES, ROLES, type Locale, type Role } from '../../common/roles.ts';
import type { Db } from '../../server/db/database.ts';
import type { Actor } from '../../server/auth/actor.ts';

async function accountIn(db: Db, actor: Actor, email: string) {
  const user = await findUserByEmail(db, email);
  if (!user || user.district_id !== actor.districtId) throw new RefusedError(`no account with email ${email} in this district`);
  return user;
}

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
    .option('--staff <id>', "the roster staff record of a teacher or staff member: its source id or email")
    .option('--partner <id>', 'the partner organisation (its Village id) of a partner_staff account')
    .option('--locale <locale>', 'en or es', 'en')
    .option('--district <code>', 'district (needed when there are several)')
    .action(
      action(async (opts: { email: string; role: string; name?: string; password?: string; school?: string[]; staff?: string; partner?: string; locale: string; district?: string }) => {
        if (!ROLES.includes(opts.role as Role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')} (given "${opts.role}")`);
        if (!LOCALES.includes(opts.locale as Locale)) throw new UsageError(`--locale must be one of ${LOCALES.join(', ')} (given "${opts.locale}")`);
        if (opts.partner !== undefined && !/^[1-9]\d*$/.test(opts.partner)) throw new UsageError(`--partner must be a partner's id, a positive whole number (given "${opts.partner}")`);
        await withDistrict(opts.district, async ({ database, district, actor }) => {
          const db = database.db;
          let schoolIds: number[] = [];
          if (opts.school?.length) {
            const rows = await db.selectFrom('schools').select(['id', 'code']).where('district_id', '=', district.id).where('code', 'in', opts.school).execute();
            const missing = opts.school.filter((c) => !rows.some((r) => r.code === c));
            if (missing.length) throw new RefusedError(`unknown school code${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`);
            schoolIds = rows.map((r) => r.id);
          }
          let staffId: number | null = null;
          if (opts.staff) {
            const staff = await db
              .selectFrom('staff')
              .select('id')
              .where('district_id', '=', district.id)
              .where((eb) => eb.or([eb('ext_id', '=', opts.staff!), eb('email', '=', opts.staff!.toLowerCase())]))
              .execute();
            if (staff.length !== 1) throw new RefusedError(staff.length ? `--staff ${opts.staff} matches ${staff.length} staff records; give the source id` : `no staff record with id or email ${opts.staff}`);
            staffId = staff[0].id;
          }
          const { user, password, generated } = await createUser(db, {
            districtId: district.id,
            email: opts.email,
            displayName: opts.name ?? opts.email,
            role: opts.role as Role,
            password: opts.password,
            locale: opts.locale,
            schoolIds,
            staffId,
            partnerId: opts.partner ? Number(opts.partner) : null,
          });
          await recordAudit(db, actor, { action: 'create', entityType: 'user', entityId: user.id, details: { role: user.role, schoolIds, staffId, partnerId: user.partner_id } });
          console.log(`Created ${user.role} account ${user.email} in ${district.code}.`);
          if (generated) console.log(`Password: ${password}`);
        });
      }),
    );
  users
    .command('reset-password')
    .description('Set a new password (generated unless --password is given), unlock the account and sign it out everywhere')
    .argument('<email>')
    .option('--password <password>')
    .option('--district <code>')
    .action(
      action(async (email: string, opts: { password?: string; district?: string }) => {
        await withDistrict(opts.district, async ({ database, actor }) => {
          const user = await accountIn(database.db, actor, email);
          const { password, generated } = await resetPassword(database.db, user.id, opts.password);
          await recordAudit(database.db, actor, { action: 'password_reset', entityType: 'user', entityId: user.id });
          console.log(`Password reset for ${user.email}.`);
          if (generated) console.log(`Password: ${password}`);
        });
      }),
    );
  users
    .command('disable')
    .description('Disable an account: it can no longer sign in, its sessions end and its API tokens are revoked')
    .argument('<email>')
    .option('--enable', 'enable the account again instead')
    .option('--district <code>')
    .action(
      action(async (email: string, opts: { enable?: boolean; district?: string }) => {
        await withDistrict(opts.district, async ({ database, actor }) => {
          const user = await accountIn(database.db, actor, email);
          await setUserDisabled(database.db, user.id, !opts.enable);
          await recordAudit(database.db, actor, { action: 'update', entityType: 'user', entityId: user.id, details: { disabled: !opts.enable } });
          console.log(`${opts.enable ? 'Enabled' : 'Disabled'} ${user.email}.`);
        });
      }),
    );
  users
    .command('list')
    .description('List accounts')
    .option('--district <code>')
    .action(
      action(async (opts: { district?: string }) => {
        await withDistrict(opts.district, async ({ database, district }) => {
          const rows = await database.db.selectFrom('users').select(['email', 'role', 'display_name', 'disabled', 'locked_until']).where('district_id', '=', district.id).orderBy('email').execute();
          if (rows.length === 0) console.log(`No accounts in ${district.code} yet. Create one with: village users create --email … --role district_admin`);
          const now = Date.now();
          for (const r of rows) {
            const flags = [r.disabled ? 'disabled' : null, r.locked_until && Date.parse(r.locked_until) > now ? 'locked' : null].filter(Boolean);
            console.log(`${r.email}\t${r.role}\t${r.display_name}${flags.length ? `\t(${flags.join(', ')})` : ''}`);
          }
        });
      }),
    );
}
