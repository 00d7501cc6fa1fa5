/**
 * The Upstream screen's words (DESIGN §6, §10): how reachable each target is and since when, what a connector is
 * doing in plain words, job and hold states, and what cancelling a job risks. Pure, so the wording is tested once.
 */
import type {
  ConnectorView,
  HoldState,
  ReachabilityState,
  TargetStatusView,
  UpstreamJobState,
  UpstreamJobView,
  UpstreamOverview,
} from '../../api/upstream.js';
import type { Status } from '../../components/sync-status.js';
import { formatCount, formatDateTime, formatDuration } from '../../format.js';

export const REACHABILITY_TEXT: Record<ReachabilityState, string> = {
  online: 'Online',
  degraded: 'Degraded',
  offline: 'Offline',
  unknown: 'Not checked yet',
};

const REACHABILITY_TONE: Record<ReachabilityState, Status['tone']> = {
  online: 'ok',
  degraded: 'warn',
  offline: 'bad',
  unknown: 'off',
};

export function reachabilityStatus(state: ReachabilityState): Status {
  return { label: REACHABILITY_TEXT[state], tone: REACHABILITY_TONE[state] };
}

/** "offline for 2 h 10 min"; an unknown target has no since-when worth saying. */
export function sinceText(target: Pick<TargetStatusView, 'state' | 'since'>, now: number): string {
  if (target.state === 'unknown') return 'no probe has answered yet (probing starts once a connector is set up)';
  return `${target.state} for ${formatDuration(now - Date.parse(target.since))}`;
}

/** What the connector is doing, or why it cannot forward, as one sentence a manager can act on. */
export function connectorSituation(
  connector: Pick<ConnectorView, 'label' | 'configured' | 'problem' | 'paused' | 'depth' | 'reachability'>,
): Status {
  if (!connector.configured)
    return {
      label: connector.problem ?? 'Not set up yet: a manager sets it up in Settings → Connectors.',
      tone: 'bad',
    };
  if (connector.problem) return { label: connector.problem, tone: 'bad' };
  const owed = connector.depth === 1 ? 'one job' : `${formatCount(connector.depth)} jobs`;
  if (connector.paused)
    return {
      label: `Paused while it cannot be reached; ${connector.depth > 0 ? owed : 'anything new'} will go as soon as it is back.`,
      tone: 'warn',
    };
  if (connector.depth > 0) return { label: `Forwarding: ${owed} still to send.`, tone: 'ok' };
  return { label: 'Up to date: nothing waiting to be sent.', tone: 'ok' };
}

export const JOB_STATE_TEXT: Record<UpstreamJobState, string> = {
  queued: 'Queued',
  in_flight: 'Sending',
  done: 'Done',
  dead: 'Failed for good',
  cancelled: 'Cancelled',
};

const JOB_STATE_TONE: Record<UpstreamJobState, Status['tone']> = {
  queued: 'warn',
  in_flight: 'ok',
  done: 'ok',
  dead: 'bad',
  cancelled: 'off',
};

/** Outcomes of a finished job that lost money or did nothing: done, but not what was hoped for. */
const BAD_OUTCOMES = new Set(['declined', 'expired']);

/**
 * A job's badge. A done job says what came of it when the connector reported an outcome (a capture the processor
 * declined is done, yet the money is lost).
 */
export function jobStatus(job: Pick<UpstreamJobView, 'state' | 'result'>): Status {
  const result = job.result as { outcome?: unknown } | null;
  const outcome = typeof result?.outcome === 'string' ? result.outcome : null;
  if (job.state === 'done' && outcome)
    return { label: `Done: ${outcome.replace(/_/g, ' ')}`, tone: BAD_OUTCOMES.has(outcome) ? 'bad' : 'ok' };
  return { label: JOB_STATE_TEXT[job.state], tone: JOB_STATE_TONE[job.state] };
}

/** The job kinds the connectors send today; an unknown one (a newer hub) is shown as the hub names it. */
export const KNOWN_JOB_KINDS = ['capture', 'cancel', 'refund', 'journal', 'movement', 'invoice'] as const;

const JOB_KIND_TEXT: Record<string, string> = {
  capture: 'Capture payment',
  cancel: 'Release hold',
  refund: 'Refund',
  journal: 'POS journal entry',
  movement: 'End-of-day report',
  invoice: 'Invoice to KSeF',
};

export function jobKindText(kind: string): string {
  return JOB_KIND_TEXT[kind] ?? kind.charAt(0).toUpperCase() + kind.slice(1).replace(/_/g, ' ');
}

export type UpstreamJobAction = 'retry' | 'cancel';

/** A manager may retry or cancel a job only before it is sent or after it failed: one in flight may be applying now. */
export function upstreamJobActions(job: Pick<UpstreamJobView, 'state'>): UpstreamJobAction[] {
  return job.state === 'queued' || job.state === 'dead' ? ['retry', 'cancel'] : [];
}

