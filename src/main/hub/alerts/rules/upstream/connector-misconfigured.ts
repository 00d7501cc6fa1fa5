import type { AlertRule } from '../../alert-rule.js';

export interface ConnectorProblems {
  /** Every connector the hub forwards to. */
  connectorNames(): readonly string[];
  /** A problem only a person can fix (no key, key or token refused); null when there is none. */
  misconfiguration(connector: string): string | null;
}

/**
 * A connector that cannot forward until someone fixes its settings, while it owes jobs: they all wait meanwhile. A
 * store that takes no card payments offline owes Stripe nothing and is not nagged about a key it does not need; one
 * that reports to no back office leaves Conexxus off and owes it nothing either.
 */
export const connectorMisconfigured =
  (source: ConnectorProblems): AlertRule =>
  (db) =>
    source.connectorNames().flatMap((connector) => {
      const problem = source.misconfiguration(connector);
      if (!problem) return [];
      const { owed } = db
        .prepare<[string], { owed: number }>(
          `SELECT COUNT(*) AS owed FROM upstream_jobs WHERE connector = ? AND state IN ('queued', 'in_flight')`,
        )
        .get(connector)!;
      if (owed === 0) return [];
      return {
        key: `connector-config:${connector}`,
        severity: 'critical',
        subject: `connector:${connector}`,
        message: `${problem} ${owed} ${owed === 1 ? 'job waits' : 'jobs wait'}.`,
        data: { connector, owed },
      };
    });
