import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { acknowledgementXml, type AckDetail, type AckStatus } from './acknowledgement.js';
import { FaultQueue, type NaxmlFault } from './faults.js';
import { sendHostileAck } from './hostile-answers.js';
import type { NaxmlDocumentType } from './layouts.js';
import { validateDocument } from './validate-document.js';

export type NaxmlFakeAuth = { kind: 'basic'; username: string; password: string } | { kind: 'bearer'; token: string };

export interface NaxmlFakeOptions {
  /** 0 (default) picks a free port. The fake listens on 127.0.0.1 only. */
  port?: number;
  /** Credentials the fake insists on; none by default. A request without them gets a bare 401. */
  auth?: NaxmlFakeAuth;
  /**
   * The HTTP status sent with a FatalError acknowledgement. 200 by default: the verdict is in the document, as
   * acknowledgement APIs return it. Back offices differ (research §A.8), so tests can ask for e.g. 422.
   */
  fatalStatus?: number;
  /** Larger request bodies get 413. Default 10 MiB. */
  maxBodyBytes?: number;
}

/** A document the fake applied: once per file name, however often it was delivered. */
export interface AppliedDocument {
  fileName: string;
  /** From the root and, for movement reports, the report element under it. */
  type: NaxmlDocumentType;
  bytes: number;
  /** Hex SHA-256 of the bytes received. */
  sha256: string;
  /** Deliveries of these bytes under this name that passed validation: the applying one and every resend. */
  deliveries: number;
}

export interface NaxmlRequestLogEntry {
  fileName: string | null;
  idempotencyKey: string | null;
  contentType: string | null;
  /** null when the fake never answered (timeout) or dropped the connection. */
  status: number | null;
  ackStatus: AckStatus | null;
  /** True for the request that applied its document (a resend or a refusal applies nothing). */
  applied: boolean;
  /** Body bytes the fake wrote in its answer; for a streamed hostile answer, those written before the client left. */
  answerBytes: number;
}

