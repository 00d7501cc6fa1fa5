import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ampleStock } from '../../src/device/simulator/event-generator.js';
import { runSimulation } from '../../src/device/simulator/simulate.js';
import { registerSimulateCommand } from '../../src/main/hub/cli/simulate-command.js';
import { startTestHub } from './helpers/real-hub.js';

const dirs: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('device simulator', () => {
  it('offline devices reconnect together: every event decided once, oversells become conflicts', async () => {
    const hub = await startTestHub(ampleStock(3, 40));
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'backroom-sim-'));
    dirs.push(dataDir);
    try {
      const summary = await runSimulation({
        hubUrl: hub.url,
        pairingCodes: () => hub.pairingCode(),
        devices: 3,
        eventsPerDevice: 40,
        offlineForMs: 100,
        conflictRate: 0.2,
        dataDir,
      });
      expect(summary).toMatchObject({
        devices: 3,
        events: 120,
        rejected: 0,
        pending: 0,
        duplicates: 0,
        missing: 0,
        errors: [],
      });
      expect(summary.accepted + summary.conflicts + summary.refused).toBe(120);
      expect(summary.conflicts).toBe(summary.expectedConflicts);
      expect(summary.conflicts).toBeGreaterThan(0);
      expect(readdirSync(dataDir).sort()).toEqual(['device-1.sqlite', 'device-2.sqlite', 'device-3.sqlite']);
    } finally {
      await hub.stop();
    }
  });

  it('`backroom simulate` runs its own hub and prints the summary', async () => {
    let printed = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      printed += String(chunk);
      return true;
    });
    const program = new Command('backroom').exitOverride();
    registerSimulateCommand(program);
    await program.parseAsync(['simulate', '--devices', '2', '--events', '25', '--conflict-rate', '0.2'], {
      from: 'user',
    });
    vi.restoreAllMocks();
    const summary = JSON.parse(printed) as Record<string, unknown>;
    expect(summary).toMatchObject({ devices: 2, events: 50, rejected: 0, duplicates: 0, missing: 0, pending: 0 });
    expect(summary.conflicts).toBe(summary.expectedConflicts);
  });
});
