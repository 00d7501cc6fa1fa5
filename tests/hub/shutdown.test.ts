import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ledgerFile, openDatabase } from '../../src/main/hub/ledger/open-database.js';
import { verifyLedger } from '../../src/main/hub/ledger/verify-ledger.js';
import { freePorts } from '../helpers/free-port.js';
import { expectErrorShape, type HttpAnswer } from '../helpers/ledger-http.js';
import { runCli } from '../helpers/ledger-processes.js';
import { sleep, tempDir } from '../helpers/ledger-testkit.js';
import { spawnHub } from '../helpers/spawn-hub.js';
import { startTestHub, testHubConfig } from '../helpers/test-hub.js';

interface Ack {
  cursor: number;
  eventId: string;
  productId: string;
}

const LOOPS = 8;

describe('graceful shutdown of `backroom serve`', () => {
  it('SIGTERM mid-burst: exit 0, every acknowledged write is in a sound ledger, later requests fail cleanly', async () => {
    const dataDir = tempDir();
    const hub = await spawnHub({ dataDir });
    const pid = hub.child.pid!;
    try {
      // First start: the owner is created with the one-time setup code from the log, then logs in.
      const setupCode = await hub.setupCode();
      const setup = await fetch(`${hub.uiUrl}/v1/admin/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ setupCode, owner: { name: 'Olga', pin: '13579' } }),
      });
      expect(setup.status).toBe(201);
      const login = await fetch(`${hub.uiUrl}/v1/admin/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Olga', pin: '13579' }),
      });
      expect(login.status).toBe(200);
      const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;

      // A second hub on the same data directory is refused while the first runs, and changes nothing.
      const [uiPort, lanPort] = (await freePorts(2)) as [number, number];
      const second = await runCli(['serve', '--data-dir', dataDir], {
        env: {
          BACKROOM_UI_PORT: String(uiPort),
          BACKROOM_LAN_PORT: String(lanPort),
          BACKROOM_MDNS_ENABLED: 'false',
          BACKROOM_BACKUP_INTERVAL_MINUTES: '0',
        },
      });
      expect(second.code).not.toBe(0);
      expect(second.stderr).toContain(`another Backroom hub (pid ${pid}) is using ${dataDir}; stop it first`);
      expect(fs.readFileSync(path.join(dataDir, 'hub.pid'), 'utf8').trim()).toBe(String(pid));
      expect((await fetch(`${hub.uiUrl}/health/ready`)).status).toBe(200);

      // The burst: concurrent writers until the hub goes away.
      const acks: Ack[] = [];
      const unavailable: HttpAnswer[] = [];
      const unexpected: string[] = [];
      let connectionErrors = 0;
      const writer = async (loop: number) => {
        const deadline = Date.now() + 20_000;
        for (let i = 0; Date.now() < deadline; i += 1) {
          const productId = `p-${loop}-${i}`;
          let response: Response;
          try {
            response = await fetch(`${hub.uiUrl}/v1/admin/catalog/products`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', cookie },
              body: JSON.stringify({
                id: productId,
                name: `Product ${loop}/${i}`,
                unit: 'pcs',
                price: { amount: 100 + i, currency: 'PLN' },
              }),
            });
          } catch {
            connectionErrors += 1;
            return;
          }
          const text = await response.text();
          if (response.status === 201) {
            const body = JSON.parse(text) as { cursor: number; eventId: string };
            acks.push({ cursor: body.cursor, eventId: body.eventId, productId });
          } else if (response.status === 503) {
            const headers: Record<string, string> = {};
            response.headers.forEach((value, name) => (headers[name] = value));
            unavailable.push({ status: 503, headers, text });
          } else {
            unexpected.push(`${response.status} ${text}`);
            return;
          }
        }
        unexpected.push(`writer ${loop} never saw the hub go away`);
      };
      const writers = Array.from({ length: LOOPS }, (_, loop) => writer(loop));
      while (acks.length < 40 && unexpected.length === 0) await sleep(5);
      const ackedBeforeSignal = acks.length;
      const exit = await hub.stop('SIGTERM', 15_000);
      await Promise.all(writers);

      expect(unexpected).toEqual([]);
      expect(exit).toEqual({ code: 0, signal: null });
      expect(acks.length).toBeGreaterThanOrEqual(ackedBeforeSignal);
      expect(connectionErrors).toBe(LOOPS);
      for (const answer of unavailable) expectErrorShape(answer, 503, 'SHUTTING_DOWN');
      // After close: nothing listens any more.
      await expect(fetch(`${hub.uiUrl}/health`)).rejects.toThrow();
      expect(fs.existsSync(path.join(dataDir, 'hub.pid'))).toBe(false);

      const db = openDatabase({ file: ledgerFile(dataDir), readonly: true });
      try {
        const result = verifyLedger(db);
        expect(result.firstBreak).toBeUndefined();
        expect(result.ok).toBe(true);
        const byCursor = db.prepare<[number], { event_id: string; type: string; record: string }>(
          'SELECT event_id, type, record FROM events WHERE cursor = ?',
        );
        for (const ack of acks) {
          const row = byCursor.get(ack.cursor);
          expect(row, `acknowledged cursor ${ack.cursor}`).toBeDefined();
          expect(row!.event_id).toBe(ack.eventId);
          expect(row!.type).toBe('catalog.product');
          expect((JSON.parse(row!.record) as { event: { payload: { id: string } } }).event.payload.id).toBe(
            ack.productId,
          );
        }
        expect(new Set(acks.map((a) => a.cursor)).size).toBe(acks.length);
        const products = db
          .prepare("SELECT count(*) FROM events WHERE type = 'catalog.product'")
          .pluck()
          .get() as number;
        expect(products).toBeGreaterThanOrEqual(acks.length);
      } finally {
        db.close();
      }
    } finally {
      await hub.stop('SIGKILL', 2_000);
    }
  });

  it('a request that reaches a closing listener gets 503 SHUTTING_DOWN in the error format', async () => {
    const dataDir = tempDir();
    const config = testHubConfig({ dataDir });
    const hub = await startTestHub(config);
    await hub.context.users.add({ name: 'Mia', role: 'manager', pin: '2468' });
    const { port } = new URL(hub.status().uiUrl);

    // Two pipelined requests on one keep-alive connection: a slow login (scrypt) holds the connection busy while
    // the hub starts closing, so the second request is read after close began.
    const socket = net.connect(Number(port), '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    let raw = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (raw += chunk));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    const login = JSON.stringify({ name: 'Mia', pin: '0000' });
    socket.write(
      `POST /v1/admin/session HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(login)}\r\n\r\n${login}`,
    );
    await sleep(5);
    const stopping = hub.stop();
    socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
    await stopping;
    await closed;

    const responses = raw.split(/(?=HTTP\/1\.1 )/);
    expect(responses).toHaveLength(2);
    expect(responses[0]).toMatch(/^HTTP\/1\.1 401 /);
    const [head, body] = responses[1]!.split('\r\n\r\n') as [string, string];
    expect(head).toMatch(/^HTTP\/1\.1 503 /);
    expect(head.toLowerCase()).toContain('connection: close');
    const headers = Object.fromEntries(
      head
        .split('\r\n')
        .slice(1)
        .map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
    );
    expectErrorShape({ status: 503, headers, text: body }, 503, 'SHUTTING_DOWN');
  });
});
