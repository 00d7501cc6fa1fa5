/**
 * The long hostile-request run: `npm run fuzz -- --requests 10000 --seed N [--from I]`.
 *
 * The hub is the shipped `backroom serve` in its own process (tests/fixtures/e2e-hub-process.ts), so the resident
 * memory printed before and after is the hub's alone, not the fuzzer's. Exits 1 when anything failed; each failure
 * line says how to replay it (`--seed S --from I --requests 1`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Ledger } from '../../src/main/hub/ledger/ledger.js';
import { UserStore } from '../../src/main/hub/security/user-store.js';
import { HubProcess } from '../fixtures/e2e-hub-process.js';
import { freePorts } from '../helpers/free-port.js';
import { formatReport, login, prepareSession, runFuzz } from './fuzz-kit.js';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '10000' },
    seed: { type: 'string' },
    from: { type: 'string', default: '0' },
    'keep-data': { type: 'boolean', default: false },
  },
});
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
const requests = Number(values.requests);
const from = Number(values.from);
if (!Number.isInteger(seed) || !Number.isInteger(requests) || requests < 1 || !Number.isInteger(from) || from < 0) {
  console.error('usage: npm run fuzz -- [--requests N] [--seed S] [--from I] [--keep-data]');
  process.exit(2);
}
console.info(`fuzz seed ${seed} (replay: npm run fuzz -- --seed ${seed} --requests ${requests} --from ${from})`);

const OWNER = { name: 'Fuzz Owner', pin: '13579' };
const BODY_LIMIT = 1024 * 1024;

/** Resident set of a process in MB, from /proc (the hub is another process). */
function rssMb(pid: number): number {
  const line = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
  return line ? Math.round(Number(line[1]) / 1024) : NaN;
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'backroom-fuzz-'));
const ledger = Ledger.open(dataDir);
await new UserStore(ledger.db).add({ ...OWNER, role: 'owner' });
ledger.close();

const [uiPort, lanPort] = (await freePorts(2)) as [number, number];
const hub = await HubProcess.start({ dataDir, uiPort, lanPort });
let failed = true;
try {
  await hub.ready;
  const uiUrl = `http://127.0.0.1:${uiPort}`;
  const target = {
    uiUrl,
    lanUrl: `https://127.0.0.1:${lanPort}`,
    dataDir,
    cookie: await login(uiUrl, OWNER.name, OWNER.pin),
  };
  const session = await prepareSession(target, BODY_LIMIT);
  const pid = hub.child.pid!;
  const rssBefore = rssMb(pid);
  const started = Date.now();
  console.info(`${session.operations.length} operations from both OpenAPI documents; hub RSS ${rssBefore} MB`);

  const report = await runFuzz(session, {
    seed,
    requests,
    from,
    progressEvery: Math.max(100, Math.floor(requests / 20)),
    onProgress: (done, so_far) =>
      console.info(
        `  ${done}/${requests} requests, ${so_far.failures.length} failures, hub RSS ${rssMb(pid)} MB, ` +
          `${Math.round((Date.now() - started) / 1000)} s`,
      ),
  });
  const rssAfter = rssMb(pid);
  // What the hub keeps once the flood is over.
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  const rssSettled = rssMb(pid);

  console.info(`\nseed ${seed}, ${Math.round((Date.now() - started) / 1000)} s`);
  console.info(formatReport(report));
  console.info(`hub RSS before ${rssBefore} MB, after ${rssAfter} MB, 5 s later ${rssSettled} MB`);
  if (!hub.running) console.info('the hub died during the run');
  failed = report.failures.length > 0 || !hub.running;
} finally {
  // A hub that cannot shut down after the flood is a finding too, and must not hang this script.
  const exited = await Promise.race([
    hub.stop('SIGTERM').then(() => true),
    new Promise<false>((resolve) => setTimeout(resolve, 10_000, false)),
  ]);
  if (!exited) {
    console.info('the hub did not exit within 10 s of SIGTERM; killed');
    failed = true;
    await hub.stop('SIGKILL');
  }
  if (values['keep-data']) console.info(`data directory kept: ${dataDir}`);
  else fs.rmSync(dataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
