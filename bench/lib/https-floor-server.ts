/**
 * The least any hub could answer a one-event push in on this machine: a bare HTTPS server in a process of its own
 * (node:https, no framework) that appends each request body to a file and syncs it before answering, as a
 * `synchronous=FULL` commit syncs the WAL. Forked by push-latency.ts and probed exactly as the hub is, so the push
 * latency can be read against the machine's own floor (its TLS, loopback, disk and the wake-ups between them).
 */
import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadOrCreateTlsCertificate } from '../../src/main/hub/security/tls-certificate.js';
import { MemorySecretStore } from '../../src/main/hub/security/memory-secret-store.js';

export type FromFloorServer = { type: 'ready'; port: number } | { type: 'failed'; message: string };

const dir = mkdtempSync(path.join(os.tmpdir(), 'backroom-bench-floor-'));
const log = openSync(path.join(dir, 'log'), 'a');
process.once('disconnect', () => {
  closeSync(log);
  rmSync(dir, { recursive: true, force: true });
  process.exit();
});

const send = (message: FromFloorServer): void => {
  process.send!(message);
};

try {
  const { key, cert } = await loadOrCreateTlsCertificate({
    secrets: new MemorySecretStore(),
    dataDir: dir,
    hostName: 'floor.local',
    addresses: ['127.0.0.1'],
  });
  const server = https.createServer({ key, cert }, (request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.once('end', () => {
      writeSync(log, Buffer.concat(chunks));
      fsyncSync(log);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  server.listen(0, '127.0.0.1', () => send({ type: 'ready', port: (server.address() as AddressInfo).port }));
} catch (error) {
  send({ type: 'failed', message: (error as Error).stack ?? String(error) });
}
