/**
 * The hub's side of the desktop notifications and tray counts (issue 12): the hub tells the shell what waits for a
 * person when it changes, over the same parent channel as its status. Runs in Node: the hub core never needs Electron.
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttentionReporter } from '../../src/main/hub/host/attention-reporter.js';
import {
  isChildToParentMessage,
  type AttentionSummary,
  type ChildToParentMessage,
} from '../../src/main/hub/host/host-messages.js';
import { startDeviceTestHub, seedCatalog, type DeviceTestHub } from '../helpers/device-hub.js';
import { TestDevice } from '../helpers/device-signer.js';
import { tempDir } from '../helpers/ledger-testkit.js';
import { REPO_ROOT } from '../helpers/spawn-hub.js';
import { CLOSED_LOOPBACK } from '../helpers/test-hub.js';
import { until } from '../helpers/until.js';

describe('attention reporter', () => {
  let t: DeviceTestHub;
  const till = new TestDevice();
  const posted: AttentionSummary[] = [];
  let reporter: AttentionReporter;

  beforeAll(async () => {
    t = await startDeviceTestHub();
    await seedCatalog(t);
    await t.pair(till, 'Till 1');
    reporter = new AttentionReporter(t.hub.context, (summary) => posted.push(summary));
    reporter.start();
  });
  afterAll(async () => {
    reporter.stop();
    await t.hub.stop();
  });

  it('says at once what waits, then again only when that changes', async () => {
    expect(posted).toEqual([
      {
        approvals: { count: 0, newest: [] },
        criticalAlerts: { count: 0, newest: [] },
        activeAlerts: 0,
        openConflicts: 0,
      },
    ]);
    const asked = await t.lan('POST', '/v1/payments/offline-authorizations', {
      token: till.token,
      body: {
        paymentId: 'pay-1',
        saleId: 'sale-1',
        amount: { amount: 250_00, currency: 'PLN' },
        method: 'card',
        locationId: 'shelf',
      },
    });
    expect(asked.json.decision).toBe('pending_manager');
    const latest = await until('the approval to be reported', () => posted.find((s) => s.approvals.count === 1));
    expect(latest.approvals.newest).toEqual([
      { approvalId: asked.json.approvalId, amount: { amount: 250_00, currency: 'PLN' }, deviceName: 'Till 1' },
    ]);
    // A commit that changes nothing the shell shows is not posted again.
    const count = posted.length;
    await t.admin('POST', '/v1/admin/catalog/locations', { id: 'back', name: 'Back', active: true });
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(posted).toHaveLength(count);
  });
});

describe('the hub process the desktop shell starts', () => {
  it('posts its status, then what waits for a person, and stops when asked', async () => {
    const entry = path.join(REPO_ROOT, 'src/main/hub/host/utility-process-entry.ts');
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('BACKROOM_')));
    const child = fork(entry, [`--data-dir=${tempDir('backroom-host-')}`], {
      execArgv: ['--import', 'tsx'],
      env: {
        ...inherited,
        BACKROOM_UI_PORT: '0',
        BACKROOM_LAN_PORT: '0',
        BACKROOM_LAN_HOST: '127.0.0.1',
        BACKROOM_MDNS_ENABLED: 'false',
        BACKROOM_BACKUP_INTERVAL_MINUTES: '0',
        BACKROOM_LOG_LEVEL: 'silent',
        BACKROOM_UPSTREAM_PROBES_INTERNET: CLOSED_LOOPBACK,
        BACKROOM_UPSTREAM_PROBES_STRIPE: CLOSED_LOOPBACK,
        BACKROOM_UPSTREAM_KSEF_API_BASE: CLOSED_LOOPBACK,
        BACKROOM_UPSTREAM_KSEF_LATARNIA_URL: CLOSED_LOOPBACK,
      },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    const messages: ChildToParentMessage[] = [];
    // The shell keeps the hub's secrets (safeStorage); here a map does.
    const secrets = new Map<string, string>();
    child.on('message', (message) => {
      expect(isChildToParentMessage(message), JSON.stringify(message)).toBe(true);
      const received = message as ChildToParentMessage;
      if (received.type === 'secret-get') {
        child.send({
          type: 'secret-reply',
          id: received.id,
          ok: true,
          valueBase64: secrets.get(received.name) ?? null,
        });
      } else if (received.type === 'secret-set') {
        secrets.set(received.name, received.valueBase64);
        child.send({ type: 'secret-reply', id: received.id, ok: true, valueBase64: null });
      } else {
        messages.push(received);
      }
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      await until('the attention message', () => messages.some((m) => m.type === 'attention'), 30_000);
      expect(messages.map((m) => m.type).slice(0, 2)).toEqual(['status', 'attention']);
      expect(messages[1]).toMatchObject({ attention: { approvals: { count: 0 }, openConflicts: 0 } });
      child.send({ type: 'stop' });
      expect(await exited).toBe(0);
      expect(messages.at(-1)).toEqual({ type: 'stopped' });
    } finally {
      child.kill('SIGKILL');
    }
  });
});
