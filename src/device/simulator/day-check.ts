import type { ConflictView, StockLevel } from '../../shared/protocol/device-api.js';
import { stockKey, type DailySales, type LedgerReplay } from './ledger-replay.js';
import { formatMoney } from './staff.js';
import type { ApprovalSummary } from './store-manager.js';

/** Figures the hub reports, as of one ledger position; each one present is held against the replay. */
export interface HubFigures {
  /** where they come from, e.g. `GET /v1/state` */
  source: string;
  cursor: number;
  stock?: readonly StockLevel[];
  salesByDate?: readonly DailySales[];
  exposure?: { currency: string; amount: number };
}

export interface CheckLine {
  name: string;
  ok: boolean;
  detail: string;
}

const SALES_FIGURES = ['gross', 'refunds', 'voids', 'net', 'cash', 'card'] as const;
const SHOWN_DIFFERENCES = 3;

/** `replay` must be the ledger replayed up to `figures.cursor`. */
export function checkFigures(figures: HubFigures, replay: LedgerReplay): CheckLine[] {
  const from = `${figures.source}, cursor ${figures.cursor}`;
  const lines: CheckLine[] = [];
  if (figures.stock) {
    const hub = new Map(figures.stock.map((level) => [stockKey(level.productId, level.locationId), level.quantity]));
    const differences = [...new Set([...hub.keys(), ...replay.stock.keys()])]
      .filter((key) => (hub.get(key) ?? 0) !== (replay.stock.get(key) ?? 0))
      .map((key) => `${key}: hub ${hub.get(key) ?? 0}, ledger ${replay.stock.get(key) ?? 0}`);
    lines.push(verdict(`stock (${from})`, differences, `${hub.size} product × location levels equal`));
  }
  if (figures.salesByDate) {
    const hub = new Map(figures.salesByDate.map((day) => [`${day.businessDate} ${day.currency}`, day]));
    const differences = [...new Set([...hub.keys(), ...replay.salesByDate.keys()])].flatMap((key) =>
      SALES_FIGURES.filter((f) => (hub.get(key)?.[f] ?? 0) !== (replay.salesByDate.get(key)?.[f] ?? 0)).map(
        (f) => `${key} ${f}: hub ${hub.get(key)?.[f] ?? 0}, ledger ${replay.salesByDate.get(key)?.[f] ?? 0}`,
      ),
    );
    const days = [...replay.salesByDate.values()].map(
      (day) =>
        `${day.businessDate} net ${formatMoney(day.net, day.currency)} (card ${formatMoney(day.card, day.currency)})`,
    );
    lines.push(verdict(`sales totals per business date (${from})`, differences, days.join('; ') || 'no sales'));
  }
  if (figures.exposure) {
    const { currency, amount } = figures.exposure;
    const replayed = replay.exposure.get(currency) ?? 0;
    const differences = amount === replayed ? [] : [`hub ${amount}, ledger ${replayed} (minor units)`];
    lines.push(verdict(`outstanding card exposure (${from})`, differences, formatMoney(amount, currency)));
  }
  return lines;
}

/**
 * Every conflict in the ledger is on the manager's list with its kind, resolved exactly when the ledger resolved
 * it, and the list holds no other.
 */
export function checkConflictsListed(listed: readonly ConflictView[], replay: LedgerReplay): CheckLine {
  const byId = new Map(listed.map((conflict) => [conflict.id, conflict]));
  const differences = [...replay.conflicts.values()].flatMap(({ id, kind, state }) => {
    const shown = byId.get(id);
    if (!shown) return [`${kind} ${id} missing`];
    if (shown.kind !== kind) return [`${id}: ledger ${kind}, listed ${shown.kind}`];
    const resolved = shown.status === 'resolved';
    return resolved === (state === 'resolved') ? [] : [`${id}: ledger ${state}, listed ${shown.status}`];
  });
  const unknown = listed.filter((conflict) => !replay.conflicts.has(conflict.id));
  return verdict(
    'conflicts visible in the admin API',
    [...differences, ...unknown.map((conflict) => `${conflict.id} listed but not in the ledger`)],
    `${replay.conflicts.size} of them, kinds and resolutions agree`,
  );
}

/** Every approval these devices asked for is on the manager's list, decided as the ledger says. */
export function checkApprovalsListed(
  listed: readonly ApprovalSummary[],
  replay: LedgerReplay,
  deviceIds: ReadonlySet<string>,
): CheckLine {
  const byId = new Map(listed.map((approval) => [approval.approvalId, approval]));
  const ours = [...replay.approvals].filter(([, approval]) => deviceIds.has(approval.deviceId));
  // The hub expires approvals by itself (a till's outcome arrived, or time ran out): one may expire after the ledger
  // was pulled and before the list was read.
  const expiredSince = (ledger: string, listed: string | undefined) => ledger === 'pending' && listed === 'expired';
  const differences = ours
    .filter(([id, approval]) => {
      const listed = byId.get(id)?.status;
      return listed !== approval.status && !expiredSince(approval.status, listed);
    })
    .map(([id, approval]) => `${id}: ledger ${approval.status}, listed ${byId.get(id)?.status ?? 'not at all'}`);
  return verdict('approvals visible in the admin API', differences, `${ours.length} of them, decisions agree`);
}

export function verdict(name: string, differences: readonly string[], whenEqual: string): CheckLine {
  if (differences.length === 0) return { name, ok: true, detail: whenEqual };
  const shown = differences.slice(0, SHOWN_DIFFERENCES).join('; ');
  const more = differences.length > SHOWN_DIFFERENCES ? ` and ${differences.length - SHOWN_DIFFERENCES} more` : '';
  return { name, ok: false, detail: shown + more };
}
