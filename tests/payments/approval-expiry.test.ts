/**
 * Approvals the till stopped waiting for expire into the history (issue 12): once the till's own outcome is in the
 * ledger (the card taken anyway, or the sale paid another way), or once the hub no longer holds the amount for it.
 * Each expiry is a hub-made `approval.expire` record, audited; nothing the till did is undone.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { AuditTrail } from '../../src/main/hub/audit/audit-trail.js';
import type { Ledger } from '../../src/main/hub/ledger/ledger.js';
import { ApprovalDesk } from '../../src/main/hub/payments/approval-desk.js';
import { ApprovalExpiry } from '../../src/main/hub/payments/approval-expiry.js';
import { listApprovals } from '../../src/main/hub/payments/approval-views.js';
import { OfflineAuthorizations, RESERVATION_MS } from '../../src/main/hub/payments/offline-authorizations.js';
import { UserStore, type User } from '../../src/main/hub/security/user-store.js';
import { until } from '../helpers/until.js';
import { expectRebuildMatchesLive, record as recordPayment, rows, Till as PaymentTill } from './helpers.js';
import { openStore, record as recordSale, Till as SaleTill } from '../sales/helpers.js';
import { sale, tenders } from '../sales/sale-builders.js';

const ASKED_AT = '2026-11-22T10:00:00.000Z';

let ledger: Ledger;
let audit: AuditTrail;
let clock: Date;
let authorizations: OfflineAuthorizations;
let expiry: ApprovalExpiry;
let desk: ApprovalDesk;
let manager: User;
let counter = 0;

beforeEach(async () => {
  ledger = openStore();
  audit = new AuditTrail(ledger.db);
  clock = new Date(ASKED_AT);
  authorizations = new OfflineAuthorizations(ledger, audit, () => clock);
  expiry = new ApprovalExpiry(ledger, audit, () => clock);
  const users = new UserStore(ledger.db);
  manager = await users.add({ name: 'Marta', role: 'manager', pin: '2468' });
  desk = new ApprovalDesk(ledger, audit, users, () => undefined);
});

/** A till asks for 250.00 by card (above the 200.00 threshold): a pending approval. */
function askManager() {
  counter += 1;
  const request = {
    paymentId: `pay-${counter}`,
    saleId: `sale-${counter}`,
    amount: { amount: 250_00, currency: 'PLN' },
    method: 'card' as const,
    locationId: 'floor',
  };
  const answer = authorizations.authorize('pos-1', request);
  expect(answer.decision).toBe('pending_manager');
  return { request, approvalId: answer.approvalId! };
}

const expired = () => rows<{ record: string }>(ledger, "SELECT record FROM events WHERE type = 'approval.expire'");
const pending = () => listApprovals(ledger.db, 100, 'pending');
const history = () => listApprovals(ledger.db, 100, 'decided');

describe('approval expiry', () => {
  it('expires an approval once the till took the card anyway; the payment stays held as a conflict', async () => {
    const { request, approvalId } = askManager();
    const till = new PaymentTill('pos-1');
    const payment = recordPayment(
      ledger,
      till.cardPayment({ amount: 250_00, paymentId: request.paymentId, locationId: 'floor', approvalId }),
    );
    expect(payment.status).toBe('conflict');
    expect(payment.outcome?.conflict).toMatchObject({
      server: { approval: { approvalId, problem: 'APPROVAL_PENDING' } },
    });

    expect(expiry.sweep()).toBe(1);
    expect(pending()).toEqual([]);
    const [closed] = history();
    expect(closed).toMatchObject({
      approvalId,
      status: 'expired',
      decidedBy: null,
      expiry: { reason: 'card_taken', tillCursor: payment.cursor },
    });
    const [record] = expired();
    expect(JSON.parse(record!.record)).toMatchObject({
      status: 'accepted',
      event: {
        type: 'approval.expire',
        actor: 'hub',
        payload: { approvalId, paymentId: request.paymentId, reason: 'card_taken', tillCursor: payment.cursor },
      },
    });
    expect(audit.list({ limit: 10 }).filter((entry) => entry.action === 'approvals.expire')).toHaveLength(1);

    // Nothing left to expire, and nobody can decide it now.
    expect(expiry.sweep()).toBe(0);
    await expect(desk.decide(approvalId, 'approve', manager, '2468')).rejects.toMatchObject({
      code: 'APPROVAL_ALREADY_DECIDED',
      message: expect.stringContaining('expired'),
    });
    // The payment itself is untouched: held, for the manager's conflict decision.
    expect(rows(ledger, 'SELECT state FROM offline_payments WHERE payment_id = ?', request.paymentId)).toEqual([
      { state: 'held' },
    ]);
    expectRebuildMatchesLive(ledger);
  });

  it('expires it when the till recorded the sale paid another way, and tells a till that asks again', () => {
    const { request, approvalId } = askManager();
    const stored = recordSale(
      ledger,
      new SaleTill('pos-1').event(
        'sale.complete',
        sale(request.saleId, 'floor', [['cola', 1, 250_00]], tenders(['cash', 250_00])),
      ),
    );
    expect(expiry.sweep()).toBe(1);
    expect(history()[0]).toMatchObject({
      status: 'expired',
      expiry: { reason: 'paid_otherwise', tillCursor: stored.cursor },
    });
    expect(authorizations.authorize('pos-1', request)).toEqual({
      decision: 'declined',
      reason: 'APPROVAL_EXPIRED',
      approvalId,
    });
  });

  it('waits while the card tender’s payment is still to come, and while the till may still be waiting', () => {
    const { request } = askManager();
    recordSale(
      ledger,
      new SaleTill('pos-1').event(
        'sale.complete',
        sale(request.saleId, 'floor', [['cola', 1, 250_00]], tenders(['card', 250_00, request.paymentId])),
      ),
    );
    clock = new Date(Date.parse(ASKED_AT) + RESERVATION_MS - 1);
    expect(expiry.sweep()).toBe(0);
    expect(pending()).toHaveLength(1);
  });

  it('expires it when the hub stops holding the amount; a payment under it later is a conflict', () => {
    const { request, approvalId } = askManager();
    expect(pending()[0]!.expiresAt).toBe(new Date(Date.parse(ASKED_AT) + RESERVATION_MS).toISOString());
    clock = new Date(Date.parse(ASKED_AT) + RESERVATION_MS);
    expect(expiry.sweep()).toBe(1);
    expect(history()[0]).toMatchObject({
      status: 'expired',
      decidedAt: clock.toISOString(),
      expiry: { reason: 'wait_over', tillCursor: null },
    });

    const late = recordPayment(
      ledger,
      new PaymentTill('pos-1').cardPayment({
        amount: 250_00,
        paymentId: request.paymentId,
        locationId: 'floor',
        approvalId,
      }),
    );
    expect(late.status).toBe('conflict');
    expect(late.outcome?.conflict).toMatchObject({ server: { approval: { approvalId, problem: 'APPROVAL_EXPIRED' } } });
    expectRebuildMatchesLive(ledger);
  });

  it('looks by itself after the till’s record is committed', async () => {
    expiry.start();
    try {
      const { request } = askManager();
      recordSale(
        ledger,
        new SaleTill('pos-1').event(
          'sale.complete',
          sale(request.saleId, 'floor', [['cola', 1, 250_00]], tenders(['cash', 250_00])),
        ),
      );
      await until('the approval to expire', () => history().length === 1);
    } finally {
      expiry.stop();
    }
  });
});
