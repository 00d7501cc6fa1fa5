import type { Command } from 'commander';
import { withCommonOptions } from './cli-config.js';
import type { SimulateFlags } from './simulate-run.js';

export function registerSimulateCommand(program: Command): void {
  withCommonOptions(program.command('simulate'))
    .description(
      'a simulated store day: tills and handhelds sell, count, move stock and lose the hub, against the hub ' +
        'running in --data-dir (else a throwaway one); with --events a bounded day ending in a check of the ' +
        "hub's figures against an independent replay of its ledger",
    )
    .option('--devices <n>', 'number of devices: a quarter handhelds, the rest tills', '4')
    .option('--events <m>', 'a bounded day of m actions per device, then the summary (default: until Ctrl-C)')
    .option('--offline-for <seconds>', 'how long an outage cuts tills off from the hub (default 45; bounded 2)')
    .option('--conflict-rate <r>', 'share of actions that cause a conflict on purpose, 0..1', '0.05')
    .option('--auto-approve', "approve the tills' card payments as the manager, instead of waiting for a person")
    .option('--approval-wait <seconds>', "how long a till waits for a manager's decision", '60')
    .option('--seed <n>', 'repeat the choices of an earlier run')
    .option('--json', 'print the summary as JSON')
    .option('--hub-url <url>', "the hub's device listener (default: the hub running in --data-dir)")
    .option('--fingerprint <fp>', "with --hub-url: the hub's TLS fingerprint (default: trust what it presents)")
    .option('--pairing-codes <codes>', 'with --hub-url: comma-separated codes, one per device')
    .option('--ui-url <url>', "the hub's UI listener (default: from the hub's configuration)")
    .option('--manager <name>', 'with --hub-url: a manager account to act as (and --pin)')
    .option('--pin <pin>', "the --manager account's PIN")
    .option(
      '--virtual-printer',
      'add a virtual receipt printer with a cash drawer (a socat pty pair, so the hub must run on this machine): ' +
        'tills print receipts and open the drawer through the hub, and the summary counts what reached it',
    )
    .option(
      '--upstreams',
      "a hub of the simulator's own forwards card payments to a Stripe fake on loopback: readers forward the " +
        "tills' payments (a few declined), the internet goes down mid-day and comes back, and the summary checks " +
        'every payment was captured, cancelled or refunded exactly once at the fake',
    )
    .option(
      '--conexxus <transport>',
      'with --upstreams: how the store reports its sales data (NAXML) to its back office: https (a back office fake ' +
        "that acknowledges each document) or folder (an outbox folder, as Passport's BOOutbox)",
      'https',
    )
    .action(async (flags: SimulateFlags) => {
      // The device simulator and its fakes load for this command only, not with every `serve`.
      const { simulate } = await import('./simulate-run.js');
      await simulate(flags);
    });
}
