import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/main/hub/upstream/clock/manual-clock.js';
import { ConnectivityMonitor } from '../../src/main/hub/upstream/connectivity/connectivity-monitor.js';
import { httpProbe } from '../../src/main/hub/upstream/connectivity/http-probe.js';
import type { TargetStatus } from '../../src/main/hub/upstream/connectivity/reachability.js';
import { ConnectorWorkerPool } from '../../src/main/hub/upstream/workers/connector-worker-pool.js';
import { pauseWhileOffline } from '../../src/main/hub/upstream/workers/pause-while-offline.js';
import { onCleanup } from '../helpers/ledger-testkit.js';
import { StubUpstream, openOutbox, recordWithJobs, switchableServer } from './upstream-testkit.js';

function monitorOf(
  clock: ManualClock,
  targets: ConstructorParameters<typeof ConnectivityMonitor>[0]['targets'],
): ConnectivityMonitor {
  const monitor = new ConnectivityMonitor({ targets, clock });
  onCleanup(() => monitor.stop());
  return monitor;
}

describe('connectivity monitor', () => {
  it('online → degraded after one failure → offline after two → online after one success, against a real server', async () => {
    const clock = new ManualClock();
    const server = await switchableServer();
    const monitor = monitorOf(clock, [{ name: 'acme', probe: httpProbe({ url: server.url }) }]);
    const changes: Array<[string, string]> = [];
    monitor.subscribe((status, previous) => changes.push([previous.state, status.state]));
    expect(monitor.status('acme')).toMatchObject({ state: 'unknown', lastProbeAt: null });

    const step = async (minutes: number): Promise<TargetStatus> => {
      await clock.advance(minutes * 60_000);
      return (await monitor.probeNow('acme'))[0]!;
    };
    const t0 = clock.now().toISOString();
    expect(await step(0)).toMatchObject({ state: 'online', since: t0, consecutiveFailures: 0, lastError: null });
    expect(await step(1)).toMatchObject({ state: 'online', since: t0 });

    server.set('fail-503');
    const failedAt = new Date(clock.now().getTime() + 60_000).toISOString();
    expect(await step(1)).toMatchObject({
      state: 'degraded',
      since: failedAt,
      consecutiveFailures: 1,
      lastError: `${server.url} answered 503`,
    });
    server.set('drop');
    const offline = await step(1);
    expect(offline).toMatchObject({ state: 'offline', consecutiveFailures: 2, lastLatencyMs: null });
    expect(offline.lastError).toMatch(/UND_ERR_SOCKET|ECONNRESET|other side closed/);
    expect(await step(30)).toMatchObject({ state: 'offline', since: offline.since, consecutiveFailures: 3 });

    server.set('ok');
    expect(await step(1)).toMatchObject({ state: 'online', consecutiveFailures: 0, lastError: null });
    expect(changes).toEqual([
      ['unknown', 'online'],
      ['online', 'degraded'],
      ['degraded', 'offline'],
      ['offline', 'online'],
    ]);
    expect(server.hits()).toBe(6);
  });

  it('a target that does not answer within the timeout has failed', async () => {
    const clock = new ManualClock();
    const server = await switchableServer();
    server.set('hang');
    const monitor = new ConnectivityMonitor({
      targets: [{ name: 'acme', probe: httpProbe({ url: server.url }) }],
      clock,
      timeoutMs: 4_000,
    });
    onCleanup(() => monitor.stop());
    const probing = monitor.probeNow('acme');
    await clock.advance(4_000);
    expect((await probing)[0]).toMatchObject({ state: 'degraded', lastError: 'no answer within 4000 ms' });
  });

  it('a slow answer is degraded, not a failure', async () => {
    const clock = new ManualClock();
    const slow = (): Promise<void> => new Promise((resolve) => clock.schedule(3_000, resolve));
    const monitor = new ConnectivityMonitor({ targets: [{ name: 'acme', probe: slow }], clock, slowMs: 2_000 });
    const probing = monitor.probeNow('acme');
    await clock.advance(3_000);
    expect((await probing)[0]).toMatchObject({ state: 'degraded', consecutiveFailures: 0, lastLatencyMs: 3_000 });
  });

  it('probes at once on start, every 30 s while answered, every 5 s after a failure', async () => {
    const clock = new ManualClock();
    const probedAt: number[] = [];
    let failing = false;
    const probe = async (): Promise<void> => {
      probedAt.push(clock.now().getTime());
      if (failing) throw new Error('unreachable');
    };
    const monitor = monitorOf(clock, [{ name: 'internet', probe }]);
    const states: string[] = [];
    monitor.subscribe((status) => states.push(status.state));
    const start = clock.now().getTime();
    monitor.start();
    await clock.advance(60_000);
    failing = true;
    await clock.advance(30_000 + 5_000 + 5_000);
    failing = false;
    await clock.advance(5_000 + 30_000);
    expect(probedAt.map((t) => (t - start) / 1000)).toEqual([0, 30, 60, 90, 95, 100, 105, 135]);
    expect(states).toEqual(['online', 'degraded', 'offline', 'online']);
    monitor.stop();
    await clock.advance(3_600_000);
    expect(probedAt).toHaveLength(8);
  });
});

describe('a pool tied to its target', () => {
  it('pauses while the target is offline and resumes the moment it is back, spending no attempts on the outage', async () => {
    const kit = openOutbox();
    const server = await switchableServer();
    const monitor = monitorOf(kit.clock, [{ name: 'acme', probe: httpProbe({ url: server.url }) }]);
    const upstream = new StubUpstream('acme-pay', kit.clock);
    const pool = new ConnectorWorkerPool({ connector: upstream, outbox: kit.outbox, clock: kit.clock });
    onCleanup(() => void pool.stop(0));
    const untie = pauseWhileOffline(pool, monitor, 'acme');
    pool.start();

    await monitor.probeNow('acme');
    server.set('drop');
    await monitor.probeNow('acme');
    expect(pool.status().state).toBe('running'); // one failure is degraded: keep working
    await monitor.probeNow('acme');
    expect(pool.status()).toMatchObject({ state: 'paused', pausedBecause: 'acme is offline' });

    const { jobs } = recordWithJobs(kit, [
      { connector: 'acme-pay', kind: 'capture', payload: { n: 1 }, keyPart: '1' },
      { connector: 'acme-pay', kind: 'capture', payload: { n: 2 }, keyPart: '2' },
    ]);
    await kit.clock.advance(2 * 3_600_000);
    expect(upstream.calls).toHaveLength(0);

    server.set('ok');
    await monitor.probeNow('acme');
    expect(pool.status().state).toBe('running');
    await kit.clock.advance(0);
    for (const job of jobs) expect(kit.outbox.get(job.id)).toMatchObject({ state: 'done', attempts: 1 });

    untie();
    server.set('drop');
    await monitor.probeNow('acme');
    await monitor.probeNow('acme');
    expect(pool.status().state).toBe('running');
  });
});
