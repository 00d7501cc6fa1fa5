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
  /** The hub's head as last heard of (push replies, the live stream), if known. */
  hubHead?: number;
  /** How far behind `hubHead` the local state may fall before the snapshot replaces it instead of pulled records. */
  snapshotAfter?: number;
}

/**
 * Past this many records behind, one snapshot is cheaper than the pages: a page of 1,000 records is about half a
 * megabyte to read and parse, while a snapshot's size follows the catalog, not how long the device was away.
 */
export const DEFAULT_SNAPSHOT_AFTER = 10 * MAX_PULL_LIMIT;

/**
 * Brings the local copy of hub state up to the hub's head: with the hub's snapshot for a device that has none or
 * that is known to be far behind (a recovering device need not replay history: the snapshot's stock is what the
 * records would have summed to), otherwise with pages of ledger records after the local cursor, each applied together
 * with its cursor. The payment policy snapshot is taken again whenever pulled records changed it, so a till cut off
 * from the hub next applies the limits and exposure it last saw.
 */
export async function pullHub(context: PullContext): Promise<PullSummary> {
  const { api, storage, token } = context;
  const pageSize = Math.min(context.pageSize ?? MAX_PULL_LIMIT, MAX_PULL_LIMIT);
  let cursor = await storage.hubCursor();
  if (cursor === undefined || isFarBehind(cursor, context)) {
    const snapshot = await api.state(token);
    // One older than the local state (a hub restored from a backup) would take the device back in time.
    if (cursor === undefined || snapshot.cursor > cursor) {
      await storage.replaceHubState({ cursor: snapshot.cursor, stock: snapshot.stock });
      await keepPolicy(storage, snapshot);
      // The snapshot was the head when this cycle read it. Records after it are other devices' newer pushes, which
      // the next cycle pulls (the live stream announces them); paging after them now would chase every till still
      // pushing, as all do after an outage.
      return { pulled: 0, cursor: snapshot.cursor };
    }
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

function isFarBehind(cursor: number, context: PullContext): boolean {
  return context.hubHead !== undefined && context.hubHead - cursor > (context.snapshotAfter ?? DEFAULT_SNAPSHOT_AFTER);
}

async function keepPolicy(storage: DeviceStorage, snapshot: StateReply): Promise<void> {
  const policy = policyStateOf(snapshot);
  if (policy) await storage.setMeta('policy', policy);
}
