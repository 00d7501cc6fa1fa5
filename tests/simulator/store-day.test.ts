/**
 * `backroom simulate` with a hub of its own (in this process): a bounded store day with the simulator approving
 * as the manager, and the hub's figures checked against the simulator's own replay of the ledger.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { simulateJson } from './simulate-cli.js';

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

describe('a simulated store day', () => {
  it('trades, loses the hub, comes back, and the hub agrees with a replay of its ledger', async () => {
    const args = ['--devices', '5', '--events', '30', '--conflict-rate', '0.2', '--seed', '1'];
    const summary = await simulateJson([...args, '--auto-approve']);

    expect(summary.checks.filter((check) => !check.ok)).toEqual([]);
    expect(summary.ok).toBe(true);
    expect(process.exitCode).toBeUndefined();
    expect(summary.devices).toEqual({ tills: 4, handhelds: 1 });
    expect(summary.duplicates).toBe(0);
    expect(summary.events).toMatchObject({ failed: 0, pending: 0 });
    expect(summary.events.recorded).toBeGreaterThan(150);
    for (const kind of ['insufficient_stock', 'stock_discrepancy', 'stale_version', 'offline_limit_exceeded']) {
      expect(summary.conflictsByKind[kind], kind).toBeGreaterThan(0);
    }
    expect(summary.approvals.requested).toBeGreaterThan(0);
    expect(summary.approvals).toMatchObject({ approved: summary.approvals.requested, pending: 0 });
    expect(summary.checks.map((check) => check.name)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^stock \(GET \/v1\/state/),
        expect.stringMatching(/^sales totals per business date/),
        expect.stringMatching(/^outstanding card exposure/),
        'conflicts visible in the admin API',
      ]),
    );
    expect(summary.activity).toMatchObject({ refunds: expect.any(Number), transfers: expect.any(Number) });
  });

  it('without --auto-approve a till waits for a person only so long, then goes ahead', async () => {
    const args = ['--devices', '2', '--events', '25', '--conflict-rate', '0.2', '--offline-for', '0'];
    const summary = await simulateJson([...args, '--approval-wait', '0.2']);

    expect(summary.checks.filter((check) => !check.ok)).toEqual([]);
    expect(summary.devices).toEqual({ tills: 1, handhelds: 1 });
    expect(summary.approvals.approved).toBe(0);
    expect(summary.events).toMatchObject({ failed: 0, pending: 0 });
  });
});
