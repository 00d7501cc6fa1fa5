import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type KsefReceivedInvoice, type KsefSessionSummary, receivedInvoice, sessionSummary } from './accounting.js';
import { type FakeAnswer, isRead, text } from './answers.js';
import { KsefApi } from './api.js';
import { AuthService } from './auth.js';
import { BatchSessions, batchPartOf, MAX_ENCRYPTED_PART_BYTES } from './batch.js';
import type { Clock } from './dates.js';
import { type ForcedRejectionCode, KsefFaults } from './faults.js';
import { LatarniaService, type LatarniaState } from './latarnia.js';
import {
  type AnnounceOptions,
  type EndOptions,
  type LatarniaMessage,
  LatarniaMessageFactory,
} from './latarnia-messages.js';
import { Ledger } from './ledger.js';
import { OnlineSessions } from './online.js';
import { mfKeys } from './public-keys.js';
import { RateLimits } from './rate-limits.js';
import { SessionReads } from './session-reads.js';
import { applyExpiry, expireSessions } from './sessions.js';
import { STORAGE_BASE, Storage, storageError } from './storage.js';

export interface KsefFakeOptions {
  /** 0 (default) picks a free port. The fake listens on 127.0.0.1 only. */
  port?: number;
  /**
   * The fake's clock (default: real time): P_1 checks, every date it hands out, token and link expiry, session
   * validity and the rate-limit windows, so a test on a simulated calendar can drive it. Processing delays stay real.
   */
  now?: () => Date;
  /** KSeF tokens the fake accepts, each for its NIP; more with `registerToken`. */
  tokens?: Record<string, string>;
  /** Lifetime of an access token on the fake's clock; default 15 min, as the OpenAPI's example token. */
  accessTokenTtlMs?: number;
  /** Real milliseconds an invoice (and a login) stays in processing before its final status; default 20. */
  processingDelayMs?: number;
  /** Lifetime of a UPO download link on the fake's clock; default 1 h. */
  upoLinkTtlMs?: number;
  /** true: KSeF's production request limits per endpoint group (research §10) answer 429 when exceeded. */
  enforceRateLimits?: boolean;
}

/** `storage`: the pre-signed UPO and batch-part links, outside `/v2` on the API's host. */
export type KsefService = 'api' | 'storage' | 'latarnia' | 'other';

export interface KsefRequestLogEntry {
  service: KsefService;
  method: string;
  /** The path as requested, query string left out. */
  path: string;
  /** null when the fake dropped the connection instead of answering. */
  status: number | null;
}

export interface KsefFake {
  /** The API base, `http://127.0.0.1:<port>/v2`, as `https://api.ksef.mf.gov.pl/v2` in production. */
  readonly url: string;
  /** Latarnia's base, `http://127.0.0.1:<port>/latarnia`; it serves `/status` and `/messages` under it. */
  readonly latarniaUrl: string;
  readonly port: number;
  /** false: every connection to the API and to Latarnia is dropped unanswered, as when the store's uplink is dead. */
  setReachable(reachable: boolean): void;
  /** false: only the API's connections (storage links included) are dropped while Latarnia still answers. */
  setApiReachable(reachable: boolean): void;
  /** What Latarnia reports from now on (initially AVAILABLE with no messages). */
  setLatarnia(state: LatarniaState): void;
  /** A message opening an event: FAILURE_START (FAILURE, TOTAL_FAILURE) or MAINTENANCE_ANNOUNCEMENT. */
  announce(options: AnnounceOptions): LatarniaMessage;
  /** The FAILURE_END closing `started` at the instant `at`. */
  end(started: LatarniaMessage, at: string, options?: EndOptions): LatarniaMessage;
  /** The next `times` (default 1) Latarnia requests get `status` (502, 504…) with a proxy's HTML page. */
  failLatarnia(status: number, times?: number): void;
  /** Accept `token` (a KSeF token) for logins in the context of `nip`. */
  registerToken(token: string, nip: string): void;
  /** Revoke a registered KSeF token: logins with it end in 450, refresh gives 21301, its access tokens get 401. */
  revokeToken(token: string): void;
  /** The next `times` requests that need an access token get 429 with `Retry-After: retryAfterSeconds`. */
  rateLimit(times: number, retryAfterSeconds: number): void;
  /**
   * The next `times` (default 1) invoices whose processing ends get status `code` instead of their own outcome; 550
   * ("cancelled by the system") leaves the invoice unnumbered for the client to send again.
   */
  rejectNextInvoices(code: ForcedRejectionCode, times?: number, description?: string): void;
  /** Every open session expires now: an interactive one closes (a send gets 21180), a batch one is cancelled. */
  expireSessions(): void;
  /** Every invoice received, in order of arrival (settled up to now). */
  invoices(): KsefReceivedInvoice[];
  /** P_2 → the KSeF numbers given to invoices with that number: exactly one each when nothing went twice. */
  numbered(): Map<string, string[]>;
  sessions(): KsefSessionSummary[];
  requests(): KsefRequestLogEntry[];
  close(): Promise<void>;
}

