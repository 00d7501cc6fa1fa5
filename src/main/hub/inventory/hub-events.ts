import { uuidv7 } from '../uuid-v7.js';
import type { LedgerEvent } from '../ledger/event-log.js';

/** A hub-made event: no device, no signature; `actor` names the person or process that caused it. */
export function hubEvent(type: string, payload: object, actor: string): LedgerEvent {
  return { id: uuidv7(), type, v: 1, occurredAt: new Date().toISOString(), actor, payload: { ...payload } };
}
