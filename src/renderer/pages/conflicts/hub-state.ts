/**
 * The hub's side of a conflict as rows a manager reads: one figure per row, then and now, each in words or money.
 * The hub sends its state as it decided on it (`server` at the event's ledger position, `serverNow` today): plain
 * JSON whose limits and totals are integers in minor units of the policy's currency, next to a `currency` field
 * rather than inside Money objects. Pure, so the wording is tested without a browser.
 */
import type { Money } from '../../api/types.js';
import { formatCount, formatMinor, formatMoney } from '../../format.js';
import { labelOf } from '../../components/ValueFacts.js';

export interface StateRow {
  /** Path of the figure in the state, e.g. `policy.perTransactionLimit`. */
  key: string;
  label: string;
  then: string;
  now: string;
  /** The figure moved since the event reached the ledger. */
  changed: boolean;
  /** Money or a count: shown on one line, in figures. */
  numeric: boolean;
}

/** Rows under one heading (`null`: the state's own top-level figures). */
export interface StateGroup {
  heading: string | null;
  rows: StateRow[];
}

/** Integers in minor units of the state's currency: the offline card figures and policy (DESIGN §5). */
const MINOR_UNIT_FIELDS = new Set([
  'dailyTotalAtLocation',
  'outstandingExposure',
  'perTransactionLimit',
  'dailyLimitPerLocation',
  'maxOutstandingExposure',
  'managerThreshold',
]);

/** Labels where the field name alone reads poorly; the rest come from `labelOf`. */
const LABELS: Readonly<Record<string, string>> = {
  dailyTotalAtLocation: 'Today at this location',
  outstandingExposure: 'Outstanding exposure',
  perTransactionLimit: 'Per-payment limit',
  dailyLimitPerLocation: 'Daily limit per location',
  maxOutstandingExposure: 'Outstanding exposure limit',
  managerThreshold: 'Manager approves above',
  enabled: 'Offline card payments',
  allowedMethods: 'Methods allowed offline',
  paymentState: 'The payment now',
  reason: 'Why it was held',
  problem: 'Approval problem',
};

/**
 * The order a manager reads the offline card figures and policy in (the hub stores them in canonical JSON, keys
 * sorted alphabetically); other fields keep the hub's order, after these.
 */
const ORDER = [
  'reason',
  'paymentState',
  'dailyTotalAtLocation',
  'outstandingExposure',
  'enabled',
  'allowedMethods',
  'perTransactionLimit',
  'managerThreshold',
  'dailyLimitPerLocation',
  'maxOutstandingExposure',
  'currency',
];
const rank = (key: string) => (ORDER.includes(key) ? ORDER.indexOf(key) : ORDER.length);