/** What cancelling loses, by kind, before a manager gives a reason. */
export function cancelRisk(job: Pick<UpstreamJobView, 'kind' | 'state' | 'deadline' | 'lastError'>): string[] {
  const byKind: Record<string, string> = {
    capture: `The payment is never captured. The hold on the customer’s card lapses${
      job.deadline ? ` at ${formatDateTime(job.deadline)}` : ''
    } and the store does not get this money.`,
    cancel: 'The hold stays on the customer’s card until it lapses by itself; the customer may call about it.',
    refund: 'The customer is not refunded through the processor: refund them another way, or they are owed it.',
    invoice: 'The hub stops sending this invoice to KSeF, yet the law still requires it there by its deadline.',
  };
  return [
    byKind[job.kind] ?? 'This job never reaches the upstream service: nothing is sent for it again.',
    ...(job.state === 'dead' && job.lastError ? [`It had failed for good: ${job.lastError}`] : []),
    'Cancelling cannot be undone. It is recorded with your name and the reason.',
  ];
}

export const HOLD_STATE_TEXT: Record<HoldState, string> = {
  waiting_for_reader: 'Waiting for the reader to forward it',
  capturing: 'Capturing',
  captured: 'Captured',
  cancelled: 'Released',
  declined: 'Declined',
  expired: 'Expired: hold lapsed',
};

const HOLD_STATE_TONE: Record<HoldState, Status['tone']> = {
  waiting_for_reader: 'warn',
  capturing: 'warn',
  captured: 'ok',
  cancelled: 'off',
  declined: 'bad',
  expired: 'bad',
};

export function holdStatus(state: HoldState): Status {
  return { label: HOLD_STATE_TEXT[state], tone: HOLD_STATE_TONE[state] };
}

/** Holds still owed a capture: only these have a deadline that matters. */
export const OPEN_HOLD_STATES: readonly HoldState[] = ['waiting_for_reader', 'capturing'];

/** The hub's refusals of upstream actions, said as what to do next. */
export const UPSTREAM_ERROR_TEXT: Record<string, string> = {
  JOB_STATE:
    'This job has moved on since the list was shown (it is being sent, or is done or cancelled). The list shows it as it is now.',
  JOB_NOT_FOUND: 'This job is no longer in the outbox. The list shows what is there now.',
};

export interface BannerItem {
  key: string;
  text: string;
  tone: Status['tone'];
}

/** A target's state for one line of the banner: "offline for 2 h 10 min", or just "online". */
function reachText(target: Pick<TargetStatusView, 'state' | 'since'>, now: number): string {
  if (target.state === 'unknown') return 'not checked yet';
  if (target.state === 'online') return 'online';
  return sinceText(target, now);
}

/** The connectivity banner's upstream part: the internet, then each connector, short enough for one line. */
export function bannerItems(overview: Pick<UpstreamOverview, 'internet' | 'connectors'>, now: number): BannerItem[] {
  return [
    {
      key: 'internet',
      text: `Internet: ${reachText(overview.internet, now)}`,
      tone: REACHABILITY_TONE[overview.internet.state],
    },
    ...overview.connectors.map((connector): BannerItem => {
      const waiting = connector.depth > 0 ? ` · ${formatCount(connector.depth)} waiting` : '';
      if (!connector.configured)
        return { key: connector.name, text: `${connector.label}: not set up${waiting}`, tone: 'bad' };
      // Unreachable is said by its duration; the hub's problem sentence would only repeat it at more length.
      if (connector.problem && connector.reachability.state !== 'offline')
        return { key: connector.name, text: `${connector.label}: ${connector.problem}${waiting}`, tone: 'bad' };
      return {
        key: connector.name,
        text: `${connector.label}: ${reachText(connector.reachability, now)}${waiting}`,
        tone: REACHABILITY_TONE[connector.reachability.state],
      };
    }),
  ];
}

export interface UpstreamSummary {
  value: string;
  detail: string;
  attention: boolean;
}

/** The dashboard's upstream stat: jobs still owed over every connector, the oldest one's age, and what is wrong. */
export function upstreamSummary(
  overview: Pick<UpstreamOverview, 'internet' | 'connectors'>,
  now: number,
): UpstreamSummary {
  const depth = overview.connectors.reduce((sum, connector) => sum + connector.depth, 0);
  const oldest = Math.min(
    ...overview.connectors.flatMap((connector) =>
      connector.oldestQueuedAt ? [Date.parse(connector.oldestQueuedAt)] : [],
    ),
  );
  const troubled = overview.connectors.flatMap((connector) => {
    if (!connector.configured) return [`${connector.label} not set up`];
    if (connector.problem) return [`${connector.label}: ${connector.problem}`];
    return connector.reachability.state === 'offline' ? [`${connector.label} unreachable`] : [];
  });
  const dead = overview.connectors.reduce((sum, connector) => sum + connector.counts.dead, 0);
  const parts = [
    ...(Number.isFinite(oldest) ? [`oldest ${formatDuration(now - oldest)}`] : []),
    ...(overview.internet.state === 'offline' ? ['internet offline'] : []),
    ...troubled,
    ...(dead > 0 ? [`${formatCount(dead)} failed for good`] : []),
  ];
  return {
    value: depth === 0 ? 'Up to date' : `${formatCount(depth)} waiting`,
    detail: parts.length > 0 ? parts.join(' · ') : 'nothing owed upstream',
    attention: troubled.length > 0 || dead > 0 || overview.internet.state === 'offline',
  };
}
