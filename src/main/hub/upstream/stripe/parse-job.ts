import { UpstreamError } from '../workers/upstream-error.js';
import type { CancelJob, CaptureJob, Money, RefundJob } from './stripe-jobs.js';

export type ParsedStripeJob =
  | { kind: 'capture'; payload: CaptureJob }
  | { kind: 'cancel'; payload: CancelJob }
  | { kind: 'refund'; payload: RefundJob };

/**
 * The stored payload checked against the job kinds, so a malformed row goes dead with a reason instead of sending
 * Stripe a capture of `undefined`.
 */
export function parseStripeJob(kind: string, payload: unknown): ParsedStripeJob {
  const fields = record(payload, 'payload');
  const paymentId = text(fields, 'paymentId');
  const saleId = text(fields, 'saleId');
  switch (kind) {
    case 'capture':
      return {
        kind,
        payload: { paymentId, saleId, amount: money(fields['amount']), takenAt: text(fields, 'takenAt') },
      };
    case 'cancel':
      return { kind, payload: { paymentId, saleId } };
    case 'refund':
      return {
        kind,
        payload: { paymentId, saleId, amount: money(fields['amount']), refundId: text(fields, 'refundId') },
      };
    default:
      throw invalid(`unknown Stripe job kind '${kind}'`);
  }
}

function money(value: unknown): Money {
  const fields = record(value, 'amount');
  const amount = fields['amount'];
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount < 1) {
    throw invalid('amount.amount must be a positive integer of minor units');
  }
  const currency = text(fields, 'currency');
  if (!/^[A-Za-z]{3}$/.test(currency)) throw invalid(`amount.currency '${currency}' is not an ISO currency code`);
  return { amount, currency };
}

function record(value: unknown, name: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(`${name} must be an object`);
  return value as Record<string, unknown>;
}

function text(fields: Record<string, unknown>, name: string): string {
  const value = fields[name];
  if (typeof value !== 'string' || value === '') throw invalid(`${name} must be a non-empty string`);
  return value;
}

function invalid(message: string): UpstreamError {
  return new UpstreamError('validation', `malformed Stripe job: ${message}`);
}
