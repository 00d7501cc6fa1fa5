import { createHash, randomBytes } from 'node:crypto';
import { startKsefFake, type KsefFake } from '../../fakes/ksef/index.js';
import type { InvoiceDetail, InvoiceList, InvoiceListItem } from '../../shared/protocol/invoice-views.js';
import type { KsefConnectionTest, KsefOverview } from '../../shared/protocol/ksef-views.js';
import { AdminApiError, type AdminClient } from './admin-client.js';
import { DEMO_CERTIFICATE_PEM, DEMO_PRIVATE_KEY_PEM } from './ksef-demo/demo-certificate.js';
import { verdict, type CheckLine } from './day-check.js';
import { FA3_XSD, fa3CheckAvailable, validateAgainstSchema } from './fa3-schema-check.js';
import { checkNumberedOnce, numberedCounts, owesKsef, type KsefBacklog, type SentInvoice } from './ksef-check.js';
import { pause } from './pause.js';

/** The simulated store's invoicing day, as the summary tells it (`--upstreams`). */
export interface InvoicingSummary {
  ksef: string;
  requested: number;
  issued: number;
  byMode: Record<string, number>;
  /** what became of them at KSeF (issue 10) */
  sending: KsefSendingSummary;
}

/** Sending the day's invoices to the KSeF fake with the seller's token, by the fake's own counts. */
export interface KsefSendingSummary {
  /** from this many offline invoices due at once the hub sends them as one batch session */
  batchThreshold: number;
  /** invoices owed to KSeF: every one issued but in a total failure */
  owed: number;
  /** of those, numbered exactly once at the fake, with the number the hub recorded */
  numbered: number;
  /** invoice numbers the fake gave more than one KSeF number: must be 0 */
  numberedTwice: number;
  /** owed invoices the fake never numbered: must be 0 */
  missing: number;
  /** UPOs stored on the hub and downloaded from it, naming their invoice */
  upos: number;
  /** sessions the fake saw the hub open, by kind */
  sessions: { online: number; batch: number };
  /** invoices the fake received in sessions of each kind (a send again after a 550 counts twice) */
  received: { online: number; batch: number };
  /** from KSeF coming back to the last offline invoice numbered; null when none was offline */
  afterReturnMs: number | null;
  /** how long the simulator waited, once the other upstreams settled, for the hub to owe KSeF nothing */
  waitedMs: number;
  /** invoices the hub still owed KSeF when the wait ended: must be 0 */
  left: number;
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

const SELLER: Seller = {
  nip: '7740001454',
  name: 'Backroom Sklep Symulacja',
  address: { line1: 'ul. Testowa 1', line2: '00-950 Warszawa' },
};
/**
 * The hub's default is 20; a simulated day's outage leaves a handful of offline invoices, so the store sends from 3
 * at once as a batch, and a day shows both kinds of session.
 */
export const SIMULATOR_BATCH_THRESHOLD = 3;
/** After the store closed: how long the hub gets to send what it still owes KSeF. */
const SENDING_TIMEOUT_MS = 60_000;
const POLL_MS = 200;

/** The seller's name, NIP and address as Settings → Invoicing takes them. */
export interface Seller {
  nip: string;
  name: string;
  address: { line1: string; line2: string };
}

/**
 * Invoicing switched on as a manager does it: the seller on Settings → Invoicing, the demo offline certificate
 * (ksef-demo/README.md), and a KSeF token for the seller's NIP on Settings → Connectors, which the hub tries at once
 * with a login at KSeF. The simulator and the KSeF drain bench both set a store up this way.
 */
export async function connectInvoicing(
  admin: AdminClient,
  { seller, token, pin }: { seller: Seller; token: string; pin: string },
): Promise<void> {
  await admin.put('/v1/admin/settings/invoicing', {
    seller,
    numberFormat: 'FV/{YYYY}/{NNNNN}',
    environment: 'TE',
    pin,
  });
  await admin.put('/v1/admin/settings/invoicing/certificate', {
    certificatePem: DEMO_CERTIFICATE_PEM,
    privateKeyPem: DEMO_PRIVATE_KEY_PEM,
    pin,
  });
  const test = await admin.put<KsefConnectionTest>('/v1/admin/settings/connectors/ksef', { token, pin });
  if (!test.ok) throw new Error(`the hub cannot log in to KSeF with the token: ${test.message}`);
}

/**
 * KSeF for the simulated store (issues 9 and 10), on loopback: the KSeF fake answers the hub's probe, its status
 * service and its sends while the internet is up and drops every connection while it is down, so invoices the tills
 * ask for meanwhile are issued offline24 with KOD II and sent once KSeF is back. The store is set up as the manager
 * would: the seller on Settings → Invoicing, the demo offline certificate (ksef-demo/README.md), and a KSeF token the
 * fake knows for the seller's NIP on Settings → Connectors.
 */
export class StoreKsef {
  /** when KSeF came back after each outage (epoch ms) */
  private readonly returns: number[] = [];

