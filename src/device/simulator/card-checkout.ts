import { v7 as uuidv7 } from 'uuid';
import type {
  ApprovalOutcome,
  OfflineAuthorizationRequest,
  OfflineCardPaymentPayload,
} from '../../shared/protocol/payment-payloads.js';
import type { Tender } from '../../shared/protocol/sales-payloads.js';
import type { SimulatedDevice } from './simulated-device.js';
import { formatMoney, type StaffContext } from './staff.js';

export interface CardSale {
  saleId: string;
  locationId: string;
  amount: number;
  currency: string;
}

/**
 * Takes `sale.amount` by card while the payment processor is out of reach (the store's internet is down all day):
 * the till asks for an offline authorization, waits for a manager when the amount needs one, and records the
 * payment. Returns the card tender, or undefined when the customer has to pay cash instead.
 */
export async function takeCardPayment(
  till: SimulatedDevice,
  sale: CardSale,
  staff: StaffContext,
): Promise<Tender | undefined> {
  const request: OfflineAuthorizationRequest = {
    paymentId: `pay-${uuidv7()}`,
    saleId: sale.saleId,
    amount: { amount: sale.amount, currency: sale.currency },
    method: 'card',
    locationId: sale.locationId,
  };
  const money = formatMoney(sale.amount, sale.currency);
  const answer = await till.device.authorizeOfflinePayment(request);
  if (answer.decision === 'declined') {
    staff.tally.add(`card declined (${answer.decidedBy === 'hub' ? 'by the hub' : 'offline, by the till'})`);
    staff.say(
      `card ${money} declined ${answer.decidedBy === 'hub' ? 'by the hub' : 'offline'} (${answer.reason}): cash`,
    );
    return undefined;
  }
  if (answer.decision === 'approved') {
    staff.tally.add(answer.decidedBy === 'hub' ? 'card approved by the hub' : 'card approved offline, by the till');
    if (answer.decidedBy === 'device') staff.say(`card ${money} approved offline by the till's own policy`);
    return recordPayment(till, request, staff);
  }
  if (answer.decidedBy === 'device' || !('approvalId' in answer) || !answer.approvalId) {
    // Cut off from the hub, nobody can be asked: the till's policy leaves only cash.
    staff.tally.add('card needing a manager while offline: cash');
    staff.say(`card ${money} needs a manager, who cannot be reached offline: cash`);
    return undefined;
  }
  return afterManager(till, request, answer.approvalId, staff, money);
}

async function afterManager(
  till: SimulatedDevice,
  request: OfflineAuthorizationRequest,
  approvalId: string,
  staff: StaffContext,
  money: string,
): Promise<Tender | undefined> {
  staff.say(`card ${money} needs a manager: approve it on the screen (waiting up to ${staff.approvalWaitMs / 1000} s)`);
  const decision = await managerDecision(till, request, approvalId, staff.approvalWaitMs);
  if (decision === 'approved') {
    staff.tally.add('card approved by a manager');
    staff.say(`card ${money} approved by a manager`);
    return recordPayment(till, request, staff, approvalId);
  }
  if (decision === 'declined') {
    staff.tally.add('card declined by a manager');
    staff.say(`card ${money} declined by a manager: cash`);
    return undefined;
  }
  // The customer cannot wait all day: the till takes the card and the hub puts the payment before the manager.
  staff.tally.add('card taken without a manager decision');
  staff.say(`no decision on card ${money} in time: taken anyway, the manager will see it as a conflict`);
  return recordPayment(till, request, staff, approvalId);
}

const RECHECK_MS = 3_000;

/**
 * The decision as the stream brings it; every few seconds the till also asks the hub again, which answers with the
 * decision once made: a decision pushed while the stream was (re)connecting is not pushed twice.
 */
async function managerDecision(
  till: SimulatedDevice,
  request: OfflineAuthorizationRequest,
  approvalId: string,
  waitMs: number,
): Promise<ApprovalOutcome | undefined> {
  const deadline = performance.now() + waitMs;
  for (;;) {
    const remaining = deadline - performance.now();
    const pushed = await till.device.awaitApproval(approvalId, Math.max(0, Math.min(RECHECK_MS, remaining)));
    if (pushed) return pushed.decision;
    const again = await till.device.authorizeOfflinePayment(request);
    if (again.decidedBy === 'hub' && again.decision !== 'pending_manager') return again.decision;
    if (remaining <= RECHECK_MS) return undefined;
  }
}

async function recordPayment(
  till: SimulatedDevice,
  request: OfflineAuthorizationRequest,
  staff: StaffContext,
  approvalId?: string,
): Promise<Tender> {
  // The reader holds the payment before the till records it, so the hub never asks Stripe for one it cannot have.
  staff.readers?.take({ paymentId: request.paymentId, saleId: request.saleId, ...request.amount });
  const payment: OfflineCardPaymentPayload = {
    paymentId: request.paymentId,
    saleId: request.saleId,
    amount: request.amount,
    method: 'card',
    locationId: request.locationId,
    takenAt: new Date().toISOString(),
    ...(approvalId ? { approvalId } : {}),
  };
  await till.record('payment.offline_card', payment);
  return { method: 'card', amount: request.amount, paymentId: request.paymentId };
}
