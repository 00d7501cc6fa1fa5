import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type {
  EndOfDayRevisionView,
  EndOfDayState,
  EndOfDayView,
  NaxmlDocumentView,
} from '../../../../shared/protocol/conexxus-views.js';
import type { Acknowledgement } from '../../upstream/naxml/naxml-documents.js';
import { CONEXXUS_CONNECTOR, type NaxmlJobPayload, type NaxmlJobResult } from '../../upstream/naxml/naxml-jobs.js';
import type { OutboxStore } from '../../upstream/outbox/outbox-store.js';
import type { UpstreamJob } from '../../upstream/outbox/upstream-job.js';
import { jobOf, type JobRow } from '../../upstream/outbox/upstream-job.js';
import { ConexxusError } from './conexxus-errors.js';

interface ReportRow {
  business_date: string;
  revision: number;
  created_at: string;
  created_by: string;
  reason: string;
  currency: string | null;
  gross: number;
  net: number;
  transactions: number;
}

/** A Conexxus job as the screen shows it: the document's name, size and digest, and what the back office said. */
export function documentView(job: UpstreamJob): NaxmlDocumentView {
  const payload = job.payload as NaxmlJobPayload;
  const result = job.state === 'done' ? (job.result as NaxmlJobResult) : null;
  const ack: Acknowledgement | null = result?.transport === 'https' ? result.ack : null;
  const bytes = Buffer.from(payload.document, 'utf8');
  return {
    jobId: job.id,
    type: payload.type,
    fileName: payload.fileName,
    bytes: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    state: job.state,
    attempts: job.attempts,
    lastError: job.lastError,
    transport: result?.transport ?? null,
    deliveredAt: result?.deliveredAt ?? null,
    ackStatus: ack?.status ?? null,
    ackMessages: ack?.messages ?? [],
  };
}

/** The latest revision's documents decide the day's state; a newer fact still unreported outranks "sent". */
function dayState(latest: NaxmlDocumentView[], correctionDue: boolean): EndOfDayState {
  if (latest.some((d) => d.state === 'dead' || d.state === 'cancelled')) return 'failed';
  if (correctionDue) return 'correction_due';
  if (latest.some((d) => d.state === 'queued' || d.state === 'in_flight')) return 'sending';
  if (latest.some((d) => d.ackStatus === 'NonFatalError')) return 'warning';
  return latest.every((d) => d.ackStatus === 'Success') && latest.length > 0 ? 'acknowledged' : 'delivered';
}

const SETTLED: ReadonlySet<EndOfDayState> = new Set(['acknowledged', 'delivered', 'warning']);

export interface DayListQuery {
  limit: number;
  before?: string | undefined;
}

/** Business dates with an end of day, newest first, each with every revision and document. */
export function listEndOfDays(
  db: Database,
  query: DayListQuery,
  acknowledgeBy: (businessDate: string) => Date,
  now: Date,
): { days: EndOfDayView[]; nextBefore: string | null } {
  const dates = db
    .prepare<{ before: string | null; limit: number }, { business_date: string }>(
      `SELECT DISTINCT business_date FROM conexxus_reports WHERE @before IS NULL OR business_date < @before
       ORDER BY business_date DESC LIMIT @limit`,
    )
    .all({ before: query.before ?? null, limit: query.limit + 1 })
    .map((row) => row.business_date);
  const page = dates.slice(0, query.limit);
  const revisions = db.prepare<[string], ReportRow>(
    'SELECT * FROM conexxus_reports WHERE business_date = ? ORDER BY revision DESC',
  );
  const jobs = db.prepare<[string], JobRow>(
    `SELECT * FROM upstream_jobs
     WHERE connector = '${CONEXXUS_CONNECTOR}' AND kind = 'movement' AND json_extract(payload, '$.businessDate') = ?
     ORDER BY seq`,
  );
  const stale = db.prepare<[string], { one: number }>(
    'SELECT 1 AS one FROM conexxus_stale_days WHERE business_date = ?',
  );
  const days = page.map((businessDate): EndOfDayView => {
    const documents = jobs.all(businessDate).map(jobOf);
    const views: EndOfDayRevisionView[] = revisions.all(businessDate).map((row) => ({
      revision: row.revision,
      createdAt: row.created_at,
      createdBy: row.created_by,
      reason: row.reason,
      totals: { gross: row.gross, net: row.net, transactions: row.transactions },
      documents: documents
        .filter((job) => (job.payload as NaxmlJobPayload).revision === row.revision)
        .map(documentView),
    }));
    const state = dayState(views[0]!.documents, stale.get(businessDate) !== undefined);
    const deadline = acknowledgeBy(businessDate);
    return {
      businessDate,
      state,
      currency: revisions.get(businessDate)!.currency,
      acknowledgeBy: deadline.toISOString(),
      overdue: !SETTLED.has(state) && now > deadline,
      revisions: views,
    };
  });
  return { days, nextBefore: dates.length > query.limit ? page[page.length - 1]! : null };
}

/** The exact bytes a Conexxus job delivers (or delivered), for the screen's download link. */
export function documentOf(outbox: OutboxStore, jobId: string): NaxmlJobPayload {
  const job = outbox.get(jobId);
  if (!job || job.connector !== CONEXXUS_CONNECTOR) {
    throw new ConexxusError('DOCUMENT_NOT_FOUND', `no Conexxus document ${jobId}`);
  }
  return job.payload as NaxmlJobPayload;
}
