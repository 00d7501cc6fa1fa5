import type { AlertRule } from '../../alert-rule.js';

/** Jobs that failed for good need a person: retry or cancel them on the Upstream screen. */
export const deadJobs: AlertRule = (db) =>
  db
    .prepare<[], { connector: string; dead: number }>(
      `SELECT connector, COUNT(*) AS dead FROM upstream_jobs WHERE state = 'dead' GROUP BY connector`,
    )
    .all()
    .map(({ connector, dead }) => ({
      key: `upstream-dead:${connector}`,
      severity: 'critical',
      subject: `connector:${connector}`,
      message: `${dead} ${connector} ${dead === 1 ? 'job has' : 'jobs have'} failed and will not be retried by themselves`,
      data: { connector, dead },
    }));
