import type { IncomingHttpHeaders } from 'node:http';
import { type FakeAnswer, json, text } from './answers.js';
import type { AccessContext, AuthService } from './auth.js';
import type { BatchSessions } from './batch.js';
import type { Clock } from './dates.js';
import type { KsefFaults } from './faults.js';
import {
  badRequest,
  type ErrorFormat,
  forbidden,
  KsefException,
  KsefRefusal,
  tooManyRequests,
  unauthorized,
} from './ksef-errors.js';
import type { Ledger } from './ledger.js';
import type { OnlineSessions } from './online.js';
import type { MfKeys } from './public-keys.js';
import type { RateLimitGroup, RateLimits } from './rate-limits.js';
import type { SessionKind } from './records.js';
import type { SessionReads } from './session-reads.js';
import { findSession } from './sessions.js';
import { bearerOf } from './tokens.js';

/** One request to the API, its path taken relative to the base `/v2`. */
export interface ApiRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  clientIp: string;
}

export interface ApiOptions {
  clock: Clock;
  keys: MfKeys;
  auth: AuthService;
  faults: KsefFaults;
  /** null unless `enforceRateLimits` was asked for. */
  rateLimits: RateLimits | null;
  ledger: Ledger;
  online: OnlineSessions;
  batch: BatchSessions;
  reads: SessionReads;
}

interface Call {
  request: ApiRequest;
  params: string[];
  /** Set on the routes that need an access token, and only there. */
  context: AccessContext | undefined;
}

interface Route {
  method: 'GET' | 'POST';
  pattern: RegExp;
  group: RateLimitGroup;
  /** Routes of the sessions need an access token; the login routes check their own bearer tokens. */
  needsAccess: boolean;
  handle(call: Call): FakeAnswer;
}

function route(
  method: Route['method'],
  path: string,
  group: RateLimitGroup,
  needsAccess: boolean,
  handle: Route['handle'],
): Route {
  return { method, pattern: new RegExp(`^${path.replaceAll('{}', '([^/]+)')}$`), group, needsAccess, handle };
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The KSeF API 2.0 under `/v2`: login with a KSeF token, interactive and batch sessions, statuses and UPOs, with the
 * API's error bodies, 401s, 403s and 429s. A path it does not serve (the base itself included, as the real API has
 * no resource there) answers a bare 404, which is all a connectivity probe needs.
 */
export class KsefApi {
  private readonly routes: Route[];

