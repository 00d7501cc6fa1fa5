/**
 * What the desktop shell says about the work waiting in the hub (issue 12): the tray's lines and the native
 * notifications. Pure (no `electron` import), so it is tested in Node; tray.ts and main.ts only show what this
 * decides.
 */
import type { AttentionSummary } from '../hub/host/host-messages.js';
import type { Money } from '../../shared/protocol/money.js';

export interface DesktopNotice {
  title: string;
  body: string;
  /** The screen a click on the notice opens. */
  route: '/approvals' | '/alerts';
}

/** More new ones than this at once are one notice that counts them, not a stack of notices. */
const ONE_BY_ONE = 3;
/** Ids remembered so a notice is never repeated; the oldest are forgotten past this. */
const REMEMBERED = 1000;

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** "PLN 250.00", as the back-office screens write money. */
export function moneyText({ amount, currency }: Money): string {
  const format = new Intl.NumberFormat('en-GB', { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amount / 10 ** digits);
}

/** One line of the tray menu; with a route, clicking it opens that screen. */
export interface TrayLine {
  text: string;
  route?: '/approvals' | '/alerts' | '/conflicts';
}

/** The tray's lines under the hub state: each kind of waiting work with its count, or that nothing waits. */
export function trayLines(summary: AttentionSummary | undefined): TrayLine[] {
  if (!summary) return [];
  const { approvals, criticalAlerts, activeAlerts, openConflicts } = summary;
  const others = activeAlerts - criticalAlerts.count;
  const lines: TrayLine[] = [];
  if (approvals.count > 0) {
    lines.push({ text: `${plural(approvals.count, 'card payment', 'card payments')} to approve`, route: '/approvals' });
  }
  if (criticalAlerts.count > 0) {
    lines.push({ text: plural(criticalAlerts.count, 'critical alert', 'critical alerts'), route: '/alerts' });
  }
  if (others > 0) lines.push({ text: plural(others, 'other alert', 'other alerts'), route: '/alerts' });
  if (openConflicts > 0) {
    lines.push({ text: `${plural(openConflicts, 'conflict', 'conflicts')} to decide`, route: '/conflicts' });
  }
  return lines.length > 0 ? lines : [{ text: 'Nothing waits for you' }];
}

/** What needs a person soonest, as a short count beside the tray icon (macOS shows it; elsewhere the tooltip). */
export function trayBadge(summary: AttentionSummary | undefined): string {
  const urgent = summary ? summary.approvals.count + summary.criticalAlerts.count : 0;
  return urgent > 0 ? String(urgent) : '';
}

/**
 * Decides the desktop notifications: one for each approval or critical alert that arrives while the window is
 * hidden (closed to the tray, minimised or not shown). What was there when the shell first heard from the hub, or
 * arrived while the manager had the window in front of them, is never announced.
 */
export class AttentionNotices {
  private readonly seen = new Set<string>();
  private first = true;

  update(summary: AttentionSummary, windowHidden: boolean): DesktopNotice[] {
    const approvals = summary.approvals.newest.filter((a) => this.remember(`approval:${a.approvalId}`));
    const alerts = summary.criticalAlerts.newest.filter((a) => this.remember(`alert:${a.alertId}`));
    if (this.first) {
      this.first = false;
      return [];
    }
    if (!windowHidden) return [];
    const approvalNotices: DesktopNotice[] =
      approvals.length > ONE_BY_ONE
        ? [
            {
              title: `${approvals.length} card payments wait for your approval`,
              body: 'Approve or decline them on the Approvals screen.',
              route: '/approvals',
            },
          ]
        : approvals.map((a) => ({
            title: 'A card payment waits for your approval',
            body: `${moneyText(a.amount)} on ${a.deviceName}. Approve or decline it on the Approvals screen.`,
            route: '/approvals',
          }));
    const alertNotices: DesktopNotice[] =
      alerts.length > ONE_BY_ONE
        ? [{ title: `${alerts.length} critical alerts`, body: 'See them on the Alerts screen.', route: '/alerts' }]
        : alerts.map((a) => ({ title: 'Critical alert', body: a.message, route: '/alerts' }));
    return [...approvalNotices, ...alertNotices];
  }

  /** True the first time `key` is seen. */
  private remember(key: string): boolean {
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    if (this.seen.size > REMEMBERED) this.seen.delete(this.seen.values().next().value!);
    return true;
  }
}
