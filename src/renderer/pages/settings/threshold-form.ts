import type { AlertThresholdValues } from '../../api/types.js';

export type ThresholdKey = keyof AlertThresholdValues;

type Unit = 'hours' | 'count';

/** One rule of DESIGN §11 per row; a rule with no warning level fires only as critical. */
export const THRESHOLD_ROWS: ReadonlyArray<{
  rule: string;
  unit: Unit;
  warning?: ThresholdKey;
  critical: ThresholdKey;
}> = [
  { rule: 'Device not seen', unit: 'hours', warning: 'deviceOfflineWarnHours', critical: 'deviceOfflineCriticalHours' },
  { rule: 'Events queued on one device', unit: 'count', warning: 'deviceQueueWarn', critical: 'deviceQueueCritical' },
  {
    rule: 'Conflict unresolved',
    unit: 'hours',
    warning: 'conflictUnresolvedWarnHours',
    critical: 'conflictUnresolvedCriticalHours',
  },
  { rule: 'Rejected pushes in a row', unit: 'count', critical: 'syncFailuresCritical' },
];

/** The form holds each value as typed text. */
export type ThresholdDraft = Record<ThresholdKey, string>;

export function toThresholdDraft(values: AlertThresholdValues): ThresholdDraft {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, String(value)])) as ThresholdDraft;
}

export function thresholdLabel(rule: string, level: 'warning' | 'critical', unit: Unit): string {
  return `${rule}: ${level} above${unit === 'hours' ? ' (hours)' : ''}`;
}

/** What the hub shows for a value: "36 h", "7 days" for a whole number of weeks' days, or the count. */
export function formatThreshold(value: number, unit: Unit): string {
  if (unit === 'count') return String(value);
  return value >= 48 && value % 24 === 0 ? `${value / 24} days` : `${value} h`;
}

/**
 * The thresholds to save, or the first problem in words. The bounds are the hub's (hours above 0, counts whole
 * and not negative); a warning level above its critical one is refused too, as it could never fire.
 */
export function fromThresholdDraft(draft: ThresholdDraft): { thresholds: AlertThresholdValues } | { problem: string } {
  const values: Partial<AlertThresholdValues> = {};
  for (const { rule, unit, warning, critical } of THRESHOLD_ROWS) {
    for (const [key, level] of [
      [warning, 'warning'],
      [critical, 'critical'],
    ] as const) {
      if (!key) continue;
      const text = draft[key].trim();
      const value = Number(text);
      const label = `“${rule}” (${level})`;
      if (text === '' || !Number.isFinite(value)) return { problem: `${label} is not a number.` };
      if (unit === 'hours' && value <= 0) return { problem: `${label} is a number of hours above 0.` };
      if (unit === 'count' && (!Number.isInteger(value) || value < 0))
        return { problem: `${label} is a whole number, 0 or more.` };
      values[key] = value;
    }
    if (warning && values[warning]! > values[critical]!)
      return { problem: `“${rule}”: the warning level is above the critical one, so it would never warn.` };
  }
  return { thresholds: values as AlertThresholdValues };
}
