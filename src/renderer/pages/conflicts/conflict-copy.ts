/**
 * What each conflict option does, in words a store manager can act on, with the figures of the conflict at hand.
 * The hub decides what is offered (DESIGN §4, `options` of the conflict detail); this says what each one means.
 */
import type { Money } from '../../api/types.js';
import { formatMoney } from '../../format.js';

export interface ConflictFacts {
  kind: string;
  /** The payload of the device's event that opened the conflict. */
  payload: Record<string, unknown>;
  /** What the hub holds now, in the shape of the conflict's `server` side. */
  serverNow: unknown;
  /** The effect the event asked for. */
  requested: unknown;
}

export interface OptionCopy {
  label: string;
  consequence: string;
}

const KIND_LABELS: Record<string, string> = {
  insufficient_stock: 'Not enough stock',
  stock_discrepancy: 'Sale beyond the stock on the books',
  stale_version: 'Change to an out-of-date request',
  offline_limit_exceeded: 'Offline card payment over the limits',
  custody_dispute: 'Stock held by a revoked device',
};

export const kindLabel = (kind: string) => KIND_LABELS[kind] ?? kind.replace(/_/g, ' ');

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

function stockFacts({ payload, serverNow }: ConflictFacts) {
  const quantity = typeof payload.quantity === 'number' ? payload.quantity : undefined;
  const product = String(payload.productId ?? 'the product');
  const source = String(payload.fromLocationId ?? payload.locationId ?? 'the location');
  const available = record(serverNow).available;
  return { quantity, product, source, available: typeof available === 'number' ? available : undefined };
}

function insufficientStock(action: string, facts: ConflictFacts): OptionCopy | undefined {
  const { quantity, product, source, available } = stockFacts(facts);
  const asked = quantity === undefined ? `the ${product}` : `${quantity} × ${product}`;
  const books = available === undefined ? '' : ` (${available} on the books now)`;
  switch (action) {
    case 'accept_server':
      return {
        label: 'Keep the hub’s stock',
        consequence: `Discard the device’s movement: ${asked} from ${source} is not booked. Stock stays as it is${books}.`,
      };
    case 'retry':
      return {
        label: 'Retry against current stock',
        consequence: `Book ${asked} from ${source} now if the stock covers it${books}. If it still falls short, nothing is booked and the conflict stays open.`,
      };
    case 'modify':
      return {
        label: 'Book part of it',
        consequence: `Book only the number of units you enter (1 to ${quantity ?? 'the quantity asked'}) from ${source}; the rest is discarded.`,
      };
    case 'force':
      return {
        label: 'Force the whole movement',
        consequence: `Book all of ${asked} from ${source} even if the books hold fewer${books}. The shortfall is recorded as a stock adjustment in your name, so the location does not go below zero. Needs your PIN.`,
      };
  }
  return undefined;
}

function moneyOf(value: unknown): Money | undefined {
  const money = record(value);
  return typeof money.amount === 'number' && typeof money.currency === 'string'
    ? { amount: money.amount, currency: money.currency }
    : undefined;
}

function offlineLimit(action: string, { requested }: ConflictFacts): OptionCopy | undefined {
  if (action !== 'accept_risk') return undefined;
  const amount = moneyOf(record(requested).amount);
  const payment = amount ? `${formatMoney(amount)} card payment` : 'card payment';
  return {
    label: 'Accept the risk',
    consequence: `Authorize the ${payment} the till already took although it broke the offline limits. It then counts towards today’s total and the outstanding exposure. Needs your PIN.`,
  };
}

function acknowledge(action: string, facts: ConflictFacts): OptionCopy | undefined {
  if (action !== 'acknowledge') return undefined;
  return {
    label: 'Acknowledge',
    consequence:
      facts.kind === 'custody_dispute'
        ? 'Close the dispute and keep the books as they are. If you counted the shelf, enter the count: the stock is set to it with a recorded adjustment.'
        : 'The sale stands (it happened). Keep the books as they are, or enter the units you counted on the shelf: the stock is set to the count with a recorded adjustment.',
  };
}

function staleVersion(action: string): OptionCopy | undefined {
  if (action === 'accept_server') {
    return { label: 'Keep the request as it is', consequence: 'Discard the device’s change to the request.' };
  }
  if (action === 'retry') {
    return {
      label: 'Apply the change now',
      consequence:
        'Apply the device’s change to the request as it is now, if its state still allows it; otherwise nothing changes and the conflict stays open.',
    };
  }
  return undefined;
}

const ESCALATE: OptionCopy = {
  label: 'Escalate',
  consequence: 'Leave it for the owner or another manager: nothing is booked and it stays on the list as escalated.',
};

/** The button text and the sentence under it, for one option of one conflict. */
export function optionCopy(action: string, facts: ConflictFacts): OptionCopy {
  if (action === 'escalate') return ESCALATE;
  const copy =
    facts.kind === 'insufficient_stock'
      ? insufficientStock(action, facts)
      : facts.kind === 'offline_limit_exceeded'
        ? offlineLimit(action, facts)
        : facts.kind === 'stale_version'
          ? staleVersion(action)
          : acknowledge(action, facts);
  return copy ?? { label: action.replace(/_/g, ' '), consequence: 'The hub records this choice in your name.' };
}
