/**
 * The dashboard chart's history (issue 12): the hub samples the ledger head and the queues once a minute into a
 * bounded table, so the chart has hours of figures when it is opened, and serves them with a live last point.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { hubEvent } from '../../src/main/hub/inventory/hub-events.js';
import { Ledger } from '../../src/main/hub/ledger/ledger.js';
import {
  ActivityHistory,
  KEEP_HOURS,
  SAMPLE_EVERY_MS,
  type ActivityFigures,
} from '../../src/main/hub/observability/activity-history.js';
import { startDeviceTestHub, type DeviceTestHub } from '../helpers/device-hub.js';
import { onCleanup, tempDir } from '../helpers/ledger-testkit.js';

const START = Date.parse('2026-11-22T06:00:00.000Z');
const minute = (n: number) => new Date(START + n * SAMPLE_EVERY_MS);

function openHistory() {
  const ledger = Ledger.open(tempDir('backroom-activity-'));
  onCleanup(() => ledger.close());
  const queues = { deviceQueued: 0, upstreamQueued: 0 };
  let clock = minute(0);
  const figures = (): ActivityFigures => ({ cursor: ledger.head().cursor, ...queues });
  const history = new ActivityHistory(ledger.db, figures, () => clock);
  const record = (count: number) =>
    ledger.append(
      Array.from({ length: count }, (_, i) => ({
        status: 'accepted' as const,
        event: hubEvent('catalog.location', { id: `l${i}`, name: 'L', active: true }, 'test'),
      })),
    );
  return {
    ledger,
    history,
    queues,
    record,
    at(n: number) {
      clock = minute(n);
    },
  };
}

describe('activity history', () => {
  it('counts the events recorded between samples and carries the queues, ending with a live point', () => {
    const h = openHistory();
    h.history.sample(minute(0));
    h.record(3);
    h.queues.deviceQueued = 7;
    h.history.sample(minute(1));
    h.record(2);
    h.queues.upstreamQueued = 4;
    h.at(1.5);

    expect(h.history.series(1)).toEqual([
      // The very first sample has nothing before it to count from.
      { at: minute(0).toISOString(), events: null, deviceQueued: 0, upstreamQueued: 0 },
      { at: minute(1).toISOString(), events: 3, deviceQueued: 7, upstreamQueued: 0 },
      { at: minute(1.5).toISOString(), events: 2, deviceQueued: 7, upstreamQueued: 4 },
    ]);
  });

  it('counts the first point of a window from the sample just before it', () => {
    const h = openHistory();
    h.history.sample(minute(0));
    h.record(5);
    h.history.sample(minute(90));
    h.at(120);
    const [first] = h.history.series(1);
    expect(first).toEqual({ at: minute(90).toISOString(), events: 5, deviceQueued: 0, upstreamQueued: 0 });
  });

  it('keeps a day of samples at most, by age and by count', () => {
    const h = openHistory();
    const rows = () => h.ledger.db.prepare('SELECT COUNT(*) AS n FROM activity_samples').get() as { n: number };
    const perDay = (KEEP_HOURS * 3_600_000) / SAMPLE_EVERY_MS;
    for (let n = 0; n < perDay + 30; n++) h.history.sample(minute(n));
    expect(rows().n).toBe(perDay);
    // A clock set back a day: the newest rows by time are kept, never more than the bound.
    for (let n = -2000; n < -1970; n++) h.history.sample(minute(n));
    expect(rows().n).toBeLessThanOrEqual(perDay);
  });

  it('samples at start and at stop, so the minute before a shutdown is counted', () => {
    const h = openHistory();
    h.history.start();
    h.record(4);
    h.at(0.5);
    h.history.stop();
    const stored = h.ledger.db.prepare('SELECT at, cursor FROM activity_samples ORDER BY at').all();
    expect(stored).toEqual([
      { at: minute(0).toISOString(), cursor: 0 },
      { at: minute(0.5).toISOString(), cursor: 4 },
    ]);
  });
});

describe('GET /v1/admin/activity-history', () => {
  let t: DeviceTestHub | undefined;
  afterEach(async () => {
    await t?.hub.stop();
    t = undefined;
  });

  it('serves the samples taken since start and a live point, for up to a day', async () => {
    t = await startDeviceTestHub();
    const answer = await t.admin('GET', '/v1/admin/activity-history?hours=6');
    expect(answer.status, answer.text).toBe(200);
    const { points } = answer.json as { points: Array<{ at: string; events: number | null }> };
    // The sample taken at start, then now.
    expect(points.length).toBeGreaterThanOrEqual(2);
    expect(points.at(-1)).toMatchObject({ deviceQueued: 0, upstreamQueued: 0 });
    expect(Date.parse(points.at(-1)!.at)).toBeGreaterThanOrEqual(Date.parse(points[0]!.at));

    expect((await t.admin('GET', '/v1/admin/activity-history?hours=25')).status).toBe(400);
    expect((await t.admin('GET', '/v1/admin/activity-history?hours=6', undefined, '')).status).toBe(401);
  });
});
