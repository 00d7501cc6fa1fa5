/**
 * `npm run simulate` in a second terminal: the simulator finds the hub `backroom serve` runs in the data directory
 * (its lock, configuration and certificate), pairs through that hub's database, and acts as a manager it adds.
 * The hub is a real child process, as a user starts it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DaySummary } from '../../src/device/simulator/day-summary.js';
import { REPO_ROOT, spawnHub, type SpawnedHub } from '../helpers/spawn-hub.js';

const CLI_ENTRY = path.join(REPO_ROOT, 'src', 'main', 'hub', 'cli', 'index.ts');
const OWNER = { name: 'Olga', pin: '13579' };
let hub: SpawnedHub;
const simulators = new Set<ChildProcess>();

beforeAll(async () => {
  hub = await spawnHub();
  const setup = await fetch(`${hub.uiUrl}/v1/admin/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ setupCode: await hub.setupCode(), owner: OWNER }),
  });
  expect(setup.status).toBe(201);
});
afterAll(async () => {
  // A simulator a failed test left running would hold devices of a hub that is about to go.
  for (const child of simulators) child.kill('SIGKILL');
  await hub.stop();
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The simulator as a second process with the environment the hub got (its data directory and ports), and no
 * flags but `args`. `interruptWhen` sends Ctrl-C once stdout shows it.
 */
function simulate(args: string[], interruptWhen?: RegExp): Promise<Run> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('BACKROOM_')));
  const child = spawn(process.execPath, ['--import', 'tsx', CLI_ENTRY, 'simulate', ...args], {
    cwd: REPO_ROOT,
    env: {
      ...inherited,
      BACKROOM_DATA_DIR: hub.dataDir,
      BACKROOM_UI_PORT: String(hub.uiPort),
      BACKROOM_LAN_PORT: String(hub.lanPort),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  simulators.add(child);
  const run: Run = { code: null, stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => {
    run.stdout += chunk.toString('utf8');
    if (interruptWhen?.test(run.stdout) && child.exitCode === null) {
      interruptWhen = undefined;
      child.kill('SIGINT');
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString('utf8')));
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      simulators.delete(child);
      resolve({ ...run, code });
    }),
  );
}

/** The admin API as the owner at the screen. */
async function asOwner<T>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const login = await fetch(`${hub.uiUrl}/v1/admin/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(OWNER),
  });
  const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
  const answer = await fetch(`${hub.uiUrl}${path}`, {
    method,
    headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: answer.status, json: (await answer.json()) as T };
}

async function deviceNames(): Promise<string[]> {
  const { json } = await asOwner<{ devices: Array<{ name: string }> }>('GET', '/v1/admin/devices');
  return json.devices.map((device) => device.name).sort();
}

/** What the manager decides for each kind, so that every kind of resolution and adjustment reaches the ledger. */
const DECISIONS: Record<string, object> = {
  insufficient_stock: { action: 'force', pin: OWNER.pin },
  stock_discrepancy: { action: 'acknowledge', quantity: 0 },
  offline_limit_exceeded: { action: 'accept_risk', pin: OWNER.pin },
  stale_version: { action: 'accept_server' },
};

describe('simulating against the hub `npm start` runs', () => {
  it(
    'a bounded day passes its check, and again after the manager settled its conflicts',
    { timeout: 120_000 },
    async () => {
      const args = ['--devices', '3', '--events', '12', '--conflict-rate', '0.2', '--auto-approve', '--json'];
      const first = await simulate(args);
      expect(first.code, first.stderr).toBe(0);
      const summary = JSON.parse(first.stdout) as DaySummary;
      expect(summary.checks.filter((check) => !check.ok)).toEqual([]);
      expect(summary.hub).toBe(`the hub running in ${hub.dataDir}`);
      expect(await deviceNames()).toEqual(['Handheld 1', 'Till 1', 'Till 2']);

      const open = await asOwner<{ conflicts: Array<{ id: string; kind: string }> }>('GET', '/v1/admin/conflicts');
      expect(open.json.conflicts.length).toBeGreaterThan(0);
      for (const { id, kind } of open.json.conflicts) {
        const settled = await asOwner('POST', `/v1/admin/conflicts/${id}/resolve`, DECISIONS[kind]);
        expect(settled.status, JSON.stringify(settled.json)).toBe(200);
      }

      // The replay of the second run covers the manager's resolutions and the adjustments they recorded.
      const second = await simulate(args);
      expect(second.code, second.stdout + second.stderr).toBe(0);
      expect(await deviceNames()).toEqual(['Handheld 1', 'Till 1', 'Till 2']);
    },
  );

  it('with no flags it runs a continuous day with progress lines until Ctrl-C, then checks', async () => {
    const run = await simulate(['--approval-wait', '1'], /sale: .*\n(.*\n)*.*sale: /);

    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Simulating against the hub running in ${hub.dataDir}`);
    expect(run.stdout).toMatch(/STORE OPEN: Till 1, Till 2, Till 3, Handheld 1/);
    expect(run.stdout).toMatch(/RESULT: PASS/);
    expect(run.stdout).not.toMatch(/FAIL/);
  });
});
