/**
 * Real mDNS across two Linux network namespaces joined by a veth pair (DESIGN §12). Needs root and iproute2.
 * The advertiser runs in namespace A, browsers in namespace B; no packet leaves these namespaces.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscoveredHub } from '../../src/device/node/mdns-discovery.js';
import { localHostName } from '../../src/main/hub/discovery/local-host-name.js';
import type { HubTxt } from '../../src/shared/protocol/discovery.js';
import { createNamespacePair, terminate, type Child, type Line, type NamespacePair } from './netns.js';

const PORT = 8443;
const TXT: HubTxt = {
  hubId: '3f2a9c1e-7b4d-4e8a-9f00-1234567890ab',
  storeId: 'store-042',
  v: '1',
  fp: 'AA:BB:CC:DD',
};
const NAME = 'Backroom Store 42';
const INSTANCE = 'Backroom Store 42 (3f2a9c1e)';

let net: NamespacePair;

async function browseInB(timeoutMs: number): Promise<DiscoveredHub[]> {
  const child = net.runFixture(net.nsB, 'browse.ts', { timeoutMs });
  const out = await child.waitFor((l) => Array.isArray(l) || 'raw' in l, timeoutMs + 5_000, 'browse result');
  expect(await child.exited).toBe(0);
  return out as unknown as DiscoveredHub[];
}

const isUp = (fp: string) => (l: Line) =>
  l.event === 'up' && l.name === INSTANCE && (l.txt as Record<string, string> | undefined)?.fp === fp;

describe('mDNS advertiser across two network namespaces', () => {
  let advertiser: Child;
  let watcher: Child;

  beforeAll(async () => {
    net = await createNamespacePair('m');
    // long-running browser in B, bound to B's address, to observe announcements and goodbyes as they happen
    watcher = net.runFixture(net.nsB, 'watch.ts', { interface: net.addrB });
    await watcher.waitFor((l) => l.event === 'watching', 10_000, 'watcher start');
    // the advertiser selects its interface by name
    advertiser = net.runFixture(net.nsA, 'advertise.ts', {
      name: NAME,
      port: PORT,
      txt: TXT,
      interface: net.vethA,
    });
    await advertiser.waitFor((l) => l.msg === 'mDNS service published', 10_000, 'publish');
  });

  afterAll(async () => {
    await net?.destroy();
  });

  it('a browser in the other namespace finds the hub with its TXT, port and address', async () => {
    const hubs = await browseInB(1_500);
    expect(hubs).toHaveLength(1);
    const hub = hubs[0]!;
    expect(hub.name).toBe(INSTANCE);
    expect(hub.port).toBe(PORT);
    expect(hub.txt).toEqual(TXT);
    // only what a 0.0.0.0 listener answers on: not the veth's IPv6 link-local address
    expect(hub.addresses).toEqual([net.addrA]);
    expect(hub.host).toBe(localHostName());
    await watcher.waitFor(isUp(TXT.fp), 3_000, 'watcher up');
  });

  it('a second hub with the same instance name logs the conflict and does not knock the first one off', async () => {
    const impostor = net.runFixture(net.nsB, 'advertise.ts', {
      name: NAME,
      port: 9000,
      txt: { ...TXT, storeId: 'other' },
    });
    const conflict = await impostor.waitFor((l) => l.level === 'error', 8_000, 'conflict error');
    expect(conflict.msg).toMatch(/already in use/);
    expect(impostor.lines.some((l) => l.msg === 'mDNS service published')).toBe(false);
    expect(await terminate(impostor)).toBe(0);
    // no goodbye was sent for a name the impostor never owned
    expect(watcher.lines.filter((l) => l.event === 'down')).toEqual([]);
  });

  it('update() republishes a changed TXT', async () => {
    const fp = 'EE:FF:00:11';
    advertiser.proc.stdin.write(`${JSON.stringify({ cmd: 'update', txt: { ...TXT, fp } })}\n`);
    await advertiser.waitFor((l) => l.event === 'updated', 5_000, 'update');
    const up = await watcher.waitFor(isUp(fp), 5_000, 'watcher sees new TXT');
    expect(up.txt).toEqual({ ...TXT, fp });
    const hubs = await browseInB(1_500);
    expect(hubs.map((h) => [h.txt.fp, h.host, h.addresses])).toEqual([[fp, localHostName(), [net.addrA]]]);
  });

  it('after SIGTERM the advertiser sends goodbyes and the hub is no longer found', async () => {
    const from = watcher.lines.length;
    expect(await terminate(advertiser)).toBe(0);
    expect(advertiser.lines.some((l) => l.event === 'stopped')).toBe(true);
    // the goodbye (TTL 0) arrives right away; without it the record would live on for its TTL (120 s and more)
    await watcher.waitFor((l) => l.event === 'down' && l.name === INSTANCE, 3_000, 'goodbye', from);
    expect(await browseInB(1_500)).toEqual([]);
  });
});
