/**
 * The hub is killed with SIGKILL mid-sync, many times, while SDK devices keep syncing and retrying (issue 3, "Tests
 * that must exist"): the CI-sized run of the scenario in tests/fixtures/sigkill-scenario.ts, which also says what
 * is checked afterwards. The long run is `npm run chaos -- --kills 100` (chaos-run.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SigkillScenario } from '../fixtures/sigkill-scenario.js';

const SEED = Number(process.env.E2E_SEED ?? Date.now() % 1_000_000);

let scenario: SigkillScenario;

beforeAll(async () => {
  scenario = await SigkillScenario.open({ devices: 4, queuedPerDevice: 300, recordedPerRound: 5, seed: SEED });
});

afterAll(async () => {
  await scenario?.dispose();
});

describe('hub killed with SIGKILL mid-sync, many times', () => {
  it(`loses nothing and records nothing twice (seed ${SEED})`, { timeout: 150_000 }, async () => {
    const kills = await scenario.killRepeatedly({
      minRounds: 10,
      maxRounds: 20,
      minMidSync: 5,
      budgetMs: 18_000,
      minReplays: 1,
    });
    const delivery = await scenario.deliverEverything();
    console.info(
      `sigkill e2e (seed ${SEED}): ${kills.rounds} kills (${kills.killedMidSync} mid-sync, ${kills.killedBeforeReady} ` +
        `while starting), ${delivery.failedSyncCycles} failed sync cycles, ${delivery.replays} replayed results, ` +
        `${delivery.events} events, kill loop ${kills.loopMs} ms, hub ready in ${kills.readyMs.join('/')} ms`,
    );
    expect(kills.rounds).toBeGreaterThanOrEqual(10);
    expect(kills.killedMidSync).toBeGreaterThanOrEqual(5);
    // Some kill landed after a commit and before its reply arrived, so the lost-acknowledgement path was taken.
    expect(delivery.replays).toBeGreaterThan(0);
    expect(delivery.failedSyncCycles).toBeGreaterThanOrEqual(kills.rounds);

    expect(await scenario.check()).toEqual([]);
  });
});
