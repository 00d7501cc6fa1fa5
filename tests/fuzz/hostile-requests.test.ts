/**
 * The short, seeded run of the hostile-request fuzzer (fuzz-kit.ts) over every route both OpenAPI documents publish,
 * against a real in-process hub with a paired device and a logged-in owner. The long run is `npm run fuzz`.
 *
 * A failure prints its seed and request index; `npm run fuzz -- --seed S --from I --requests 1` replays it.
 * FUZZ_SEED overrides the fixed seed.
 */
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeviceTestHub, type DeviceTestHub } from '../helpers/device-hub.js';
import { formatReport, prepareSession, runFuzz, type FuzzSession } from './fuzz-kit.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_206);

let testHub: DeviceTestHub;
let session: FuzzSession;
let stopped: Promise<void> | undefined;

beforeAll(async () => {
  testHub = await startDeviceTestHub();
  session = await prepareSession(testHub, testHub.hub.context.config.limits.bodyBytes);
});

afterAll(async () => {
  // A stop that the last test saw hang is its failure; waiting for it here again would only add a hook timeout.
  if (!stopped) await testHub?.hub.stop();
});

/** The collector, without starting vitest with --expose-gc. */
function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

describe('hostile requests on every documented route', () => {
  it(
    `no 5xx, every 4xx in the envelope, nothing recorded, ledger sound (seed ${SEED})`,
    { timeout: 90_000 },
    async () => {
      expect(session.operations.length).toBeGreaterThan(40);
      expect(new Set(session.operations.map((op) => op.listener))).toEqual(new Set(['ui', 'lan']));

      const report = await runFuzz(session, { seed: SEED, requests: 400, legitEvery: 20 });

      expect(report.failures.length, formatReport(report)).toBe(0);
      expect(report.requests).toBe(400);
      // Every interleaved legitimate push landed, and nothing else a device could have caused did.
      expect(session.pushed.size).toBe(report.legitPushes);
    },
  );

  it('keeps no memory per hostile request (issue 10, item 6)', { timeout: 90_000 }, async () => {
    // Warm up first: the first requests of each kind compile code and fill caches that are then reused.
    await runFuzz(session, { seed: SEED + 1, requests: 300 });
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    const report = await runFuzz(session, { seed: SEED + 2, requests: 1_500 });
    collectGarbage();
    const grownMb = (process.memoryUsage().heapUsed - before) / 2 ** 20;
    expect(report.requests).toBe(1_500);
    // Measured: ~1 MB (JIT code) over 6,000 requests. Something keyed by attacker input would grow with the count.
    expect(grownMb).toBeLessThan(8);
  });

  it('still shuts down cleanly afterwards', async () => {
    stopped = testHub.hub.stop();
    const outcome = await Promise.race([
      stopped.then(() => 'stopped'),
      new Promise((resolve) => setTimeout(resolve, 10_000, 'still stopping after 10 s')),
    ]);
    expect(outcome).toBe('stopped');
  });
});
