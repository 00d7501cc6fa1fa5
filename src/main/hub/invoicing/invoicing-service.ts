import type { KeyObject } from 'node:crypto';
import type { InvoiceBuyer, KsefStatusPayload } from '../../../shared/protocol/invoice-payloads.js';
import type { InvoicingSettingsUpdate, InvoicingSettingsView } from '../../../shared/protocol/invoice-views.js';
import { canonicalJson } from '../../../shared/canonical-json.js';
import { hubEvent } from '../inventory/hub-events.js';
import type { LedgerRecord, StoredRecord } from '../ledger/event-log.js';
import type { Ledger } from '../ledger/ledger.js';
import type { InvoiceOutcome, TechnicalCorrectionOutcome } from '../ledger/projections/invoices-projector.js';
import type { SecretStore } from '../security/secret-store.js';
import { decideInvoiceRequest, ksefStatus } from './decide-invoice-request.js';
import { decideTechnicalCorrection } from './decide-technical-correction.js';
import { InvoiceError, type InvoiceErrorCode } from './invoice-errors.js';
import {
  certificateMeta,
  DEFAULT_NUMBER_FORMAT,
  formatInvoiceNumber,
  invoicingSettings,
  saveCertificateMeta,
  saveInvoicingSettings,
} from './invoicing-settings.js';
import { isValidNip, normalizeNip } from '../../../shared/nip.js';
import { certificateVerificationUrl } from './qr/kod-ii.js';
import { importOfflineCertificate } from './qr/offline-certificate.js';
import { readPrivateKey } from './qr/private-key.js';

const KEY_SECRET = 'invoicing.offline-certificate-key';
const NO_KOD_II: ReadonlySet<string> = new Set(['online', 'total_failure']);

/**
 * Invoicing as the back office and the ledger need it (issue 9): the seller's settings, the offline certificate whose
 * key signs KOD II (kept in the SecretStore, held in memory once loaded), the manager's invoices, and the hub's word
 * on KSeF. A till's `invoice.request` is decided by ingest like any device event; this service signs its KOD II in
 * the same transaction, so an offline invoice is never recorded without the code printed on it.
 */
export class InvoicingService {
  private key: KeyObject | undefined;

  constructor(
    private readonly ledger: Ledger,
    private readonly secrets: SecretStore,
  ) {
    ledger.onRecord((record) => this.signKodII(record));
  }

  async load(): Promise<void> {
    const pem = await this.secrets.get(KEY_SECRET);
    if (pem) this.key = readPrivateKey(pem.toString('utf8'));
  }

  settingsView(): InvoicingSettingsView {
    const db = this.ledger.db;
    const settings = invoicingSettings(db);
    const certificate = certificateMeta(db);
    return {
      seller: settings ? { ...settings.seller, bankAccount: settings.seller.bankAccount ?? null } : null,
      numberFormat: settings?.numberFormat ?? DEFAULT_NUMBER_FORMAT,
      environment: settings?.environment ?? 'TE',
      certificate: certificate
        ? {
            serial: certificate.serial,
            subject: certificate.subject,
            notAfter: certificate.notAfter,
            keyType: certificate.keyType,
          }
        : null,
    };
  }

  saveSettings(update: Omit<InvoicingSettingsUpdate, 'pin'>): InvoicingSettingsView {
    const nip = normalizeNip(update.seller.nip);
    if (!nip || !isValidNip(nip)) throw new InvoiceError('INVALID_NIP', `${update.seller.nip} is not a valid NIP`);
    try {
      formatInvoiceNumber(update.numberFormat, '2026-01-01', 1);
    } catch (error) {
      throw new InvoiceError('NUMBER_FORMAT_INVALID', (error as Error).message);
    }
    const { bankAccount, ...seller } = update.seller;
    saveInvoicingSettings(this.ledger.db, {
      seller: { ...seller, nip, bankAccount: bankAccount?.replaceAll(' ', '') ?? null },
      numberFormat: update.numberFormat,
      environment: update.environment,
    });
    return this.settingsView();
  }