  private constructor(
    private readonly fake: KsefFake,
    private readonly token: string,
  ) {}

  static async start(): Promise<StoreKsef> {
    // A token generated for the seller in KSeF, as a manager would paste it: the fake knows it for the seller's NIP.
    const token = `ksef-token-simulator-${randomBytes(12).toString('hex')}`;
    return new StoreKsef(await startKsefFake({ tokens: { [token]: SELLER.nip } }), token);
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
      'upstream.ksef.batchThreshold': SIMULATOR_BATCH_THRESHOLD,
    };
  }

  connect(admin: AdminClient, pin: string): Promise<void> {
    return connectInvoicing(admin, { seller: SELLER, token: this.token, pin });
  }

  cut(): void {
    this.fake.setReachable(false);
  }

  restore(): void {
    this.fake.setReachable(true);
    this.returns.push(Date.now());
  }

  /**
   * After the store closed: waits (bounded) for the hub to owe KSeF nothing, then holds the day's invoices to the
   * fake. Every invoice a till asked for was issued; offline ones carry KOD II and a deadline until KSeF takes them
   * as offline; bytes, hash and KOD I agree; and each one is numbered exactly once at the fake with its UPO stored.
   */
  async settle(admin: AdminClient, requested: number): Promise<{ summary: InvoicingSummary; checks: CheckLine[] }> {
    const backlog = await waitForSending(admin);
    const invoices = await allInvoices(admin);
    const details = await Promise.all(
      invoices.map((invoice) => admin.get<InvoiceDetail>(`/v1/admin/invoices/${invoice.invoiceId}`)),
    );
    const offline = details.filter((invoice) => invoice.mode !== 'online' && owesKsef(invoice));
    const codes = offline.flatMap((invoice) => {
      const problems: string[] = [];
      if (!invoice.kodII) problems.push(`${invoice.number} (${invoice.mode}) has no KOD II`);
      // Once numbered an invoice has no deadline left: KSeF must then have taken it as issued offline.
      if (invoice.ksefNumber) {
        if (invoice.ksef.invoicingMode !== 'Offline')
          problems.push(`${invoice.number} (${invoice.mode}) numbered as ${invoice.ksef.invoicingMode ?? 'unknown'}`);
      } else if (invoice.deadline.kind === 'none') problems.push(`${invoice.number} (${invoice.mode}) has no deadline`);
      return problems;
    });
    const bytes: string[] = [];
    const schema: string[] = [];
    const canValidate = fa3CheckAvailable();
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
    const sent = await Promise.all(details.map((invoice) => sentInvoice(admin, invoice)));
    const numbered = this.fake.numbered();
    const byMode: Record<string, number> = {};
    for (const invoice of invoices) byMode[invoice.mode] = (byMode[invoice.mode] ?? 0) + 1;
    return {
      summary: {
        ksef: this.label,
        requested,
        issued: invoices.length,
        byMode,
        sending: this.sending(sent, details, numbered, backlog),
      },
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
          'invoices issued while KSeF was out of reach are offline, with KOD II and a deadline, and KSeF took ' +
            'them as offline',
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
        checkNumberedOnce(sent, numbered, backlog),
      ],
    };
  }

  async close(): Promise<void> {
    await this.fake.close();
  }

  private sending(
    sent: readonly SentInvoice[],
    details: readonly InvoiceDetail[],
    numbered: ReadonlyMap<string, readonly string[]>,
    backlog: KsefBacklog,
  ): KsefSendingSummary {
    const owed = sent.filter(owesKsef);
    const counts = numberedCounts(sent, numbered);
    const byKind = <T extends { kind: 'online' | 'batch' }>(items: readonly T[]) => ({
      online: items.filter((item) => item.kind === 'online').length,
      batch: items.filter((item) => item.kind === 'batch').length,
    });
    return {
      batchThreshold: SIMULATOR_BATCH_THRESHOLD,
      owed: owed.length,
      numbered: owed.filter((invoice) => {
        const given = numbered.get(invoice.number);
        return given?.length === 1 && given[0] === invoice.ksefNumber;
      }).length,
      numberedTwice: counts.twice,
      missing: counts.missing,
      upos: owed.filter((invoice) => invoice.upoProblems !== null && invoice.upoDownload === null).length,
      sessions: byKind(this.fake.sessions()),
      received: byKind(this.fake.invoices()),
      afterReturnMs: this.afterReturnMs(details),
      waitedMs: Math.round(backlog.waitedMs),
      left: backlog.left,
    };
  }

  /** The longest any offline invoice waited from KSeF coming back (the last return before it) to its number. */
  private afterReturnMs(details: readonly InvoiceDetail[]): number | null {
    const waits = details
      .filter((invoice) => invoice.mode !== 'online' && invoice.ksef.acquiredAt)
      .flatMap((invoice) => {
        const acquired = Date.parse(invoice.ksef.acquiredAt!);
        const back = this.returns.filter((at) => at <= acquired).at(-1);
        return back === undefined ? [] : [acquired - back];
      });
    return waits.length === 0 ? null : Math.round(Math.max(...waits));
  }
}

