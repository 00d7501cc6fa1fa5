import type { Command } from 'commander';
import { ledgerFile, openDatabase } from '../ledger/open-database.js';
import { rebuildProjections } from '../ledger/projections/index.js';
import { verifyLedger } from '../ledger/verify-ledger.js';
import { deviceSignatureCheck } from '../sync/signature-check.js';
import { configFrom, withCommonOptions } from './cli-config.js';

export function registerLedgerCommands(program: Command): void {
  const ledger = program.command('ledger').description('check and repair the ledger');
  withCommonOptions(ledger.command('verify'))
    .description('re-walk the hash chain and device signatures; report the first broken cursor (exit 1 when broken)')
    .action((options) => {
      const config = configFrom(options);
      const db = openDatabase({ file: ledgerFile(config.dataDir), readonly: true });
      try {
        const result = verifyLedger(db, [deviceSignatureCheck(db)]);
        if (result.ok) {
          process.stdout.write(
            `ledger sound: ${result.checked} records, head cursor ${result.head.cursor}, hash ${result.head.hash}\n`,
          );
        } else {
          process.stdout.write(
            `ledger BROKEN at cursor ${result.firstBreak!.cursor}: ${result.firstBreak!.reason} ` +
              `(${result.checked} records before it are sound)\n`,
          );
          process.exitCode = 1;
        }
      } finally {
        db.close();
      }
    });
  withCommonOptions(ledger.command('rebuild'))
    .description('rebuild every projection (stock, catalog, counts) from the event log')
    .action((options) => {
      const config = configFrom(options);
      const db = openDatabase({ file: ledgerFile(config.dataDir) });
      try {
        const { replayed } = rebuildProjections(db);
        process.stdout.write(`projections rebuilt from ${replayed} records\n`);
      } finally {
        db.close();
      }
    });
}
