import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { startKsefFake, type KsefFake } from '../../fakes/ksef/index.js';
import type { InvoiceDetail, InvoiceList, InvoiceListItem } from '../../shared/protocol/invoice-views.js';
import type { AdminClient } from './admin-client.js';
import { verdict, type CheckLine } from './day-check.js';
import { FA3_XSD, validateAgainstSchema, xmllintAvailable } from './fa3-schema-check.js';

/** The simulated store's invoicing day, as the summary tells it (`--upstreams`). */
export interface InvoicingSummary {
  ksef: string;
  requested: number;
  issued: number;
  byMode: Record<string, number>;
}

/** Polish companies with valid NIPs (checksums hold), as customers asking for an invoice at the till. */
export const INVOICE_BUYERS = [
  {
    nip: '5260001246',
    name: 'Hurtownia Żuraw sp. z o.o.',
    address: { line1: 'ul. Długa 1', line2: '00-001 Warszawa' },
  },
  { nip: '1234563218', name: 'Kawiarnia Pod Lipą', address: { line1: 'Rynek 5', line2: '30-001 Kraków' } },
  { nip: '1111111111', name: 'Jan Kowalski Usługi', address: { line1: 'ul. Polna 7', line2: '60-001 Poznań' } },
];

const SELLER = {
  nip: '7740001454',
  name: 'Backroom Sklep Symulacja',
  address: { line1: 'ul. Testowa 1', line2: '00-950 Warszawa' },
};
const DEMO = new URL('./ksef-demo/', import.meta.url);

/**
 * KSeF for the simulated store (issue 9), on loopback: the KSeF fake answers the hub's probe and its status service
 * while the internet is up and drops every connection while it is down, so invoices the tills ask for meanwhile are
 * issued offline24 with KOD II. The store is set up as the manager would: the seller on Settings → Invoicing and the
 * demo offline certificate (ksef-demo/README.md).
 */
export class StoreKsef {
  private constructor(private readonly fake: KsefFake) {}

  static async start(): Promise<StoreKsef> {
    return new StoreKsef(await startKsefFake());
  }

  get label(): string {
    return `the KSeF fake on ${this.fake.url}`;
  }

  hubSettings(): Record<string, string | number> {
    return {
      'upstream.ksef.apiBase': this.fake.url,
      'upstream.ksef.latarniaUrl': this.fake.latarniaUrl,
      'upstream.ksef.checkSeconds': 1,
      'upstream.ksef.timeoutSeconds': 1,
    };
  }

  async connect(admin: AdminClient, pin: string): Promise<void> {
    await admin.put('/v1/admin/settings/invoicing', {
      seller: SELLER,
      numberFormat: 'FV/{YYYY}/{NNNNN}',
      environment: 'TE',
      pin,
    });
    const [certificatePem, privateKeyPem] = await Promise.all([
      readFile(new URL('offline-certificate.pem', DEMO), 'utf8'),
      readFile(new URL('offline-certificate.key.pem', DEMO), 'utf8'),
    ]);
    await admin.put('/v1/admin/settings/invoicing/certificate', { certificatePem, privateKeyPem, pin });
  }

  cut(): void {
    this.fake.setReachable(false);
  }

  restore(): void {
    this.fake.setReachable(true);
  }

  /** Every invoice a till asked for was issued; offline ones carry KOD II and a deadline; bytes, hash and KOD I agree. */
  async settle(admin: AdminClient, requested: number): Promise<{ summary: InvoicingSummary; checks: CheckLine[] }> {
    const invoices = await allInvoices(admin);
    const details = await Promise.all(
      invoices.map((invoice) => admin.get<InvoiceDetail>(`/v1/admin/invoices/${invoice.invoiceId}`)),
    );
    const offline = details.filter((invoice) => invoice.mode !== 'online');
    const codes = offline.flatMap((invoice) => {
      const problems: string[] = [];
      if (!invoice.kodII) problems.push(`${invoice.number} (${invoice.mode}) has no KOD II`);
      if (invoice.deadline.kind === 'none') problems.push(`${invoice.number} (${invoice.mode}) has no deadline`);
      return problems;
    });
    const bytes: string[] = [];
    const schema: string[] = [];
    const canValidate = xmllintAvailable();
    for (const invoice of details) {
      const xml = await admin.text(`/v1/admin/invoices/${invoice.invoiceId}/xml`);
      if (canValidate) {
        const check = validateAgainstSchema(xml, FA3_XSD);
        if (!check.valid) schema.push(`${invoice.number}: ${check.output.trim().split('\n')[0]}`);
      }
      const hash = createHash('sha256').update(Buffer.from(xml, 'utf8')).digest();
      if (hash.toString('base64') !== invoice.sha256)
        bytes.push(`${invoice.number}: the stored bytes are not its hash`);
      if (invoice.kodI && !invoice.kodI.url.endsWith(`/${hash.toString('base64url')}`))
        bytes.push(`${invoice.number}: KOD I is another hash`);
    }
    const byMode: Record<string, number> = {};
    for (const invoice of invoices) byMode[invoice.mode] = (byMode[invoice.mode] ?? 0) + 1;
    return {
      summary: { ksef: this.label, requested, issued: invoices.length, byMode },
      checks: [
        verdict(
          'every invoice a till asked for was issued',
          invoices.length === requested ? [] : [`${requested} asked for, ${invoices.length} issued`],
          `${invoices.length} invoices: ${
            Object.entries(byMode)
              .map(([mode, n]) => `${n} ${mode}`)
              .join(', ') || 'none'
          }`,
        ),
        verdict(
          'invoices issued while KSeF was out of reach are offline, with KOD II and a deadline',
          codes,
          `${offline.length} offline`,
        ),
        verdict(
          "each invoice's stored FA(3) bytes are the ones its hash and KOD I name",
          bytes,
          `${details.length} invoices downloaded and hashed`,
        ),
        verdict(
          'every invoice valid against the official FA(3) schema',
          schema,
          canValidate ? `${details.length} validated with xmllint` : 'not checked: xmllint is not installed',
        ),
      ],
    };
  }

  async close(): Promise<void> {
    await this.fake.close();
  }
}

async function allInvoices(admin: AdminClient): Promise<InvoiceListItem[]> {
  const invoices: InvoiceListItem[] = [];
  for (let before: string | null | undefined; before !== null;) {
    const page = await admin.get<InvoiceList>(`/v1/admin/invoices?limit=200${before ? `&before=${before}` : ''}`);
    invoices.push(...page.invoices);
    before = page.nextBefore;
  }
  return invoices;
}
