import type { Database } from 'better-sqlite3';
import type {
  PrinterConfig,
  PrinterSettings,
  PrinterState,
  PrinterStatusReading,
  PrinterView,
  WaitReason,
} from '../../../../shared/protocol/printing.js';

interface PrinterRow {
  id: string;
  settings: string;
  state: PrinterState;
  waiting_for: WaitReason | null;
  waiting_since: string | null;
  status: string | null;
  status_read_at: string | null;
}

interface QueueCounts {
  printer_id: string;
  queued: number;
  uncertain: number;
  oldest: string | null;
}

/** What a printer's worker last saw; written only when it changes. */
export interface PrinterLiveState {
  state: PrinterState;
  waitingFor: WaitReason | null;
  status?: PrinterStatusReading;
}

export function configOf(row: Pick<PrinterRow, 'id' | 'settings'>): PrinterConfig {
  return { id: row.id, ...(JSON.parse(row.settings) as PrinterSettings) };
}

/** The `printers` table: settings a manager saved, and the live state their worker reports. */
export class PrinterStore {
  constructor(private readonly db: Database) {}

  list(): PrinterConfig[] {
    return this.db.prepare<[], PrinterRow>('SELECT * FROM printers ORDER BY id').all().map(configOf);
  }

  find(id: string): PrinterConfig | undefined {
    const row = this.db.prepare<[string], PrinterRow>('SELECT * FROM printers WHERE id = ?').get(id);
    return row ? configOf(row) : undefined;
  }

  /** Inserts or replaces; the one receipt default moves here when this printer takes it. */
  save(config: PrinterConfig, now: string): void {
    const { id, ...settings } = config;
    this.db.transaction(() => {
      if (settings.receiptDefault) this.clearOtherDefaults(id, now);
      this.db
        .prepare(
          `INSERT INTO printers (id, settings, state, created_at, updated_at) VALUES (?, ?, 'idle', ?, ?)
           ON CONFLICT (id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`,
        )
        .run(id, JSON.stringify(settings), now, now);
    })();
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM printers WHERE id = ?').run(id);
  }

  /** The printer sales print to when they name none: the flagged one, else the only enabled one. */
  receiptDefault(): PrinterConfig | undefined {
    const enabled = this.list().filter((printer) => printer.enabled);
    return enabled.find((printer) => printer.receiptDefault) ?? (enabled.length === 1 ? enabled[0] : undefined);
  }

  recordLiveState(id: string, live: PrinterLiveState, now: string): void {
    this.db
      .prepare(
        `UPDATE printers SET state = ?, waiting_for = ?,
           waiting_since = CASE WHEN ? IS NULL THEN NULL ELSE COALESCE(waiting_since, ?) END,
           status = COALESCE(?, status), status_read_at = CASE WHEN ? IS NULL THEN status_read_at ELSE ? END
         WHERE id = ?`,
      )
      .run(
        live.state,
        live.waitingFor,
        live.waitingFor,
        now,
        live.status ? JSON.stringify(live.status) : null,
        live.status ? 1 : null,
        now,
        id,
      );
  }

  views(): PrinterView[] {
    const counts = new Map(
      this.db
        .prepare<[], QueueCounts>(
          `SELECT printer_id, SUM(state IN ('queued','printing')) AS queued, SUM(state = 'uncertain') AS uncertain,
             MIN(CASE WHEN state IN ('queued','printing') THEN created_at END) AS oldest
           FROM print_jobs WHERE state IN ('queued','printing','uncertain') GROUP BY printer_id`,
        )
        .all()
        .map((row) => [row.printer_id, row]),
    );
    return this.db
      .prepare<[], PrinterRow>('SELECT * FROM printers ORDER BY id')
      .all()
      .map((row) => {
        const count = counts.get(row.id);
        return {
          ...configOf(row),
          state: row.state,
          waitingFor: row.waiting_for,
          status: row.status ? (JSON.parse(row.status) as PrinterStatusReading) : null,
          statusReadAt: row.status_read_at,
          queued: count?.queued ?? 0,
          uncertain: count?.uncertain ?? 0,
          oldestQueuedAt: count?.oldest ?? null,
        };
      });
  }

  private clearOtherDefaults(id: string, now: string): void {
    for (const other of this.list()) {
      if (other.id === id || !other.receiptDefault) continue;
      const { id: otherId, ...settings } = other;
      this.db
        .prepare('UPDATE printers SET settings = ?, updated_at = ? WHERE id = ?')
        .run(JSON.stringify({ ...settings, receiptDefault: false }), now, otherId);
    }
  }
}
