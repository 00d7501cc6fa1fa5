/**
 * The KSeF API 2.0 client the hub calls (research §2–§6, §9, §10): authentication with the KSeF token, interactive
 * and batch sending of the stored FA(3) bytes, statuses, UPOs. Every failure is an UpstreamError (a KsefApiError
 * with `ksefCode` when KSeF named an exception code); the KSeF token and the bearer tokens never appear in one.
 */
import { systemClock, type Clock } from '../clock/clock.js';
import { UpstreamError } from '../workers/upstream-error.js';
import { batchFileName, buildBatchPackage, MAX_PART_SIZE } from './batch-package.js';
import { closeBatchSession, openBatchSession, uploadParts } from './batch-session.js';
import { KsefAuth } from './ksef-auth.js';
import { KsefApiError, KsefCode } from './ksef-errors.js';
import { KsefHttp } from './ksef-http.js';
import {
  FA3_FORM_CODE,
  type FormCode,
  type InvoiceStatusView,
  type InvoiceToSend,
  type KsefClientOptions,
  type KsefContext,
  type SentInvoice,
  type SessionStatusView,
} from './ksef-types.js';
import { MfPublicKeys } from './mf-public-keys.js';
import {
  checkInvoiceToSend,
  closeOnlineSession,
  openOnlineSession,
  sendOnlineInvoice,
  type OnlineSession,
} from './online-session.js';
import { createSessionKey } from './session-crypto.js';
import { getInvoiceStatus, getSessionStatus, listSessionInvoices } from './session-status.js';
import { downloadUpo, upoByKsefNumber } from './upo-download.js';

export { checkUpo, UPO_NAMESPACE } from './upo-check.js';
export { KsefApiError, KsefCode } from './ksef-errors.js';
export { FA3_FORM_CODE } from './ksef-types.js';
export type {
  FormCode,
  InvoiceStatusView,
  InvoiceToSend,
  KsefClientOptions,
  SentInvoice,
  SessionStatusView,
  UpoPageView,
} from './ksef-types.js';

/** Exception codes after which the session cannot take more invoices: the rest go to a new session. */
const SESSION_OVER = new Set<number>([KsefCode.SESSION_STATUS, KsefCode.SESSION_INVOICE_LIMIT]);
const DEFAULT_UPLOAD_CONCURRENCY = 4;

export class KsefClient {
  private readonly ctx: KsefContext;
  private readonly formCode: FormCode;
  private readonly partSize: number;
  private readonly uploadConcurrency: number;

  constructor(private readonly options: KsefClientOptions) {
    const clock: Clock = options.clock ?? systemClock;
    const log = options.log ?? (() => undefined);
    const http = new KsefHttp({ apiBase: options.apiBase, fetch: options.fetch, log });
    const keys = new MfPublicKeys(http, clock);
    const auth = new KsefAuth({ http, keys, contextNip: options.contextNip, token: options.token, clock });
    this.ctx = { http, auth, keys, clock, log };
    this.formCode = options.formCode ?? FA3_FORM_CODE;
    this.partSize = options.partSize ?? MAX_PART_SIZE;
    this.uploadConcurrency = Math.max(1, options.uploadConcurrency ?? DEFAULT_UPLOAD_CONCURRENCY);
  }

  /**
   * Authenticates (or reuses a valid access token; refreshes it with the refresh token when expired; full re-auth
   * when the refresh token is refused). For Settings → "Test connection".
   */
  async testConnection(signal: AbortSignal): Promise<{ ok: boolean; message: string; latencyMs: number }> {
    const started = performance.now();
    const latency = () => Math.round(performance.now() - started);
    try {
      await this.ctx.auth.accessToken(signal);
      return {
        ok: true,
        message: `Connected to KSeF at ${this.ctx.http.base.host} as NIP ${this.options.contextNip}`,
        latencyMs: latency(),
      };
    } catch (error) {
      const failure = error instanceof UpstreamError ? error : new UpstreamError('unexpected', String(error));
      return { ok: false, message: failure.message, latencyMs: latency() };
    }
  }

  /**
   * Opens an interactive session with a fresh key, sends each invoice (encrypted from its bytes, with plain and
   * encrypted hashes and sizes), then closes the session. `onSent` is called synchronously as soon as each 202
   * arrives, before the next send, so the caller can persist it. On 400 21180 (session closed or expired) — and on
   * 21155 (the session's invoice limit) — it opens a NEW session and sends the rest there (never a technical
   * correction). Per-invoice 400s (21402, 21403, 21405, 21166, 21167…) are returned for that invoice, and the rest
   * go on. Any other failure (429, 5xx, network, auth) throws an UpstreamError after closing what can be closed —
   * invoices already sent were reported through onSent. Returns every invoice's outcome.
   *
   * Throws UpstreamError('validation') before sending anything when an invoice is malformed for sending: a
   * technical correction (hashOfCorrectedInvoice) without offlineMode, no bytes, or a repeated id. A session that
   * will not close at the end is logged, not thrown: every invoice was already sent and reported.
   */
  async sendInteractive(
    invoices: InvoiceToSend[],
    options: { signal: AbortSignal; onSent: (sent: SentInvoice) => void },
  ): Promise<Map<string, SentInvoice | UpstreamError>> {
    const { signal, onSent } = options;
    const results = new Map<string, SentInvoice | UpstreamError>();
    checkBatchOfInvoices(invoices);
    if (invoices.length === 0) return results;

    let session: OnlineSession | undefined = await openOnlineSession(this.ctx, this.formCode, signal);
    try {
      for (const invoice of invoices) {
        let freshSession = false;
        for (;;) {
          try {
            const sent = await sendOnlineInvoice(this.ctx, session, invoice, signal);
            const record: SentInvoice = {
              id: invoice.id,
              sessionRef: session.referenceNumber,
              invoiceRef: sent.invoiceRef,
              invoiceHash: sent.invoiceHash,
            };
            results.set(invoice.id, record);
            onSent(record);
            break;
          } catch (error) {
            if (!(error instanceof KsefApiError) || error.status !== 400) throw error;
            if (error.ksefCode !== undefined && SESSION_OVER.has(error.ksefCode) && !freshSession) {
              // The session takes no more invoices: the rest go to a new one. A fresh session refusing the same
              // way is not the session's fault, so that invoice gets the error and the loop goes on.
              const over = session.referenceNumber;
              this.ctx.log(`KSeF session ${over} takes no more invoices (${error.ksefCode})`);
              session = undefined;
              // A full session is still open (its UPO comes once it closes); a closed or expired one is not.
              if (error.ksefCode === KsefCode.SESSION_INVOICE_LIMIT) await this.closeQuietly(over, signal);
              session = await openOnlineSession(this.ctx, this.formCode, signal);
              freshSession = true;
              continue;
            }
            results.set(invoice.id, error);
            break;
          }
        }
      }
    } catch (error) {
      if (session && !signal.aborted) await this.closeQuietly(session.referenceNumber, signal);
      throw error;
    }
    await this.closeQuietly(session.referenceNumber, signal);
    return results;
  }

