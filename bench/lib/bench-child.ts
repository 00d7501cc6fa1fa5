import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './hub-build.js';

/**
 * Runs one of bench/lib's TypeScript modules in a process of its own with an IPC channel: the loads and the floor
 * server, so their work never shares an event loop with the timings taken here.
 */
export function forkBenchChild(module: string): ChildProcess {
  return fork(path.join(REPO_ROOT, 'bench', 'lib', module), [], { cwd: REPO_ROOT, execArgv: ['--import', 'tsx'] });
}
