import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { freePorts } from './free-ports.js';
import { sleep, withTimeout } from './timing.js';

export interface HubProcessOptions {
  /** The bundled CLI (lib/hub-build.ts). */
  entry: string;
  dataDir: string;
  /** Where the hub writes a V8 CPU profile when it exits (--cpu-prof); none when absent. */
  cpuProfileDir?: string;
}

export interface HubProcess {
  readonly pid: number;
  readonly uiUrl: string;
  readonly lanUrl: string;
  /** From spawn until GET /health/ready first answered 200. */
  readonly startToReadyMs: number;
  /** The ledger head that first ready answer reported: 0 for a new data directory. */
  readonly ledgerCursor: number;
  /** The last lines the hub wrote (warnings and errors: it logs at warn), for a failed scenario's report. */
  logTail(): string;
  /** The one-time setup code a hub without users logs at start. */
  setupCode(): Promise<string>;
  /** Resident set size of the hub process now, from /proc (Linux). */
  rssBytes(): number;
  /** SIGTERM, then waits for the exit (SIGKILL after 20 s); a profiled hub writes its profile on that exit. */
  stop(): Promise<void>;
}

/** What a scenario run in another process needs of a hub: where to reach it, and its pid for the CPU meter. */
export type HubEndpoints = Pick<HubProcess, 'pid' | 'uiUrl' | 'lanUrl'>;

const READY_TIMEOUT_MS = 30_000;
/** Hubs still running; a bench that crashes must not leave them holding ports and data directories. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});
/** Short enough not to blur a start-up measured against a 2 s target. */
const READY_POLL_MS = 10;

/**
 * Runs `backroom serve` in its own process, so the hub and the load generator do not share an event loop, on free
 * loopback ports with mDNS and scheduled backups off and warn-level logs (the setup code is logged at warn).
 */
export async function startHubProcess(options: HubProcessOptions): Promise<HubProcess> {
  const [uiPort, lanPort] = (await freePorts(2)) as [number, number];
  // A developer's own BACKROOM_* settings must not leak into the hub under test.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('BACKROOM_')));
  const env = {
    ...inherited,
    BACKROOM_UI_PORT: String(uiPort),
    BACKROOM_LAN_PORT: String(lanPort),
    BACKROOM_LAN_HOST: '127.0.0.1',
    BACKROOM_MDNS_ENABLED: 'false',
    BACKROOM_LOG_LEVEL: 'warn',
    BACKROOM_BACKUP_INTERVAL_MINUTES: '0',
  };
  const profiling = options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
  const started = performance.now();
  const child = spawn(process.execPath, [...profiling, options.entry, 'serve', '--data-dir', options.dataDir], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const output = captureOutput(child);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      running.delete(child);
      resolve();
    }),
  );
  const uiUrl = `http://127.0.0.1:${uiPort}`;
  let ledgerCursor: number;
  try {
    ledgerCursor = await waitUntilReady(uiUrl, child, output.tail);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const startToReadyMs = performance.now() - started;

  return {
    pid: child.pid!,
    uiUrl,
    lanUrl: `https://127.0.0.1:${lanPort}`,
    startToReadyMs,
    ledgerCursor,
    logTail: output.tail,
    setupCode: output.setupCode,
    rssBytes: () => rssOf(child.pid!),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Keeps the last lines of output for error messages and picks the setup code out of the JSON log. */
function captureOutput(child: ChildProcess): { tail: () => string; setupCode: () => Promise<string> } {
  let text = '';
  let resolveCode: (code: string) => void = () => undefined;
  const code = new Promise<string>((resolve) => (resolveCode = resolve));
  const onData = (chunk: Buffer) => {
    text = (text + chunk.toString('utf8')).slice(-20_000);
    const found = /"setupCode":"(\d{8})"/.exec(text);
    if (found) resolveCode(found[1]!);
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  return {
    tail: () => text.split('\n').slice(-30).join('\n'),
    setupCode: () => withTimeout(code, 10_000, 'the hub logged no setup code within 10 s'),
  };
}

/** Resolves with the ledger cursor of the first 200 answer. */
async function waitUntilReady(uiUrl: string, child: ChildProcess, tail: () => string): Promise<number> {
  const deadline = performance.now() + READY_TIMEOUT_MS;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the hub exited (${child.exitCode}) before it was ready:\n${tail()}`);
    try {
      const response = await fetch(`${uiUrl}/health/ready`, { signal: AbortSignal.timeout(1_000) });
      const body = (await response.json()) as { ledger?: { cursor: number } };
      if (response.status === 200) return body.ledger!.cursor;
    } catch {
      // Not listening yet.
    }
    await sleep(READY_POLL_MS);
  }
  throw new Error(`the hub was not ready within ${READY_TIMEOUT_MS} ms:\n${tail()}`);
}

function rssOf(pid: number): number {
  const kib = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!kib) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kib[1]) * 1024;
}
