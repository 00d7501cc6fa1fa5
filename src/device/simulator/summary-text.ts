import type { DaySummary } from './day-summary.js';

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
    'CHECK: the hub against an independent replay of the ledger it serves',
    ...summary.checks.map((check) => `  ${check.ok ? 'PASS' : 'FAIL'}  ${check.name}: ${check.detail}`),
    summary.ok ? 'RESULT: PASS' : 'RESULT: FAIL',
    '',
  ].join('\n');
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}
