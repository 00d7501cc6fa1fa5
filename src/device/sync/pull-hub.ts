import { MAX_PULL_LIMIT } from '../../shared/protocol/envelope.js';
import type { HubApi } from '../client/hub-api.js';
import type { DeviceStorage } from '../core/ports.js';
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
 */
export async function pullHub(context: PullContext): Promise<PullSummary> {
  const { api, storage, token } = context;
  const pageSize = Math.min(context.pageSize ?? MAX_PULL_LIMIT, MAX_PULL_LIMIT);
  let cursor = await storage.hubCursor();
  if (cursor === undefined) {
    const snapshot = await api.state(token);
    await storage.replaceHubState({ cursor: snapshot.cursor, stock: snapshot.stock });
    cursor = snapshot.cursor;
  }
  let pulled = 0;
  for (;;) {
    const page = await api.pull(token, cursor, pageSize);
    const last = page.events.at(-1);
    if (!last) break;
    await storage.applyHubChanges(last.cursor, page.events.flatMap(stockChangesOf));
    cursor = last.cursor;
    pulled += page.events.length;
    if (!page.hasMore) break;
  }
  return { pulled, cursor };
}
