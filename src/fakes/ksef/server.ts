import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type FakeAnswer, text } from './answers.js';
import { answerApi } from './api.js';
import { LatarniaService, type LatarniaState } from './latarnia.js';
import {
  type AnnounceOptions,
  type EndOptions,
  type LatarniaMessage,
  LatarniaMessageFactory,
} from './latarnia-messages.js';

export interface KsefFakeOptions {
  /** 0 (default) picks a free port. The fake listens on 127.0.0.1 only. */
  port?: number;
}

export type KsefService = 'api' | 'latarnia' | 'other';

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
  /** false: only the API's connections are dropped while Latarnia still answers — an outage nobody announced. */
  setApiReachable(reachable: boolean): void;
  /** What Latarnia reports from now on (initially AVAILABLE with no messages). */
  setLatarnia(state: LatarniaState): void;
  /** A message opening an event: FAILURE_START (FAILURE, TOTAL_FAILURE) or MAINTENANCE_ANNOUNCEMENT. */
  announce(options: AnnounceOptions): LatarniaMessage;
  /** The FAILURE_END closing `started` at the instant `at`. */
  end(started: LatarniaMessage, at: string, options?: EndOptions): LatarniaMessage;
  /** The next `times` (default 1) Latarnia requests get `status` (502, 504…) with a proxy's HTML page. */
  failLatarnia(status: number, times?: number): void;
  requests(): KsefRequestLogEntry[];
  close(): Promise<void>;
}

const API_BASE = '/v2';
const LATARNIA_BASE = '/latarnia';

/**
 * The KSeF API and its status service Latarnia on one loopback port, told apart by path, so one fake stands for
 * both hosts and one switch cuts both, as a dead uplink does.
 */
export async function startKsefFake(options: KsefFakeOptions = {}): Promise<KsefFake> {
  const latarnia = new LatarniaService();
  const messages = new LatarniaMessageFactory();
  const log: KsefRequestLogEntry[] = [];
  const reach = { uplink: true, api: true };

  const server = createServer((req, res) => {
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const service = serviceOf(path);
    const entry: KsefRequestLogEntry = { service, method, path, status: null };
    log.push(entry);
    if (!reach.uplink || (service === 'api' && !reach.api)) return void req.socket.destroy();
    const answer = answerFor(service, method, path, latarnia);
    entry.status = answer.status;
    send(res, answer);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

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
    requests: () => log.map((entry) => ({ ...entry })),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function serviceOf(path: string): KsefService {
  if (path === API_BASE || path.startsWith(`${API_BASE}/`)) return 'api';
  if (path.startsWith(`${LATARNIA_BASE}/`)) return 'latarnia';
  return 'other';
}

function answerFor(service: KsefService, method: string, path: string, latarnia: LatarniaService): FakeAnswer {
  if (service === 'api') return answerApi(method, path);
  if (service === 'latarnia') return latarnia.answer(method, path.slice(LATARNIA_BASE.length));
  return text(404, `nothing at ${path}: the API is under ${API_BASE}, Latarnia under ${LATARNIA_BASE}\n`);
}

function send(res: ServerResponse<IncomingMessage>, answer: FakeAnswer): void {
  // Node leaves the body out of an answer to HEAD by itself; the length still tells what a GET would get.
  res.writeHead(answer.status, { ...answer.headers, 'Content-Length': Buffer.byteLength(answer.body) });
  res.end(answer.body);
}
