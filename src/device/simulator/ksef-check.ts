import type { InvoiceMode, InvoiceStatus } from '../../shared/protocol/invoice-views.js';
import { verdict, type CheckLine } from './day-check.js';

/** One invoice of the day as the hub shows it once sending to KSeF settled (issue 10). */
export interface SentInvoice {
  /** P_2, the number the fake files it under */
  number: string;
  mode: InvoiceMode;
  status: InvoiceStatus;
  /** the KSeF number the hub recorded */
  ksefNumber: string | null;
  /** what the invoice detail shows of its UPO: null when none is stored, else what the hub's check of it found */
  upoProblems: readonly string[] | null;
  /** the UPO downloaded from the hub (`GET …/upo`): null when it named this invoice, else what was wrong */
  upoDownload: string | null;
  /** KOD I's label: the KSeF number once numbered */
  kodILabel: string | null;
}

/** How the wait for the hub's KSeF backlog ended. */
export interface KsefBacklog {
  /** invoices still owed to KSeF when the wait ended */
  left: number;
  /** how long the simulator waited after the store closed */
  waitedMs: number;
}

/** Issued in a total failure: never sent to KSeF (research §7). */
export function owesKsef(invoice: Pick<SentInvoice, 'mode'>): boolean {
  return invoice.mode !== 'total_failure';
}

/** How the invoices owed to KSeF stand at the fake: numbered once, more than once, or not at all. */
export function numberedCounts(
  invoices: readonly SentInvoice[],
  numbered: ReadonlyMap<string, readonly string[]>,
): { once: number; twice: number; missing: number } {
  const counts = { once: 0, twice: 0, missing: 0 };
  for (const invoice of invoices.filter(owesKsef)) {
    const given = numbered.get(invoice.number)?.length ?? 0;
    if (given === 0) counts.missing += 1;
    else if (given === 1) counts.once += 1;
    else counts.twice += 1;
  }
  return counts;
}

/**
 * The verdict on sending: each invoice owed to KSeF has exactly one KSeF number at the fake (by the fake's own
 * count per invoice number), the hub recorded that number and shows it in KOD I, and its UPO is stored on the hub,
 * names it and passed the hub's check. An invoice issued in a total failure must never have reached the fake.
 */
export function checkNumberedOnce(
  invoices: readonly SentInvoice[],
  numbered: ReadonlyMap<string, readonly string[]>,
  backlog: KsefBacklog,
): CheckLine {
  const issued = new Set(invoices.map((invoice) => invoice.number));
  const owed = invoices.filter(owesKsef);
  const differences = [
    ...(backlog.left > 0
      ? [`${backlog.left} still owed to KSeF ${(backlog.waitedMs / 1000).toFixed(1)} s after the store closed`]
      : []),
    ...owed.flatMap((invoice) => invoiceDifferences(invoice, numbered.get(invoice.number) ?? [])),
    ...invoices
      .filter((invoice) => !owesKsef(invoice) && numbered.has(invoice.number))
      .map((invoice) => `${invoice.number} was issued in a total failure, yet KSeF numbered it`),
    ...[...numbered.keys()]
      .filter((number) => !issued.has(number))
      .map((number) => `${number} numbered at the fake, but the hub issued no such invoice`),
  ];
  return verdict(
    'every invoice numbered exactly once at the KSeF fake, with its UPO stored on the hub',
    differences,
    `${owed.length} invoices, one KSeF number each at the fake and the same on the hub (KOD I too); ` +
      `${owed.length} UPOs stored, downloaded and naming them`,
  );
}

function invoiceDifferences(invoice: SentInvoice, given: readonly string[]): string[] {
  const { number } = invoice;
  if (given.length === 0) return [`${number} never numbered at the fake (the hub shows it ${invoice.status})`];
  const problems: string[] = [];
  if (given.length > 1) problems.push(`${number} numbered ${given.length} times at the fake: ${given.join(', ')}`);
  if (invoice.ksefNumber !== given[0]) {
    problems.push(`${number}: the hub has ${invoice.ksefNumber ?? 'no KSeF number'}, the fake gave ${given[0]}`);
  }
  if (invoice.status !== 'accepted') problems.push(`${number} is ${invoice.status} on the hub`);
  if (invoice.upoProblems === null) problems.push(`${number} has no UPO stored`);
  else if (invoice.upoProblems.length > 0) problems.push(`${number}: its UPO ${invoice.upoProblems[0]}`);
  if (invoice.upoDownload !== null) problems.push(`${number}: ${invoice.upoDownload}`);
  if (invoice.ksefNumber && invoice.kodILabel !== invoice.ksefNumber) {
    problems.push(`${number}: KOD I labelled ${invoice.kodILabel ?? 'nothing'}, not its KSeF number`);
  }
  return problems;
}
