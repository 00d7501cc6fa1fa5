/**
 * Real child processes for the ledger/hub/config tests: the `backroom` CLI and test fixtures.
 *
 * The CLI entry (src/main/hub/cli/index.ts) is bundled with esbuild into one ES module, as the shipped CLI is
 * (bin/backroom.js runs the bundle in out/main), and run with plain `node`. Starting it through tsx costs ~3 s of
 * CPU per run on these 2-core machines against ~0.5 s for the bundle, and these tests start it a dozen times.
 * The bundle is cached in the OS temp dir under a key made from the sources' sizes and mtimes, so the test files
 * share one build and any source change rebuilds it. (`backroom serve` through tsx is covered by spawn-hub.ts.)
 *
 * Limitation: the bundle lives outside the package, so code that looks for the package root (hub-identity's
 * packageRoot, used by a hub once its ledger is open) would not find it. The CLI runs here all end before that.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, version as esbuildVersion } from 'esbuild';

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

/** Runs `backroom <args>` to completion in a child process. */
export async function runCli(args: string[], options: RunCliOptions = {}): Promise<ProcessResult> {
  const cli = await bundleCached(CLI_ENTRY);
  const child = spawn(process.execPath, [cli, ...args], {
    cwd: REPO_ROOT,
    env: cleanEnv(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return collect(child, options.timeoutMs);
}

const builds = new Map<string, Promise<string>>();

/**
 * Bundles a TypeScript entry (and the project code it imports) into one ES module, cached across test files and
 * runs. Packages with native parts (better-sqlite3, serialport, sodium-native: their loaders find the binary from
 * __dirname) stay external, imported by absolute path.
 */
export function bundleCached(entry: string): Promise<string> {
  const key = sourceKey(entry);
  let pending = builds.get(key);
  if (!pending) {
    pending = buildOnce(entry, key);
    builds.set(key, pending);
  }
  return pending;
}

async function buildOnce(entry: string, key: string): Promise<string> {
  // Inside the checkout (gitignored) so the bundle resolves node_modules and finds the package root like the real
  // build in out/ does.
  const root = path.join(REPO_ROOT, '.tmp', 'test-bundles');
  const outfile = path.join(root, key, `${path.basename(entry, '.ts')}.mjs`);
  if (fs.existsSync(outfile)) return outfile;
  fs.mkdirSync(path.dirname(outfile), { recursive: true });
  const temp = `${outfile}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp.mjs`;
  const requireFromRepo = createRequire(path.join(REPO_ROOT, 'package.json'));
  await build({
    entryPoints: [entry],
    outfile: temp,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    // CommonJS dependencies inside an ES module bundle still need a real require for Node built-ins.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    plugins: [
      {
        name: 'native-packages-external',
        setup(builder) {
          builder.onResolve({ filter: /^(better-sqlite3|serialport|sodium-native)$/ }, ({ path: name }) => ({
            path: requireFromRepo.resolve(name),
            external: true,
          }));
        },
      },
    ],
  });
  // Atomic: a concurrent test worker sees either no bundle or a complete one.
  fs.renameSync(temp, outfile);
  pruneOldBundles(root, key);
  return outfile;
}

/** Sizes and mtimes of every source file the entry can reach (src/ and the entry's own folder). */
function sourceKey(entry: string): string {
  const hash = createHash('sha256').update(`${esbuildVersion}\n${entry}\n`);
  const walk = (dir: string) => {
    for (const item of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, item.name);
      if (item.isDirectory()) walk(full);
      else if (/\.(ts|tsx|js|mjs|json)$/.test(item.name)) {
        const stat = fs.statSync(full);
        hash.update(`${full}:${stat.size}:${stat.mtimeMs}\n`);
      }
    }
  };
  walk(path.join(REPO_ROOT, 'src'));
  if (!path.resolve(entry).startsWith(path.join(REPO_ROOT, 'src') + path.sep)) walk(path.dirname(path.resolve(entry)));
  hash.update(fs.readFileSync(path.join(REPO_ROOT, 'package-lock.json')));
  // The build options live in this file: a change to them is a new bundle.
  hash.update(fs.readFileSync(new URL(import.meta.url)));
  return hash.digest('hex').slice(0, 16);
}

/** Bundles of older source states are useless once rebuilt; drop those untouched for ten minutes. */
function pruneOldBundles(root: string, keep: string): void {
  const cutoff = Date.now() - 10 * 60 * 1000;
  for (const name of fs.readdirSync(root)) {
    if (name === keep) continue;
    const dir = path.join(root, name);
    try {
      if (fs.statSync(dir).mtimeMs < cutoff) fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // Another worker removed it first.
    }
  }
}
