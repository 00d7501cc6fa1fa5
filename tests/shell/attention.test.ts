/**
 * What the desktop shell says about waiting work (issue 12), decided in Node: the tray's lines and badge, and which
 * approvals and critical alerts become native notifications. The Electron side only shows them.
 */
import { describe, expect, it } from 'vitest';
import type { AttentionSummary } from '../../src/main/hub/host/host-messages.js';
import { AttentionNotices, moneyText, trayBadge, trayLines } from '../../src/main/shell/attention.js';

const approval = (n: number) => ({
  approvalId: `a-${n}`,
  amount: { amount: 250_00 + n, currency: 'PLN' },
  deviceName: `Till ${n}`,
});
const alert = (n: number) => ({ alertId: `x-${n}`, message: `Printer ${n} cannot print` });

function summary(approvals: number[], alerts: number[] = [], more: Partial<AttentionSummary> = {}): AttentionSummary {
  return {
    approvals: { count: approvals.length, newest: approvals.map(approval) },
    criticalAlerts: { count: alerts.length, newest: alerts.map(alert) },
    activeAlerts: alerts.length,
    openConflicts: 0,
    ...more,
  };
}

const plain = (text: string) => text.replace(/\u00a0/g, ' ');

describe('tray', () => {
  it('counts each kind of waiting work, each opening its screen', () => {
    expect(trayLines(summary([1, 2], [1], { activeAlerts: 3, openConflicts: 1 }))).toEqual([
      { text: '2 card payments to approve', route: '/approvals' },
      { text: '1 critical alert', route: '/alerts' },
      { text: '2 other alerts', route: '/alerts' },
      { text: '1 conflict to decide', route: '/conflicts' },
    ]);
    expect(trayBadge(summary([1, 2], [1]))).toBe('3');
  });

  it('says nothing waits, and shows no badge, when nothing does; nothing at all before the hub has said', () => {
    expect(trayLines(summary([]))).toEqual([{ text: 'Nothing waits for you' }]);
    expect(trayBadge(summary([], [], { activeAlerts: 4 }))).toBe('');
    expect(trayLines(undefined)).toEqual([]);
  });
});

describe('desktop notifications', () => {
  it('announces an approval or a critical alert that arrives while the window is hidden', () => {
    const notices = new AttentionNotices();
    expect(notices.update(summary([]), true)).toEqual([]);
    const shown = notices.update(summary([1], [7]), true);
    expect(shown.map((notice) => ({ ...notice, body: plain(notice.body) }))).toEqual([
      {
        title: 'A card payment waits for your approval',
        body: 'PLN 250.01 on Till 1. Approve or decline it on the Approvals screen.',
        route: '/approvals',
      },
      { title: 'Critical alert', body: 'Printer 7 cannot print', route: '/alerts' },
    ]);
    // Announced once: the same ones again are not news.
    expect(notices.update(summary([1], [7]), true)).toEqual([]);
  });

  it('stays quiet about what was there at start or arrived while the window was in front of the manager', () => {
    const notices = new AttentionNotices();
    expect(notices.update(summary([1]), true)).toEqual([]);
    expect(notices.update(summary([1, 2]), false)).toEqual([]);
    // Hidden later: only what is new since.
    expect(notices.update(summary([1, 2, 3]), true).map((notice) => notice.body)).toEqual([
      expect.stringContaining('Till 3'),
    ]);
  });

  it('sums up many arriving at once in one notice', () => {
    const notices = new AttentionNotices();
    notices.update(summary([]), true);
    expect(notices.update(summary([1, 2, 3, 4], [1, 2, 3, 4, 5]), true)).toEqual([
      {
        title: '4 card payments wait for your approval',
        body: 'Approve or decline them on the Approvals screen.',
        route: '/approvals',
      },
      { title: '5 critical alerts', body: 'See them on the Alerts screen.', route: '/alerts' },
    ]);
  });

  it('writes money as the screens do', () => {
    expect(plain(moneyText({ amount: 1_845_67, currency: 'PLN' }))).toBe('PLN 1,845.67');
    expect(plain(moneyText({ amount: 500, currency: 'JPY' }))).toBe('JP¥500');
  });
});
