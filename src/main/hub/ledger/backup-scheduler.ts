import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { Logger } from '../observability/logger.js';
import { backupFileName, backupTo, listBackups, pruneBackups } from './backups.js';

export interface BackupSchedule {
  dir: string;
  intervalMinutes: number;
  keep: number;
}

/** Takes an online backup every interval and keeps the newest `keep`. */
export class BackupScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly db: Database,
    private readonly schedule: BackupSchedule,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.schedule.intervalMinutes <= 0) return;
    this.timer = setInterval(() => void this.runOnce(), this.schedule.intervalMinutes * 60_000);
    this.timer.unref();
  }

  lastBackup(): string | null {
    const newest = listBackups(this.schedule.dir)[0];
    return newest ? path.basename(newest) : null;
  }

  runOnce(): Promise<void> {
    this.running ??= (async () => {
      try {
        const file = path.join(this.schedule.dir, backupFileName(new Date()));
        const { bytes } = await backupTo(this.db, file);
        const pruned = pruneBackups(this.schedule.dir, this.schedule.keep);
        this.logger.info({ file, bytes, pruned: pruned.length }, 'ledger backup written');
      } catch (error) {
        this.logger.error({ err: error }, 'scheduled ledger backup failed');
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
