/**
 * Sending invoices to KSeF across a SIGKILL (issue 10): a real `backroom serve` process, pointed at the KSeF fake
 * with a long processing delay, is killed with `kill -9` while KSeF is numbering what it sent — interactive sends
 * (one of them acknowledged by KSeF but never by the hub), a batch, random moments of a longer run, and a batch whose
 * close never reached KSeF — and started again on the same data directory. After each restart every invoice ends up
 * accepted with exactly one KSeF number at the fake's count, the number the hub recorded is the fake's, each has its
 * UPO, the ledger verifies, and a send repeated after a kill reached KSeF only to come back as a 440 duplicate.
 *
 * The hub reaches the fake's API through a pass-through proxy owned by this file, which can kill the hub at an exact
 * request: after KSeF answered a send (the acknowledgement is lost), or before a batch's close reaches KSeF.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { createServer, request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKsefFake, type KsefFake } from '../../src/fakes/ksef/index.js';
import { Ledger } from '../../src/main/hub/ledger/ledger.js';
import { ledgerFile } from '../../src/main/hub/ledger/open-database.js';
import { verifyLedger } from '../../src/main/hub/ledger/verify-ledger.js';
import { UserStore } from '../../src/main/hub/security/user-store.js';
import { deviceSignatureCheck } from '../../src/main/hub/sync/signature-check.js';
import { checkUpo } from '../../src/main/hub/upstream/ksef/ksef-client.js';
import { isValidKsefNumber } from '../../src/main/hub/upstream/ksef/ksef-number.js';
import type { PushReply } from '../../src/shared/protocol/device-api.js';
import { lanCall } from '../helpers/device-client.js';
import { TestDevice } from '../helpers/device-signer.js';
import { freePorts } from '../helpers/free-port.js';
import { PIN, saleWithInvoice, setUpSeller } from '../helpers/ksef-store.js';
import { bundleCached, cleanEnv, CLI_ENTRY, REPO_ROOT } from '../helpers/ledger-processes.js';
import { adminLogin } from '../helpers/test-hub.js';

const SELLER_NIP = '1111111111';
const TOKEN = 'ksef-token-sigkill-0001';
/** KSeF keeps each invoice (and each login) in processing this long: the hub is waiting for it when it dies. */
const PROCESSING_MS = 1_500;
const buyer = { nip: '5260001246', name: 'Hurtownia', address: { line1: 'ul. Długa 1', line2: '00-001 Warszawa' } };
const ONLINE_SEND = /^\/v2\/sessions\/online\/[^/]+\/invoices$/;
const BATCH_CLOSE = /^\/v2\/sessions\/batch\/[^/]+\/close$/;

interface InvoiceRow {
  invoice_id: string;
  number: string;
  mode: string;
  status: string;
  sha256: string;
  ksef_number: string | null;
}

/** What one scenario saw at the fake: the sends that reached it and how many of them were 440 duplicates. */
interface SendCount {
  invoices: number;
  sends: number;
  duplicates: number;
  /** invoice number → the status of each of its sends KSeF received, for those sent more than once */
  resent: Record<string, number[]>;
}

/** A request the hub made to KSeF's API, as the proxy saw it. */
interface Call {
  method: string;
  path: string;
  /** KSeF's answer; undefined while the request has not reached KSeF yet. */
  status?: number | undefined;
}

