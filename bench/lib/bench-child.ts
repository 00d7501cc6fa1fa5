import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './hub-build.js';

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
