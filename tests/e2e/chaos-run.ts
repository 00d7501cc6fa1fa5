/**
 * The long chaos run: `npm run chaos -- --kills 100 [--seed N] [--devices 4]`. The scenario of
 * hub-sigkill-mid-sync.test.ts (tests/fixtures/sigkill-scenario.ts) with as many SIGKILLs as asked, then the same
 * checks: nothing lost, nothing twice, ledger verify clean. Prints the figures; exits 1 on any problem.
 */
import { parseArgs } from 'node:util';
import { SigkillScenario, type KillFigures } from '../fixtures/sigkill-scenario.js';

const { values } = parseArgs({
  options: {
    kills: { type: 'string', default: '100' },
    seed: { type: 'string' },
    devices: { type: 'string', default: '4' },
  },
});
const kills = Number(values.kills);
const devices = Number(values.devices);
const seed = values.seed === undefined ? Math.floor(Math.random() * 1_000_000) : Number(values.seed);
if (![kills, devices, seed].every(Number.isInteger) || kills < 1 || devices < 1) {
  console.error('usage: npm run chaos -- [--kills N] [--seed S] [--devices D]');
  process.exit(2);
}
console.info(`chaos seed ${seed}: ${kills} kills, ${devices} tills`);

const stats = (values: number[]) => {
  if (values.length === 0) return 'n/a';
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return `median ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${sorted.at(-1)} ms`;
};

const started = Date.now();
const scenario = await SigkillScenario.open({ devices, queuedPerDevice: 300, recordedPerRound: 5, seed });
let problems: string[] = ['did not finish'];
try {
  const progressEvery = Math.max(1, Math.floor(kills / 10));
  const figures: KillFigures = await scenario.killRepeatedly({
    minRounds: kills,
    maxRounds: kills,
    // The first fifth of the kills land mid-sync; after that four in five do and the rest hit a starting hub. Asking
    // for more would make every round a mid-sync one, since a round with an empty outbox does not count as one.
    minMidSync: Math.ceil(kills / 5),
    budgetMs: Number.POSITIVE_INFINITY,
    onRound: (round, so_far) => {
      if (round % progressEvery === 0)
        console.info(
          `  ${round}/${kills} kills (${so_far.killedMidSync} mid-sync), ${Math.round((Date.now() - started) / 1000)} s`,
        );
    },
  });
  const delivery = await scenario.deliverEverything(120_000);
  problems = await scenario.check();
  console.info(
    [
      `\nchaos seed ${seed}, ${Math.round((Date.now() - started) / 1000)} s`,
      `kills ${figures.rounds}: ${figures.killedMidSync} mid-sync, ${figures.killedBeforeReady} while starting, ` +
        `${figures.rounds - figures.killedMidSync - figures.killedBeforeReady} with nothing pending or just after ready`,
      `events ${delivery.events} from ${devices} tills; ${delivery.replays} replayed results (lost acknowledgements), ` +
        `${delivery.failedSyncCycles} failed sync cycles`,
      `kill loop ${Math.round(figures.loopMs / 1000)} s; final delivery ${delivery.deliverMs} ms`,
      `hub start → ready: ${stats(figures.readyMs)}`,
      `ready → tills pushing again: ${stats(figures.resumeMs)}`,
      problems.length
        ? `PROBLEMS (${problems.length}):\n  ${problems.slice(0, 20).join('\n  ')}`
        : 'nothing lost, nothing twice, ledger verify clean',
    ].join('\n'),
  );
} finally {
  await scenario.dispose();
}
process.exit(problems.length ? 1 : 0);
