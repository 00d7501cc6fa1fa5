/**
 * Two Linux network namespaces joined by a veth pair, and child processes run inside them (DESIGN §12), for the mDNS
 * tests. Needs root and iproute2. No packet leaves the pair: each side has one 10.77.x.y address, its automatic IPv6
 * link-local address, and a multicast route.
 */
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

export type Line = Record<string, unknown>;

export interface Child {
  proc: ChildProcessWithoutNullStreams;
  lines: Line[];
  stderr: string[];
  /** resolves with the first stdout line from index `from` on that matches */
  waitFor(pred: (l: Line) => boolean, timeoutMs: number, what: string, from?: number): Promise<Line>;
  exited: Promise<number | null>;
}

export interface NamespacePair {
  nsA: string;
  nsB: string;
  vethA: string;
  vethB: string;
  addrA: string;
  addrB: string;
  /** the link-local IPv6 address of each side, once duplicate address detection has finished */
  linkLocalA: string;
  linkLocalB: string;
  /** Runs `argv` inside `ns`; stdout is read as JSON lines. The environment is `env` only, plus PATH. */
  run(ns: string, argv: string[], env?: NodeJS.ProcessEnv): Child;
  /** Runs a fixture from ./fixtures with `node --import tsx`, its argument passed as JSON. */
  runFixture(ns: string, script: string, args: object): Child;
  /** SIGKILLs what is still running and deletes the namespaces (and with them the veth pair). */
  destroy(): Promise<void>;
}

const ip = (...args: string[]): string => execFileSync('ip', args, { encoding: 'utf8', stdio: 'pipe' });
const ipQuiet = (...args: string[]): void => {
  try {
    ip(...args);
  } catch {
    // already gone
  }
};

/** `label` tells apart test files, which run in parallel; interface names are limited to 15 characters. */
export async function createNamespacePair(label: string): Promise<NamespacePair> {
  const uid = process.getuid?.();
  if (uid !== 0) throw new Error(`this test creates network namespaces and must run as root (uid is ${uid})`);
  const tag = `${label}${process.pid}`;
  const nsA = `br-a-${tag}`;
  const nsB = `br-b-${tag}`;
  const vethA = `a${tag}`.slice(0, 15);
  const vethB = `b${tag}`.slice(0, 15);
  const octet = 1 + Math.floor(Math.random() * 254);
  const addrA = `10.77.${octet}.1`;
  const addrB = `10.77.${octet}.2`;

  for (const ns of [nsA, nsB]) ipQuiet('netns', 'del', ns);
  ip('netns', 'add', nsA);
  ip('netns', 'add', nsB);
  ip('link', 'add', vethA, 'type', 'veth', 'peer', 'name', vethB);
  ip('link', 'set', vethA, 'netns', nsA);
  ip('link', 'set', vethB, 'netns', nsB);
  for (const [ns, dev, addr] of [
    [nsA, vethA, addrA],
    [nsB, vethB, addrB],
  ] as const) {
    ip('-n', ns, 'addr', 'add', `${addr}/24`, 'dev', dev);
    ip('-n', ns, 'link', 'set', 'lo', 'up');
    ip('-n', ns, 'link', 'set', dev, 'up');
    // without a multicast route the kernel has nowhere to send 224.0.0.251 and nothing is ever found
    ip('-n', ns, 'route', 'add', '224.0.0.0/4', 'dev', dev);
  }
  const [linkLocalA, linkLocalB] = await Promise.all([linkLocal(nsA, vethA), linkLocal(nsB, vethB)]);

  const children = new Set<Child>();
  const run = (ns: string, argv: string[], env: NodeJS.ProcessEnv = {}): Child => {
    const proc = spawn('ip', ['netns', 'exec', ns, ...argv], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const child = watch(proc, argv.join(' '));
    children.add(child);
    void child.exited.then(() => children.delete(child));
    return child;
  };

  return {
    nsA,
    nsB,
    vethA,
    vethB,
    addrA,
    addrB,
    linkLocalA,
    linkLocalB,
    run,
    runFixture: (ns, script, args) =>
      run(ns, [process.execPath, '--import', 'tsx', fixture(script), JSON.stringify(args)]),
    async destroy() {
      for (const child of [...children]) {
        child.proc.kill('SIGKILL');
        await child.exited;
      }
      ipQuiet('netns', 'del', nsA);
      ipQuiet('netns', 'del', nsB);
    },
  };
}

export async function terminate(child: Child): Promise<number | null> {
  if (child.proc.exitCode === null && child.proc.signalCode === null) child.proc.kill('SIGTERM');
  return child.exited;
}

/**
 * The interface's fe80:: address once it is usable: until duplicate address detection ends (a second or two after
 * the link comes up) it is "tentative" and the kernel drops packets sent to it.
 */
async function linkLocal(ns: string, dev: string): Promise<string> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const shown = ip('-n', ns, '-6', '-o', 'addr', 'show', 'dev', dev, 'scope', 'link');
    const address = /inet6 (fe80::[0-9a-f:]+)\/64/.exec(shown)?.[1];
    if (address && !shown.includes('tentative')) return address;
    await sleep(100);
  }
  throw new Error(`${dev} in ${ns} got no usable IPv6 link-local address (is IPv6 disabled?)`);
}

function watch(proc: ChildProcessWithoutNullStreams, what: string): Child {
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
  return {
    proc,
    lines,
    stderr,
    exited,
    waitFor(pred, timeoutMs, description, from = 0) {
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
              `${what}: timed out waiting for ${description}; stdout=${JSON.stringify(lines)} stderr=${stderr.join('\n')}`,
            ),
          );
        }, timeoutMs);
        waiters.add(onLine);
        check();
      });
    },
  };
}
