import type { DaySummary } from './day-summary.js';
import type { PrintingSummary } from './store-printer.js';

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

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}
