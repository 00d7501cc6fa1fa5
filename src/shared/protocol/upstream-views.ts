import Type, { type Static } from 'typebox';
import { ConexxusSettingsView } from './conexxus-views.js';
import { KsefTokenView } from './ksef-views.js';
import { Money } from './money.js';

/**
 * What the admin API shows of forwarding (DESIGN §6, §10): connectors, their queues and jobs, the connectivity of
 * each target, and Stripe's holds and payments at risk. One definition that the hub validates its answers with,
 * publishes as OpenAPI, and the back-office UI reads its types from. Times are UTC ISO 8601.
 */

const NullableString = Type.Union([Type.String(), Type.Null()]);
const NullableInteger = Type.Union([Type.Integer(), Type.Null()]);

export const REACHABILITY_STATES = ['unknown', 'online', 'degraded', 'offline'] as const;
export type ReachabilityState = (typeof REACHABILITY_STATES)[number];

/** What the connectivity monitor believes of one probe target (`internet`, `stripe`, later `conexxus`, `ksef`). */
export const TargetStatusView = Type.Object({
  target: Type.String(),
  state: Type.Enum(REACHABILITY_STATES, { description: 'unknown only until the first probe answers' }),
  since: Type.String({ description: 'when the current state began' }),
  consecutiveFailures: Type.Integer(),
  lastProbeAt: NullableString,
  lastLatencyMs: NullableInteger,
  lastError: NullableString,
});
export type TargetStatusView = Static<typeof TargetStatusView>;

export const UPSTREAM_JOB_STATES = ['queued', 'in_flight', 'done', 'dead', 'cancelled'] as const;
export type UpstreamJobState = (typeof UPSTREAM_JOB_STATES)[number];

const JobCounts = Type.Object({
  queued: Type.Integer(),
  in_flight: Type.Integer(),
  done: Type.Integer(),
  dead: Type.Integer(),
  cancelled: Type.Integer(),
});

/** One connector as the Upstream screen and the dashboard banner show it. */
export const ConnectorView = Type.Object({
  name: Type.String({ description: 'stripe (later conexxus, ksef)' }),
  label: Type.String({ description: 'what a manager calls it, e.g. "Stripe (card payments)"' }),
  configured: Type.Boolean({ description: 'false until what it needs (e.g. the API key) is set' }),
  problem: Type.Union([Type.String(), Type.Null()], {
    description: 'why it cannot forward, in plain words: no key, key refused by the processor (401), paused…',
  }),
  paused: Type.Boolean({ description: 'true while its target is offline or it is not configured' }),
  reachability: TargetStatusView,
  depth: Type.Integer({ description: 'jobs still owed upstream: queued + in flight' }),
  oldestQueuedAt: NullableString,
  oldestQueuedAgeMs: NullableInteger,
  counts: JobCounts,
  doneLastHour: Type.Integer({ description: 'throughput: jobs finished in the last hour' }),
});
export type ConnectorView = Static<typeof ConnectorView>;

/** `GET /v1/admin/upstream`. */
export const UpstreamOverview = Type.Object({
  internet: TargetStatusView,
  connectors: Type.Array(ConnectorView),
});
export type UpstreamOverview = Static<typeof UpstreamOverview>;

