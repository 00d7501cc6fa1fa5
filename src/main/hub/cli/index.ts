import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/load-config.js';
import { NoLedgerError } from '../ledger/open-database.js';
import { registerBackupCommands } from './backup-commands.js';
import { registerLedgerCommands } from './ledger-commands.js';
import { registerPairingCommands } from './pairing-commands.js';
import { registerServeCommand } from './serve-command.js';
import { registerSimulateCommand } from './simulate-command.js';
import { registerUserCommands } from './user-commands.js';
import { UsageError } from './cli-config.js';

const program = new Command('backroom')
  .description('Backroom: the store back office and its local sync hub')
  .showHelpAfterError()
  .exitOverride();

registerServeCommand(program);
registerUserCommands(program);
registerLedgerCommands(program);
registerBackupCommands(program);
registerPairingCommands(program);
registerSimulateCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  if (error instanceof ConfigError || error instanceof UsageError || error instanceof NoLedgerError) {
    process.stderr.write(`backroom: ${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`backroom: ${(error as Error).message}\n`);
  process.exit(1);
}