/** The UPPER_SNAKE codes the hub puts in a conflict's state, in words. */
const CODES: Readonly<Record<string, string>> = {
  OFFLINE_CARD_DISABLED: 'offline card payments were off',
  METHOD_NOT_ALLOWED: 'method not allowed offline',
  CURRENCY_MISMATCH: 'not in the policy’s currency',
  INVALID_AMOUNT: 'not a valid amount',
  OVER_TRANSACTION_LIMIT: 'over the per-payment limit',
  OVER_DAILY_LIMIT: 'over the daily limit per location',
  OVER_EXPOSURE_LIMIT: 'over the outstanding exposure limit',
  ABOVE_MANAGER_THRESHOLD: 'above the manager threshold, without an approval',
  APPROVAL_UNKNOWN: 'the approval named is unknown',
  APPROVAL_PENDING: 'a manager had not decided yet',
  APPROVAL_DECLINED: 'a manager declined it',
  APPROVAL_MISMATCH: 'the approval was for another payment or amount',
  APPROVAL_EXPIRED: 'the approval had expired',
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isMoney = (value: unknown): value is Money =>
  isRecord(value) && typeof value.amount === 'number' && typeof value.currency === 'string';

/** The currency the state's bare amounts are in: its own `currency` field, at any depth (the policy's). */
function currencyOf(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  if (typeof value.currency === 'string') return value.currency;
  for (const item of Object.values(value)) {
    const found = currencyOf(item);
    if (found) return found;
  }
  return undefined;
}

const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function codeText(code: string): string {
  return sentence(CODES[code] ?? code.replace(/_/g, ' ').toLowerCase());
}

/** One figure as text; `numeric` when it is money or a count. */
function show(field: string, value: unknown, currency: string | undefined): { text: string; numeric: boolean } {
  if (value === null || value === undefined) return { text: '—', numeric: false };
  if (isMoney(value)) return { text: formatMoney(value), numeric: true };
  if (typeof value === 'number') {
    const money = MINOR_UNIT_FIELDS.has(field) && currency !== undefined;
    return { text: money ? formatMinor(value, currency) : formatCount(value), numeric: true };
  }
  if (typeof value === 'boolean') {
    return { text: field === 'enabled' ? (value ? 'On' : 'Off') : value ? 'Yes' : 'No', numeric: false };
  }
  // A code has an underscore; a bare capital word is a value in its own right (a currency: PLN).
  if (typeof value === 'string')
    return { text: /^[A-Z0-9]+(_[A-Z0-9]+)+$/.test(value) ? codeText(value) : value, numeric: false };
  if (Array.isArray(value) && value.every((item) => typeof item !== 'object' || item === null)) {
    return { text: value.length === 0 ? 'none' : value.map(String).join(', '), numeric: false };
  }
  return { text: JSON.stringify(value), numeric: false };
}

/** A list item's heading: the ids it is about ("cola at shelf"), or its place in the list. */
function itemHeading(list: string, item: unknown, index: number): string {
  const ids = isRecord(item)
    ? Object.entries(item)
        .filter(([key, value]) => /Id$/.test(key) && typeof value === 'string')
        .map(([, value]) => value as string)
    : [];
  return `${labelOf(list)}: ${ids.length > 0 ? ids.join(' at ') : index + 1}`;
}

interface Side {
  value: unknown;
  currency: string | undefined;
}

/**
 * Both sides, grouped: plain figures first, then one group per nested object (the figures, the policy) or list item
 * (each stock line), so no cell ever holds a table of its own.
 */
export function stateGroups(then: unknown, now: unknown): StateGroup[] {
  const currency = currencyOf(then) ?? currencyOf(now);
  const sides: [Side, Side] = [
    { value: then, currency: currencyOf(then) ?? currency },
    { value: now, currency: currencyOf(now) ?? currency },
  ];
  const groups: StateGroup[] = [{ heading: null, rows: [] }];
  collect(groups, groups[0]!, '', null, sides);
  return groups.filter((group) => group.rows.length > 0);
}

function collect(
  groups: StateGroup[],
  group: StateGroup,
  path: string,
  heading: string | null,
  [then, now]: [Side, Side],
): void {
  const before = isRecord(then.value) ? then.value : {};
  const after = isRecord(now.value) ? now.value : {};
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort((a, b) => rank(a) - rank(b));
  for (const key of keys) {
    const a = before[key];
    const b = after[key];
    const keyPath = path ? `${path}.${key}` : key;
    if ([a, b].some((v) => isRecord(v) && !isMoney(v))) {
      const nested: StateGroup = { heading: heading ? `${heading} · ${labelOf(key)}` : labelOf(key), rows: [] };
      groups.push(nested);
      collect(groups, nested, keyPath, nested.heading, [
        { ...then, value: a },
        { ...now, value: b },
      ]);
      continue;
    }
    const items = [a, b].find((v) => Array.isArray(v) && v.some(isRecord)) as unknown[] | undefined;
    if (items) {
      const length = Math.max(Array.isArray(a) ? a.length : 0, Array.isArray(b) ? b.length : 0);
      for (let index = 0; index < length; index++) {
        const item = (Array.isArray(a) ? a[index] : undefined) ?? (Array.isArray(b) ? b[index] : undefined);
        const nested: StateGroup = { heading: itemHeading(key, item, index), rows: [] };
        groups.push(nested);
        collect(groups, nested, `${keyPath}.${index}`, nested.heading, [
          { ...then, value: Array.isArray(a) ? a[index] : undefined },
          { ...now, value: Array.isArray(b) ? b[index] : undefined },
        ]);
      }
      continue;
    }
    const shownThen = show(key, a, then.currency);
    const shownNow = show(key, b, now.currency);
    group.rows.push({
      key: keyPath,
      label: LABELS[key] ?? labelOf(key),
      then: shownThen.text,
      now: shownNow.text,
      changed: JSON.stringify(a) !== JSON.stringify(b),
      numeric: shownThen.numeric || shownNow.numeric,
    });
  }
}
