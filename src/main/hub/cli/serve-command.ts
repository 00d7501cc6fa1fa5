import type { Command } from 'commander';
import { startHub } from '../hub.js';
import { createLogger } from '../observability/logger.js';
import { createFileSecretStore } from '../security/file-secret-store.js';
import { configFrom, withCommonOptions } from './cli-config.js';

export function registerServeCommand(program: Command): void {
  withCommonOptions(program.command('serve'))
    .description('run the hub: UI on 127.0.0.1:4848, device listener with TLS on 0.0.0.0:4849, mDNS')
    .option('--ui-host <host>', 'UI/admin listener address')
    .option('--ui-port <port>', 'UI/admin listener port')
    .option('--lan-host <host>', 'device listener address')
    .option('--lan-port <port>', 'device listener port')
    .option('--no-mdns', 'do not advertise the hub on the LAN')
    .option('--log-level <level>', 'fatal|error|warn|info|debug|trace|silent')
    .action(async (options) => {
      // The log level is a setting itself, so warnings wait for the logger.
      const warnings: string[] = [];
      const config = configFrom(
        options,
        {
          'ui.host': options.uiHost,
          'ui.port': options.uiPort,
          'lan.host': options.lanHost,
          'lan.port': options.lanPort,
          'mdns.enabled': options.mdns === false ? false : undefined,
          logLevel: options.logLevel,
        },
        (message) => warnings.push(message),
      );
      const logger = createLogger(config.logLevel);
      for (const message of warnings) logger.warn(message);
      const secrets = await createFileSecretStore({
        dir: config.dataDir,
        ...(process.env.BACKROOM_MASTER_KEY ? { masterKey: process.env.BACKROOM_MASTER_KEY } : {}),
      });
      const hub = await startHub({ config, secrets, logger });
      const status = hub.status();
      process.stdout.write(
        `Backroom hub ready: UI ${status.uiUrl}  devices ${status.lanUrl}  data ${status.dataDir}\n`,
      );
      await new Promise<void>((resolve) => {
        const shutdown = (signal: NodeJS.Signals) => {
          logger.info({ signal }, 'shutting down');
          hub.stop().then(resolve, (error: unknown) => {
            logger.error({ err: error }, 'shutdown failed');
            process.exitCode = 1;
            resolve();
          });
        };
        process.once('SIGINT', shutdown);
        process.once('SIGTERM', shutdown);
      });
    });
}
