import type { StateReply } from '../../shared/protocol/device-api.js';
import { MAX_PULL_LIMIT } from '../../shared/protocol/envelope.js';
import type { HubApi } from '../client/hub-api.js';
import type { DeviceStorage } from '../core/ports.js';
import { policyStateOf, touchesPaymentFigures } from './payment-policy-snapshot.js';
import { stockChangesOf } from './stock-changes.js';

export interface PullSummary {
  /** ledger records applied */
  pulled: number;
  cursor: number;
}

export interface PullContext {
  api: HubApi;
  storage: DeviceStorage;
  token: string;
  pageSize?: number;
}

/**
 * Brings the local copy of hub state up to the hub's head: a snapshot first for a device that has none (no need to
 * replay history), then pages of ledger records after the local cursor, each applied together with its cursor.
 * The payment policy snapshot is taken again whenever pulled records changed it, so a till cut off from the hub
 * next applies the limits and exposure it last saw.
 */
export async function pullHub(context: PullContext): Promise<PullSummary> {
  const { api, storage, token } = context;
  const pageSize = Math.min(context.pageSize ?? MAX_PULL_LIMIT, MAX_PULL_LIMIT);
  let cursor = await storage.hubCursor();
  if (cursor === undefined) {
    const snapshot = await api.state(token);
    await storage.replaceHubState({ cursor: snapshot.cursor, stock: snapshot.stock });
    await keepPolicy(storage, snapshot);
    cursor = snapshot.cursor;
  }
  let policyStale = false;
  let pulled = 0;
  for (;;) {
    const page = await api.pull(token, cursor, pageSize);
    const last = page.events.at(-1);
    if (!last) break;
    await storage.applyHubChanges(last.cursor, page.events.flatMap(stockChangesOf));
    cursor = last.cursor;
    pulled += page.events.length;
    policyStale ||= page.events.some(touchesPaymentFigures);
    if (!page.hasMore) break;
  }
  if (policyStale) await keepPolicy(storage, await api.state(token));
  return { pulled, cursor };
}

async function keepPolicy(storage: DeviceStorage, snapshot: StateReply): Promise<void> {
  const policy = policyStateOf(snapshot);
  if (policy) await storage.setMeta('policy', policy);
}
