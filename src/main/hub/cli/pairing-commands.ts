import type { Command } from 'commander';
import { AuditTrail } from '../audit/audit-trail.js';
import { PairingCodes } from '../devices/pairing-codes.js';
import { ledgerFile, openDatabase } from '../ledger/open-database.js';
import { configFrom, withCommonOptions } from './cli-config.js';

export function registerPairingCommands(program: Command): void {
  withCommonOptions(program.command('pairing-code'))
    .description('print a fresh 8-digit device pairing code (single use, valid 10 minutes; works while the hub runs)')
    .action((options) => {
      const config = configFrom(options);
      const db = openDatabase({ file: ledgerFile(config.dataDir) });
      try {
        const created = new PairingCodes(db).create('cli');
        new AuditTrail(db).record({
          actor: 'cli',
          action: 'device.pairing_code_created',
          detail: { expiresAt: created.expiresAt },
        });
        process.stdout.write(`${created.code}\nvalid until ${created.expiresAt}\n`);
      } finally {
        db.close();
      }
    });
}
