import './src/main/hub/cli/backup-commands.ts';
import './src/main/hub/cli/ledger-commands.ts';
import './src/main/hub/cli/user-commands.ts';
import './src/main/hub/config/load-config.ts';
import 'commander';
