import type { AlertRule } from '../../alert-rule.js';

/** More jobs owed to one connector than the store should let pile up (DESIGN §11: > 100, warning). */
export const upstreamQueue =
  (warnAbove: number): AlertRule =>
  (db) =>
    db
      .prepare<[number], { connector: string; depth: number }>(
        `SELECT connector, COUNT(*) AS depth FROM upstream_jobs WHERE state IN ('queued', 'in_flight')
         GROUP BY connector HAVING depth > ?`,
      )
      .all(warnAbove)
      .map(({ connector, depth }) => ({
        key: `upstream-queue:${connector}`,
        severity: 'warning',
        subject: `connector:${connector}`,
        message: `${depth} jobs are waiting to be forwarded to ${connector}`,
        data: { connector, depth, threshold: warnAbove },
      }));
