import { addMs, type Clock, warsawDate } from './dates.js';
import type { KsefFaults } from './faults.js';
import type { InvoiceFacts, InvoiceStatusInfo } from './invoice-checks.js';
import { newKsefNumber, newReferenceNumber } from './ksef-numbers.js';
import type { InvoiceRecord, SessionRecord } from './records.js';
import { blobOf, STORAGE_BASE, type Storage } from './storage.js';
import { invoiceUpo, sessionUpo, type UpoContext, type UpoDocument } from './upo.js';

/** KSeF numbers the acquisition some time before the permanent storage; the API documents it as always later. */
const PERMANENT_STORAGE_LAG_MS = 1_000;

export interface LedgerOptions {
  clock: Clock;
  faults: KsefFaults;
  storage: Storage;
  /** Real milliseconds an invoice stays in processing (100, then 150) before its final status. */
  processingDelayMs: number;
}

export interface ReceivedInvoice {
  session: SessionRecord;
  offlineMode: boolean;
  bytes: Buffer;
  invoiceHash: string;
  fileName: string | null;
  invoicingDate: Date;
  facts: InvoiceFacts;
  rejection: InvoiceStatusInfo | null;
  hashOfCorrectedInvoice: string | null;
  corrects: InvoiceRecord[];
  dueAtMs: number;
}

/**
 * Every session and invoice the fake took, and the processing that ends each invoice: forced faults first, then the
 * file checks, then the duplicate key (Podmiot1 NIP + RodzajFaktury + P_2 among numbered invoices), then a number.
 * Processing is settled lazily, in arrival order, whenever anything is asked of the fake, so no timer outlives it.
 */
export class Ledger {
  readonly sessions = new Map<string, SessionRecord>();
  readonly invoices: InvoiceRecord[] = [];
  private readonly pending: InvoiceRecord[] = [];
  private readonly numberedByKey = new Map<string, InvoiceRecord>();
  private readonly numbersByInvoiceNumber = new Map<string, string[]>();
  private readonly ksefNumbers = new Set<string>();

  constructor(private readonly options: LedgerOptions) {}

  get processingDelayMs(): number {
    return this.options.processingDelayMs;
  }

  addSession(session: SessionRecord): void {
    this.sessions.set(session.ref, session);
  }

  receive(invoice: ReceivedInvoice): InvoiceRecord {
    const record: InvoiceRecord = {
      ...invoice,
      ref: newReferenceNumber('EE', this.options.clock()),
      ordinalNumber: invoice.session.invoices.length + 1,
      receivedAtMs: Date.now(),
      status: null,
      ksefNumber: null,
      acquisitionDate: null,
      permanentStorageDate: null,
      invoicingMode: null,
      upo: null,
      correctedBy: null,
    };
    invoice.session.invoices.push(record);
    this.invoices.push(record);
    this.pending.push(record);
    return record;
  }

  /** Ends the processing of every invoice whose time has come, oldest first. */
  settle(): void {
    const now = Date.now();
    while (this.pending[0] && this.pending[0].dueAtMs <= now) this.finish(this.pending.shift()!);
  }

  /** P_2 → every KSeF number given to an invoice of that number, in the order given. */
  numbered(): Map<string, string[]> {
    return new Map([...this.numbersByInvoiceNumber].map(([invoiceNumber, numbers]) => [invoiceNumber, [...numbers]]));
  }

  /** The session UPO, built the first time the session is seen processed. */
  sessionUpo(session: SessionRecord): NonNullable<SessionRecord['upo']> {
    if (!session.upo) {
      const documents = session.invoices.filter((invoice) => invoice.status?.code === 200).map(upoDocument);
      const ref = newReferenceNumber('EU', this.options.clock());
      const path = `${STORAGE_BASE}/${session.ref}/session-upo/upo_00.xml`;
      session.upo = { ref, path, blob: blobOf(sessionUpo(upoContext(session), documents)) };
      this.options.storage.put(path, session.upo.blob);
    }
    return session.upo;
  }

  private finish(invoice: InvoiceRecord): void {
    invoice.session.updatedAt = this.options.clock();
    const forced = this.options.faults.takeRejection();
    if (forced) return void (invoice.status = { ...forced });
    if (invoice.rejection) return void (invoice.status = invoice.rejection);
    const { sellerNip, kind, invoiceNumber } = invoice.facts;
    const key = `${sellerNip}|${kind}|${invoiceNumber}`;
    const original = this.numberedByKey.get(key);
    if (original) {
      invoice.status = {
        code: 440,
        description: 'Duplikat faktury',
        details: [
          `Duplikat faktury. Faktura o numerze KSeF: ${original.ksefNumber} została już prawidłowo przesłana do systemu w sesji: ${original.session.ref}`,
        ],
        extensions: {
          originalSessionReferenceNumber: original.session.ref,
          originalKsefNumber: original.ksefNumber ?? '',
        },
      };
      return;
    }
    this.number(invoice, key);
  }

  private number(invoice: InvoiceRecord, key: string): void {
    const facts = invoice.facts as Required<InvoiceFacts>;
    const now = this.options.clock();
    let ksefNumber = newKsefNumber(facts.sellerNip, now);
    while (this.ksefNumbers.has(ksefNumber)) ksefNumber = newKsefNumber(facts.sellerNip, now);
    this.ksefNumbers.add(ksefNumber);
    invoice.ksefNumber = ksefNumber;
    invoice.acquisitionDate = now;
    invoice.permanentStorageDate = addMs(now, PERMANENT_STORAGE_LAG_MS);
    // Research §7: an invoice issued on an earlier Warsaw day than KSeF took it is offline, declared or not.
    invoice.invoicingMode =
      invoice.offlineMode || facts.issueDate < warsawDate(invoice.invoicingDate) ? 'Offline' : 'Online';
    invoice.status = { code: 200, description: 'Sukces' };
    const path = `${STORAGE_BASE}/${invoice.session.ref}/invoice-upo/upo_${ksefNumber}.xml`;
    invoice.upo = { path, blob: blobOf(invoiceUpo(upoContext(invoice.session), upoDocument(invoice))) };
    this.options.storage.put(path, invoice.upo.blob);
    this.numberedByKey.set(key, invoice);
    const numbers = this.numbersByInvoiceNumber.get(facts.invoiceNumber) ?? [];
    numbers.push(ksefNumber);
    this.numbersByInvoiceNumber.set(facts.invoiceNumber, numbers);
    for (const original of invoice.corrects) original.correctedBy = invoice;
  }
}

function upoContext(session: SessionRecord): UpoContext {
  return { sessionRef: session.ref, contextNip: session.context.nip, ksefTokenRef: session.context.ksefTokenRef };
}

function upoDocument(invoice: InvoiceRecord): UpoDocument {
  const facts = invoice.facts as Required<InvoiceFacts>;
  return {
    sellerNip: facts.sellerNip,
    ksefNumber: invoice.ksefNumber!,
    invoiceNumber: facts.invoiceNumber,
    issueDate: facts.issueDate,
    invoicingDate: invoice.invoicingDate,
    acquisitionDate: invoice.acquisitionDate!,
    invoiceHash: invoice.invoiceHash,
    invoicingMode: invoice.invoicingMode!,
  };
}