const API_BASE = '/v2';
const LATARNIA_BASE = '/latarnia';
/** Interactive invoices are at most 3 MB (with attachments): Base64 and JSON around them stay well within this. */
const MAX_API_BODY_BYTES = 16 * 1024 * 1024;

const DEFAULTS = {
  accessTokenTtlMs: 15 * 60_000,
  processingDelayMs: 20,
  upoLinkTtlMs: 3_600_000,
};

interface Services {
  api: KsefApi;
  storage: Storage;
  batch: BatchSessions;
  latarnia: LatarniaService;
  clock: Clock;
}

/**
 * The KSeF API, its blob storage and its status service Latarnia on one loopback port, told apart by path, so one
 * fake stands for both hosts and one switch cuts both, as a dead uplink does.
 */
export async function startKsefFake(options: KsefFakeOptions = {}): Promise<KsefFake> {
  const clock: Clock = options.now ?? (() => new Date());
  const keys = await mfKeys();
  const messages = new LatarniaMessageFactory();
  const log: KsefRequestLogEntry[] = [];
  const reach = { uplink: true, api: true };
  // Filled once the port is known: the links the API hands out name it.
  const ready: { services?: Services } = {};

  const server = createServer((req, res) => {
    handle(req, res, ready.services!, reach, log).catch((error: unknown) => {
      // Only a bug in the fake lands here; answer rather than hang the client.
      if (!res.headersSent) res.writeHead(500).end();
      console.error('ksef fake: unhandled', error);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  const auth = new AuthService({
    clock,
    keys,
    accessTokenTtlMs: options.accessTokenTtlMs ?? DEFAULTS.accessTokenTtlMs,
    processingDelayMs: options.processingDelayMs ?? DEFAULTS.processingDelayMs,
  });
  for (const [token, nip] of Object.entries(options.tokens ?? {})) auth.registerToken(token, nip);
  const faults = new KsefFaults();
  const storage = new Storage(origin);
  const ledger = new Ledger({
    clock,
    faults,
    storage,
    processingDelayMs: options.processingDelayMs ?? DEFAULTS.processingDelayMs,
  });
  const batch = new BatchSessions({ clock, keys, ledger, storage });
  const latarnia = new LatarniaService();
  ready.services = {
    api: new KsefApi({
      clock,
      keys,
      auth,
      faults,
      rateLimits: options.enforceRateLimits ? new RateLimits() : null,
      ledger,
      online: new OnlineSessions({ clock, keys, ledger }),
      batch,
      reads: new SessionReads({ clock, ledger, storage, upoLinkTtlMs: options.upoLinkTtlMs ?? DEFAULTS.upoLinkTtlMs }),
    }),
    storage,
    batch,
    latarnia,
    clock,
  };

  return {
    url: `${origin}${API_BASE}`,
    latarniaUrl: `${origin}${LATARNIA_BASE}`,
    port,
    setReachable: (reachable) => {
      reach.uplink = reachable;
      // Keep-alive sockets opened before the cut would otherwise still carry answers.
      if (!reachable) server.closeAllConnections();
    },
    setApiReachable: (reachable) => {
      reach.api = reachable;
    },
    setLatarnia: (state) => latarnia.set(state),
    announce: (announceOptions) => messages.announce(announceOptions),
    end: (started, at, endOptions) => messages.end(started, at, endOptions),
    failLatarnia: (status, times = 1) => latarnia.fail(status, times),
    registerToken: (token, nip) => auth.registerToken(token, nip),
    revokeToken: (token) => auth.revokeToken(token),
    rateLimit: (times, retryAfterSeconds) => faults.rateLimit(times, retryAfterSeconds),
    rejectNextInvoices: (code, times = 1, description) => faults.rejectNextInvoices(code, times, description),
    expireSessions: () => expireSessions(ledger, clock()),
    invoices: () => {
      ledger.settle();
      return ledger.invoices.map(receivedInvoice);
    },
    numbered: () => {
      ledger.settle();
      return ledger.numbered();
    },
    sessions: () => {
      ledger.settle();
      return [...ledger.sessions.values()].map((session) => {
        applyExpiry(session, clock());
        return sessionSummary(session);
      });
    },
    requests: () => log.map((entry) => ({ ...entry })),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  services: Services,
  reach: { uplink: boolean; api: boolean },
  log: KsefRequestLogEntry[],
): Promise<void> {
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const service = serviceOf(url.pathname);
  const entry: KsefRequestLogEntry = { service, method, path: url.pathname, status: null };
  log.push(entry);
  const apiSide = service === 'api' || service === 'storage';
  if (!reach.uplink || (apiSide && !reach.api)) return void req.socket.destroy();
  const limit = service === 'storage' ? MAX_ENCRYPTED_PART_BYTES : MAX_API_BODY_BYTES;
  const body = await readBody(req, limit);
  const answer =
    body === undefined
      ? text(413, `a request body here is at most ${limit} bytes\n`, { Connection: 'close' })
      : answerFor(service, method, url, req, body, services);
  entry.status = answer.status;
  send(res, answer);
}

/** The body, or undefined once it passes `limit` bytes (the rest is read and dropped so the client hears the 413). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? undefined : Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}

function serviceOf(path: string): KsefService {
  if (path === API_BASE || path.startsWith(`${API_BASE}/`)) return 'api';
  if (path.startsWith(`${STORAGE_BASE}/`)) return 'storage';
  if (path.startsWith(`${LATARNIA_BASE}/`)) return 'latarnia';
  return 'other';
}

function answerFor(
  service: KsefService,
  method: string,
  url: URL,
  req: IncomingMessage,
  body: Buffer,
  services: Services,
): FakeAnswer {
  const path = url.pathname;
  if (service === 'api') {
    return services.api.answer({
      method,
      path: path.slice(API_BASE.length),
      query: url.searchParams,
      headers: req.headers,
      body,
      clientIp: req.socket.remoteAddress ?? '127.0.0.1',
    });
  }
  if (service === 'storage') return answerStorage(method, url, req, body, services);
  if (service === 'latarnia') return services.latarnia.answer(method, path.slice(LATARNIA_BASE.length));
  return text(404, `nothing at ${path}: the API is under ${API_BASE}, Latarnia under ${LATARNIA_BASE}\n`);
}

/** Downloads (GET) and batch-part uploads (PUT) through pre-signed links: no token, the link is the permission. */
function answerStorage(method: string, url: URL, req: IncomingMessage, body: Buffer, services: Services): FakeAnswer {
  const path = url.pathname;
  const upload = method === 'PUT' ? batchPartOf(path) : undefined;
  if (!isRead(method) && !upload) return storageError(405, 'UnsupportedHttpVerb', `${method} is not supported here.`);
  const check = services.storage.check(path, url.searchParams, upload ? 'w' : 'r', services.clock());
  if (check === 'forged') {
    return storageError(403, 'AuthenticationFailed', 'Signature did not match the link, or the link is not one.');
  }
  if (check === 'expired') return storageError(403, 'AuthenticationFailed', 'Signed expiry time has passed.');
  return upload
    ? services.batch.uploadPart(upload.sessionRef, upload.ordinalNumber, req.headers, body)
    : services.storage.download(path);
}

function send(res: ServerResponse<IncomingMessage>, answer: FakeAnswer): void {
  // Node leaves the body out of an answer to HEAD by itself; the length still tells what a GET would get.
  res.writeHead(answer.status, { ...answer.headers, 'Content-Length': Buffer.byteLength(answer.body) });
  res.end(answer.body);
}
