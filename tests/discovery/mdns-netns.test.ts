/**
 * Real mDNS across two Linux network namespaces joined by a veth pair (DESIGN §12). Needs root and iproute2.
 * The advertiser runs in namespace A, browsers in namespace B; no packet leaves these namespaces.
 */
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscoveredHub } from '../../src/device/node/mdns-discovery.js';
import type { HubTxt } from '../../src/main/hub/discovery/mdns-advertiser.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

const tag = String(process.pid);
const NS_A = `br-a-${tag}`;
const NS_B = `br-b-${tag}`;
const VETH_A = `bra${tag}`; // interface names are limited to 15 characters
const VETH_B = `brb${tag}`;
const octet = 1 + Math.floor(Math.random() * 254);
const ADDR_A = `10.77.${octet}.1`;
const ADDR_B = `10.77.${octet}.2`;

const PORT = 8443;
const TXT: HubTxt = {
  hubId: '3f2a9c1e-7b4d-4e8a-9f00-1234567890ab',
  storeId: 'store-042',
  v: '1',
  fp: 'AA:BB:CC:DD',
};
const NAME = 'Backroom Store 42';
const INSTANCE = 'Backroom Store 42 (3f2a9c1e)';

const ip = (...args: string[]): string => execFileSync('ip', args, { encoding: 'utf8', stdio: 'pipe' });
const ipQuiet = (...args: string[]): void => {
  try {
    ip(...args);
  } catch {
    // already gone
  }
};

type Line = Record<string, unknown>;

interface Child {
  proc: ChildProcessWithoutNullStreams;
  lines: Line[];
  stderr: string[];
  /** resolves with the first stdout line from index `from` on that matches */
  waitFor(pred: (l: Line) => boolean, timeoutMs: number, what: string, from?: number): Promise<Line>;
  exited: Promise<number | null>;
}

const children = new Set<Child>();

/** Runs a fixture with `node --import tsx` inside a namespace; collects its JSON-lines stdout. */
function runIn(ns: string, script: string, args: object): Child {
  const proc = spawn(
    'ip',
    ['netns', 'exec', ns, process.execPath, '--import', 'tsx', fixture(script), JSON.stringify(args)],
    {
      cwd: repoRoot,
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  const lines: Line[] = [];
  const stderr: string[] = [];
  const waiters = new Set<() => void>();
  createInterface({ input: proc.stdout }).on('line', (text) => {
    try {
      lines.push(JSON.parse(text) as Line);
    } catch {
      lines.push({ raw: text });
    }
    for (const w of waiters) w();
  });
  createInterface({ input: proc.stderr }).on('line', (text) => stderr.push(text));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const child: Child = {
    proc,
    lines,
    stderr,
    exited,
    waitFor(pred, timeoutMs, what, from = 0) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const hit = lines.slice(from).find(pred);
          if (!hit) return false;
          clearTimeout(timer);
          waiters.delete(onLine);
          resolve(hit);
          return true;
        };
        const onLine = (): void => void check();
        const timer = setTimeout(() => {
          waiters.delete(onLine);
          reject(
            new Error(
              `${script}: timed out waiting for ${what}; stdout=${JSON.stringify(lines)} stderr=${stderr.join('\n')}`,
            ),
          );
        }, timeoutMs);
        waiters.add(onLine);
        check();
      });
    },
  };
  children.add(child);
  void exited.then(() => children.delete(child));
  return child;
}

async function terminate(child: Child): Promise<number | null> {
  if (child.proc.exitCode === null && child.proc.signalCode === null) child.proc.kill('SIGTERM');
  return child.exited;
}

async function browseInB(timeoutMs: number): Promise<DiscoveredHub[]> {
  const child = runIn(NS_B, 'browse.ts', { timeoutMs });
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
    const uid = process.getuid?.();
    if (uid !== 0) throw new Error(`this test creates network namespaces and must run as root (uid is ${uid})`);
    for (const ns of [NS_A, NS_B]) ipQuiet('netns', 'del', ns);
    ip('netns', 'add', NS_A);
    ip('netns', 'add', NS_B);
    ip('link', 'add', VETH_A, 'type', 'veth', 'peer', 'name', VETH_B);
    ip('link', 'set', VETH_A, 'netns', NS_A);
    ip('link', 'set', VETH_B, 'netns', NS_B);
    for (const [ns, dev, addr] of [
      [NS_A, VETH_A, ADDR_A],
      [NS_B, VETH_B, ADDR_B],
    ] as const) {
      ip('-n', ns, 'addr', 'add', `${addr}/24`, 'dev', dev);
      ip('-n', ns, 'link', 'set', 'lo', 'up');
      ip('-n', ns, 'link', 'set', dev, 'up');
      // without a multicast route the kernel has nowhere to send 224.0.0.251 and nothing is ever found
      ip('-n', ns, 'route', 'add', '224.0.0.0/4', 'dev', dev);
    }

    // long-running browser in B, bound to B's address, to observe announcements and goodbyes as they happen
    watcher = runIn(NS_B, 'watch.ts', { interface: ADDR_B });
    await watcher.waitFor((l) => l.event === 'watching', 10_000, 'watcher start');
    // the advertiser selects its interface by name
    advertiser = runIn(NS_A, 'advertise.ts', {
      name: NAME,
      port: PORT,
      txt: TXT,
      interface: VETH_A,
    });
    await advertiser.waitFor((l) => l.msg === 'mDNS service published', 10_000, 'publish');
  });

  afterAll(async () => {
    for (const child of [...children]) {
      child.proc.kill('SIGKILL');
      await child.exited;
    }
    ipQuiet('netns', 'del', NS_A);
    ipQuiet('netns', 'del', NS_B); // deleting the namespaces also removes the veth pair
  });

  it('a browser in the other namespace finds the hub with its TXT, port and address', async () => {
    const hubs = await browseInB(1_500);
    expect(hubs).toHaveLength(1);
    const hub = hubs[0]!;
    expect(hub.name).toBe(INSTANCE);
    expect(hub.port).toBe(PORT);
    expect(hub.txt).toEqual(TXT);
    expect(hub.addresses).toContain(ADDR_A);
    await watcher.waitFor(isUp(TXT.fp), 3_000, 'watcher up');
  });

  it('a second hub with the same instance name logs the conflict and does not knock the first one off', async () => {
    const impostor = runIn(NS_B, 'advertise.ts', {
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
    expect(hubs.map((h) => h.txt.fp)).toEqual([fp]);
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
