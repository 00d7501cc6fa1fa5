import type { Command } from 'commander';
import { backupTo, restoreFrom, RestoreError } from '../ledger/backups.js';
import { lockHolder } from '../ledger/data-dir-lock.js';
import { openExistingLedger } from '../ledger/open-database.js';
import { UsageError, configFrom, withCommonOptions } from './cli-config.js';

export function registerBackupCommands(program: Command): void {
  withCommonOptions(program.command('backup <file>'))
    .description('write an online backup of the ledger (safe while the hub runs)')
    .action(async (file: string, options) => {
      const config = configFrom(options);
      const db = openExistingLedger(config.dataDir, { readonly: true });
      try {
        const { bytes } = await backupTo(db, file);
        process.stdout.write(`backup written to ${file} (${bytes} bytes)\n`);
      } finally {
        db.close();
      }
    });
  withCommonOptions(program.command('restore <file>'))
    .description('replace the ledger with a verified backup (the hub must be stopped; the old file is kept)')
    .action((file: string, options) => {
      const config = configFrom(options);
      const holder = lockHolder(config.dataDir);
      if (holder !== undefined)
        throw new UsageError(`the hub (pid ${holder}) is running on ${config.dataDir}; stop it first`);
      try {
        const { replaced, events } = restoreFrom(file, config.dataDir);
        process.stdout.write(
          `restored ${events} records from ${file}` +
            (replaced ? `; the previous ledger is kept at ${replaced}` : '') +
            '\n',
        );
      } catch (error) {
        if (error instanceof RestoreError) throw new UsageError(error.message);
        throw error;
      }
    });
}
