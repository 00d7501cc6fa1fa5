import type { TargetStatus } from '../../../upstream/connectivity/reachability.js';
import type { AlertRule } from '../../alert-rule.js';

export interface Reachabilities {
  statuses(): TargetStatus[];
}

/** The internet (or an upstream) offline longer than the store should sell blind (DESIGN §11: > 30 min, warning). */
export const internetOffline =
  (source: Reachabilities, warnAfterMinutes: number): AlertRule =>
  (_db, now) =>
    source
      .statuses()
      .filter((status) => status.state === 'offline')
      .flatMap((status) => {
        const minutes = (now.getTime() - Date.parse(status.since)) / 60_000;
        if (minutes <= warnAfterMinutes) return [];
        return {
          key: `offline:${status.target}`,
          severity: 'warning',
          subject: `target:${status.target}`,
          message: `${status.target} has been offline for ${Math.floor(minutes)} min: ${status.lastError ?? 'no answer'}`,
          data: { target: status.target, since: status.since, lastError: status.lastError },
        };
      });
