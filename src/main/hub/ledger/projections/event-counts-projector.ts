import type { Database } from 'better-sqlite3';
import type { LedgerRecord } from '../event-log.js';
import { prepared } from './prepared.js';
import type { Projector } from './projector.js';

/** How many records of each type and status: the dashboard's totals without scanning the log. */
export const eventCountsProjector: Projector = {
  name: 'event-counts',
  tables: ['event_counts'],
  apply(db: Database, record: LedgerRecord) {
    prepared(
      db,
      `INSERT INTO event_counts (type, status, count) VALUES (?, ?, 1)
       ON CONFLICT(type, status) DO UPDATE SET count = count + 1`,
    ).run(record.event.type, record.status);
  },
};
