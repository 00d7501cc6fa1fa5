/**
 * The KSeF backlog alert (issue 10): raised when the invoices owed cannot be sent before the nearest deadline at the
 * rate KSeF numbered them in the last hour, or when nothing was numbered and that deadline is within a day.
 */
import { describe, expect, it } from 'vitest';
import { ksefDrainRisk } from '../../src/main/hub/alerts/rules/upstream/ksef-sending.js';
import type { KsefOverview } from '../../src/shared/protocol/ksef-views.js';

const now = new Date('2026-12-07T12:00:00Z');

function overview(drain: KsefOverview['drain'], backlog = 400): KsefOverview {
  return {
    token: { set: true, hint: '…0001', updatedAt: null, updatedBy: null },
    availability: 'available',
    availabilityDetail: '',
    availabilitySince: null,
    backlog,
    sending: 0,
    rejected: 0,
    numberedLastHour: drain.hoursNeeded === null ? 0 : Math.round(backlog / drain.hoursNeeded),
    nearestDeadline: { invoiceId: 'i1', number: 'FV/2026/00001', dueAt: '2026-12-07T23:00:00.000Z' },
    drain,
    sessions: [],
  };
}

/** The rule reads only its source: no database or thresholds needed. */
const conditions = (shown: KsefOverview) =>
  ksefDrainRisk({ ksefOverview: () => shown })(undefined as never, now, undefined as never);

describe('ksefDrainRisk', () => {
  it('says how long the backlog takes at the current rate when that is past the nearest deadline', () => {
    const [alert] = conditions(overview({ hoursNeeded: 20, atRisk: true }));
    expect(alert).toMatchObject({ key: 'ksef-drain-risk', severity: 'critical', subject: 'connector:ksef' });
    expect(alert!.message).toBe(
      '400 invoices are owed to KSeF and FV/2026/00001 is due by 2026-12-07T23:00:00.000Z: at 20 an hour it takes 20.0 h.',
    );
  });

  it('names a stalled queue when nothing was numbered, and is quiet when the backlog fits', () => {
    const [stalled] = conditions(overview({ hoursNeeded: null, atRisk: true }));
    expect(stalled!.message).toMatch(/nothing was numbered by KSeF in the last hour/);
    expect(conditions(overview({ hoursNeeded: 2, atRisk: false }))).toEqual([]);
  });
});
