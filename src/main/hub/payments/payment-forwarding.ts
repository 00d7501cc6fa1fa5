import { hubEvent } from '../inventory/hub-events.js';
import type { StoredRecord } from '../ledger/event-log.js';
import type { Ledger } from '../ledger/ledger.js';
import type { PaymentStateOutcome } from '../ledger/projections/payments-projector.js';
import { PaymentError } from './payment-errors.js';
import { findOfflinePayment } from './payment-reads.js';

/**
 * Records that an authorized offline card payment reached the processor: it stops counting towards the outstanding
 * exposure (still towards its day's total). A held payment waits for the manager first.
 */
export function recordForwarded(ledger: Ledger, paymentId: string, actor: string): StoredRecord {
  return ledger.transaction(() => {
    const payment = findOfflinePayment(ledger.db, paymentId);
    if (!payment) throw new PaymentError('UNKNOWN_PAYMENT', `no offline payment ${paymentId}`);
    if (payment.state !== 'authorized') {
      throw new PaymentError('PAYMENT_NOT_FORWARDABLE', `payment ${paymentId} is ${payment.state}, not authorized`);
    }
    const paymentState: PaymentStateOutcome = { paymentId, state: 'forwarded' };
    const event = hubEvent('payment.forwarded', { paymentId }, actor);
    return ledger.append([{ status: 'accepted', event, outcome: { paymentState } }])[0]!;
  });
}