/** One outbox job. `sale`/`payment`/`amount` are lifted from the payload where the connector has them. */
export const UpstreamJobView = Type.Object({
  id: Type.String(),
  seq: Type.Integer(),
  connector: Type.String(),
  kind: Type.String({ description: 'e.g. capture, cancel, refund' }),
  state: Type.Enum(UPSTREAM_JOB_STATES),
  attempts: Type.Integer(),
  priority: Type.Integer(),
  deadline: NullableString,
  notBefore: Type.String(),
  lastError: NullableString,
  idempotencyKey: Type.String(),
  sourceEventId: NullableString,
  saleId: NullableString,
  paymentId: NullableString,
  fileName: Type.Union([Type.String(), Type.Null()], { description: 'the document a Conexxus job delivers' }),
  amount: Type.Union([Money, Type.Null()]),
  result: Type.Unknown(),
  cancelledBy: NullableString,
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type UpstreamJobView = Static<typeof UpstreamJobView>;

/** `GET /v1/admin/upstream/jobs?connector&state&kind&limit&before`: newest first. */
export const UpstreamJobPage = Type.Object({
  jobs: Type.Array(UpstreamJobView),
  nextBefore: Type.Union([Type.Integer(), Type.Null()], { description: 'pass as `before` for the next page' }),
});
export type UpstreamJobPage = Static<typeof UpstreamJobPage>;

/** `POST /v1/admin/upstream/jobs/:id/cancel` (manager). */
export const CancelJobRequest = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
);
export type CancelJobRequest = Static<typeof CancelJobRequest>;

/** `POST /v1/admin/upstream/:connector/sync-now` (manager). */
export const SyncNowReply = Type.Object({ expedited: Type.Integer({ description: 'queued jobs made due now' }) });
export type SyncNowReply = Static<typeof SyncNowReply>;

export const HOLD_STATES = ['waiting_for_reader', 'capturing', 'captured', 'cancelled', 'declined', 'expired'] as const;
export type HoldState = (typeof HOLD_STATES)[number];

/** An offline card payment on its way to capture, with the deadline its hold expires at. */
export const HoldView = Type.Object({
  paymentId: Type.String(),
  saleId: Type.String(),
  locationId: Type.String(),
  deviceId: NullableString,
  amount: Money,
  takenAt: Type.String(),
  captureDeadline: Type.String({ description: 'capture before this, or the hold lapses and the money is lost' }),
  state: Type.Enum(HOLD_STATES),
  paymentIntentId: NullableString,
  jobId: NullableString,
});
export type HoldView = Static<typeof HoldView>;

/** `GET /v1/admin/upstream/stripe/holds?state`. */
export const HoldList = Type.Object({ holds: Type.Array(HoldView) });
export type HoldList = Static<typeof HoldList>;

/** A card payment the processor declined after the reader forwarded it: the store has lost that money. */
export const AtRiskPaymentView = Type.Object({
  paymentId: Type.String(),
  saleId: Type.String(),
  locationId: Type.String(),
  deviceId: NullableString,
  cashier: Type.Union([Type.String(), Type.Null()], { description: 'who took the payment, when the sale says' }),
  amount: Money,
  takenAt: Type.String(),
  declinedAt: Type.String(),
  declineCode: NullableString,
  message: Type.String(),
});
export type AtRiskPaymentView = Static<typeof AtRiskPaymentView>;

/** `GET /v1/admin/upstream/stripe/at-risk`. */
export const AtRiskPaymentList = Type.Object({ payments: Type.Array(AtRiskPaymentView) });
export type AtRiskPaymentList = Static<typeof AtRiskPaymentList>;

/** `GET /v1/admin/settings/connectors`: the secret key is never shown back, only whether one is set. */
export const ConnectorSettingsView = Type.Object({
  stripe: Type.Object({
    keySet: Type.Boolean(),
    keyHint: Type.Union([Type.String(), Type.Null()], {
      description: 'mode and last 4 characters, e.g. sk_test_…4242',
    }),
    updatedAt: NullableString,
    updatedBy: NullableString,
  }),
  conexxus: ConexxusSettingsView,
  ksef: KsefTokenView,
  probes: Type.Object({
    internet: Type.String({ description: 'URL probed to tell whether the internet is reachable' }),
    stripe: Type.String({ description: 'URL probed for the Stripe API' }),
  }),
});
export type ConnectorSettingsView = Static<typeof ConnectorSettingsView>;

/** `PUT /v1/admin/settings/connectors/stripe` (owner or manager, PIN re-entered). */
export const StripeKeyUpdate = Type.Object(
  {
    secretKey: Type.String({
      pattern: '^(sk|rk)_(test|live)_[A-Za-z0-9]{8,247}$',
      description: 'a Stripe secret or restricted key',
    }),
    pin: Type.String({ pattern: '^[0-9]{4,12}$', description: "the manager's PIN, entered again" }),
  },
  { additionalProperties: false },
);
export type StripeKeyUpdate = Static<typeof StripeKeyUpdate>;

/** `PUT /v1/admin/settings/connectors/probes`: http(s) URLs only. */
export const ProbeTargetsUpdate = Type.Object(
  {
    internet: Type.String({ pattern: '^https?://', maxLength: 2048 }),
    stripe: Type.String({ pattern: '^https?://', maxLength: 2048 }),
  },
  { additionalProperties: false },
);
export type ProbeTargetsUpdate = Static<typeof ProbeTargetsUpdate>;

/** `POST /v1/admin/settings/connectors/stripe/test`: one real call to the processor with the stored key. */
export const ConnectionTestResult = Type.Object({
  ok: Type.Boolean(),
  message: Type.String({ description: 'plain words: connected as …, key refused, processor unreachable…' }),
  latencyMs: NullableInteger,
});
export type ConnectionTestResult = Static<typeof ConnectionTestResult>;