  /** Checks the certificate and key (OfflineCertificateError says why not), then keeps the key in the SecretStore. */
  async importCertificate(input: { certificatePem: string; privateKeyPem: string; passphrase?: string | undefined }) {
    const imported = importOfflineCertificate({
      certificate: input.certificatePem,
      privateKeyPem: input.privateKeyPem,
      ...(input.passphrase !== undefined ? { passphrase: input.passphrase } : {}),
    });
    await this.secrets.set(KEY_SECRET, Buffer.from(imported.privateKeyPem, 'utf8'));
    this.key = readPrivateKey(imported.privateKeyPem);
    saveCertificateMeta(this.ledger.db, {
      serial: imported.serial,
      subject: imported.subject,
      notAfter: imported.notAfter.toISOString(),
      keyType: imported.keyType,
      publicKeyPem: imported.publicKeyPem,
    });
    return this.settingsView();
  }

  /**
   * A manager's invoice for a recorded sale, or (with `refundId`) the correcting invoice of its refund: decided like
   * a till's request, recorded only when accepted.
   */
  issue(request: { saleId: string; buyer?: InvoiceBuyer; refundId?: string }, actor: string): InvoiceOutcome {
    return this.ledger.transaction(() => {
      const event = hubEvent('invoice.request', request, actor);
      const decision = decideInvoiceRequest({ db: this.ledger.db, event });
      if (decision.status !== 'accepted') {
        const refusal = decision.outcome!.refusal!;
        throw new InvoiceError(refusal.code as InvoiceErrorCode, refusal.message);
      }
      const [record] = this.ledger.append([
        { status: 'accepted', event, ...(decision.outcome ? { outcome: decision.outcome } : {}) },
      ]);
      return record!.outcome!.invoice as InvoiceOutcome;
    });
  }

  /**
   * A manager's fix of an invoice KSeF rejected (the buyer's data): recorded only when accepted; the new bytes are
   * queued for KSeF in the same transaction.
   */
  correctTechnically(invoiceId: string, buyer: InvoiceBuyer, actor: string): TechnicalCorrectionOutcome {
    return this.ledger.transaction(() => {
      const event = hubEvent('invoice.technical_correction', { invoiceId, buyer }, actor);
      const decision = decideTechnicalCorrection({ db: this.ledger.db, event });
      if (decision.status !== 'accepted') {
        const refusal = decision.outcome!.refusal!;
        throw new InvoiceError(refusal.code as InvoiceErrorCode, refusal.message);
      }
      const [record] = this.ledger.append([{ status: 'accepted', event, outcome: decision.outcome! }]);
      return record!.outcome!.correction as TechnicalCorrectionOutcome;
    });
  }

  /** Records what the hub now knows of KSeF, when it differs from what it last recorded. */
  recordKsefStatus(status: KsefStatusPayload, actor = 'system: KSeF status'): StoredRecord | undefined {
    return this.ledger.transaction(() => {
      const last = ksefStatus(this.ledger.db);
      const unchanged =
        last.availability === status.availability &&
        canonicalJson(last.announcements) === canonicalJson(status.announcements);
      if (unchanged) return undefined;
      return this.ledger.append([{ status: 'accepted', event: hubEvent('ksef.status', status, actor) }])[0];
    });
  }

  /** KOD II of an offline invoice, signed once, in the transaction that records the invoice (research §8). */
  private signKodII(record: LedgerRecord): void {
    if (record.status !== 'accepted' || record.event.type !== 'invoice.request') return;
    const invoice = record.outcome!.invoice as InvoiceOutcome;
    if (NO_KOD_II.has(invoice.mode)) return;
    const db = this.ledger.db;
    const certificate = certificateMeta(db);
    const settings = invoicingSettings(db);
    // The decider refuses an offline invoice without a certificate; a key lost from the SecretStore must not let
    // one be recorded without its code either.
    if (!certificate || !settings || !this.key) throw new Error('offline invoice without an offline certificate key');
    const url = certificateVerificationUrl(
      {
        environment: settings.environment,
        contextType: 'Nip',
        contextValue: settings.seller.nip,
        sellerNip: settings.seller.nip,
        certificateSerial: certificate.serial,
        invoiceHash: invoice.sha256,
      },
      this.key,
    );
    db.prepare('INSERT INTO invoice_codes (invoice_id, certificate_serial, kod_ii_url) VALUES (?, ?, ?)').run(
      invoice.invoiceId,
      certificate.serial,
      url,
    );
  }
}
