/**
 * One store day on a real ledger, recorded through the real deciders, approval desk and forwarding: the data every
 * receipt test renders from. Amounts are grosze.
 *
 * 2026-11-22 (Europe/Warsaw, UTC+1):
 * - s-1 at the floor, pos-1, anna, 11:15: 3 cola × 5,00 (23%), 2 beer × 4,50 (23%), 1 chips × 6,50 (8%) = 30,50,
 *   paid 10,50 cash + 20,00 card (pi_1).
 * - s-2 at the cooler, pos-2: 1 chips × 6,50 paid by card offline (pay-auto, within the policy).
 * - s-3 at the floor, pos-1: 100 beer × 4,50 = 450,00 by card offline (pay-big, above the manager threshold,
 *   approved by Marta).
 * - s-4 at the floor, pos-1: 1 cola × 5,00 cash, voided.
 * - pay-fwd: 10,00 offline at the floor (for sale s-1x), since forwarded; pay-held: 600,00 beyond the per-payment
 *   limit without approval, so held.
 * 2026-11-23: r-1 refunds 2 cola of s-1 (10,00 back to the card, pos-2, bob, 10:00).
 * 2026-11-24: r-2 refunds the chips of s-1 in cash, with a reason that smuggles printer commands.
 */
import type { Ledger } from '../../../src/main/hub/ledger/ledger.js';
import { AuditTrail } from '../../../src/main/hub/audit/audit-trail.js';
import { ApprovalDesk } from '../../../src/main/hub/payments/approval-desk.js';
import { OfflineAuthorizations } from '../../../src/main/hub/payments/offline-authorizations.js';
import { recordForwarded } from '../../../src/main/hub/payments/payment-forwarding.js';
import { UserStore } from '../../../src/main/hub/security/user-store.js';
import type { OfflineCardPaymentPayload } from '../../../src/shared/protocol/payment-payloads.js';
import type { SaleCompletePayload } from '../../../src/shared/protocol/sales-payloads.js';
import { openReceiptStore, pln, record, tender, Till } from './receipt-store.js';

/** A device's free text carrying ESC p (drawer kick) and GS V (cut) as an attacker would send them. */
export const REASON_WITH_COMMANDS = 'zła\u001bp\u0000\u0019\u00fa data\u001dV\u0000';

export interface StoreDay {
  ledger: Ledger;
  bigApprovalId: string;
}

const pos1 = new Till('pos-1');
const pos2 = new Till('pos-2');

function sale(
  till: Till,
  saleId: string,
  locationId: string,
  lines: Array<[productId: string, quantity: number, unitPrice: number, taxRate: string]>,
  tenders: SaleCompletePayload['tenders'],
  occurredAt: string,
  cashierId?: string,
) {
  const payload: SaleCompletePayload = {
    saleId,
    locationId,
    lines: lines.map(([productId, quantity, unitPrice, taxRate]) => ({
      productId,
      quantity,
      unitPrice: pln(unitPrice),
      taxRate,
    })),
    tenders,
    ...(cashierId ? { cashierId } : {}),
  };
  return till.event('sale.complete', payload, occurredAt);
}

function cardPayment(till: Till, payment: Omit<OfflineCardPaymentPayload, 'method'>) {
  return till.event('payment.offline_card', { ...payment, method: 'card' }, payment.takenAt);
}

export async function recordStoreDay(): Promise<StoreDay> {
  const ledger = openReceiptStore();
  const audit = new AuditTrail(ledger.db);
  const users = new UserStore(ledger.db);
  const manager = await users.add({ name: 'Marta', role: 'manager', pin: '2468' });

  record(
    ledger,
    sale(
      pos1,
      's-1',
      'floor',
      [
        ['cola', 3, 500, '23'],
        ['beer', 2, 450, '23'],
        ['chips', 1, 650, '8'],
      ],
      [tender('cash', 1050), tender('card', 2000, 'pi_1')],
      '2026-11-22T10:15:00.000Z',
      'anna',
    ),
  );
  record(
    ledger,
    sale(
      pos2,
      's-2',
      'cooler',
      [['chips', 1, 650, '8']],
      [tender('card', 650, 'pay-auto')],
      '2026-11-22T11:00:00.000Z',
    ),
  );
  record(
    ledger,
    cardPayment(pos2, {
      paymentId: 'pay-auto',
      saleId: 's-2',
      amount: pln(650),
      locationId: 'cooler',
      takenAt: '2026-11-22T11:00:00.000Z',
    }),
  );

  const authorizations = new OfflineAuthorizations(ledger, audit, () => new Date('2026-11-22T11:29:00.000Z'));
  const answer = authorizations.authorize('pos-1', {
    paymentId: 'pay-big',
    saleId: 's-3',
    amount: pln(45_000),
    method: 'card',
    locationId: 'floor',
  });
  if (answer.decision !== 'pending_manager') throw new Error(`expected a manager approval, got ${answer.decision}`);
  const desk = new ApprovalDesk(ledger, audit, users, () => {});
  await desk.decide(answer.approvalId!, 'approve', manager, '2468');
  record(
    ledger,
    sale(
      pos1,
      's-3',
      'floor',
      [['beer', 100, 450, '23']],
      [tender('card', 45_000, 'pay-big')],
      '2026-11-22T11:30:00.000Z',
    ),
  );
  record(
    ledger,
    cardPayment(pos1, {
      paymentId: 'pay-big',
      saleId: 's-3',
      amount: pln(45_000),
      locationId: 'floor',
      takenAt: '2026-11-22T11:30:00.000Z',
      approvalId: answer.approvalId!,
    }),
  );

  record(
    ledger,
    sale(pos1, 's-4', 'floor', [['cola', 1, 500, '23']], [tender('cash', 500)], '2026-11-22T12:00:00.000Z'),
  );
  record(ledger, pos1.event('sale.void', { saleId: 's-4', reason: 'pomyłka kasjera' }, '2026-11-22T12:01:00.000Z'));

  record(
    ledger,
    cardPayment(pos1, {
      paymentId: 'pay-fwd',
      saleId: 's-1x',
      amount: pln(1000),
      locationId: 'floor',
      takenAt: '2026-11-22T13:00:00.000Z',
    }),
  );
  recordForwarded(ledger, 'pay-fwd', 'forwarder');
  record(
    ledger,
    cardPayment(pos1, {
      paymentId: 'pay-held',
      saleId: 's-9',
      amount: pln(60_000),
      locationId: 'floor',
      takenAt: '2026-11-22T14:00:00.000Z',
    }),
    'conflict',
  );

  record(
    ledger,
    pos2.event(
      'sale.refund',
      {
        saleId: 's-1',
        refundId: 'r-1',
        lines: [{ productId: 'cola', quantity: 2 }],
        tenders: [tender('card', 1000, 'pi_1_refund')],
        reason: 'uszkodzona butelka',
        cashierId: 'bob',
      },
      '2026-11-23T09:00:00.000Z',
    ),
  );
  record(
    ledger,
    pos1.event(
      'sale.refund',
      {
        saleId: 's-1',
        refundId: 'r-2',
        lines: [{ productId: 'chips', quantity: 1 }],
        tenders: [tender('cash', 650)],
        reason: REASON_WITH_COMMANDS,
      },
      '2026-11-24T09:00:00.000Z',
    ),
  );
  return { ledger, bigApprovalId: answer.approvalId! };
}
