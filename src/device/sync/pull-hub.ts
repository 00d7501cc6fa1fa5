import { MAX_PULL_LIMIT } from '../../shared/protocol/envelope.js';
import type { HubApi } from '../client/hub-api.js';
import type { DeviceStorage, StockChange } from '../core/ports.js';
import { NEEDS_SNAPSHOT, stockChangesOf } from './stock-changes.js';

export interface PullSummary {
  /** ledger records applied */
  pulled: number;
  snapshots: number;
  cursor: number;
}

export interface PullContext {
  api: HubApi;
  storage: DeviceStorage;
  token: string;
  pageSize?: number;
}

/**
 * Brings the local copy of hub state up to the hub's head: a snapshot first for a device that has none, then pages
 * of ledger records after the local cursor, each page applied together with its cursor.
 */
export async function pullHub(context: PullContext): Promise<PullSummary> {
  const { api, storage, token } = context;
  const pageSize = Math.min(context.pageSize ?? MAX_PULL_LIMIT, MAX_PULL_LIMIT);
  const summary: PullSummary = { pulled: 0, snapshots: 0, cursor: 0 };
  let cursor = await storage.hubCursor();
  if (cursor === undefined) cursor = await applySnapshot(context, summary);
  for (;;) {
    const page = await api.pull(token, cursor, pageSize);
    const changes: StockChange[] = [];
    let needsSnapshot = false;
    for (const record of page.events) {
      const recordChanges = stockChangesOf(record);
      if (recordChanges === NEEDS_SNAPSHOT) needsSnapshot = true;
      else changes.push(...recordChanges);
    }
    summary.pulled += page.events.length;
    // The last record, not the response's cursor, is what this page covers.
    const pageEnd = page.events.at(-1)?.cursor ?? cursor;
    if (needsSnapshot) cursor = await applySnapshot(context, summary);
    else if (pageEnd !== cursor) {
      await storage.applyHubChanges(pageEnd, changes);
      cursor = pageEnd;
    }
    if (!page.hasMore || page.events.length === 0) break;
  }
  summary.cursor = cursor;
  return summary;
}

async function applySnapshot(context: PullContext, summary: PullSummary): Promise<number> {
  const snapshot = await context.api.state(context.token);
  await context.storage.replaceHubState({ cursor: snapshot.cursor, stock: snapshot.stock });
  summary.snapshots++;
  return snapshot.cursor;
}
