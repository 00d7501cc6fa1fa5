import type { ConflictView, PulledEvent, StateReply } from '../../shared/protocol/device-api.js';
import { SYNC_STATUSES, type SyncStatus } from '../core/ports.js';
import { policyStateOf } from '../sync/payment-policy-snapshot.js';
import {
  checkApprovalsListed,
  checkConflictsListed,
  checkFigures,
  verdict,
  type CheckLine,
  type HubFigures,
} from './day-check.js';
import { pullWholeLedger } from './ledger-pull.js';
import { replayLedger, type LedgerReplay } from './ledger-replay.js';
import type { SimulatedDevice } from './simulated-device.js';
import type { StoreDay } from './store-day.js';
import type { ApprovalSummary, StoreManager } from './store-manager.js';
import { checkPrinting, type PrintingSummary } from './store-printer.js';
import type { UpstreamsDay } from './store-upstreams.js';
import type { UpstreamsSummary } from './upstream-check.js';

export interface DaySummary {
  /** which hub the day ran against */
  hub: string;
  devices: { tills: number; handhelds: number };
  /** per device, for a bounded day */
  actionsPerDevice: number | null;
  elapsedMs: number;
  /** what became of the events the simulated devices recorded, as the devices know it */
  events: Record<'recorded' | SyncStatus, number>;
  /** conflicts raised by those events */
  conflictsByKind: Record<string, number>;
  refusalsByCode: Record<string, number>;
  activity: Record<string, number>;
  /** approvals those devices asked for, as the ledger has them */
  approvals: Record<'requested' | 'approved' | 'declined' | 'expired' | 'pending', number>;
  /** event ids recorded more than once in the ledger: must be 0 */
  duplicates: number;
  /** receipts and drawer openings, when the store had the simulator's printer (`--virtual-printer`) */
  printing: PrintingSummary | null;
  /** card payments at the Stripe fake, when the simulator played the store's processor (`--upstreams`) */
  upstreams: UpstreamsSummary | null;
  checks: CheckLine[];
  ok: boolean;
  errors: string[];
}

export interface SummaryInput {
  hub: string;
  devices: readonly SimulatedDevice[];
  day: StoreDay;
  manager: StoreManager;
  actionsPerDevice: number | undefined;
  /** the store's time zone: business dates are its local dates */
  timeZone: string;
  /** figures the hub holds beyond what `GET /v1/state` shows, e.g. from its projections */
  moreFigures?: () => HubFigures[] | Promise<HubFigures[]>;
  /** the printer's day, once its queue settled */
  printing?: PrintingSummary;
  /** the card payments' day, once the hub's Stripe queue settled */
  upstreams?: UpstreamsDay;
}

type RecordedOutcome = { id: string; deliberate?: string; status: SyncStatus; refusal?: string };

/** What the hub shows and what its ledger says, gathered once the day is over. */
interface Evidence {
  figures: HubFigures[];
  records: number;
  /** the whole ledger replayed; `replayUpTo` replays it as far as a figure's cursor */
  replay: LedgerReplay;
  replayUpTo: (cursor: number) => LedgerReplay;
  conflicts: ConflictView[];
  approvals: ApprovalSummary[];
  outcomes: RecordedOutcome[];
  deviceIds: ReadonlySet<string>;
}

/** The hub's figures first, each as of its cursor; then the whole ledger, which includes every one of those. */
async function gatherEvidence(input: SummaryInput): Promise<Evidence> {
  const { devices, manager, timeZone } = input;
  const reader = await answeringDevice(devices);
  const figures = [stateFigures(await reader.hubState()), ...((await input.moreFigures?.()) ?? [])];
  const ledger = await pullWholeLedger(reader.api, await reader.token());
  const [conflicts, approvals] = await Promise.all([manager.conflicts(), manager.approvals()]);
  return {
    figures,
    records: ledger.length,
    replay: replayLedger(ledger, timeZone),
    replayUpTo: (cursor) =>
      replayLedger(
        ledger.filter((record) => record.cursor <= cursor),
        timeZone,
      ),
    conflicts,
    approvals,
    outcomes: await recordedOutcomes(devices),
    deviceIds: new Set(devices.map((sim) => sim.deviceId)),
  };
}

function checksOf(evidence: Evidence, input: SummaryInput): CheckLine[] {
  const { replay, outcomes } = evidence;
  const { day, printing, upstreams } = input;
  return [
    ...evidence.figures.flatMap((figures) => checkFigures(figures, evidence.replayUpTo(figures.cursor))),
    checkConflictsListed(evidence.conflicts, replay),
    checkApprovalsListed(evidence.approvals, replay, evidence.deviceIds),
    verdict(
      'no event recorded twice',
      replay.duplicates > 0 ? [`${replay.duplicates} duplicates`] : [],
      `${evidence.records} ledger records`,
    ),
    checkDelivered(outcomes, replay),
    checkDeliberate(outcomes, replay),
    verdict('the replay knows every record', replay.unreplayable, 'no record left out'),
    ...(printing ? [checkPrinting(printing)] : []),
    ...(upstreams?.checks ?? []),
    verdict('the day ran without errors', day.errors, 'none'),
  ];
}

