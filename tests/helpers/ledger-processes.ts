/**
 * Real child processes for the ledger/hub tests: the `backroom` CLI exactly as an operator runs it
 * (`node --import tsx src/main/hub/cli/index.ts …`), and test fixtures bundled once with esbuild so that tests
 * which start a child many times (the crash test) don't pay tsx's start-up cost on every round.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI_ENTRY = path.join(REPO_ROOT, 'src', 'main', 'hub', 'cli', 'index.ts');

export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The current environment without any BACKROOM_* variable (a developer's own settings must not leak in). */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('BACKROOM_')));
  return { ...inherited, ...extra };
}

/** Collects a child's output and resolves when it has exited and its pipes are drained. */
export function collect(child: ChildProcess, timeoutMs = 30_000): Promise<ProcessResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child did not exit within ${timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

export interface RunCliOptions {
  env?: Record<string, string>;
  timeoutMs?: number;
}

/** Runs `backroom <args>` to completion. */
export function runCli(args: string[], options: RunCliOptions = {}): Promise<ProcessResult> {
  return collect(spawnCli(args, options), options.timeoutMs);
}

/** Starts `backroom <args>` and returns the running child (stdout and stderr piped). */
export function spawnCli(args: string[], options: RunCliOptions = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', CLI_ENTRY, ...args], {
    cwd: REPO_ROOT,
    env: cleanEnv(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * Bundles a TypeScript fixture (and the project code it imports) into one ES module in `outDir`. The native
 * better-sqlite3 package stays external, imported by absolute path so it resolves from anywhere.
 */
export async function bundleFixture(entry: string, outDir: string): Promise<string> {
  const requireFromRepo = createRequire(path.join(REPO_ROOT, 'package.json'));
  const outfile = path.join(outDir, `${path.basename(entry, '.ts')}.mjs`);
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    // CommonJS dependencies inside an ES module bundle still need a real require for Node built-ins.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    plugins: [
      {
        name: 'native-sqlite-external',
        setup(builder) {
          builder.onResolve({ filter: /^better-sqlite3$/ }, () => ({
            path: requireFromRepo.resolve('better-sqlite3'),
            external: true,
          }));
        },
      },
    ],
  });
  return outfile;
}
