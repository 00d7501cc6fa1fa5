/**
 * How due invoices go to KSeF (issue 10, research §5, §9, §10): a few one by one in an interactive session, a backlog
 * of offline invoices as one batch, technical corrections always interactive, and a big batch found in the day held
 * for the night window only while every deadline leaves room.
 */
import { describe, expect, it } from 'vitest';
import { planSends, type PlannedInvoice } from '../../../src/main/hub/forwarding/ksef/send-plan.js';

const ZONE = 'Europe/Warsaw';
const policy = { batchThreshold: 3, nightBatchMin: 5 };
const offline = (id: string, dueAt: string | null = '2026-12-20T23:00:00.000Z'): PlannedInvoice => ({
  id,
  offline: true,
  correction: false,
  dueAt,
});

describe('planSends', () => {
  it('sends a few offline invoices interactively and a backlog of them as one batch', () => {
    const noon = new Date('2026-12-07T11:00:00Z');
    expect(planSends([offline('a'), offline('b')], policy, noon, ZONE)).toEqual({
      interactive: ['a', 'b'],
      batch: [],
      batchAt: null,
    });
    const online = { id: 'o', offline: false, correction: false, dueAt: null };
    const correction = { ...offline('c'), correction: true };
    expect(planSends([offline('a'), online, offline('b'), correction, offline('d')], policy, noon, ZONE)).toEqual({
      interactive: ['o', 'c'],
      batch: ['a', 'b', 'd'],
      batchAt: null,
    });
  });

  it('holds a big daytime batch for 20:00 in the store zone when every deadline ends well after it', () => {
    const backlog = ['a', 'b', 'c', 'd', 'e'].map((id) => offline(id));
    // 12:00 in Warsaw (UTC+1 in December): the window opens at 19:00 UTC.
    expect(planSends(backlog, policy, new Date('2026-12-07T11:00:00Z'), ZONE).batchAt).toEqual(
      new Date('2026-12-07T19:00:00Z'),
    );
    // Already night, or a deadline too close: now.
    expect(planSends(backlog, policy, new Date('2026-12-07T21:00:00Z'), ZONE).batchAt).toBeNull();
    expect(planSends(backlog, policy, new Date('2026-12-07T04:30:00Z'), ZONE).batchAt).toBeNull();
    const urgent = [...backlog.slice(1), offline('z', '2026-12-08T05:00:00.000Z')];
    expect(planSends(urgent, policy, new Date('2026-12-07T11:00:00Z'), ZONE).batchAt).toBeNull();
    // Smaller than nightBatchMin: sent at once.
    expect(planSends(backlog.slice(0, 4), policy, new Date('2026-12-07T11:00:00Z'), ZONE).batchAt).toBeNull();
  });
});