  constructor(private readonly options: ApiOptions) {
    const { auth, online, batch, reads, keys } = options;
    const context = (call: Call) => call.context!;
    const param = (call: Call, index: number) => {
      try {
        return decodeURIComponent(call.params[index]!);
      } catch {
        throw new KsefException(21405, [`Nieprawidłowo zakodowany parametr ścieżki: ${call.params[index]}.`]);
      }
    };
    const session = (call: Call, kind?: SessionKind) =>
      findSession(options.ledger, param(call, 0), context(call), options.clock(), kind);
    const bearer = (call: Call) => bearerOf(header(call.request.headers, 'authorization'));
    this.routes = [
      route('GET', '/security/public-key-certificates', 'public', false, () => json(200, keys.certificates())),
      route('POST', '/auth/challenge', 'public', false, (call) => auth.challenge(call.request.clientIp)),
      route('POST', '/auth/ksef-token', 'public', false, (call) => auth.authenticateWithToken(call.request.body)),
      route('POST', '/auth/token/redeem', 'public', false, (call) => auth.redeem(bearer(call))),
      route('POST', '/auth/token/refresh', 'public', false, (call) => auth.refresh(bearer(call))),
      route('GET', '/auth/{}', 'public', false, (call) => auth.status(param(call, 0), bearer(call))),
      route('POST', '/sessions/online', 'onlineSession', true, (call) => online.open(context(call), call.request.body)),
      route('POST', '/sessions/online/{}/invoices', 'invoiceSend', true, (call) =>
        online.send(session(call, 'online'), call.request.body),
      ),
      route('POST', '/sessions/online/{}/close', 'onlineSession', true, (call) =>
        online.close(session(call, 'online')),
      ),
      route('POST', '/sessions/batch', 'batchSession', true, (call) => batch.open(context(call), call.request.body)),
      route('POST', '/sessions/batch/{}/close', 'batchSession', true, (call) => batch.close(session(call, 'batch'))),
      route('GET', '/sessions/{}', 'sessionMisc', true, (call) => reads.status(session(call))),
      route('GET', '/sessions/{}/invoices', 'sessionInvoiceList', true, (call) =>
        reads.invoices(session(call), call.request.query, header(call.request.headers, 'x-continuation-token'), false),
      ),
      route('GET', '/sessions/{}/invoices/failed', 'sessionInvoiceList', true, (call) =>
        reads.invoices(session(call), call.request.query, header(call.request.headers, 'x-continuation-token'), true),
      ),
      route('GET', '/sessions/{}/invoices/ksef/{}/upo', 'sessionMisc', true, (call) =>
        reads.invoiceUpoByKsefNumber(session(call), param(call, 1)),
      ),
      route('GET', '/sessions/{}/invoices/{}/upo', 'sessionMisc', true, (call) =>
        reads.invoiceUpo(session(call), param(call, 1)),
      ),
      route('GET', '/sessions/{}/invoices/{}', 'invoiceStatus', true, (call) =>
        reads.invoice(session(call), param(call, 1)),
      ),
      route('GET', '/sessions/{}/upo/{}', 'sessionMisc', true, (call) =>
        reads.sessionUpo(session(call), param(call, 1)),
      ),
    ];
  }

  answer(request: ApiRequest): FakeAnswer {
    const format: ErrorFormat = {
      problemDetails: header(request.headers, 'x-error-format') === 'problem-details',
      instance: `/v2${request.path}`,
      now: this.options.clock(),
    };
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    const matching = this.routes.filter((candidate) => candidate.pattern.test(request.path));
    const found = matching.find((candidate) => candidate.method === method);
    if (!found) {
      if (matching.length === 0) return text(404, `no KSeF resource at ${request.path}\n`);
      return text(405, `${request.method} is not served at ${request.path}\n`, { Allow: matching[0]!.method });
    }
    try {
      this.options.ledger.settle();
      return this.call(found, request, format);
    } catch (error) {
      if (error instanceof KsefException) return badRequest(error, format);
      if (error instanceof KsefRefusal) {
        return error.status === 401
          ? unauthorized(error.detail, format)
          : forbidden(error.reasonCode, error.detail, format);
      }
      throw error;
    }
  }

  private call(found: Route, request: ApiRequest, format: ErrorFormat): FakeAnswer {
    let context: AccessContext | undefined;
    if (found.needsAccess) {
      // A forced 429 strikes before the token is looked at, as a gateway's limiter would.
      const forced = this.options.faults.takeThrottle();
      if (forced) {
        const detail = `Przekroczono limit żądań. Spróbuj ponownie po ${forced.retryAfterSeconds} sekundach.`;
        return tooManyRequests(forced.retryAfterSeconds, detail, format);
      }
      context = this.options.auth.access(bearerOf(header(request.headers, 'authorization')));
      if (!context) {
        throw new KsefRefusal(401, 'Wymagane jest uwierzytelnienie: brak, nieznany lub wygasły token dostępu.');
      }
    }
    const caller = `${context?.nip ?? '-'} ${request.clientIp}`;
    const throttle = this.options.rateLimits?.admit(found.group, caller, format.now.getTime());
    if (throttle) return tooManyRequests(throttle.retryAfterSeconds, throttle.detail, format);
    const params = found.pattern.exec(request.path)!.slice(1);
    return found.handle({ request, params, context });
  }
}
