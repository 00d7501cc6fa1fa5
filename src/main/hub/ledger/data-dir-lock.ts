import fs from 'node:fs';
import path from 'node:path';

export class DataDirLockedError extends Error {
  constructor(
    readonly pid: number,
    dataDir: string,
  ) {
    super(`another Backroom hub (pid ${pid}) is using ${dataDir}; stop it first`);
    this.name = 'DataDirLockedError';
  }
}

function lockFile(dataDir: string): string {
  return path.join(dataDir, 'hub.pid');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Which live hub process holds the data directory, if any. A stale file left by a crash does not count. */
export function lockHolder(dataDir: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(lockFile(dataDir), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** One hub per data directory: two writers would fork the hash chain. */
export function acquireDataDirLock(dataDir: string): () => void {
  const holder = lockHolder(dataDir);
  if (holder !== undefined) throw new DataDirLockedError(holder, dataDir);
  fs.writeFileSync(lockFile(dataDir), String(process.pid));
  return () => {
    if (lockHolder(dataDir) === undefined) fs.rmSync(lockFile(dataDir), { force: true });
  };
}
