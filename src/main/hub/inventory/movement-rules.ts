import type { Database } from 'better-sqlite3';
import type {
  CountPayload,
  IssuePayload,
  ReturnPayload,
  TransferPayload,
} from '../../../shared/protocol/inventory-payloads.js';
import type { StockDelta } from '../decisions/decision.js';
import { locationState, productExists, stockAt } from './projection-reads.js';

export interface Refusal {
  code: string;
  message: string;
}

/** Why a withdrawal cannot apply now: what the hub holds and the whole effect the event asked for. */
export interface Shortfall {
  server: { productId: string; locationId: string; available: number };
  requested: { quantity: number; stock: StockDelta[] };
}

/**
 * What an inventory event would do to the current projections. Deciding an event and retrying a held one both
 * evaluate through here, so a retry applies exactly the rules the original event met.
 */
export type MovementEvaluation =
  | { kind: 'apply'; stock: StockDelta[]; facts?: Record<string, unknown> }
  | ({ kind: 'short' } & Shortfall)
  | { kind: 'refused'; refusal: Refusal };

// Payloads arrive schema-validated by the sync layer; the rules only apply business state.
type MovementRule = (db: Database, payload: Record<string, unknown>) => MovementEvaluation;

function catalogRefusal(db: Database, productId: string, locationIds: string[]): Refusal | undefined {
  if (!productExists(db, productId)) return { code: 'UNKNOWN_PRODUCT', message: `no product ${productId}` };
  for (const locationId of locationIds) {
    const state = locationState(db, locationId);
    if (state === 'unknown') return { code: 'UNKNOWN_LOCATION', message: `no location ${locationId}` };
    if (state === 'inactive') return { code: 'LOCATION_INACTIVE', message: `location ${locationId} is inactive` };
  }
  return undefined;
}

/** All or nothing: a withdrawal the source cannot cover is held whole, never applied in part automatically. */
function withdraw(db: Database, sourceId: string, quantity: number, stock: StockDelta[]): MovementEvaluation {
  const productId = stock[0]!.productId;
  const available = stockAt(db, productId, sourceId);
  if (available >= quantity) return { kind: 'apply', stock };
  return { kind: 'short', server: { productId, locationId: sourceId, available }, requested: { quantity, stock } };
}

const issue: MovementRule = (db, payload) => {
  const { productId, locationId, quantity } = payload as IssuePayload;
  const refusal = catalogRefusal(db, productId, [locationId]);
  if (refusal) return { kind: 'refused', refusal };
  return withdraw(db, locationId, quantity, [{ productId, locationId, delta: -quantity }]);
};

const giveBack: MovementRule = (db, payload) => {
  const { productId, locationId, quantity } = payload as ReturnPayload;
  const refusal = catalogRefusal(db, productId, [locationId]);
  if (refusal) return { kind: 'refused', refusal };
  return { kind: 'apply', stock: [{ productId, locationId, delta: quantity }] };
};

const transfer: MovementRule = (db, payload) => {
  const { productId, fromLocationId, toLocationId, quantity } = payload as TransferPayload;
  if (fromLocationId === toLocationId) {
    return { kind: 'refused', refusal: { code: 'SAME_LOCATION', message: 'a transfer needs two different locations' } };
  }
  const refusal = catalogRefusal(db, productId, [fromLocationId, toLocationId]);
  if (refusal) return { kind: 'refused', refusal };
  return withdraw(db, fromLocationId, quantity, [
    { productId, locationId: fromLocationId, delta: -quantity },
    { productId, locationId: toLocationId, delta: quantity },
  ]);
};

/** A count states the truth on the shelf; the delta is fixed now so a replay never depends on later state. */
const count: MovementRule = (db, payload) => {
  const { productId, locationId, counted } = payload as CountPayload;
  const refusal = catalogRefusal(db, productId, [locationId]);
  if (refusal) return { kind: 'refused', refusal };
  const previous = stockAt(db, productId, locationId);
  return {
    kind: 'apply',
    stock: [{ productId, locationId, delta: counted - previous }],
    facts: { count: { previous, counted } },
  };
};

const rules: Readonly<Record<string, MovementRule>> = {
  'inventory.issue': issue,
  'inventory.return': giveBack,
  'inventory.transfer': transfer,
  'inventory.count': count,
};

export function evaluateMovement(db: Database, type: string, payload: Record<string, unknown>): MovementEvaluation {
  const rule = rules[type];
  if (!rule) throw new Error(`no inventory rule for ${type}`);
  return rule(db, payload);
}
