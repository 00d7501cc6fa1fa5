import type { NewUpstreamJob } from '../../upstream/outbox/outbox-store.js';
import { journalFileName, movementFileName } from '../../upstream/naxml/file-names.js';
import {
  buildItemSalesMovement,
  buildMerchandiseCodeMovement,
  buildMiscellaneousSummaryMovement,
  buildTaxLevelMovement,
} from '../../upstream/naxml/movement-reports.js';
import type { JournalEntry, MovementReportBase, MovementReportType } from '../../upstream/naxml/naxml-documents.js';
import { CONEXXUS_CONNECTOR, type NaxmlJobPayload } from '../../upstream/naxml/naxml-jobs.js';
import { buildPosJournal } from '../../upstream/naxml/pos-journal.js';
import type { DayFigures } from './naxml-day.js';

/** Journal entries go before end-of-day reports of the same age: a back office reads the day from its journal. */
const JOURNAL_PRIORITY = 1;

/** A journal entry as its outbox job: the document is built once, here, and every resend sends these bytes. */
export function journalJob(entry: JournalEntry, saleId: string): Omit<NewUpstreamJob, 'source'> {
  const payload: NaxmlJobPayload = {
    type: 'PJR',
    fileName: journalFileName(entry),
    document: buildPosJournal(entry),
    businessDate: entry.businessDate,
    saleId,
  };
  return { connector: CONEXXUS_CONNECTOR, kind: 'journal', payload, priority: JOURNAL_PRIORITY };
}

/** The four movement reports of one revision of a business date, in the order a back office books them. */
export function movementJobs(figures: DayFigures, revision: number): Array<Omit<NewUpstreamJob, 'source'>> {
  const base: MovementReportBase = {
    header: figures.header,
    reportSequenceNumber: revision,
    period: figures.period,
    minorDigits: figures.minorDigits,
  };
  const documents: Record<MovementReportType, string> = {
    ISM: buildItemSalesMovement({ ...base, items: figures.items }),
    MCM: buildMerchandiseCodeMovement({ ...base, departments: figures.departments }),
    TLM: buildTaxLevelMovement({ ...base, taxLevels: figures.taxLevels }),
    MSM: buildMiscellaneousSummaryMovement({ ...base, summaries: figures.summaries }),
  };
  return (Object.keys(documents) as MovementReportType[]).map((type) => {
    const payload: NaxmlJobPayload = {
      type,
      fileName: movementFileName(type, base),
      document: documents[type],
      businessDate: figures.period.businessDate,
      revision,
    };
    return { connector: CONEXXUS_CONNECTOR, kind: 'movement', payload };
  });
}
