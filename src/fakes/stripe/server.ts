import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeAccount } from './account.js';
import type { AppliedCounts } from './account.js';
import { FakeClock } from './clock.js';
import { FaultQueue } from './faults.js';
import type { Fault, FaultMatch } from './faults.js';
import { canonicalParams, decodeForm } from './form-decoding.js';
import { newId } from './ids.js';
import { DEFAULT_KEY_RETENTION_MS, IdempotencyStore } from './idempotency.js';
import type { ChargeObject, PaymentIntentObject, RefundObject } from './objects.js';
import { forwardPayment } from './payment-intents.js';
import type { ReaderPayment } from './payment-intents.js';
import { RateLimiter } from './rate-limit.js';
import type { RateLimitOptions } from './rate-limit.js';
import { ROUTES } from './routes.js';
import {
  apiError,
  authenticationFailure,
  type FakeResponse,
  rateLimited,
  StripeApiFailure,
  unrecognizedUrl,
} from './stripe-errors.js';

export interface StripeFakeOptions {
  /** The one secret key the fake accepts; any other gets Stripe's 401. */
  apiKey?: string;
  /** 0 (default) picks a free port. The fake listens on 127.0.0.1 only. */
  port?: number;
  /** Off unless given; Stripe's sandbox allows 25 requests/s. */
  rateLimit?: RateLimitOptions;
  /** How long an idempotency key lives on the fake's clock (24 h, as Stripe may prune after that). */
  keyRetentionMs?: number;
  /** A forwarded payment's hold lasts this long on the fake's clock (Visa card-present: 5 days). */
  captureWindowMs?: number;
}

export type RequestOutcome = 'answered' | 'replayed' | 'dropped' | 'hung';

export interface RequestLogEntry {
  at: number;
  requestId: string;
  method: string;
  path: string;
  idempotencyKey: string | null;
  /** null when the fake never answered (dropped or hung). */
  status: number | null;
  outcome: RequestOutcome;
}

export interface StripeFake {
  /** `http://127.0.0.1:<port>`; point stripe-node at it with `host`, `port` and `protocol: 'http'`. */
  readonly url: string;
  readonly port: number;
  readonly apiKey: string;
  /** A reader forwards a stored offline payment now: the PaymentIntent exists and search finds it from here on. */
  forward(payment: ReaderPayment): PaymentIntentObject;
  /** A reader stores a payment offline: invisible to the API until `forwardStored()`. */
  storeOffline(payment: ReaderPayment): void;
  /** The reader comes back online and forwards everything it stored, oldest first. */
  forwardStored(): PaymentIntentObject[];
  storedOfflineCount(): number;
  paymentIntent(id: string): PaymentIntentObject | undefined;
  charge(id: string): ChargeObject | undefined;
  refundsOf(paymentIntentId: string): RefundObject[];
  /** Captures, cancels and refunds the fake applied to this PaymentIntent (replays never count). */
  applied(paymentIntentId: string): AppliedCounts;
  requests(): RequestLogEntry[];
  /** Queues `fault` for the next `times` requests matching `match` (default once). */
  injectFault(match: FaultMatch, fault: Fault, times?: number): void;
  pendingFaults(): number;
  clearFaults(): void;
  savedIdempotencyKeys(): number;
  advanceClock(ms: number): void;
  /** The fake's clock in milliseconds. */
  now(): number;
  close(): Promise<void>;
}

const DEFAULT_API_KEY = 'sk_test_backroom_fake';
const FIVE_DAYS_MS = 5 * 24 * 60 * 60 * 1000;
const MAX_BODY_BYTES = 1024 * 1024;

