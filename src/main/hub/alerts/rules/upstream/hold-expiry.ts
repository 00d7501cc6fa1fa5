import { captureDeadline } from '../../../upstream/stripe/stripe-jobs.js';
import { HOUR_MS, type AlertRule } from '../../alert-rule.js';

interface Row {
  payment_id: string;
  sale_id: string;
  amount: number;
  currency: string;
  state: string;
  taken_at: string;
}

/**
 * A card hold that lapses soon while its payment is still owed to the processor (a held one waits for a manager, an
 * authorised one for the internet or the reader). Critical once the deadline has passed: the money is likely lost.
 */
export const holdExpiry =
  (warnWithinHours: number): AlertRule =>
  (db, now) =>
    db
      .prepare<[], Row>(
        `SELECT payment_id, sale_id, amount, currency, state, taken_at FROM offline_payments
         WHERE state IN ('authorized', 'held', 'forwarded')`,
      )
      .all()
      .flatMap((row) => {
        const deadline = captureDeadline(row.taken_at);
        const leftMs = deadline.getTime() - now.getTime();
        if (leftMs > warnWithinHours * HOUR_MS) return [];
        return {
          key: `hold-expiry:${row.payment_id}`,
          severity: leftMs <= 0 ? 'critical' : 'warning',
          subject: `payment:${row.payment_id}`,
          message:
            leftMs <= 0
              ? `The card hold of payment ${row.payment_id} (sale ${row.sale_id}) lapsed before it was captured`
              : `The card hold of payment ${row.payment_id} (sale ${row.sale_id}) lapses in ` +
                `${Math.ceil(leftMs / HOUR_MS)} h and it is not captured yet (${row.state})`,
          data: {
            paymentId: row.payment_id,
            saleId: row.sale_id,
            amount: { amount: row.amount, currency: row.currency },
            captureDeadline: deadline.toISOString(),
          },
        };
      });
