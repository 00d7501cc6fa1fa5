import { type FakeAnswer, json, xml } from './answers.js';
import { addMs, apiTimestamp, type Clock } from './dates.js';
import type { InvoiceStatusInfo } from './invoice-checks.js';
import { KsefException } from './ksef-errors.js';
import type { Ledger } from './ledger.js';
import type { InvoiceRecord, SessionRecord } from './records.js';
import { isPending, sessionStatus } from './sessions.js';
import type { Blob, Storage } from './storage.js';

export interface SessionReadOptions {
  clock: Clock;
  ledger: Ledger;
  storage: Storage;
  upoLinkTtlMs: number;
}

const PAGE_SIZE = { min: 10, max: 1000, default: 10 };

function pendingStatus(invoice: InvoiceRecord, processingDelayMs: number): InvoiceStatusInfo {
  // Halfway through, "accepted" (100) turns to "processing" (150), so clients meet both codes.
  return Date.now() - invoice.receivedAtMs < processingDelayMs / 2
    ? { code: 100, description: 'Faktura przyjęta do dalszego przetwarzania' }
    : { code: 150, description: 'Trwa przetwarzanie' };
}

function continuationOffset(token: string | undefined, total: number): number {
  if (token === undefined || token === '') return 0;
  const match = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64').toString('utf8'));
  const offset = match ? Number(match[1]) : NaN;
  if (!Number.isSafeInteger(offset) || offset > total) throw new KsefException(21418);
  return offset;
}

function pageSizeOf(query: URLSearchParams): number {
  const raw = query.get('pageSize');
  if (raw === null) return PAGE_SIZE.default;
  const size = Number(raw);
  if (!/^\d+$/.test(raw) || size < PAGE_SIZE.min || size > PAGE_SIZE.max) {
    throw new KsefException(21405, [
      `pageSize musi być liczbą całkowitą z zakresu ${PAGE_SIZE.min}..${PAGE_SIZE.max}.`,
    ]);
  }
  return size;
}

function upoAnswer(blob: Blob): FakeAnswer {
  return xml(200, blob.bytes, { 'x-ms-meta-hash': blob.hash });
}

/**
 * The reads of a session (research §6): its status, its invoices page by page, one invoice's status, and the UPOs.
 * Every answer that names a UPO carries a freshly minted download link, as KSeF regenerates them on each call.
 */
export class SessionReads {
  constructor(private readonly options: SessionReadOptions) {}

  status(session: SessionRecord): FakeAnswer {
    const status = sessionStatus(session);
    const finished = session.invoices.filter((invoice) => !isPending(invoice));
    const successful = finished.filter((invoice) => invoice.status?.code === 200).length;
    let upo: unknown;
    if (status.code === 200) {
      const page = this.options.ledger.sessionUpo(session);
      upo = { pages: [{ referenceNumber: page.ref, ...this.link(page.path, 'downloadUrl') }] };
    }
    return json(200, {
      status,
      dateCreated: apiTimestamp(session.openedAt),
      dateUpdated: apiTimestamp(session.updatedAt),
      validUntil: apiTimestamp(session.validUntil),
      upo,
      invoiceCount: session.invoices.length,
      successfulInvoiceCount: successful,
      failedInvoiceCount: finished.length - successful,
    });
  }

  /** `GET /sessions/{ref}/invoices[/failed]`: `pageSize` in the query, `x-continuation-token` in a header. */
  invoices(
    session: SessionRecord,
    query: URLSearchParams,
    continuation: string | undefined,
    failed: boolean,
  ): FakeAnswer {
    const pageSize = pageSizeOf(query);
    const listed = failed
      ? session.invoices.filter((invoice) => invoice.status !== null && invoice.status.code !== 200)
      : session.invoices;
    const offset = continuationOffset(continuation, listed.length);
    const next = offset + pageSize;
    return json(200, {
      continuationToken: next < listed.length ? Buffer.from(`offset:${next}`).toString('base64') : undefined,
      invoices: listed.slice(offset, next).map((invoice) => this.invoiceBody(invoice)),
    });
  }

  invoice(session: SessionRecord, invoiceRef: string): FakeAnswer {
    return json(200, this.invoiceBody(this.invoiceOf(session, invoiceRef)));
  }

  invoiceUpo(session: SessionRecord, invoiceRef: string): FakeAnswer {
    const invoice = this.invoiceOf(session, invoiceRef);
    if (!invoice.upo) throw new KsefException(21178, [`UPO faktury ${invoiceRef} nie zostało znalezione.`]);
    return upoAnswer(invoice.upo.blob);
  }

  invoiceUpoByKsefNumber(session: SessionRecord, ksefNumber: string): FakeAnswer {
    const invoice = session.invoices.find((candidate) => candidate.ksefNumber === ksefNumber);
    if (!invoice?.upo) {
      throw new KsefException(21178, [
        `UPO o numerze KSeF ${ksefNumber} i numerze referencyjnym sesji ${session.ref} nie zostało znalezione.`,
      ]);
    }
    return upoAnswer(invoice.upo.blob);
  }

  sessionUpo(session: SessionRecord, upoRef: string): FakeAnswer {
    if (session.upo?.ref !== upoRef) {
      throw new KsefException(21178, [
        `UPO o numerze referencyjnym ${upoRef} dla sesji ${session.ref} nie zostało znalezione.`,
      ]);
    }
    return upoAnswer(session.upo.blob);
  }

  private invoiceOf(session: SessionRecord, invoiceRef: string): InvoiceRecord {
    const invoice = session.invoices.find((candidate) => candidate.ref === invoiceRef);
    if (!invoice) {
      throw new KsefException(21405, [
        `Faktura o numerze referencyjnym ${invoiceRef} nie istnieje w sesji ${session.ref}.`,
      ]);
    }
    return invoice;
  }

  private invoiceBody(invoice: InvoiceRecord): unknown {
    const stamp = (date: Date | null) => (date === null ? undefined : apiTimestamp(date));
    return {
      ordinalNumber: invoice.ordinalNumber,
      invoiceNumber: invoice.facts.invoiceNumber,
      ksefNumber: invoice.ksefNumber ?? undefined,
      referenceNumber: invoice.ref,
      invoiceHash: invoice.invoiceHash,
      invoiceFileName: invoice.fileName ?? undefined,
      acquisitionDate: stamp(invoice.acquisitionDate),
      invoicingDate: apiTimestamp(invoice.invoicingDate),
      permanentStorageDate: stamp(invoice.permanentStorageDate),
      ...(invoice.upo ? this.link(invoice.upo.path, 'upoDownloadUrl') : {}),
      invoicingMode: invoice.invoicingMode ?? undefined,
      status: invoice.status ?? pendingStatus(invoice, this.options.ledger.processingDelayMs),
    };
  }

  /** `{ <name>, <name>ExpirationDate }` as SessionInvoiceStatusResponse and UpoPageResponse spell the pair. */
  private link(path: string, name: 'downloadUrl' | 'upoDownloadUrl'): Record<string, string> {
    const expiresAt = addMs(this.options.clock(), this.options.upoLinkTtlMs);
    return {
      [name]: this.options.storage.link(path, expiresAt, 'r'),
      [`${name}ExpirationDate`]: apiTimestamp(expiresAt),
    };
  }
}
