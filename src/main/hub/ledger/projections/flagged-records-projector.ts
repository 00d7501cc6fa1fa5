import type { Database } from 'better-sqlite3';
import type { LedgerRecord } from '../event-log.js';
import { prepared } from './prepared.js';
import type { Projector } from './projector.js';

/** Records flagged for review (an implausible deviceTime, see clock-skew.ts): the activity list's "flagged" filter. */
export const flaggedRecordsProjector: Projector = {
  name: 'flagged-records',
  tables: ['flagged_records'],
  apply(db: Database, record: LedgerRecord) {
    const clockSkew = record.outcome?.clockSkew as { flagged?: boolean } | undefined;
    if (clockSkew?.flagged !== true) return;
    prepared(db, 'INSERT INTO flagged_records (cursor) VALUES (?)').run(record.cursor);
  },
};