  /**
   * Zips the invoices (file name per invoice: `<id>.xml`, characters a file name should not hold made `_`), splits,
   * encrypts each part, opens a batch session with `offlineMode` (the whole session's), calls
   * `onOpened(sessionRef, fileNames)` (invoice id → file name in the archive) synchronously right after the 201,
   * uploads the parts (PUT to the given URLs with the given headers and NO Authorization header; parts in parallel,
   * a few at a time), and closes the session.
   *
   * Throws UpstreamError('validation') before opening anything when an invoice's own offlineMode differs from the
   * session's, when one is a technical correction (interactive only: research §9), or for a repeated id or file name.
   */
  async sendBatch(
    invoices: InvoiceToSend[],
    options: {
      signal: AbortSignal;
      offlineMode: boolean;
      onOpened: (sessionRef: string, fileNames: Map<string, string>) => void;
    },
  ): Promise<{ sessionRef: string }> {
    const { signal, offlineMode, onOpened } = options;
    checkBatchOfInvoices(invoices);
    const fileNames = new Map<string, string>();
    for (const invoice of invoices) {
      if (invoice.hashOfCorrectedInvoice !== undefined) {
        throw new UpstreamError(
          'validation',
          `invoice ${invoice.id} is a technical correction, which KSeF takes only in an interactive session`,
        );
      }
      if (invoice.offlineMode !== offlineMode) {
        throw new UpstreamError(
          'validation',
          `invoice ${invoice.id} has offlineMode ${invoice.offlineMode} but the batch is sent with ${offlineMode}`,
        );
      }
      fileNames.set(invoice.id, batchFileName(invoice.id));
    }
    const key = createSessionKey();
    const pkg = buildBatchPackage(
      invoices.map((i) => ({ name: fileNames.get(i.id) ?? batchFileName(i.id), bytes: i.bytes })),
      key,
      this.partSize,
    );
    const session = await openBatchSession(this.ctx, { formCode: this.formCode, pkg, key, offlineMode }, signal);
    onOpened(session.referenceNumber, fileNames);
    await uploadParts(this.ctx, session, pkg.parts, this.uploadConcurrency, signal);
    await closeBatchSession(this.ctx, session.referenceNumber, signal);
    return { sessionRef: session.referenceNumber };
  }

  sessionStatus(sessionRef: string, signal: AbortSignal): Promise<SessionStatusView> {
    return getSessionStatus(this.ctx, sessionRef, signal);
  }

  /** All invoices of a session, every page (x-continuation-token), pageSize 1000. */
  sessionInvoices(sessionRef: string, signal: AbortSignal): Promise<InvoiceStatusView[]> {
    return listSessionInvoices(this.ctx, sessionRef, signal);
  }

  invoiceStatus(sessionRef: string, invoiceRef: string, signal: AbortSignal): Promise<InvoiceStatusView> {
    return getInvoiceStatus(this.ctx, sessionRef, invoiceRef, signal);
  }

  /**
   * The UPO's bytes exactly as served (a pre-signed link: no token). Checks x-ms-meta-hash when present (mismatch →
   * UpstreamError('server')). An expired link (403/404) → UpstreamError('conflict'), so the caller re-fetches the
   * status for a fresh link.
   */
  downloadUpo(url: string, signal: AbortSignal): Promise<Buffer> {
    return downloadUpo(this.ctx, url, signal);
  }

  /** GET /sessions/{ref}/invoices/ksef/{ksefNumber}/upo — for reconciling a 440 duplicate with the original. */
  upoByKsefNumber(sessionRef: string, ksefNumber: string, signal: AbortSignal): Promise<Buffer> {
    return upoByKsefNumber(this.ctx, sessionRef, ksefNumber, signal);
  }

  private async closeQuietly(sessionRef: string, signal: AbortSignal): Promise<void> {
    try {
      await closeOnlineSession(this.ctx, sessionRef, signal);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.ctx.log(`KSeF session ${sessionRef} was not closed: ${message}`);
    }
  }
}

function checkBatchOfInvoices(invoices: readonly InvoiceToSend[]): void {
  const ids = new Set<string>();
  for (const invoice of invoices) {
    if (ids.has(invoice.id)) throw new UpstreamError('validation', `invoice ${invoice.id} is listed twice`);
    ids.add(invoice.id);
    checkInvoiceToSend(invoice);
  }
}
