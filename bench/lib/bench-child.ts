import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './hub-build.js';
import { withTimeout } from './timing.js';

/**
 * Runs one of bench/lib's TypeScript modules in a process of its own with an IPC channel: the loads, the floor
 * server and the latency scenarios, so no other work shares an event loop (or a heap) with the timings taken.
 */
export function forkBenchChild(module: string): ChildProcess {
  return fork(path.join(REPO_ROOT, 'bench', 'lib', module), [], {
    cwd: REPO_ROOT,
    execArgv: ['--import', 'tsx'],
    // Results carry NaN for a figure with no samples; JSON would turn it into null.
    serialization: 'advanced',
  });
}

/** What every bench child sends when it cannot do its work. */
interface Failed {
  type: 'failed';
  message: string;
}

/**
 * The one answer a child gives: its first message, or an error if that says it failed, if the child exits first or
 * if nothing comes within `timeoutMs`.
 */
export async function firstMessage<T extends { type: string }>(
  child: ChildProcess,
  name: string,
  timeoutMs: number,
): Promise<Exclude<T, Failed>> {
  const message = await withTimeout(
    new Promise<T | Failed>((resolve, reject) => {
      child.once('message', (message: T | Failed) => resolve(message));
      child.once('exit', (code, signal) => reject(new Error(`${name} exited (${signal ?? code})`)));
    }),
    timeoutMs,
    `${name} sent nothing within ${timeoutMs / 1000} s`,
  );
  if (message.type === 'failed') throw new Error(`${name} failed: ${(message as Failed).message}`);
  return message as Exclude<T, Failed>;
}
