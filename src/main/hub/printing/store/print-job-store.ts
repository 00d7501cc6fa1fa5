import type { Database, Statement } from 'better-sqlite3';
import { uuidv7 } from '../../uuid-v7.js';
import type {
  PrintJobKind,
  PrintJobState,
  PrintJobView,
  Requester,
  WaitReason,
} from '../../../../shared/protocol/printing.js';

interface JobRow {
  seq: number;
  id: string;
  printer_id: string;
  requester_type: Requester['type'];
  requester_id: string;
  client_key: string;
  request: string;
  kind: PrintJobKind;
  sale_id: string | null;
  state: PrintJobState;
  status_unknown: number;
  note: string | null;
  attempts: number;
  created_at: string;
  updated_at: string;
  printed_at: string | null;
}

const VIEW_COLUMNS = `seq, id, printer_id, requester_type, requester_id, client_key, request, kind, sale_id, state,
  status_unknown, note, attempts, created_at, updated_at, printed_at`;

export interface NewPrintJob {
  printerId: string;
  requester: Requester;
  clientKey: string;
  /** What was asked, canonical: the same client key with a different request is refused, not merged. */
  request: string;
  kind: PrintJobKind;
  saleId?: string | undefined;
  bytes: Buffer;
}

export interface QueuedJob {
  id: string;
  bytes: Buffer;
}

export interface JobListFilter {
  printerId?: string | undefined;
  state?: PrintJobState | undefined;
  saleId?: string | undefined;
  requester?: Requester | undefined;
  limit: number;
  /** A job id: only jobs queued before it (the previous page's last). */
  before?: string | undefined;
}

/**
 * The `print_jobs` table: one queue per printer in `seq` order. Every state change is one UPDATE that names the state
 * it expects, so a manager's drop and the worker's print can never both win.
 */
export class PrintJobStore {
  // A worker asks these on every step of its loop; prepared once, not per call.
  private readonly nextQueued: Statement<[string], QueuedJob>;
  private readonly anyQueued: Statement<[string], { n: number }>;

  constructor(private readonly db: Database) {
    this.nextQueued = db.prepare(
      `SELECT id, bytes FROM print_jobs WHERE printer_id = ? AND state = 'queued' ORDER BY seq LIMIT 1`,
    );
    this.anyQueued = db.prepare(
      `SELECT EXISTS (SELECT 1 FROM print_jobs WHERE printer_id = ? AND state = 'queued') AS n`,
    );
  }

  insert(job: NewPrintJob, now: string): PrintJobView {
    const id = uuidv7();
    this.db
      .prepare(
        `INSERT INTO print_jobs (id, printer_id, requester_type, requester_id, client_key, request, kind, sale_id, bytes,
           state, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?)`,
      )
      .run(
        id,
        job.printerId,
        job.requester.type,
        job.requester.id,
        job.clientKey,
        job.request,
        job.kind,
        job.saleId ?? null,
        job.bytes,
        now,
        now,
      );
    return this.view(id)!;
  }

  byClientKey(requester: Requester, clientKey: string): (PrintJobView & { request: string }) | undefined {
    const row = this.db
      .prepare<[string, string, string], JobRow>(
        `SELECT ${VIEW_COLUMNS} FROM print_jobs WHERE requester_type = ? AND requester_id = ? AND client_key = ?`,
      )
      .get(requester.type, requester.id, clientKey);
    return row ? { ...viewOf(row), request: row.request } : undefined;
  }

  view(id: string, waitingFor: WaitReason | null = null): PrintJobView | undefined {
    const row = this.db.prepare<[string], JobRow>(`SELECT ${VIEW_COLUMNS} FROM print_jobs WHERE id = ?`).get(id);
    return row ? viewOf(row, waitingFor) : undefined;
  }