export async function startStripeFake(options: StripeFakeOptions = {}): Promise<StripeFake> {
  const apiKey = options.apiKey ?? DEFAULT_API_KEY;
  const captureWindowMs = options.captureWindowMs ?? FIVE_DAYS_MS;
  const clock = new FakeClock();
  const account = new FakeAccount(clock);
  const idempotency = new IdempotencyStore(clock, options.keyRetentionMs ?? DEFAULT_KEY_RETENTION_MS);
  const limiter = options.rateLimit ? new RateLimiter(clock, options.rateLimit) : undefined;
  const faults = new FaultQueue();
  const log: RequestLogEntry[] = [];
  const stored: ReaderPayment[] = [];

  const pipeline = new Pipeline({ apiKey, account, idempotency, limiter, faults, log, clock });
  const server = createServer((req, res) => {
    pipeline.handle(req, res).catch((error: unknown) => {
      // Only a bug in the fake lands here; answer as Stripe does for its own failures rather than hang the client.
      if (!res.headersSent) send(res, apiError(500).toResponse(), newId('req', 14));
      console.error('stripe fake: unhandled', error);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    apiKey,
    forward: (payment) => structuredClone(forwardPayment(account, payment, captureWindowMs)),
    storeOffline: (payment) => void stored.push({ ...payment, storedAt: payment.storedAt ?? clock.unixSeconds() }),
    forwardStored: () =>
      stored.splice(0).map((payment) => structuredClone(forwardPayment(account, payment, captureWindowMs))),
    storedOfflineCount: () => stored.length,
    paymentIntent: (id) => {
      account.expireHolds();
      const intent = account.paymentIntents.get(id);
      return intent && structuredClone(intent);
    },
    charge: (id) => {
      account.expireHolds();
      const charge = account.charges.get(id);
      return charge && structuredClone(charge);
    },
    refundsOf: (id) =>
      [...account.refunds.values()].filter((refund) => refund.payment_intent === id).map((r) => structuredClone(r)),
    applied: (id) => account.appliedTo(id),
    requests: () => log.map((entry) => ({ ...entry })),
    injectFault: (match, fault, times = 1) => faults.add(match, fault, times),
    pendingFaults: () => faults.pending(),
    clearFaults: () => faults.clear(),
    savedIdempotencyKeys: () => idempotency.size(),
    advanceClock: (ms) => clock.advance(ms),
    now: () => clock.now(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Hung requests and keep-alive sockets would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}

interface PipelineDeps {
  apiKey: string;
  account: FakeAccount;
  idempotency: IdempotencyStore;
  limiter: RateLimiter | undefined;
  faults: FaultQueue;
  log: RequestLogEntry[];
  clock: FakeClock;
}

/**
 * One request through Stripe's layers in Stripe's order: front-end faults, authentication, rate limiting, then the
 * idempotency layer, parameter validation and the endpoint. Only from the endpoint on is a result saved under a key.
 */
class Pipeline {
  constructor(private readonly deps: PipelineDeps) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { faults, idempotency, limiter } = this.deps;
    const requestId = newId('req', 14);
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    const idempotencyKey = method === 'POST' ? headerOf(req, 'idempotency-key') : null;
    const body = await readBody(req);
    const entry: RequestLogEntry = {
      at: this.deps.clock.now(),
      requestId,
      method,
      path,
      idempotencyKey,
      status: null,
      outcome: 'answered',
    };
    this.deps.log.push(entry);
    const answer = (response: FakeResponse, outcome: RequestOutcome = 'answered') => {
      entry.status = response.status;
      entry.outcome = outcome;
      const headers: Record<string, string> = {
        ...response.headers,
        ...(idempotencyKey !== null ? { 'Idempotency-Key': idempotencyKey } : {}),
      };
      const version = headerOf(req, 'stripe-version');
      if (version !== null) headers['Stripe-Version'] = version;
      send(res, { ...response, headers }, requestId);
    };

    const fault = faults.take(method, path);
    if (fault?.kind === 'timeout' && !fault.apply) return this.hang(entry);
    if (fault?.kind === 'drop' && fault.apply === false) return this.drop(res, entry);
    if (fault?.kind === 'server_error' && !fault.saved) return answer(apiError(fault.status ?? 500).toResponse());
    if (fault?.kind === 'rate_limit') return answer(rateLimited().toResponse(shouldRetryHeader(fault.shouldRetry)));

    const presented = bearerKey(req);
    if (presented !== this.deps.apiKey) return answer(authenticationFailure(presented).toResponse());
    if (limiter && !limiter.tryTake()) return answer(rateLimited().toResponse(shouldRetryHeader(limiter.shouldRetry)));

    let response: FakeResponse;
    let outcome: RequestOutcome = 'answered';
    try {
      const found = findRoute(method, path);
      const params = decodeForm(method === 'POST' ? body : url.search.slice(1));
      const fingerprint = canonicalParams(params);
      const verdict = idempotencyKey !== null ? idempotency.check(idempotencyKey, method, path, fingerprint) : null;
      if (verdict?.kind === 'mismatch') throw verdict.failure;
      if (verdict?.kind === 'replay') {
        response = {
          ...verdict.response,
          headers: {
            ...verdict.response.headers,
            'Idempotent-Replayed': 'true',
            'Original-Request': verdict.originalRequestId,
          },
        };
        outcome = 'replayed';
      } else {
        const execute = found.route.prepare(params, found.ids, this.deps.account);
        response = fault?.kind === 'server_error' ? savedServerError(fault.status) : runEndpoint(execute);
        if (idempotencyKey !== null) idempotency.save(idempotencyKey, method, path, fingerprint, response, requestId);
      }
    } catch (error) {
      if (!(error instanceof StripeApiFailure)) throw error;
      response = error.toResponse();
    }

    if (fault?.kind === 'drop') return this.drop(res, entry);
    if (fault?.kind === 'timeout') return this.hang(entry);
    answer(response, outcome);
  }

  /** The client waits until its own timeout; the socket is freed when it gives up or the fake closes. */
  private hang(entry: RequestLogEntry): void {
    entry.outcome = 'hung';
  }

  private drop(res: ServerResponse, entry: RequestLogEntry): void {
    entry.outcome = 'dropped';
    res.socket?.destroy();
  }
}

function runEndpoint(execute: () => FakeResponse): FakeResponse {
  try {
    return execute();
  } catch (error) {
    if (error instanceof StripeApiFailure) return error.toResponse();
    throw error;
  }
}

/** A 500 raised inside the endpoint: Stripe saves it under the key, and tells clients a retry would only replay it. */
function savedServerError(status = 500): FakeResponse {
  return apiError(status).toResponse({ 'Stripe-Should-Retry': 'false' });
}

function findRoute(method: string, path: string) {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(path);
    if (match) return { route, ids: match.slice(1).map((id) => decodeURIComponent(id)) };
  }
  throw unrecognizedUrl(method, path);
}

function shouldRetryHeader(shouldRetry: boolean | undefined): Record<string, string> | undefined {
  return shouldRetry === undefined ? undefined : { 'Stripe-Should-Retry': String(shouldRetry) };
}

function headerOf(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return typeof value === 'string' ? value : null;
}

function bearerKey(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large for the Stripe fake');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, response: FakeResponse, requestId: string): void {
  const payload = JSON.stringify(response.body, null, 2);
  res.writeHead(response.status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(payload),
    'Request-Id': requestId,
    ...response.headers,
  });
  res.end(payload);
}
