import type { Command } from 'commander';
import { loadConfig } from '../config/load-config.js';
import type { HubConfig } from '../config/settings-schema.js';

export class UsageError extends Error {
  override name = 'UsageError';
}

/** Options every command takes; they map onto settings so flags win over file and environment. */
export function withCommonOptions(command: Command): Command {
  return command
    .option('--data-dir <dir>', 'data directory (default ./data, or BACKROOM_DATA_DIR)')
    .option('--config <file>', 'JSON config file (default <data-dir>/backroom.config.json, or BACKROOM_CONFIG)');
}

export function configFrom(
  options: { dataDir?: string; config?: string },
  flags: Record<string, unknown> = {},
  onWarning?: (message: string) => void,
): HubConfig {
  return loadConfig({
    flags: { dataDir: options.dataDir, ...flags },
    ...(options.config ? { configFile: options.config } : {}),
    ...(onWarning ? { onWarning } : {}),
  });
}
