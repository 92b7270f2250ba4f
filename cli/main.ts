/** The `village` command. Each group of commands lives in cli/commands/. */
import { Command, CommanderError } from 'commander';
import '../server/wiring.ts';
import { registerDbCommands } from './commands/db.ts';
import { registerDistrictCommands } from './commands/district.ts';
import { registerUserCommands } from './commands/users.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerImportCommands } from './commands/import.ts';
import { registerHsdsCommands } from './commands/hsds.ts';
import { registerGenerateCommands } from './commands/generate.ts';
import { registerMeasureCommands } from './commands/measure.ts';

export function buildProgram(): Command {
  const program = new Command('village')
    .description('Village: partnerships between a school district, its schools, its union, families and community organisations.')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerServeCommand(program);
  registerDbCommands(program);
  registerDistrictCommands(program);
  registerUserCommands(program);
  registerHsdsCommands(program);
  registerGenerateCommands(program);
  registerMeasureCommands(program);
  registerImportCommands(program);
  // Each capability adds its register…Commands(program) call here, one line each.
  // Exit status 2 on a usage error in any subcommand.
  const override = (cmd: Command) => {
    cmd.exitOverride();
    cmd.commands.forEach(override);
  };
  override(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 || err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? 0 : 2;
      return;
    }
    throw err;
  }
}
