import type { Database, Statement } from 'better-sqlite3';

export interface Submission {
  invoiceId: string;
  sha256: string;
  sessionRef: string;
  /** Known at once for an interactive send; a batch's invoices are found in its session by their hash. */
  invoiceRef: string | null;
  kind: 'online' | 'batch';
  sentAt: string;
}

interface SubmissionRow {
  invoice_id: string;
  sha256: string;
  session_ref: string;
  invoice_ref: string | null;
  kind: 'online' | 'batch';
  sent_at: string;
}

/** Invoice statuses that are not an answer yet (research §6). */
export const IN_PROGRESS_CODES: ReadonlySet<number> = new Set([100, 150]);

/**
 * The hub's own record of what it has handed to KSeF (`ksef_submissions`), written the moment KSeF acknowledged each
 * send and before anything else happens, so a hub killed while KSeF was numbering an invoice asks that session for
 * it after the restart instead of sending it again. A send whose last status was final is never resumed: 550 means
 * send again, any other final status is recorded in the ledger.
 */
export class SubmissionStore {
  private readonly insert: Statement<[Record<string, string | null>]>;
  private readonly openOne: Statement<[string, string], SubmissionRow>;
  private readonly setCodeStmt: Statement<[number, string, string]>;
  private readonly closeOpenStmt: Statement<[number, string, string]>;

  constructor(private readonly db: Database) {
    this.insert = db.prepare(
      `INSERT INTO ksef_submissions (invoice_id, sha256, session_ref, invoice_ref, kind, sent_at)
       VALUES (@invoiceId, @sha256, @sessionRef, @invoiceRef, @kind, @sentAt)
       ON CONFLICT (invoice_id, session_ref) DO UPDATE SET invoice_ref = excluded.invoice_ref, last_code = NULL`,
    );
    this.openOne = db.prepare(
      `SELECT invoice_id, sha256, session_ref, invoice_ref, kind, sent_at FROM ksef_submissions
       WHERE invoice_id = ? AND sha256 = ? AND (last_code IS NULL OR last_code IN (100, 150))
       ORDER BY sent_at DESC LIMIT 1`,
    );
    this.setCodeStmt = db.prepare('UPDATE ksef_submissions SET last_code = ? WHERE invoice_id = ? AND session_ref = ?');
    this.closeOpenStmt = db.prepare(
      `UPDATE ksef_submissions SET last_code = ?
       WHERE invoice_id = ? AND sha256 = ? AND (last_code IS NULL OR last_code IN (100, 150))`,
    );
  }

  record(submission: Submission): void {
    this.insert.run({ ...submission });
  }

  /** A batch's invoices, all at once: one transaction, one fsync. */
  recordAll(submissions: readonly Submission[]): void {
    this.db.transaction(() => {
      for (const submission of submissions) this.record(submission);
    })();
  }

  /** The send of these bytes still waiting for KSeF's answer, if any. */
  open(invoiceId: string, sha256: string): Submission | undefined {
    const row = this.openOne.get(invoiceId, sha256);
    return row ? submissionOf(row) : undefined;
  }

  setCode(submission: Pick<Submission, 'invoiceId' | 'sessionRef'>, code: number): void {
    this.setCodeStmt.run(code, submission.invoiceId, submission.sessionRef);
  }

  /** In the transaction that records KSeF's final word on these bytes: their open sends are over. */
  closeOpen(invoiceId: string, sha256: string, code: number): void {
    this.closeOpenStmt.run(code, invoiceId, sha256);
  }
}

function submissionOf(row: SubmissionRow): Submission {
  return {
    invoiceId: row.invoice_id,
    sha256: row.sha256,
    sessionRef: row.session_ref,
    invoiceRef: row.invoice_ref,
    kind: row.kind,
    sentAt: row.sent_at,
  };
}
