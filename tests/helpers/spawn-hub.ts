/**
 * Starts a REAL hub (`backroom serve`) as a child process for end-to-end tests, on free loopback ports, with its own
 * temporary data directory. Its pino JSON log lines are parsed so tests can wait for entries such as the one-time
 * setup code.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePorts } from './free-port.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI_ENTRY = path.join(REPO_ROOT, 'src', 'main', 'hub', 'cli', 'index.ts');

export type LogLine = Record<string, unknown> & { msg?: string; level?: number };

export interface SpawnHubOptions {
  /** Use this data directory instead of a fresh temporary one (it is then not deleted on stop). */
  dataDir?: string;
  /** Extra environment variables (override the test defaults below). */
  env?: Record<string, string>;
  /** Extra CLI arguments after `serve --data-dir <dir>`. */
  args?: string[];
  /** How long to wait for `GET /health/ready` to answer 200. */
  readyTimeoutMs?: number;
  /** Print the hub's output to this process's stderr as it arrives (handy when debugging a test). */
  echo?: boolean;
}

export interface ExitResult {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface SpawnedHub {
  readonly child: ChildProcess;
  readonly dataDir: string;
  readonly uiPort: number;
  readonly lanPort: number;
  /** e.g. http://127.0.0.1:53211 */
  readonly uiUrl: string;
  /** e.g. https://127.0.0.1:53212 */
  readonly lanUrl: string;
  /** Parsed JSON log lines so far (stdout). */
  readonly logs: LogLine[];
  /** Raw output so far, for error messages. */
  output(): string;
  /** Resolves with the first log line (past or future) matching `predicate`. */
  waitForLog(predicate: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** The one-time setup code the hub logs at first start (`"setupCode":"12345678"`). */
  setupCode(timeoutMs?: number): Promise<string>;
  /** Sends `signal` (SIGTERM by default) and resolves with the exit status; SIGKILLs after `timeoutMs`. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<ExitResult>;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A test that crashes before its afterAll must not leave hubs behind holding ports and data-dir locks.
  process.once('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

export async function spawnHub(options: SpawnHubOptions = {}): Promise<SpawnedHub> {
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'backroom-hub-'));
  const [uiPort, lanPort] = (await freePorts(2)) as [number, number];

  // Never let a developer's own BACKROOM_* settings (data dir, config file, ports) leak into a test hub.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('BACKROOM_')));
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    BACKROOM_UI_PORT: String(uiPort),
    BACKROOM_LAN_PORT: String(lanPort),
    BACKROOM_MDNS_ENABLED: 'false',
    BACKROOM_BACKUP_INTERVAL_MINUTES: '0',
    // Never the real internet from a test: a closed loopback port (tests point Stripe at their fake).
    BACKROOM_UPSTREAM_PROBES_INTERNET: 'http://127.0.0.1:9/',
    BACKROOM_UPSTREAM_PROBES_STRIPE: 'http://127.0.0.1:9/',
    BACKROOM_UPSTREAM_KSEF_API_BASE: 'http://127.0.0.1:9/',
    BACKROOM_UPSTREAM_KSEF_LATARNIA_URL: 'http://127.0.0.1:9/',
    ...options.env,
  };

  const child = spawn(
    process.execPath,
    ['--import', 'tsx', CLI_ENTRY, 'serve', '--data-dir', dataDir, ...(options.args ?? [])],
    { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  installExitHook();
  running.add(child);

  const logs: LogLine[] = [];
  let raw = '';
  const waiters = new Set<{ predicate: (line: LogLine) => boolean; resolve: (line: LogLine) => void }>();
  let exitResult: ExitResult | null = null;
  const exited = new Promise<ExitResult>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      exitResult = { code, signal };
      resolve(exitResult);
    });
  });

  const onLine = (text: string) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return;
    const line = parsed as LogLine;
    logs.push(line);
    for (const waiter of waiters) {
      if (waiter.predicate(line)) {
        waiters.delete(waiter);
        waiter.resolve(line);
      }
    }
  };

  let pending = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    raw += chunk;
    if (options.echo) process.stderr.write(chunk);
    pending += chunk;
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      onLine(pending.slice(0, newline).trim());
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
    }
  });
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    raw += chunk;
    if (options.echo) process.stderr.write(chunk);
  });

  const output = () => raw;
  const tail = () => raw.split('\n').slice(-40).join('\n');

  const waitForLog = (predicate: (line: LogLine) => boolean, timeoutMs = 15_000): Promise<LogLine> => {
    const seen = logs.find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise<LogLine>((resolve, reject) => {
      const waiter = {
        predicate,
        resolve: (line: LogLine) => {
          clearTimeout(timer);
          resolve(line);
        },
      };
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(`spawnHub: no matching log line within ${timeoutMs} ms. Hub output:\n${tail()}`));
      }, timeoutMs);
      waiters.add(waiter);
      void exited.then((result) => {
        if (!waiters.has(waiter)) return;
        waiters.delete(waiter);
        clearTimeout(timer);
        reject(new Error(`spawnHub: hub exited (${JSON.stringify(result)}) before the log line. Output:\n${tail()}`));
      });
    });
  };

  const stop = async (signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 15_000): Promise<ExitResult> => {
    if (exitResult === null) {
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
    }
    if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
    return exitResult!;
  };

  const uiUrl = `http://127.0.0.1:${uiPort}`;
  const hub: SpawnedHub = {
    child,
    dataDir,
    uiPort,
    lanPort,
    uiUrl,
    lanUrl: `https://127.0.0.1:${lanPort}`,
    logs,
    output,
    waitForLog,
    setupCode: async (timeoutMs) => {
      const line = await waitForLog((l) => typeof l.setupCode === 'string', timeoutMs);
      return line.setupCode as string;
    },
    stop,
  };

  try {
    await waitUntilReady(uiUrl, options.readyTimeoutMs ?? 30_000, () => exitResult, tail);
  } catch (error) {
    await stop('SIGKILL', 2_000);
    throw error;
  }
  return hub;
}

async function waitUntilReady(
  uiUrl: string,
  timeoutMs: number,
  exitStatus: () => ExitResult | null,
  tail: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    const exited = exitStatus();
    if (exited) throw new Error(`spawnHub: hub exited early (${JSON.stringify(exited)}). Output:\n${tail()}`);
    try {
      const response = await fetch(`${uiUrl}/health/ready`, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return;
      last = `HTTP ${response.status}: ${(await response.text()).slice(0, 200)}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`spawnHub: ${uiUrl}/health/ready not 200 within ${timeoutMs} ms (last: ${last}). Output:\n${tail()}`);
}
