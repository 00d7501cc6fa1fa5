import type { PulledEvent } from '../../shared/protocol/device-api.js';
import { MAX_PULL_LIMIT } from '../../shared/protocol/envelope.js';
import type { HubApi } from '../client/hub-api.js';

/** The whole ledger, page by page, as a device catching up from the start would pull it. */
export async function pullWholeLedger(api: HubApi, token: string): Promise<PulledEvent[]> {
  const records: PulledEvent[] = [];
  for (let after = 0; ;) {
    const page = await api.pull(token, after, MAX_PULL_LIMIT);
    records.push(...page.events);
    const last = page.events.at(-1);
    if (!last || !page.hasMore) return records;
    after = last.cursor;
  }
}