  list(filter: JobListFilter, waitingFor: (printerId: string) => WaitReason | null): PrintJobView[] {
    const beforeSeq = filter.before
      ? (this.db.prepare<[string], { seq: number }>('SELECT seq FROM print_jobs WHERE id = ?').get(filter.before)
          ?.seq ?? 0)
      : Number.MAX_SAFE_INTEGER;
    return this.db
      .prepare<[Record<string, string | number | null>], JobRow>(
        `SELECT ${VIEW_COLUMNS} FROM print_jobs
         WHERE seq < @beforeSeq AND (@printerId IS NULL OR printer_id = @printerId) AND (@state IS NULL OR state = @state)
           AND (@saleId IS NULL OR sale_id = @saleId)
           AND (@requesterId IS NULL OR (requester_type = @requesterType AND requester_id = @requesterId))
         ORDER BY seq DESC LIMIT @limit`,
      )
      .all({
        beforeSeq,
        printerId: filter.printerId ?? null,
        state: filter.state ?? null,
        saleId: filter.saleId ?? null,
        requesterType: filter.requester?.type ?? null,
        requesterId: filter.requester?.id ?? null,
        limit: filter.limit,
      })
      .map((row) => viewOf(row, waitingFor(row.printer_id)));
  }

  /** The job a printer's worker should print next, if any. */
  next(printerId: string): QueuedJob | undefined {
    return this.nextQueued.get(printerId);
  }

  hasWork(printerId: string): boolean {
    return this.anyQueued.get(printerId)!.n === 1;
  }

  /** Counts jobs still owed to a printer (queued, printing or uncertain): such a printer cannot be deleted. */
  openJobs(printerId: string): number {
    return this.db
      .prepare<[string], { n: number }>(
        `SELECT COUNT(*) AS n FROM print_jobs WHERE printer_id = ? AND state IN ('queued','printing','uncertain')`,
      )
      .get(printerId)!.n;
  }

  /**
   * Moves a job from one state to another; false when it was not in `from` any more. Committed before the bytes go
   * out, so a crash mid-print leaves `printing` behind, which the next start turns into `uncertain`.
   */
  transition(
    id: string,
    from: readonly PrintJobState[],
    to: PrintJobState,
    now: string,
    extra: { note?: string | null; statusUnknown?: boolean; attempt?: boolean } = {},
  ): boolean {
    const placeholders = from.map(() => '?').join(',');
    const result = this.db
      .prepare(
        `UPDATE print_jobs SET state = ?, updated_at = ?,
           note = CASE WHEN ? THEN ? ELSE note END,
           status_unknown = COALESCE(?, status_unknown),
           attempts = attempts + ?,
           printed_at = CASE WHEN ? = 'printed' THEN ? ELSE printed_at END
         WHERE id = ? AND state IN (${placeholders})`,
      )
      .run(
        to,
        now,
        extra.note !== undefined ? 1 : 0,
        extra.note ?? null,
        extra.statusUnknown === undefined ? null : extra.statusUnknown ? 1 : 0,
        extra.attempt ? 1 : 0,
        to,
        now,
        id,
        ...from,
      );
    return result.changes === 1;
  }

  /** Jobs caught mid-print by a stop or crash: nobody knows whether they reached paper. */
  markInterrupted(now: string): string[] {
    return this.db
      .prepare<[string], { id: string }>(
        `UPDATE print_jobs SET state = 'uncertain', updated_at = ?,
           note = 'the hub stopped while this job was printing: check the printer before reprinting'
         WHERE state = 'printing' RETURNING id`,
      )
      .all(now)
      .map((row) => row.id);
  }

  countsByState(): Array<{ printerId: string; state: PrintJobState; count: number }> {
    return this.db
      .prepare<[], { printerId: string; state: PrintJobState; count: number }>(
        `SELECT printer_id AS printerId, state, COUNT(*) AS count FROM print_jobs
         WHERE state IN ('queued','printing','uncertain') GROUP BY printer_id, state`,
      )
      .all();
  }
}

function viewOf(row: JobRow, waitingFor: WaitReason | null = null): PrintJobView {
  return {
    id: row.id,
    clientKey: row.client_key,
    printerId: row.printer_id,
    kind: row.kind,
    state: row.state,
    waitingFor: row.state === 'queued' ? waitingFor : null,
    statusUnknown: row.status_unknown === 1,
    note: row.note,
    saleId: row.sale_id,
    attempts: row.attempts,
    requestedBy: { type: row.requester_type, id: row.requester_id },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    printedAt: row.printed_at,
  };
}