export interface NaxmlFake {
  /** `http://127.0.0.1:<port>/naxml`; any path is accepted. */
  readonly url: string;
  readonly port: number;
  /** Requests received so far, whatever became of them. */
  readonly deliveries: number;
  applied(): AppliedDocument[];
  requests(): NaxmlRequestLogEntry[];
  /** Queues `fault` for the next `times` requests (default once), after any faults already queued. */
  fail(fault: NaxmlFault, times?: number): void;
  pendingFaults(): number;
  /** false: every connection is dropped unanswered, probes included, until it is set back (an internet outage). */
  setReachable(reachable: boolean): void;
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

/**
 * A NAXML back office on 127.0.0.1 that takes documents by HTTPS-style POST (plain http on loopback), checks them
 * against the NAXML layouts, applies each file name once, and answers NAXML-Acknowledgements; faults on demand.
 */
export async function startNaxmlFake(options: NaxmlFakeOptions = {}): Promise<NaxmlFake> {
  const state: FakeState = {
    options,
    faults: new FaultQueue(),
    documents: new Map(),
    log: [],
    reachable: true,
  };
  const server = createServer((req, res) => {
    handle(state, req, res).catch((error: unknown) => {
      // Only a bug in the fake lands here; answer rather than hang the client.
      if (!res.headersSent) res.writeHead(500).end();
      console.error('naxml fake: unhandled', error);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/naxml`,
    port,
    get deliveries() {
      return state.log.length;
    },
    applied: () => [...state.documents.values()].map((document) => ({ ...document })),
    requests: () => state.log.map((entry) => ({ ...entry })),
    fail: (fault, times = 1) => state.faults.add(fault, times),
    pendingFaults: () => state.faults.pending(),
    setReachable: (reachable) => {
      state.reachable = reachable;
      if (!reachable) server.closeAllConnections();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Hung requests, streamed answers and keep-alive sockets would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}

interface FakeState {
  options: NaxmlFakeOptions;
  faults: FaultQueue;
  documents: Map<string, AppliedDocument>;
  log: NaxmlRequestLogEntry[];
  reachable: boolean;
}

async function handle(state: FakeState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  // Cut off (the simulator's internet outage): as if the host had gone, for probes and deliveries alike.
  if (!state.reachable) return void req.socket.destroy();
  // A connectivity probe (HEAD or GET) is answered but is no delivery: it neither counts nor takes a fault.
  if (req.method !== 'POST') {
    return void res.writeHead(405, { Allow: 'POST', 'Content-Type': 'text/plain' }).end('POST a NAXML document\n');
  }
  const fileName = headerOf(req, 'x-naxml-file-name');
  const entry: NaxmlRequestLogEntry = {
    fileName,
    idempotencyKey: headerOf(req, 'idempotency-key'),
    contentType: headerOf(req, 'content-type'),
    status: null,
    ackStatus: null,
    applied: false,
    answerBytes: 0,
  };
  state.log.push(entry);
  const plain = (status: number, text: string, headers: Record<string, string> = {}) => {
    entry.status = status;
    entry.answerBytes = Buffer.byteLength(text);
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers }).end(text);
  };
  const ack = (status: number, ackStatus: AckStatus, details: AckDetail[], documentType?: string) => {
    const xml = acknowledgementXml(ackStatus, { documentName: fileName ?? undefined, documentType, details });
    entry.status = status;
    entry.ackStatus = ackStatus;
    entry.answerBytes = Buffer.byteLength(xml);
    res.writeHead(status, { 'Content-Type': 'application/xml; charset=utf-8' }).end(xml);
  };
  const fatalStatus = state.options.fatalStatus ?? 200;
  const refuse = (message: string, line?: number, column?: number) =>
    ack(fatalStatus, 'FatalError', [{ message, severity: 'Error', line, column }]);

  const body = await readBody(req, state.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
  if (body === null) return plain(413, 'the document is too large\n');

  const fault = state.faults.take();
  if (fault?.kind === 'timeout') return;
  if (fault?.kind === 'status') {
    return plain(
      fault.status,
      `injected ${fault.status}\n`,
      fault.retryAfter ? { 'Retry-After': fault.retryAfter } : {},
    );
  }
  if (!authorized(state.options.auth, req)) {
    return plain(401, 'wrong or missing credentials\n', { 'WWW-Authenticate': 'Basic realm="naxml"' });
  }
  if (fileName === null) return refuse('the X-NAXML-File-Name header is missing');
  if (fault?.kind === 'fatal') {
    return ack(fault.status ?? fatalStatus, 'FatalError', [{ message: fault.message, severity: 'Error' }]);
  }
  const verdict = validateDocument(body);
  if (!verdict.ok) return refuse(verdict.problem.message, verdict.problem.line, verdict.problem.column);

  const sha256 = createHash('sha256').update(body).digest('hex');
  const earlier = state.documents.get(fileName);
  if (earlier && earlier.sha256 !== sha256) {
    return refuse(`conflicting resend of ${fileName}: its bytes differ from the document applied under that name`);
  }
  if (earlier) {
    earlier.deliveries += 1;
  } else {
    state.documents.set(fileName, { fileName, type: verdict.type, bytes: body.length, sha256, deliveries: 1 });
    entry.applied = true;
  }

  if (fault?.kind === 'dropAfterApply') return void res.socket?.destroy();
  if (fault?.kind === 'hostileAck') {
    entry.status = 200;
    entry.answerBytes = await sendHostileAck(res, fault.ack);
    return;
  }
  if (fault?.kind === 'nonFatal') {
    return ack(200, 'NonFatalError', [{ message: fault.message, severity: 'Warning' }], verdict.type);
  }
  ack(200, 'Success', [], verdict.type);
}

function authorized(auth: NaxmlFakeAuth | undefined, req: IncomingMessage): boolean {
  if (!auth) return true;
  const expected =
    auth.kind === 'basic'
      ? `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`
      : `Bearer ${auth.token}`;
  return req.headers.authorization === expected;
}

function headerOf(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return typeof value === 'string' && value !== '' ? value : null;
}

/** The whole body, or null past `limit` (the rest is read and dropped, so the client can still read the 413). */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  }
  return size > limit ? null : Buffer.concat(chunks);
}
