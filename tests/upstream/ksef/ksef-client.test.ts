/**
 * KsefClient against a small local stand-in of KSeF, for what the unit tests cannot reach without a server: the
 * auth flow and its cache, a 401 met with one re-authentication, 21180 met with a new session, per-invoice 400s,
 * 429 with Retry-After, batch uploads without the bearer, paging, and UPO links. The stand-in decrypts what the
 * client sends with the private key of the certificate it lists, so the crypto is checked end to end.
 */
import { constants, createDecipheriv, createHash, privateDecrypt, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/main/hub/upstream/clock/manual-clock.js';
import {
  KsefApiError,
  KsefClient,
  type KsefClientOptions,
  type SentInvoice,
} from '../../../src/main/hub/upstream/ksef/ksef-client.js';
import { UpstreamError } from '../../../src/main/hub/upstream/workers/upstream-error.js';

const certs = new URL('../../fixtures/ksef-certs/', import.meta.url);
const certificate = new X509Certificate(readFileSync(new URL('rsa-2048.cert.pem', certs), 'utf8'));
const privateKey = readFileSync(new URL('rsa-2048.key.pem', certs), 'utf8');
const NIP = '5265877635';
const TOKEN = '20261122-EC-0123456789-ABCDEF0123-45|nip-5265877635|0123456789abcdef';
const KEY_ID = createHash('sha256')
  .update(certificate.publicKey.export({ type: 'spki', format: 'der' }))
  .digest('base64');

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('base64');
const unwrap = (b64: string) =>
  privateDecrypt(
    { key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
    Buffer.from(b64, 'base64'),
  );
const decrypt = (data: Uint8Array, key: Buffer, iv: Buffer) => {
  const decipher = createDecipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([decipher.update(data), decipher.final()]);
};
const ref = (kind: string, n: number) => `20261122-${kind}-${String(n).padStart(10, '0')}-0000000000-00`;

type Json = Record<string, unknown>;
interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}
const exception = (code: number, description: string): Reply => ({
  status: 400,
  body: {
    exception: {
      exceptionDetailList: [{ exceptionCode: code, exceptionDescription: description, details: ['detail'] }],
    },
  },
});

/** The stand-in. `script` lets a test answer a path differently; everything the client sent is kept. */
class StandIn {
  readonly log: string[] = [];
  readonly sessions = new Map<string, { key: Buffer; iv: Buffer; closed: boolean; invoices: Buffer[] }>();
  readonly uploads: Array<{ headers: http.IncomingHttpHeaders; body: Buffer; ordinal: number }> = [];
  readonly access = new Set<string>();
  readonly decryptedTokens: string[] = [];
  batch: { declared: Json; key: Buffer; iv: Buffer; closed: boolean; offlineMode: unknown } | undefined;
  pollsBefore200 = 0;
  authStatus = 200;
  refreshRefused = false;
  accessLifetimeMs = 15 * 60_000;
  script: (method: string, path: string, body: Json) => Reply | undefined = () => undefined;
  private counter = 0;
  private challenges = new Map<string, number>();
  private auths = new Map<string, { polls: number; ok: boolean }>();
  private server = http.createServer((req, res) => void this.handle(req, res));
  base = '';

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  count(entry: string): number {
    return this.log.filter((l) => l === entry).length;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', this.base);
    const path = url.pathname.replace(/^\/v2/, '');
    const method = req.method ?? 'GET';
    this.log.push(`${method} ${path.replace(/\d{8}-[A-Z]{2}-\d{10}-0{10}-00/g, '{ref}')}`);
    let body: Json = {};
    if (raw.byteLength > 0 && req.headers['content-type']?.includes('json')) body = JSON.parse(raw.toString()) as Json;
    const reply = this.script(method, path, body) ?? this.answer(method, path, url, body, raw, req);
    const text = reply.body === undefined ? '' : Buffer.isBuffer(reply.body) ? reply.body : JSON.stringify(reply.body);
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(text);
  }

  private answer(method: string, path: string, url: URL, body: Json, raw: Buffer, req: http.IncomingMessage): Reply {
    const bearer = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    const now = Date.now();
    const later = (ms: number) => new Date(now + ms).toISOString();
    if (method === 'GET' && path === '/security/public-key-certificates') {
      const entry = (usage: string) => ({
        certificate: certificate.raw.toString('base64'),
        certificateId: sha256(certificate.raw),
        publicKeyId: KEY_ID,
        validFrom: '2025-01-01T00:00:00Z',
        validTo: '2100-01-01T00:00:00Z',
        usage: [usage],
      });
      return { status: 200, body: [entry('KsefTokenEncryption'), entry('SymmetricKeyEncryption')] };
    }
    if (method === 'POST' && path === '/auth/challenge') {
      const challenge = `20261122-CR-${String((this.counter += 1)).padStart(10, '0')}-0000000000-00`;
      this.challenges.set(challenge, now);
      return {
        status: 200,
        body: { challenge, timestamp: new Date(now).toISOString(), timestampMs: now, clientIp: '127.0.0.1' },
      };
    }
    if (method === 'POST' && path === '/auth/ksef-token') {
      const ts = this.challenges.get(String(body['challenge']));
      const plain = unwrap(String(body['encryptedToken'])).toString('utf8');
      this.decryptedTokens.push(plain);
      const context = body['contextIdentifier'] as Json;
      const ok =
        ts !== undefined && plain === `${TOKEN}|${ts}` && context['type'] === 'Nip' && context['value'] === NIP;
      expect(body['publicKeyId']).toBe(KEY_ID);
      const reference = ref('AU', (this.counter += 1));
      this.auths.set(`auth-${reference}`, { polls: 0, ok });
      return {
        status: 202,
        body: {
          referenceNumber: reference,
          authenticationToken: { token: `auth-${reference}`, validUntil: later(600_000) },
        },
      };
    }
    if (method === 'GET' && path.startsWith('/auth/') && path.split('/').length === 3) {
      const auth = this.auths.get(bearer);
      if (!auth) return { status: 401, body: { title: 'Unauthorized', status: 401, detail: 'no' } };
      auth.polls += 1;
      const code = auth.polls <= this.pollsBefore200 ? 100 : auth.ok ? this.authStatus : 450;
      return {
        status: 200,
        body: { startDate: later(0), status: { code, description: `status ${code}`, details: [] } },
      };
    }
    if (method === 'POST' && path === '/auth/token/redeem') {
      if (!this.auths.get(bearer)) return exception(21301, 'Brak autoryzacji.');
      this.auths.delete(bearer);
      const access = `access-${(this.counter += 1)}`;
      this.access.add(access);
      return {
        status: 200,
        body: {
          accessToken: { token: access, validUntil: later(this.accessLifetimeMs) },
          refreshToken: { token: `refresh-${access}`, validUntil: later(7 * 86_400_000) },
        },
      };
    }
    if (method === 'POST' && path === '/auth/token/refresh') {
      if (this.refreshRefused || !bearer.startsWith('refresh-')) return exception(21301, 'Brak autoryzacji.');
      const access = `access-${(this.counter += 1)}`;
      this.access.add(access);
      return { status: 200, body: { accessToken: { token: access, validUntil: later(this.accessLifetimeMs) } } };
    }
    if (path.startsWith('/upload/')) {
      this.uploads.push({ headers: req.headers, body: raw, ordinal: Number(path.split('/').pop()) });
      return { status: 201 };
    }
    if (path.startsWith('/upo/')) {
      const upo = Buffer.from(`<UPO>${path}</UPO>`);
      return { status: 200, body: upo, headers: { 'content-type': 'application/xml', 'x-ms-meta-hash': sha256(upo) } };
    }
    if (!this.access.has(bearer)) {
      return { status: 401, body: { title: 'Unauthorized', status: 401, detail: 'bad token', timestamp: later(0) } };
    }
    if (method === 'POST' && path === '/sessions/online') {
      const encryption = body['encryption'] as Json;
      expect(body['formCode']).toEqual({ systemCode: 'FA (3)', schemaVersion: '1-0E', value: 'FA' });
      const reference = ref('SO', (this.counter += 1));
      this.sessions.set(reference, {
        key: unwrap(String(encryption['encryptedSymmetricKey'])),
        iv: Buffer.from(String(encryption['initializationVector']), 'base64'),
        closed: false,
        invoices: [],
      });
      return { status: 201, body: { referenceNumber: reference, validUntil: later(12 * 3600_000) } };
    }
    const send = /^\/sessions\/online\/([^/]+)\/invoices$/.exec(path);
    if (method === 'POST' && send) {
      const session = this.sessions.get(send[1]!)!;
      const encrypted = Buffer.from(String(body['encryptedInvoiceContent']), 'base64');
      const plain = decrypt(encrypted, session.key, session.iv);
      expect(body['invoiceHash']).toBe(sha256(plain));
      expect(body['invoiceSize']).toBe(plain.byteLength);
      expect(body['encryptedInvoiceHash']).toBe(sha256(encrypted));
      expect(body['encryptedInvoiceSize']).toBe(encrypted.byteLength);
      session.invoices.push(plain);
      return { status: 202, body: { referenceNumber: ref('EE', (this.counter += 1)) } };
    }
    const closeOnline = /^\/sessions\/online\/([^/]+)\/close$/.exec(path);
    if (method === 'POST' && closeOnline) {
      this.sessions.get(closeOnline[1]!)!.closed = true;
      return { status: 204 };
    }
    if (method === 'POST' && path === '/sessions/batch') {
      const encryption = body['encryption'] as Json;
      const declared = body['batchFile'] as Json;
      this.batch = {
        declared,
        key: unwrap(String(encryption['encryptedSymmetricKey'])),
        iv: Buffer.from(String(encryption['initializationVector']), 'base64'),
        closed: false,
        offlineMode: body['offlineMode'],
      };
      const parts = declared['fileParts'] as Json[];
      return {
        status: 201,
        body: {
          referenceNumber: ref('SB', (this.counter += 1)),
          partUploadRequests: parts.map((p) => ({
            ordinalNumber: p['ordinalNumber'],
            method: 'PUT',
            url: `${this.base}/upload/${String(p['ordinalNumber'])}`,
            headers: { 'x-ms-blob-type': 'BlockBlob' },
          })),
        },
      };
    }
    if (method === 'POST' && /^\/sessions\/batch\/[^/]+\/close$/.test(path)) {
      this.batch!.closed = true;
      return { status: 204 };
    }
    if (method === 'GET' && /^\/sessions\/[^/]+\/invoices$/.test(path)) {
      expect(url.searchParams.get('pageSize')).toBe('1000');
      const token = req.headers['x-continuation-token'];
      const status = (n: number) => ({
        ordinalNumber: n,
        referenceNumber: ref('EE', n),
        invoiceHash: sha256(Buffer.from(String(n))),
        invoicingDate: later(0),
        invoicingMode: 'Online',
        status: { code: 200, description: 'Sukces' },
      });
      if (token === undefined)
        return { status: 200, body: { continuationToken: 'page-2', invoices: [status(1), status(2)] } };
      if (token === 'page-2') return { status: 200, body: { continuationToken: null, invoices: [status(3)] } };
      return exception(21418, 'Przekazany token kontynuacji ma nieprawidłowy format.');
    }
    return { status: 404, body: { title: 'Not Found', status: 404, detail: path } };
  }
}

let standIn: StandIn;
afterEach(async () => {
  await standIn?.stop();
});

async function setup(options: Partial<KsefClientOptions> = {}) {
  standIn = new StandIn();
  await standIn.start();
  const logged: string[] = [];
  const client = new KsefClient({
    apiBase: `${standIn.base}/v2`,
    contextNip: NIP,
    token: async () => TOKEN,
    log: (m) => logged.push(m),
    ...options,
  });
  return { client, server: standIn, logged };
}

const signal = () => AbortSignal.timeout(20_000);
const invoice = (id: string, extra: Partial<{ offlineMode: boolean; hashOfCorrectedInvoice: string }> = {}) => ({
  id,
  bytes: Buffer.from(`<Faktura><P_2>${id}</P_2></Faktura>`),
  offlineMode: false,
  ...extra,
});

describe('authentication', () => {
  it('authenticates with the token encrypted as "<token>|<timestampMs>", polls, redeems, then reuses the token', async () => {
    const { client, server } = await setup();
    server.pollsBefore200 = 2;
    const first = await client.testConnection(signal());
    expect(first.ok).toBe(true);
    expect(first.message).toContain(NIP);
    expect(server.decryptedTokens).toHaveLength(1);
    expect(server.decryptedTokens[0]).toMatch(new RegExp(`^${TOKEN.replace(/\|/g, '\\|')}\\|\\d+$`));
    expect(server.count('GET /auth/{ref}')).toBe(3);
    expect(server.count('POST /auth/token/redeem')).toBe(1);
    expect((await client.testConnection(signal())).ok).toBe(true);
    expect(server.count('POST /auth/challenge')).toBe(1);
  });

  it('refreshes an access token within 60 s of expiry, and authenticates again when the refresh is refused', async () => {
    const clock = new ManualClock(new Date());
    const { client, server } = await setup({ clock });
    await client.testConnection(signal());
    await clock.advance(14 * 60_000 + 1_000);
    expect((await client.testConnection(signal())).ok).toBe(true);
    expect(server.count('POST /auth/token/refresh')).toBe(1);
    expect(server.count('POST /auth/challenge')).toBe(1);
    server.refreshRefused = true;
    await clock.advance(15 * 60_000);
    expect((await client.testConnection(signal())).ok).toBe(true);
    expect(server.count('POST /auth/token/refresh')).toBe(2);
    expect(server.count('POST /auth/challenge')).toBe(2);
  });

  it('says plainly why KSeF refused the token, without the token', async () => {
    const { client } = await setup({ token: async () => 'not-the-token' });
    const result = await client.testConnection(signal());
    expect(result.ok).toBe(false);
    expect(result.message).toContain('KSeF refused the token (450)');
    expect(result.message).not.toContain('not-the-token');
    const none = await (await setup({ token: async () => null })).client.testConnection(signal());
    expect(none).toMatchObject({ ok: false, message: 'no KSeF token is set' });
  });

  it('maps 415 to auth and 550 to a retryable server fault', async () => {
    const { client, server } = await setup();
    server.authStatus = 415;
    const refused = await client.sessionStatus(ref('SO', 1), signal()).catch((e: unknown) => e);
    expect(refused).toMatchObject({ kind: 'auth' });
    expect((refused as Error).message).toContain('415');
    server.authStatus = 550;
    const cancelled = await client.sessionStatus(ref('SO', 1), signal()).catch((e: unknown) => e);
    expect(cancelled).toMatchObject({ kind: 'server', retryable: true });
  });

  it('waits on the clock between polls and gives up after a minute of it', async () => {
    const clock = new ManualClock(new Date());
    const { client, server } = await setup({ clock });
    server.pollsBefore200 = 1_000_000;
    let outcome: unknown;
    void client.sessionStatus(ref('SO', 1), signal()).then(
      (v) => (outcome = v),
      (e: unknown) => (outcome = e),
    );
    await clock.advanceUntil(() => outcome !== undefined, 70_000, 250);
    expect(outcome).toBeInstanceOf(UpstreamError);
    expect(outcome).toMatchObject({ kind: 'timeout' });
    // 250, 500, 1000, then every 2 s for the rest of the minute: far fewer polls than a tight loop.
    expect(server.count('GET /auth/{ref}')).toBeGreaterThan(25);
    expect(server.count('GET /auth/{ref}')).toBeLessThan(40);
  });

  it('answers a 401 on a protected call with one re-authentication and one retry, then gives up', async () => {
    const { client, server } = await setup();
    await client.testConnection(signal());
    server.access.clear(); // KSeF no longer takes the access token
    const pages = await client.sessionInvoices(ref('SO', 1), signal());
    expect(pages).toHaveLength(3);
    expect(server.count('POST /auth/challenge')).toBe(2);
    server.script = (method, path) =>
      path.endsWith('/invoices')
        ? { status: 401, body: { title: 'Unauthorized', status: 401, detail: 'x' } }
        : undefined;
    const failure = await client.sessionInvoices(ref('SO', 1), signal()).catch((e: unknown) => e);
    expect(failure).toMatchObject({ kind: 'auth', status: 401 });
    expect(server.count('POST /auth/challenge')).toBe(3);
  });
});

describe('sendInteractive', () => {
  it('sends each invoice, reports it before the next send, closes; per-invoice 400s go on; 21180 opens a new session', async () => {
    const { client, server } = await setup();
    let sends = 0;
    server.script = (method, path) => {
      if (method !== 'POST' || !/^\/sessions\/online\/[^/]+\/invoices$/.test(path)) return undefined;
      sends += 1;
      if (sends === 2) return exception(21403, 'Nieprawidłowy skrót pliku.');
      if (sends === 3) return exception(21180, 'Status sesji nie pozwala na wykonanie operacji.');
      return undefined;
    };
    const reported: Array<{ sent: SentInvoice; logLength: number }> = [];
    const results = await client.sendInteractive([invoice('A'), invoice('B'), invoice('C'), invoice('D')], {
      signal: signal(),
      onSent: (sent) => reported.push({ sent, logLength: server.log.length }),
    });
    const sessions = [...server.sessions.keys()];
    expect(sessions).toHaveLength(2);
    const a = results.get('A') as SentInvoice;
    expect(a).toMatchObject({ id: 'A', sessionRef: sessions[0], invoiceHash: sha256(invoice('A').bytes) });
    const b = results.get('B');
    expect(b).toBeInstanceOf(KsefApiError);
    expect(b).toMatchObject({ kind: 'validation', ksefCode: 21403 });
    expect((b as Error).message).toContain('21403');
    expect((b as Error).message).toContain('Nieprawidłowy skrót pliku.');
    expect(results.get('C')).toMatchObject({ sessionRef: sessions[1] });
    expect(results.get('D')).toMatchObject({ sessionRef: sessions[1] });
    expect(reported.map((r) => r.sent.id)).toEqual(['A', 'C', 'D']);
    // A was reported before B was sent: the log then held A's send and nothing after it.
    expect(server.log.slice(0, reported[0]!.logLength).filter((l) => l.endsWith('/invoices'))).toHaveLength(1);
    expect(server.sessions.get(sessions[1]!)!.closed).toBe(true);
    expect(server.sessions.get(sessions[1]!)!.invoices.map((b) => b.toString())).toEqual([
      '<Faktura><P_2>C</P_2></Faktura>',
      '<Faktura><P_2>D</P_2></Faktura>',
    ]);
  });

  it('throws rate_limited with Retry-After on 429 after closing the session; what was sent was reported', async () => {
    const { client, server } = await setup();
    let sends = 0;
    server.script = (method, path) => {
      if (method !== 'POST' || !path.endsWith('/invoices')) return undefined;
      sends += 1;
      return sends === 2
        ? {
            status: 429,
            headers: { 'retry-after': '30' },
            body: { status: { code: 429, description: 'Too Many Requests', details: ['x'] } },
          }
        : undefined;
    };
    const reported: string[] = [];
    const failure = await client
      .sendInteractive([invoice('A'), invoice('B'), invoice('C')], {
        signal: signal(),
        onSent: (s) => reported.push(s.id),
      })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(UpstreamError);
    expect(failure).toMatchObject({ kind: 'rate_limited', retryAfter: '30', status: 429 });
    expect(reported).toEqual(['A']);
    expect([...server.sessions.values()][0]!.closed).toBe(true);
  });

  it('throws server on 5xx', async () => {
    const { client, server } = await setup();
    server.script = (method, path) => (path.endsWith('/invoices') ? { status: 503, body: {} } : undefined);
    await expect(
      client.sendInteractive([invoice('A')], { signal: signal(), onSent: () => undefined }),
    ).rejects.toMatchObject({ kind: 'server', status: 503 });
  });

  it('refuses a technical correction without offlineMode before sending anything', async () => {
    const { client, server } = await setup();
    const correction = invoice('A', { hashOfCorrectedInvoice: sha256(Buffer.from('old')) });
    await expect(
      client.sendInteractive([invoice('Z'), correction], { signal: signal(), onSent: () => undefined }),
    ).rejects.toMatchObject({ kind: 'validation' });
    expect(server.log).toEqual([]);
    const results = await client.sendInteractive([{ ...correction, offlineMode: true }], {
      signal: signal(),
      onSent: () => undefined,
    });
    expect(results.get('A')).toMatchObject({ id: 'A' });
  });

  it('reports a network failure as network', async () => {
    const { client } = await setup();
    await standIn.stop();
    await expect(client.testConnection(signal())).resolves.toMatchObject({ ok: false });
    await expect(client.sessionStatus(ref('SO', 1), signal())).rejects.toMatchObject({ kind: 'network' });
    standIn = new StandIn();
    await standIn.start();
  });
});

describe('sendBatch', () => {
  it('zips, splits, encrypts, opens, reports the session, uploads without the bearer, closes', async () => {
    const { client, server } = await setup({ partSize: 1500 });
    const invoices = Array.from({ length: 20 }, (_, i) => ({
      ...invoice(`inv/${i}`),
      bytes: Buffer.from(
        `<Faktura><P_2>${i}</P_2><X>${createHash('sha512').update(String(i)).digest('hex')}</X></Faktura>`,
      ),
      offlineMode: true,
    }));
    let opened: { ref: string; names: Map<string, string>; uploadsSoFar: number } | undefined;
    const { sessionRef } = await client.sendBatch(invoices, {
      signal: signal(),
      offlineMode: true,
      onOpened: (ref, names) => (opened = { ref, names, uploadsSoFar: server.uploads.length }),
    });
    expect(opened).toMatchObject({ ref: sessionRef, uploadsSoFar: 0 });
    expect(opened!.names.get('inv/3')).toBe('inv_3.xml');
    const batch = server.batch!;
    expect(batch.offlineMode).toBe(true);
    expect(batch.closed).toBe(true);
    const parts = batch.declared['fileParts'] as Array<{ ordinalNumber: number; fileSize: number; fileHash: string }>;
    expect(parts.length).toBeGreaterThan(1);
    expect(server.uploads).toHaveLength(parts.length);
    for (const upload of server.uploads) {
      expect(upload.headers.authorization).toBeUndefined();
      expect(upload.headers['x-ms-blob-type']).toBe('BlockBlob');
      const declared = parts.find((p) => p.ordinalNumber === upload.ordinal)!;
      expect(upload.body.byteLength).toBe(declared.fileSize);
      expect(sha256(upload.body)).toBe(declared.fileHash);
    }
    const archive = Buffer.concat(
      [...server.uploads].sort((x, y) => x.ordinal - y.ordinal).map((u) => decrypt(u.body, batch.key, batch.iv)),
    );
    expect(archive.byteLength).toBe(batch.declared['fileSize']);
    expect(sha256(archive)).toBe(batch.declared['fileHash']);
    const files = unzipSync(archive);
    expect(Object.keys(files)).toHaveLength(20);
    expect(Buffer.from(files['inv_7.xml']!)).toEqual(invoices[7]!.bytes);
  });

  it('refuses an invoice whose offlineMode differs from the session', async () => {
    const { client, server } = await setup();
    await expect(
      client.sendBatch([invoice('A')], { signal: signal(), offlineMode: true, onOpened: () => undefined }),
    ).rejects.toMatchObject({ kind: 'validation' });
    expect(server.log).toEqual([]);
  });
});

describe('statuses and UPOs', () => {
  it('pages through every invoice of a session with the continuation token', async () => {
    const { client } = await setup();
    const all = await client.sessionInvoices(ref('SO', 1), signal());
    expect(all.map((i) => i.ordinalNumber)).toEqual([1, 2, 3]);
    expect(all[0]).toMatchObject({ invoicingMode: 'Online', ksefNumber: null, status: { code: 200, details: [] } });
  });

  it('downloads a UPO without a token, checks its hash, and calls an expired link a conflict', async () => {
    const { client, server } = await setup();
    const upo = await client.downloadUpo(`${server.base}/upo/abc`, signal());
    expect(upo.toString()).toBe('<UPO>/upo/abc</UPO>');
    expect(server.log).toEqual(['GET /upo/abc']);
    server.script = (method, path) =>
      path === '/upo/bad'
        ? { status: 200, body: Buffer.from('<UPO/>'), headers: { 'x-ms-meta-hash': sha256(Buffer.from('other')) } }
        : path === '/upo/gone'
          ? { status: 403, body: Buffer.from('<Error>AuthenticationFailed</Error>') }
          : undefined;
    await expect(client.downloadUpo(`${server.base}/upo/bad`, signal())).rejects.toMatchObject({ kind: 'server' });
    await expect(client.downloadUpo(`${server.base}/upo/gone`, signal())).rejects.toMatchObject({ kind: 'conflict' });
  });
});