interface HubRun {
  readonly child: ChildProcess;
  readonly uiUrl: string;
  readonly lanUrl: string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function poll<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, ms = 20_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** A small seeded generator, so a failing random run can be replayed by its seed (KSEF_SIGKILL_SEED). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const alive = new Set<ChildProcess>();
// A test that fails midway must not leave a hub behind holding the data directory.
process.once('exit', () => {
  for (const child of alive) child.kill('SIGKILL');
});

/**
 * `backroom serve` as a child process, like tests/helpers/spawn-hub.ts but from the esbuild bundle of the CLI
 * (tests/helpers/ledger-processes.ts): a restart then costs a plain `node` start instead of a TypeScript compile,
 * which is what keeps this file's many kills and restarts inside its time budget.
 */
async function runHub(bundle: string, dataDir: string, env: Record<string, string>): Promise<HubRun> {
  const [uiPort, lanPort] = (await freePorts(2)) as [number, number];
  const child = spawn(process.execPath, [bundle, 'serve', '--data-dir', dataDir], {
    cwd: REPO_ROOT,
    env: cleanEnv({
      BACKROOM_UI_PORT: String(uiPort),
      BACKROOM_LAN_PORT: String(lanPort),
      BACKROOM_MDNS_ENABLED: 'false',
      BACKROOM_BACKUP_INTERVAL_MINUTES: '0',
      BACKROOM_LOG_LEVEL: 'warn',
      // Never the real internet from a test: a closed loopback port.
      BACKROOM_UPSTREAM_PROBES_INTERNET: 'http://127.0.0.1:9/',
      BACKROOM_UPSTREAM_PROBES_STRIPE: 'http://127.0.0.1:9/',
      ...env,
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  alive.add(child);
  let output = '';
  const keep = (chunk: string) => (output = (output + chunk).slice(-20_000));
  child.stdout!.setEncoding('utf8').on('data', keep);
  child.stderr!.setEncoding('utf8').on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      alive.delete(child);
      resolve({ code, signal });
    }),
  );
  const uiUrl = `http://127.0.0.1:${uiPort}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the hub exited early:\n${output}`);
    const ready = await fetch(`${uiUrl}/health/ready`, { signal: AbortSignal.timeout(2_000) }).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the hub was not ready within 30 s:\n${output}`);
    }
    await sleep(50);
  }
  return { child, uiUrl, lanUrl: `https://127.0.0.1:${lanPort}`, exited };
}

/**
 * A pass-through HTTP proxy to the fake's API. `die(call)` is asked before a request goes on to KSeF and again once
 * KSeF answered; true drops the connection unanswered (after the caller killed the hub).
 */
async function startProxy(targetPort: number, die: (call: Call) => boolean) {
  const dropped = (req: IncomingMessage) => req.socket.destroy();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const call: Call = { method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0]! };
      if (die(call)) return dropped(req);
      const upstream = request(
        {
          host: '127.0.0.1',
          port: targetPort,
          method: call.method,
          path: req.url,
          headers: { ...req.headers, host: `127.0.0.1:${targetPort}` },
        },
        (answer) => {
          const body: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => body.push(chunk));
          answer.on('end', () => {
            if (die({ ...call, status: answer.statusCode })) return dropped(req);
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.end(Buffer.concat(body));
          });
        },
      );
      // KSeF dropped it (unreachable): so does the proxy.
      upstream.on('error', () => dropped(req));
      upstream.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe('sending to KSeF across a SIGKILL of the hub', () => {
  let ksef: KsefFake;
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  let dataDir: string;
  /** Built once: every restart runs the same hub, whatever is edited in src/ meanwhile. */
  let bundle: string;
  let hub: HubRun | undefined;
  let cookie = '';
  const till = new TestDevice();
  let sales = 0;
  /** The fake's receipts counted so far, so each scenario reports its own sends. */
  let seenAtFake = 0;
  /** Armed by a scenario: the request at which the proxy kills the hub. */
  let killAt: ((call: Call) => boolean) | undefined;
  let killedAt: Call | undefined;

  /** The hub's ledger, read-only, opened for one read: the hub keeps writing (and dies) meanwhile. */
  const read = <T>(query: (db: Database.Database) => T): T => {
    const db = new Database(ledgerFile(dataDir), { readonly: true });
    try {
      return query(db);
    } finally {
      db.close();
    }
  };
  const invoices = () =>
    read((db) =>
      db
        .prepare<[], InvoiceRow>(
          'SELECT invoice_id, number, mode, status, sha256, ksef_number FROM invoices ORDER BY cursor',
        )
        .all(),
    );
  const availability = () =>
    read(
      (db) =>
        db.prepare<[], { availability: string }>('SELECT availability FROM ksef_status WHERE id = 1').get()
          ?.availability,
    );
  const numberedEvents = () =>
    read((db) =>
      db
        .prepare<[], { invoiceId: string; ksefNumber: string; reconciled: number }>(
          `SELECT json_extract(record, '$.event.payload.invoiceId') AS invoiceId,
             json_extract(record, '$.event.payload.ksefNumber') AS ksefNumber,
             json_extract(record, '$.event.payload.reconciled') AS reconciled
           FROM events WHERE type = 'invoice.numbered'`,
        )
        .all(),
    );
  const submissionsOf = (numbers: readonly string[]) =>
    read((db) =>
      db
        .prepare<[], { number: string; session_ref: string; kind: string; last_code: number | null }>(
          `SELECT i.number, s.session_ref, s.kind, s.last_code
           FROM ksef_submissions s JOIN invoices i ON i.invoice_id = s.invoice_id ORDER BY s.sent_at, i.number`,
        )
        .all()
        .filter((row) => numbers.includes(row.number)),
    );

  const start = async () => {
    hub = await runHub(bundle, dataDir, {
      BACKROOM_UPSTREAM_KSEF_API_BASE: proxy.url,
      BACKROOM_UPSTREAM_KSEF_LATARNIA_URL: ksef.latarniaUrl,
      BACKROOM_UPSTREAM_KSEF_CHECK_SECONDS: '1',
      BACKROOM_UPSTREAM_KSEF_TIMEOUT_SECONDS: '2',
      BACKROOM_UPSTREAM_KSEF_BATCH_THRESHOLD: '3',
      BACKROOM_UPSTREAM_PROBES_INTERVAL_SECONDS: '1',
      BACKROOM_UPSTREAM_PROBES_FAILURE_INTERVAL_SECONDS: '1',
      BACKROOM_UPSTREAM_PROBES_TIMEOUT_SECONDS: '1',
    });
    cookie = await adminLogin(hub.uiUrl, 'Olga', PIN);
  };
  /** `kill -9` of the hub process, now or already done by the proxy; waits for it to be gone. */
  const killed = async () => {
    hub!.child.kill('SIGKILL');
    expect((await hub!.exited).signal).toBe('SIGKILL');
    hub = undefined;
  };
  const admin = async (method: string, url: string, body?: unknown) => {
    const response = await fetch(`${hub!.uiUrl}${url}`, {
      method,
      headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: Buffer.from(await response.arrayBuffer()) };
  };
  const ksefProblem = async () => {
    const overview = JSON.parse((await admin('GET', '/v1/admin/upstream')).body.toString('utf8')) as {
      connectors: Array<{ name: string; problem: string | null }>;
    };
    return overview.connectors.find((c) => c.name === 'ksef')!.problem;
  };
  /** `count` sales, each with its invoice, pushed by the till in one request; the new invoices' numbers. */
  const issue = async (count: number): Promise<string[]> => {
    const before = new Set(invoices().map((invoice) => invoice.number));
    const events = [];
    for (let i = 0; i < count; i += 1) {
      sales += 1;
      events.push(...saleWithInvoice(till, `s${sales}`, buyer));
    }
    const pushed = await lanCall<PushReply>(`${hub!.lanUrl}/v1/events`, 'POST', {
      token: till.token,
      body: { events },
    });
    expect(pushed.status, pushed.text).toBe(200);
    expect(new Set(pushed.json.results.map((r) => r.status)), pushed.text).toEqual(new Set(['accepted']));
    return invoices()
      .map((invoice) => invoice.number)
      .filter((number) => !before.has(number));
  };
  const modesOf = (numbers: readonly string[]) =>
    new Set(invoices().flatMap((invoice) => (numbers.includes(invoice.number) ? [invoice.mode] : [])));
  const cutOff = async () => {
    ksef.setApiReachable(false);
    await poll('KSeF unreachable', () => availability() === 'unreachable');
    await poll('the KSeF pool paused', async () => /cannot be reached/.test((await ksefProblem()) ?? ''));
  };
  const atFake = (numbers: readonly string[]) =>
    ksef.invoices().filter((invoice) => numbers.includes(invoice.invoiceNumber ?? ''));

  /**
   * Waits until the hub has every invoice it issued accepted, then proves exactly-once at the fake: one KSeF number
   * per invoice number, the one the hub recorded (in one invoice.numbered fact), a UPO naming it, a sound ledger, and
   * every extra send a 440 duplicate.
   */
  const settledExactlyOnce = async (label: string): Promise<SendCount> => {
    await poll(`${label}: every invoice accepted`, () => invoices().every((i) => i.status === 'accepted'), 30_000);
    // A resend the hub no longer waits for may still be in processing at the fake: let KSeF finish with it.
    await poll(`${label}: KSeF done processing`, () => ksef.invoices().every((invoice) => invoice.status !== 100));
    const all = invoices();
    const numbered = ksef.numbered();
    expect([...numbered.keys()].sort(), `${label}: the fake numbered exactly the hub's invoices`).toEqual(
      all.map((invoice) => invoice.number).sort(),
    );
    const events = numberedEvents();
    const received = ksef.invoices();
    const resent: Record<string, number[]> = {};
    for (const invoice of all) {
      const given = numbered.get(invoice.number)!;
      expect(given, `${label}: KSeF numbers given to ${invoice.number}`).toHaveLength(1);
      const [ksefNumber] = given as [string];
      expect(isValidKsefNumber(ksefNumber)).toBe(true);
      expect(invoice.ksef_number, `${label}: the number the hub recorded for ${invoice.number}`).toBe(ksefNumber);
      expect(
        events.filter((event) => event.invoiceId === invoice.invoice_id).map((event) => event.ksefNumber),
        `${label}: invoice.numbered facts of ${invoice.number}`,
      ).toEqual([ksefNumber]);
      const upo = await admin('GET', `/v1/admin/invoices/${invoice.invoice_id}/upo`);
      expect(upo.status, `${label}: UPO of ${invoice.number}`).toBe(200);
      expect(checkUpo(upo.body, { ksefNumber, invoiceHash: invoice.sha256, invoiceNumber: invoice.number })).toEqual({
        ok: true,
        problems: [],
      });
      // Every send KSeF received: one numbered, any other only a duplicate of it.
      const statuses = received.filter((r) => r.invoiceNumber === invoice.number).map((r) => r.status);
      expect(
        statuses.filter((s) => s === 200),
        `${label}: sends of ${invoice.number}: ${statuses}`,
      ).toHaveLength(1);
      expect(
        statuses.filter((s) => s !== 200 && s !== 440),
        `${label}: sends of ${invoice.number}`,
      ).toEqual([]);
      const sentNow = received.slice(seenAtFake).some((r) => r.invoiceNumber === invoice.number);
      if (sentNow && statuses.length > 1) resent[invoice.number] = statuses;
    }
    const verified = read((db) => verifyLedger(db, [deviceSignatureCheck(db)]));
    expect(verified.ok, `${label}: ledger verify ${JSON.stringify(verified.firstBreak)}`).toBe(true);
    const fresh = received.slice(seenAtFake);
    seenAtFake = received.length;
    const count: SendCount = {
      invoices: new Set(fresh.map((r) => r.invoiceNumber)).size,
      sends: fresh.length,
      duplicates: fresh.filter((r) => r.status === 440).length,
      resent,
    };
    // How the hub had each resent invoice written down: no earlier submission = KSeF's acknowledgement was lost;
    // an earlier one closed with 200 = the hub saw the number but died before recording it.
    const resends = Object.keys(resent).map(
      (number) =>
        `${number} ${submissionsOf([number])
          .map((s) => `${s.kind}:${s.last_code}`)
          .join(' → ')}`,
    );
    console.log(`${label}: ${JSON.stringify(count)}; submissions of the resent: ${resends.join('; ') || 'none'}`);
    return count;
  };

  beforeAll(async () => {
    bundle = await bundleCached(CLI_ENTRY);
    // Another test file rebuilding the bundle prunes those untouched for ten minutes: this one is in use.
    utimesSync(path.dirname(bundle), new Date(), new Date());
    ksef = await startKsefFake({ tokens: { [TOKEN]: SELLER_NIP }, processingDelayMs: PROCESSING_MS });
    proxy = await startProxy(ksef.port, (call) => {
      if (!killAt?.(call)) return false;
      killAt = undefined;
      killedAt = call;
      hub?.child.kill('SIGKILL');
      return true;
    });
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'backroom-ksef-sigkill-'));
    const ledger = Ledger.open(dataDir);
    await new UserStore(ledger.db).add({ name: 'Olga', role: 'owner', pin: PIN });
    ledger.close();
    await start();

    for (const [url, body] of [
      ['/v1/admin/catalog/locations', { id: 'shelf', name: 'Shelf', active: true }],
      [
        '/v1/admin/catalog/products',
        { id: 'cola', name: 'Cola', unit: 'pcs', price: { amount: 450, currency: 'PLN' } },
      ],
      ['/v1/admin/inventory/receipts', { productId: 'cola', locationId: 'shelf', quantity: 1000 }],
    ] as const) {
      const answer = await admin('POST', url, body);
      expect(answer.status, answer.body.toString()).toBe(201);
    }
    const code = JSON.parse((await admin('POST', '/v1/admin/pairing-codes')).body.toString()) as { code: string };
    const paired = await lanCall(`${hub!.lanUrl}/v1/pairing`, 'POST', {
      body: { code: code.code, device: { name: 'Till', kind: 'pos', publicKey: till.publicKey } },
    });
    expect(paired.status, paired.text).toBe(201);
    till.deviceId = paired.json.deviceId;
    till.token = paired.json.token;

    const seller = { nip: SELLER_NIP, name: 'Sklep Backroom', address: { line1: 'ul. Krótka 2' } };
    await setUpSeller(async (url, body) => {
      const answer = await admin('PUT', url, body);
      return { status: answer.status, text: answer.body.toString() };
    }, seller);
    await poll('KSeF available', () => availability() === 'available');
  });

  afterAll(async () => {
    if (hub) {
      hub.child.kill('SIGTERM');
      await hub.exited;
    }
    await proxy?.close();
    await ksef?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('killed while KSeF processes interactive sends, the last acknowledgement lost: looked up, one 440', async () => {
    // No token yet, so the pool waits and then takes the three at once, in one interactive session.
    const numbers = await issue(3);
    expect(modesOf(numbers)).toEqual(new Set(['online']));
    // KSeF takes the third send; its acknowledgement never reaches the hub, killed at that moment.
    let sends = 0;
    killAt = (call) => call.status !== undefined && ONLINE_SEND.test(call.path) && ++sends === 3;
    const set = await admin('PUT', '/v1/admin/settings/connectors/ksef', { token: TOKEN, pin: PIN });
    expect(set.status, set.body.toString()).toBe(200);
    await poll('the kill at the third acknowledgement', () => killedAt);
    await killed();

    // KSeF has all three in processing; the hub wrote down the two acknowledgements it got, and no number.
    const received = atFake(numbers);
    expect(received.map((r) => r.status)).toEqual([100, 100, 100]);
    expect(received.map((r) => r.invoiceNumber).sort()).toEqual([...numbers].sort());
    const lost = received[2]!.invoiceNumber!;
    expect(submissionsOf(numbers).map((s) => s.number)).toEqual(numbers.filter((n) => n !== lost));
    expect(numberedEvents()).toEqual([]);

    await start();
    const count = await settledExactlyOnce('interactive');
    // The two acknowledged were looked up in their session; the third was sent again and reconciled from its 440.
    expect(count).toEqual({ invoices: 3, sends: 4, duplicates: 1, resent: { [lost]: [200, 440] } });
    const reconciled = numberedEvents().filter((event) => event.reconciled);
    expect(reconciled.map((event) => event.ksefNumber)).toEqual(ksef.numbered().get(lost));
  });

  it('killed while KSeF processes a batch: the batch is looked up after the restart, each numbered once', async () => {
    await cutOff();
    const numbers = await issue(4);
    expect(modesOf(numbers)).toEqual(new Set(['offline24']));
    ksef.setApiReachable(true);

    await poll('KSeF processing the batch', () => {
      const received = atFake(numbers);
      return received.length === 4 && received.every((r) => r.kind === 'batch' && r.status === 100);
    });
    await killed();
    expect(new Set(atFake(numbers).map((r) => r.sessionRef)).size).toBe(1);
    // Only the three numbers of the first scenario are recorded: this batch's are still KSeF's to give.
    expect(numberedEvents()).toHaveLength(3);

    await start();
    const count = await settledExactlyOnce('batch');
    expect(count).toEqual({ invoices: 4, sends: 4, duplicates: 0, resent: {} });
  });

  it('killed at random moments of a run of 20 invoices: none numbered twice, none lost', async () => {
    const seed = Number(process.env.KSEF_SIGKILL_SEED ?? Date.now() % 1_000_000);
    const next = random(seed);
    const kills: number[] = [];
    // Online invoices sent one by one, then offline ones that go as a batch when KSeF returns, then online again.
    for (const [count, offline] of [
      [7, false],
      [7, true],
      [6, false],
    ] as const) {
      if (offline) await cutOff();
      await issue(count);
      if (offline) ksef.setApiReachable(true);
      const delay = Math.floor(next() * PROCESSING_MS * 3);
      kills.push(delay);
      await sleep(delay);
      await killed();
      await start();
    }
    console.log(`random kills (seed ${seed}): ${kills.join(', ')} ms after each push`);
    const count = await settledExactlyOnce(`random (seed ${seed})`);
    expect(count.invoices).toBe(20);
  });

  it('killed before a batch is closed: the invoices KSeF never received are sent again at once', async () => {
    await cutOff();
    const numbers = await issue(3);
    // The parts are uploaded; the close never reaches KSeF, the hub killed as it asks.
    killedAt = undefined;
    killAt = (call) => call.status === undefined && call.method === 'POST' && BATCH_CLOSE.test(call.path);
    ksef.setApiReachable(true);
    await poll('the kill at the batch close', () => killedAt);
    await killed();
    const abandoned = submissionsOf(numbers);
    expect(abandoned.map((s) => [s.number, s.kind, s.last_code])).toEqual(numbers.map((n) => [n, 'batch', null]));
    const sessionRef = abandoned[0]!.session_ref;
    expect(atFake(numbers)).toEqual([]);
    expect(ksef.sessions().find((s) => s.ref === sessionRef)).toMatchObject({ kind: 'batch', state: 'open' });

    await start();
    // After the restart the hub looks at the batch, finds it never closed, and must send its invoices again.
    const statusReads = () =>
      ksef.requests().filter((r) => r.method === 'GET' && r.path === `/v2/sessions/${sessionRef}`).length;
    const before = statusReads();
    const next = await poll('the attempt after the batch was found abandoned', () => {
      if (atFake(numbers).length > 0) return 'sent again';
      if (statusReads() - before >= 2) return 'the abandoned batch looked up again instead';
      return undefined;
    });
    expect
      .soft(
        next,
        `submissions of the abandoned batch: ${JSON.stringify(submissionsOf(numbers))}; ` +
          `the KSeF jobs: ${JSON.stringify(read((db) => db.prepare("SELECT state, attempts, last_error FROM upstream_jobs WHERE connector = 'ksef' AND state <> 'done'").all()))}`,
      )
      .toBe('sent again');

    if (next !== 'sent again') {
      // KSeF cancels a batch left open once its upload window passes: only then does the hub send the invoices.
      ksef.expireSessions();
      // A manager's "sync now" spares the test the backoff the repeated look-ups built up.
      for (let i = 0; i < 20 && atFake(numbers).length === 0; i += 1) {
        await admin('POST', '/v1/admin/upstream/ksef/sync-now');
        await sleep(1_000);
      }
    }
    const count = await settledExactlyOnce('batch abandoned at its close');
    expect(count).toEqual({ invoices: 3, sends: 3, duplicates: 0, resent: {} });
  });
});
