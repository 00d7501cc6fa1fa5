import { Command } from 'commander';
import { vi } from 'vitest';
import type { DaySummary } from '../../src/device/simulator/day-summary.js';
import { registerSimulateCommand } from '../../src/main/hub/cli/simulate-command.js';

/** Runs `backroom simulate <args> --json` in this process and returns the summary it printed. */
export async function simulateJson(args: string[]): Promise<DaySummary> {
  let printed = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    printed += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const program = new Command('backroom').exitOverride();
  registerSimulateCommand(program);
  await program.parseAsync(['simulate', ...args, '--json'], { from: 'user' });
  vi.restoreAllMocks();
  return JSON.parse(printed) as DaySummary;
}
