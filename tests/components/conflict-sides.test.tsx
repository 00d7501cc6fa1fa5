// @vitest-environment happy-dom
/**
 * The hub's side of a conflict reads as money and words (issue 12): an offline card payment over the limits showed
 * `184567` and `50000` and the policy as JSON. The layout at 1280 px is checked in Chromium
 * (tests/browser/conflicts.test.ts), since happy-dom lays nothing out.
 */
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ConflictDetail } from '../../src/shared/protocol/conflicts.js';
import { ConflictSides } from '../../src/renderer/pages/conflicts/ConflictSides.js';
import { stateGroups } from '../../src/renderer/pages/conflicts/hub-state.js';
import { renderScreen } from '../helpers/ui-render.js';

const policy = {
  enabled: true,
  allowedMethods: ['cash', 'card'],
  perTransactionLimit: 500_00,
  dailyLimitPerLocation: 3_000_00,
  maxOutstandingExposure: 10_000_00,
  managerThreshold: 200_00,
  currency: 'PLN',
};

const overLimit: ConflictDetail = {
  id: 'c-1',
  kind: 'offline_limit_exceeded',
  status: 'open',
  cursor: 41,
  eventId: 'e-1',
  deviceId: 'till-1',
  detail: {},
  resolvedAtCursor: null,
  resolution: null,
  quarantinedAtCursor: null,
  event: {
    cursor: 41,
    recordedAt: '2026-12-06T10:00:00.000Z',
    status: 'conflict',
    event: {
      type: 'payment.offline_card',
      occurredAt: '2026-12-06T09:59:58.000Z',
      payload: {
        paymentId: 'pay-9',
        saleId: 'sale-9',
        amount: { amount: 1_845_67, currency: 'PLN' },
        method: 'card',
        locationId: 'shelf',
        takenAt: '2026-12-06T09:59:58.000Z',
      },
    },
  },
  serverAtPosition: {
    figures: { dailyTotalAtLocation: 1_845_67, outstandingExposure: 2_100_00 },
    policy,
    reason: 'OVER_TRANSACTION_LIMIT',
    approval: { approvalId: '01a24dca-0ee4-76e6-a59b-b8b64b37c57b', problem: 'APPROVAL_PENDING' },
  },
  serverNow: {
    figures: { dailyTotalAtLocation: 1_845_67, outstandingExposure: 0 },
    policy: { ...policy, perTransactionLimit: 2_000_00, allowedMethods: ['cash'] },
    paymentState: 'held',
  },
  requested: {
    paymentId: 'pay-9',
    saleId: 'sale-9',
    locationId: 'shelf',
    amount: { amount: 1_845_67, currency: 'PLN' },
  },
  options: [
    { action: 'accept_risk', pin: true, quantity: 'none' },
    { action: 'escalate', pin: false, quantity: 'none' },
  ],
  history: [],
} as ConflictDetail;

const money = (text: string | null) => (text ?? '').replace(/\u00a0/g, ' ');

describe('conflict detail: the hub’s state', () => {
  it('shows limits and totals as money, the policy as labelled rows and codes in words', async () => {
    renderScreen(<ConflictSides conflict={overLimit} deviceName="Till 1" />);
    const hub = await screen.findByRole('region', { name: 'The hub’s state' });
    const cells = (name: string) => {
      const row = within(hub).getByRole('rowheader', { name }).closest('tr')!;
      return within(row)
        .getAllByRole('cell')
        .map((cell) => money(cell.textContent));
    };

    expect(cells('Today at this location')).toEqual(['PLN 1,845.67', 'PLN 1,845.67']);
    expect(cells('Outstanding exposure')).toEqual(['PLN 2,100.00', 'PLN 0.00 (changed)']);
    expect(cells('Per-payment limit')).toEqual(['PLN 500.00', 'PLN 2,000.00 (changed)']);
    expect(cells('Daily limit per location')).toEqual(['PLN 3,000.00', 'PLN 3,000.00']);
    expect(cells('Outstanding exposure limit')).toEqual(['PLN 10,000.00', 'PLN 10,000.00']);
    expect(cells('Manager approves above')).toEqual(['PLN 200.00', 'PLN 200.00']);
    expect(cells('Methods allowed offline')).toEqual(['cash, card', 'cash (changed)']);
    expect(cells('Offline card payments')).toEqual(['On', 'On']);
    expect(cells('Currency')).toEqual(['PLN', 'PLN']);
    expect(cells('Why it was held')).toEqual(['Over the per-payment limit', '— (changed)']);
    expect(cells('Approval problem')).toEqual(['A manager had not decided yet', '— (changed)']);
    expect(cells('The payment now')).toEqual(['—', 'held (changed)']);

    // Each nested part is a group under its own heading, never a table or JSON inside a cell.
    const headings = within(hub)
      .getAllByRole('rowheader')
      .filter((cell) => cell.getAttribute('scope') === 'rowgroup')
      .map((cell) => cell.textContent);
    expect(headings).toEqual(['Figures', 'Policy', 'Approval']);
    const text = hub.textContent ?? '';
    expect(text).not.toMatch(/184567|50000|210000|\{|\[/);
    expect(hub.querySelectorAll('td dl, td table')).toHaveLength(0);
  });

  it('lists the policy in the order a manager reads it, not the hub’s alphabetical one', () => {
    const policyRows = stateGroups(overLimit.serverAtPosition, overLimit.serverNow).find((g) => g.heading === 'Policy');
    expect(policyRows!.rows.map((row) => row.label)).toEqual([
      'Offline card payments',
      'Methods allowed offline',
      'Per-payment limit',
      'Manager approves above',
      'Daily limit per location',
      'Outstanding exposure limit',
      'Currency',
    ]);
  });

  it('keeps stock figures as counts, one group per stock line', () => {
    const groups = stateGroups(
      { stock: [{ productId: 'cola', locationId: 'shelf', quantity: 3 }] },
      { stock: [{ productId: 'cola', locationId: 'shelf', quantity: 1 }] },
    );
    expect(groups).toEqual([
      {
        heading: 'Stock: cola at shelf',
        rows: [
          { key: 'stock.0.productId', label: 'Product', then: 'cola', now: 'cola', changed: false, numeric: false },
          { key: 'stock.0.locationId', label: 'Location', then: 'shelf', now: 'shelf', changed: false, numeric: false },
          { key: 'stock.0.quantity', label: 'Quantity', then: '3', now: '1', changed: true, numeric: true },
        ],
      },
    ]);
  });

  it('leaves plain top-level figures ungrouped and large counts grouped by thousands', () => {
    const [group] = stateGroups(
      { productId: 'cola', locationId: 'shelf', available: 12_000 },
      { productId: 'cola', locationId: 'shelf', available: 12_001 },
    );
    expect(group!.heading).toBeNull();
    expect(group!.rows.map((row) => [row.label, row.then, row.now])).toEqual([
      ['Product', 'cola', 'cola'],
      ['Location', 'shelf', 'shelf'],
      ['Available', '12,000', '12,001'],
    ]);
  });
});
