import { readFileSync } from 'node:fs';

export interface CpuShare {
  /** CPU time over wall time: 1.0 is one core busy the whole time. */
  hub: number;
  /** The same for this (load-generating) process and its children other than the hub. */
  bench: number;
  /** Everything else on the machine (other users' builds and tests): the noise these figures were taken under. */
  others: number;
}

/** USER_HZ, the unit of /proc CPU times: 100 on every Linux build Node supports. */
const TICKS_PER_SECOND = 100;

/**
 * Starts measuring; the returned function says how busy the hub, the bench and the rest of the machine were since.
 * It tells whether the hub was the bottleneck (near 1.0: its event loop saturated), waited on the load generator,
 * or lost the CPU to other work on a shared machine. `extraPids` are bench helper processes (load generators).
 * `hubPid` may be this process's own pid, when the scenario runs the hub's code in the bench process.
 */
export function startCpuMeter(hubPid: number, extraPids: readonly number[] = []): () => CpuShare {
  const startedAt = performance.now();
  const hubStart = processCpuSeconds(hubPid);
  const extraStart = extraPids.map(processCpuSeconds);
  const benchStart = process.cpuUsage();
  const machineStart = machineBusySeconds();
  return () => {
    const wallSeconds = (performance.now() - startedAt) / 1000;
    const hub = processCpuSeconds(hubPid) - hubStart;
    const usage = process.cpuUsage(benchStart);
    const extra = extraPids.reduce((sum, pid, index) => sum + processCpuSeconds(pid) - extraStart[index]!, 0);
    // A scenario may run the hub's machinery inside this process (the backlog drain): its time is the hub's, once.
    const own = hubPid === process.pid ? 0 : (usage.user + usage.system) / 1e6;
    const bench = own + extra;
    const others = Math.max(0, machineBusySeconds() - machineStart - hub - bench);
    return { hub: hub / wallSeconds, bench: bench / wallSeconds, others: others / wallSeconds };
  };
}

/** utime + stime of a process, in seconds. */
function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields 14 and 15 of the line, counted after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** Non-idle time of all CPUs together (user, nice, system, irq, softirq, steal), in seconds. */
function machineBusySeconds(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const [user, nice, system, , , irq, softirq, steal] = line.split(/\s+/).slice(1).map(Number);
  return (user! + nice! + system! + irq! + softirq! + steal!) / TICKS_PER_SECOND;
}
