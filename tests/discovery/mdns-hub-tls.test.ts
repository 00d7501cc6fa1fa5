/**
 * A real hub (`backroom serve`) in namespace A, found from namespace B with the device SDK's discovery (DESIGN §8,
 * §12). What a till may pick from the announcement must work: every announced address (A and AAAA records) answers TLS
 * at the SRV port with the certificate whose SHA-256 fingerprint is the TXT `fp` and which names that address and the
 * SRV target, and the SRV target is a `.local` host name (RFC 6762 §3). Run with the default IPv4 wildcard bind and a
 * dual-stack `::` bind, so the veth's IPv6 link-local address is left out when nothing listens on it and announced
 * when something does.
 */
import fs from 'node:fs';
import { isIPv6 } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscoveredHub } from '../../src/device/node/mdns-discovery.js';
import { createNamespacePair, REPO_ROOT, terminate, type Child, type NamespacePair } from './netns.js';

const CLI_ENTRY = path.join(REPO_ROOT, 'src', 'main', 'hub', 'cli', 'index.ts');
const LAN_PORT = 4849;

interface ProbedHub extends DiscoveredHub {
  probes: { address: string; fingerprint?: string; error?: string; namesAddress?: boolean; namesHost?: boolean }[];
}

let net: NamespacePair;

beforeAll(async () => {
  net = await createNamespacePair('h');
});

afterAll(async () => {
  await net?.destroy();
});

describe.each([
  { lanHost: '0.0.0.0', ipv6: false },
  { lanHost: '::', ipv6: true },
])('a hub whose LAN listener binds $lanHost', ({ lanHost, ipv6 }) => {
  let hub: Child;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'backroom-mdns-hub-'));
    hub = net.run(net.nsA, [process.execPath, '--import', 'tsx', CLI_ENTRY, 'serve', '--data-dir', dataDir], {
      BACKROOM_LAN_HOST: lanHost,
      BACKROOM_LAN_PORT: String(LAN_PORT),
      BACKROOM_HUB_NAME: 'Corner Shop',
      BACKROOM_BACKUP_INTERVAL_MINUTES: '0',
    });
    await hub.waitFor((l) => l.msg === 'mDNS service published', 45_000, 'the hub advertised');
  });

  afterAll(async () => {
    if (hub) expect(await terminate(hub)).toBe(0);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('every announced address answers TLS at the SRV port with the announced fingerprint', async () => {
    const browser = net.runFixture(net.nsB, 'probe-hubs.ts', { timeoutMs: 1_500, zone: net.vethB });
    const out = await browser.waitFor((l) => Array.isArray(l) || 'raw' in l, 15_000, 'probe result');
    expect(await browser.exited).toBe(0);
    const hubs = out as unknown as ProbedHub[];
    expect(hubs).toHaveLength(1);
    const found = hubs[0]!;

    expect(found.port).toBe(LAN_PORT);
    expect(found.txt.fp).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect([...found.addresses].sort()).toEqual(ipv6 ? [net.addrA, net.linkLocalA].sort() : [net.addrA]);
    expect(found.addresses.some(isIPv6)).toBe(ipv6);
    expect(found.probes).toEqual(
      found.addresses.map((address) => ({
        address,
        fingerprint: found.txt.fp,
        namesAddress: true,
        namesHost: true,
      })),
    );
    expect(found.host).toMatch(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?\.local$/);
  });
});