/**
 * After the day: the hub's figures held against an independent replay of the ledger it serves, the admin API's
 * lists against the ledger, and the simulated devices' own account of their events.
 */
export async function summarizeDay(input: SummaryInput): Promise<DaySummary> {
  const { devices, day } = input;
  const evidence = await gatherEvidence(input);
  const { replay, outcomes, deviceIds } = evidence;
  const checks = checksOf(evidence, input);
  const ours = [...replay.approvals.values()].filter((approval) => deviceIds.has(approval.deviceId));
  const ourEvents = new Set(outcomes.map((outcome) => outcome.id));
  const ourConflicts = [...replay.conflicts.values()].filter((conflict) => ourEvents.has(conflict.eventId));
  return {
    hub: input.hub,
    devices: {
      tills: devices.filter((sim) => sim.kind === 'pos').length,
      handhelds: devices.filter((sim) => sim.kind === 'handheld').length,
    },
    actionsPerDevice: input.actionsPerDevice ?? null,
    elapsedMs: day.elapsedMs,
    events: { recorded: outcomes.length, ...countBy(outcomes, (o) => o.status, SYNC_STATUSES) },
    conflictsByKind: countBy(ourConflicts, (conflict) => conflict.kind),
    refusalsByCode: countBy(outcomes, (outcome) => outcome.refusal),
    activity: day.tally.toJSON(),
    approvals: {
      requested: ours.length,
      ...countBy(ours, (a) => a.status, ['approved', 'declined', 'expired', 'pending']),
    },
    duplicates: replay.duplicates,
    printing: input.printing ?? null,
    upstreams: input.upstreams?.summary ?? null,
    checks,
    ok: checks.every((check) => check.ok),
    errors: day.errors,
  };
}

/** A device the manager may have revoked cannot read any more; any other can. */
async function answeringDevice(devices: readonly SimulatedDevice[]): Promise<SimulatedDevice> {
  for (const sim of devices) if (!(await sim.revoked())) return sim;
  throw new Error('every simulated device was revoked: nothing can read the ledger');
}

function stateFigures(state: StateReply): HubFigures {
  const policy = policyStateOf(state);
  return {
    source: 'GET /v1/state',
    cursor: state.cursor,
    stock: state.stock,
    ...(policy ? { exposure: { currency: policy.offlineCard.currency, amount: policy.outstandingExposure } } : {}),
  };
}

async function recordedOutcomes(devices: readonly SimulatedDevice[]): Promise<RecordedOutcome[]> {
  const outcomes: RecordedOutcome[] = [];
  for (const sim of devices) {
    for (const { id, deliberate } of sim.recorded) {
      const state = await sim.device.statusOf(id);
      const refusal = state?.status === 'refused' ? state.result?.error?.code : undefined;
      outcomes.push({
        id,
        status: state?.status ?? 'pending',
        ...(deliberate ? { deliberate } : {}),
        ...(refusal ? { refusal } : {}),
      });
    }
  }
  return outcomes;
}

const LEDGER_STATUS: Partial<Record<SyncStatus, PulledEvent['status']>> = {
  synced: 'accepted',
  conflict: 'conflict',
  refused: 'refused',
};

/** Each event the devices recorded reached the ledger once, with the status the device was told. */
function checkDelivered(outcomes: readonly RecordedOutcome[], replay: LedgerReplay): CheckLine {
  const differences = outcomes.flatMap(({ id, status }) => {
    const expected = LEDGER_STATUS[status];
    if (!expected) return [`${id} is ${status} on its device`];
    const recorded = replay.statuses.get(id);
    return recorded === expected ? [] : [`${id}: device says ${status}, ledger ${recorded ?? 'has no such event'}`];
  });
  return verdict('every recorded event delivered', differences, `${outcomes.length} events, statuses agree`);
}

/** Every conflict the simulator caused on purpose was raised, as the kind it was meant to be. */
function checkDeliberate(outcomes: readonly RecordedOutcome[], replay: LedgerReplay): CheckLine {
  const raised = new Set([...replay.conflicts.values()].map((conflict) => `${conflict.eventId} ${conflict.kind}`));
  const deliberate = outcomes.filter((outcome) => outcome.deliberate);
  const differences = deliberate
    .filter(({ id, deliberate: kind }) => !raised.has(`${id} ${kind}`))
    .map(({ id, deliberate: kind }) => `${id} raised no ${kind}`);
  return verdict('deliberate conflicts raised', differences, `${deliberate.length} of ${deliberate.length}`);
}

/** How many items have each key; `zeros` are listed even when none has them, items without a key are left out. */
function countBy<T, K extends string>(
  items: readonly T[],
  key: (item: T) => K | undefined,
  zeros: readonly K[] = [],
): Record<K, number> {
  const counts = Object.fromEntries(zeros.map((k) => [k, 0])) as Record<K, number>;
  for (const item of items) {
    const k = key(item);
    if (k !== undefined) counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
}
