import { createPrivateKey, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { createFileSecretStore } from '../../src/main/hub/security/file-secret-store.js';
import { MemorySecretStore } from '../../src/main/hub/security/memory-secret-store.js';
import { loadOrCreateTlsCertificate } from '../../src/main/hub/security/tls-certificate.js';
import { tempDir } from './helpers.js';

const FINGERPRINT = /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/;

describe('TLS certificate', () => {
  it('keeps its fingerprint across restarts and stores the key only in the secret store', async () => {
    const dataDir = tempDir();
    const first = await loadOrCreateTlsCertificate({
      secrets: await createFileSecretStore({ dir: dataDir }),
      dataDir,
      hostName: 'backroom-hub.local',
      addresses: [],
    });
    expect(first.fingerprint).toMatch(FINGERPRINT);
    const second = await loadOrCreateTlsCertificate({
      secrets: await createFileSecretStore({ dir: dataDir }),
      dataDir,
      hostName: 'backroom-hub.local',
      addresses: [],
    });
    expect(second).toEqual(first);
    expect(fs.readFileSync(path.join(dataDir, 'tls', 'cert.pem'), 'utf8')).toBe(first.cert);
    for (const file of fs.readdirSync(path.join(dataDir, 'secrets'))) {
      expect(fs.readFileSync(path.join(dataDir, 'secrets', file), 'utf8')).not.toContain('PRIVATE KEY');
    }
  });

  it("is valid for ten years and names the host's .local name, localhost and its LAN addresses", async () => {
    const { cert } = await loadOrCreateTlsCertificate({
      secrets: new MemorySecretStore(),
      dataDir: tempDir(),
      hostName: 'shop-hub.local',
      addresses: ['192.168.1.20', 'fe80::1'],
    });
    const x509 = new X509Certificate(cert);
    expect(x509.subject).toBe('CN=shop-hub.local');
    expect(x509.subjectAltName).toBe(
      'DNS:shop-hub.local, DNS:localhost, IP Address:127.0.0.1, IP Address:192.168.1.20, IP Address:FE80:0:0:0:0:0:0:1',
    );
    for (const host of ['shop-hub.local', 'localhost']) expect(x509.checkHost(host)).toBe(host);
    for (const address of ['127.0.0.1', '192.168.1.20', 'fe80::1']) expect(x509.checkIP(address)).toBe(address);
    const years = (Date.parse(x509.validTo) - Date.parse(x509.validFrom)) / (365.25 * 24 * 3600 * 1000);
    expect(years).toBeGreaterThan(9.9);
    expect(years).toBeLessThan(10.1);
  });

  it('is kept when the host name or addresses change, because devices pin its fingerprint', async () => {
    const dataDir = tempDir();
    const secrets = new MemorySecretStore();
    const first = await loadOrCreateTlsCertificate({
      secrets,
      dataDir,
      hostName: 'hub.local',
      addresses: ['192.168.1.20'],
    });
    const moved = await loadOrCreateTlsCertificate({
      secrets,
      dataDir,
      hostName: 'renamed-hub.local',
      addresses: ['10.0.0.7'],
    });
    expect(moved).toEqual(first);
  });

  it('makes a new pair when the key secret is missing', async () => {
    const dataDir = tempDir();
    const first = await loadOrCreateTlsCertificate({
      secrets: new MemorySecretStore(),
      dataDir,
      hostName: 'hub.local',
      addresses: [],
    });
    const secrets = new MemorySecretStore();
    const second = await loadOrCreateTlsCertificate({ secrets, dataDir, hostName: 'hub.local', addresses: [] });
    expect(second.fingerprint).not.toBe(first.fingerprint);
    expect((await secrets.get('tls.key'))?.toString()).toBe(second.key);
    expect(fs.readFileSync(path.join(dataDir, 'tls', 'cert.pem'), 'utf8')).toBe(second.cert);
  });

  it('makes a new pair when the cert file is missing', async () => {
    const dataDir = tempDir();
    const secrets = new MemorySecretStore();
    const first = await loadOrCreateTlsCertificate({ secrets, dataDir, hostName: 'hub.local', addresses: [] });
    fs.rmSync(path.join(dataDir, 'tls', 'cert.pem'));
    const second = await loadOrCreateTlsCertificate({ secrets, dataDir, hostName: 'hub.local', addresses: [] });
    expect(second.fingerprint).not.toBe(first.fingerprint);
    expect(second.key).not.toBe(first.key);
  });

  it('makes a new pair when key and cert do not belong together', async () => {
    const dataDir = tempDir();
    const secrets = new MemorySecretStore();
    const first = await loadOrCreateTlsCertificate({ secrets, dataDir, hostName: 'hub.local', addresses: [] });
    const foreign = await loadOrCreateTlsCertificate({
      secrets: new MemorySecretStore(),
      dataDir: tempDir(),
      hostName: 'hub.local',
      addresses: [],
    });
    await secrets.set('tls.key', Buffer.from(foreign.key));
    const second = await loadOrCreateTlsCertificate({ secrets, dataDir, hostName: 'hub.local', addresses: [] });
    expect([first.fingerprint, foreign.fingerprint]).not.toContain(second.fingerprint);
    expect(new X509Certificate(second.cert).checkPrivateKey(createPrivateKey(second.key))).toBe(true);
  });

  it('serves HTTPS on 127.0.0.1 with the pinned fingerprint', async () => {
    const dataDir = tempDir();
    const secrets = await createFileSecretStore({ dir: dataDir });
    const { key, cert, fingerprint } = await loadOrCreateTlsCertificate({
      secrets,
      dataDir,
      hostName: 'hub.local',
      addresses: [],
    });
    const server = https.createServer({ key, cert }, (_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const seen = await new Promise<{ body: string; fingerprint: string }>((resolve, reject) => {
        https
          .get({ host: '127.0.0.1', port, path: '/', rejectUnauthorized: false, agent: false }, (res) => {
            const peer = (res.socket as TLSSocket).getPeerX509Certificate();
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (body += chunk));
            res.on('end', () => resolve({ body, fingerprint: peer?.fingerprint256 ?? '' }));
          })
          .on('error', reject);
      });
      expect(seen).toEqual({ body: 'ok', fingerprint });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
