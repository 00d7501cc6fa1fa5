import type { Command } from 'commander';
import { AuditTrail } from '../audit/audit-trail.js';
import { Ledger } from '../ledger/ledger.js';
import { ROLES, UserError, UserStore, type Role } from '../security/user-store.js';
import { UsageError, configFrom, withCommonOptions } from './cli-config.js';

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('manage the people who can log in to the back office');
  withCommonOptions(user.command('add <name>'))
    .description('add a user (works while the hub runs)')
    .requiredOption('--role <role>', ROLES.join('|'))
    .requiredOption('--pin <pin>', '4 to 12 digits')
    .action(async (name: string, options) => {
      if (!ROLES.includes(options.role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
      const config = configFrom(options);
      const ledger = Ledger.open(config.dataDir);
      try {
        const added = await new UserStore(ledger.db).add({ name, role: options.role as Role, pin: options.pin });
        new AuditTrail(ledger.db).record({
          actor: 'cli',
          action: 'user.add',
          detail: { userId: added.id, role: added.role },
        });
        process.stdout.write(`added ${added.role} ${added.name} (${added.id})\n`);
      } catch (error) {
        if (error instanceof UserError) throw new UsageError(error.message);
        throw error;
      } finally {
        ledger.close();
      }
    });
}