/** Until the hub owes KSeF nothing (the KSeF overview's backlog), or the timeout. */
async function waitForSending(admin: AdminClient): Promise<KsefBacklog> {
  const started = performance.now();
  for (;;) {
    const { backlog } = await admin.get<KsefOverview>('/v1/admin/upstream/ksef');
    const waitedMs = performance.now() - started;
    if (backlog === 0 || waitedMs > SENDING_TIMEOUT_MS) return { left: backlog, waitedMs };
    await pause(POLL_MS);
  }
}

/** The invoice as the hub shows it after sending, with its UPO downloaded as a manager would. */
async function sentInvoice(admin: AdminClient, invoice: InvoiceDetail): Promise<SentInvoice> {
  let upoDownload: string | null = null;
  if (invoice.ksef.upo && invoice.ksefNumber) {
    try {
      const upo = await admin.text(`/v1/admin/invoices/${invoice.invoiceId}/upo`);
      if (!upo.includes(invoice.ksefNumber) || !upo.includes(invoice.number))
        upoDownload = 'the UPO downloaded from the hub names another invoice';
    } catch (error) {
      upoDownload = `its UPO could not be downloaded (${error instanceof AdminApiError ? error.status : String(error)})`;
    }
  }
  return {
    number: invoice.number,
    mode: invoice.mode,
    status: invoice.status,
    ksefNumber: invoice.ksefNumber,
    upoProblems: invoice.ksef.upo?.problems ?? null,
    upoDownload,
    kodILabel: invoice.kodI?.label ?? null,
  };
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
