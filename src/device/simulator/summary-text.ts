import type { DaySummary } from './day-summary.js';
import type { KsefSendingSummary } from './store-ksef.js';
import type { PrintingSummary } from './store-printer.js';
import { seconds, type UpstreamsSummary } from './upstream-check.js';

/** The summary as a person reads it in a terminal; `--json` prints the object itself. */
export function summaryText(summary: DaySummary): string {
  const { devices, events } = summary;
  const list = (counts: Record<string, number>) =>
    Object.entries(counts)
      .map(([name, count]) => `${name} ${count}`)
      .join(', ') || 'none';
  const actions = summary.actionsPerDevice === null ? '' : `, ${summary.actionsPerDevice} actions each`;
  return [
    `STORE DAY against ${summary.hub}: ${count(devices.tills, 'till')}, ${count(devices.handhelds, 'handheld')}` +
      `${actions}, ` +
      `${(summary.elapsedMs / 1000).toFixed(1)} s`,
    `events recorded: ${events.recorded} (accepted ${events.synced}, conflict ${events.conflict}, ` +
      `refused ${events.refused}, rejected ${events.failed}, not delivered ${events.pending})`,
    `conflicts by kind: ${list(summary.conflictsByKind)}`,
    `refusals by code: ${list(summary.refusalsByCode)}`,
    `approvals: ${list(summary.approvals)}`,
    `duplicates in the ledger: ${summary.duplicates}`,
    `activity: ${list(summary.activity)}`,
    ...(summary.printing ? [printingText(summary.printing)] : []),
    ...(summary.upstreams ? [upstreamsText(summary.upstreams)] : []),
    'CHECK: the hub against an independent replay of the ledger it serves',
    ...summary.checks.map((check) => `  ${check.ok ? 'PASS' : 'FAIL'}  ${check.name}: ${check.detail}`),
    summary.ok ? 'RESULT: PASS' : 'RESULT: FAIL',
    '',
  ].join('\n');
}

function printingText({ printer, receipts, jobs, printedByKind, drawerOpenings, bytes }: PrintingSummary): string {
  const byKind = Object.entries(printedByKind)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ');
  return [
    `printing on the ${printer}:`,
    `  receipts printed ${jobs.printed}${byKind ? ` (${byKind})` : ''}, uncertain ${jobs.uncertain}, ` +
      `still queued ${jobs.queued + jobs.printing}, dropped ${jobs.dropped}; ` +
      `tills asked for ${receipts.asked}, ${receipts.skippedOffline} not asked while offline`,
    `  drawer openings sent ${drawerOpenings.sent}, dropped ${drawerOpenings.dropped}, ` +
      `queued ${drawerOpenings.queued}; ` +
      `tills asked for ${drawerOpenings.asked}, ${drawerOpenings.skippedOffline} skipped while offline`,
    `  bytes received by the printer ${bytes.received} (${bytes.printed} without status queries)`,
  ].join('\n');
}

function upstreamsText({
  stripe,
  payments,
  applied,
  outages,
  jobs,
  conexxus,
  invoicing,
  ...figures
}: UpstreamsSummary): string {
  const noticed =
    outages.slowestNoticeMs === null ? 'not always noticed' : `noticed within ${seconds(outages.slowestNoticeMs)} s`;
  const drained =
    figures.drainMs === null ? 'not drained in time' : `drained ${seconds(figures.drainMs)} s after closing`;
  return [
    `card payments at ${stripe}:`,
    `  ${payments} taken, ${figures.owed} owed to Stripe, ${figures.declined} declined by the issuer ` +
      `(${figures.atRisk} at risk on the hub), ${figures.heldForManager} held for the manager`,
    `  applied at the fake: ${applied.captures} captures, ${applied.cancels} cancels, ${applied.refunds} refunds`,
    `  internet cut ${count(outages.count, 'time')}, ${seconds(outages.totalMs)} s in all ` +
      `(longest ${seconds(outages.longestMs)} s, ${noticed}); backlog at its return ${figures.backlogAtRestore} jobs`,
    `  Stripe jobs: ${jobs.done} done, ${jobs.cancelled} withdrawn, ${jobs.dead} dead, ` +
      `${jobs.queued + jobs.in_flight} still owed; ${drained}`,
    `sales data (Conexxus NAXML, ${conexxus.transport}) to ${conexxus.destination}:`,
    `  ${conexxus.journal} POS journal documents; end of day ` +
      (conexxus.endOfDay.map(({ businessDate, revision }) => `${businessDate} R${revision}`).join(', ') || 'none') +
      `; ${conexxus.delivered} documents at the back office, ${conexxus.redeliveries} resent; ` +
      (conexxus.drainMs === null
        ? 'not drained in time'
        : `drained ${seconds(conexxus.drainMs)} s after the end of day`),
    `VAT invoices (${invoicing.ksef}): ${invoicing.requested} asked for, ${invoicing.issued} issued` +
      (Object.keys(invoicing.byMode).length
        ? ` (${Object.entries(invoicing.byMode)
            .map(([mode, n]) => `${n} ${mode}`)
            .join(', ')})`
        : ''),
    ...ksefSendingText(invoicing.sending),
  ].join('\n');
}

function ksefSendingText(sending: KsefSendingSummary): string[] {
  const { sessions, received } = sending;
  const returned =
    sending.afterReturnMs === null
      ? 'no offline invoice to send after an outage'
      : `the last offline invoice numbered ${seconds(sending.afterReturnMs)} s after KSeF came back`;
  const waited = `waited ${seconds(sending.waitedMs)} s`;
  const owing =
    sending.left === 0 ? `KSeF owed nothing at the check (${waited})` : `KSeF STILL OWED ${sending.left} (${waited})`;
  return [
    `  sent to KSeF with the seller's token: ${sending.numbered} of ${sending.owed} numbered exactly once at the ` +
      `fake (${sending.numberedTwice} numbered twice, ${sending.missing} missing), ${sending.upos} UPOs stored`,
    `  sessions at the fake: ${count(sessions.batch, 'batch session')} (${count(received.batch, 'invoice')}), ` +
      `${count(sessions.online, 'online session')} (${count(received.online, 'invoice')}); ` +
      `a batch from ${sending.batchThreshold} offline invoices due at once (the hub's default: 20)`,
    `  ${returned}; ${owing}`,
  ];
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}
