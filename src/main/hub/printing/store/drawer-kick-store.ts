import type { Database, Statement } from 'better-sqlite3';
import { uuidv7 } from '../../uuid-v7.js';
import type { DrawerKickState, DrawerKickView, Requester } from '../../../../shared/protocol/printing.js';

interface KickRow {
  id: string;
  drawer_id: string;
  state: DrawerKickState;
  reason: string;
  sale_id: string | null;
  cashier_id: string | null;
  requester_type: Requester['type'];
  requester_id: string;
  requested_at: string;
  sent_at: string | null;
  note: string | null;
}

export interface NewDrawerKick {
  drawerId: string;
  reason: string;
  saleId?: string | undefined;
  cashierId?: string | undefined;
  requester: Requester;
}

export interface KickListFilter {
  drawerId?: string | undefined;
  limit: number;
  before?: string | undefined;
}

/** The drawer log (`drawer_kicks`): each request to open a drawer and whether it was sent or dropped. */
export class DrawerKickStore {
  // A worker reads its queued kicks on every step of its loop; prepared once, not per call.
  private readonly queuedKicks: Statement<[string], KickRow>;

  constructor(private readonly db: Database) {
    this.queuedKicks = db.prepare(`SELECT * FROM drawer_kicks WHERE drawer_id = ? AND state = 'queued' ORDER BY seq`);
  }

  insert(kick: NewDrawerKick, now: string): DrawerKickView {
    const id = uuidv7();
    this.db
      .prepare(
        `INSERT INTO drawer_kicks (id, drawer_id, state, reason, sale_id, cashier_id, requester_type, requester_id,
           requested_at) VALUES (?, ?, 'queued', ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        kick.drawerId,
        kick.reason,
        kick.saleId ?? null,
        kick.cashierId ?? null,
        kick.requester.type,
        kick.requester.id,
        now,
      );
    return this.view(id)!;
  }

  view(id: string): DrawerKickView | undefined {
    const row = this.db.prepare<[string], KickRow>('SELECT * FROM drawer_kicks WHERE id = ?').get(id);
    return row ? viewOf(row) : undefined;
  }

  /** Oldest first: kicks go out in the order they were asked for. */
  queued(drawerId: string): DrawerKickView[] {
    return this.queuedKicks.all(drawerId).map(viewOf);
  }

  /** Leaves `queued` for `sent` or `dropped`; false if something else settled it first. */
  settle(id: string, state: 'sent' | 'dropped', now: string, note: string | null): boolean {
    return (
      this.db
        .prepare(
          `UPDATE drawer_kicks SET state = ?, sent_at = CASE WHEN ? = 'sent' THEN ? END, note = ?
           WHERE id = ? AND state = 'queued'`,
        )
        .run(state, state, now, note, id).changes === 1
    );
  }

  list(filter: KickListFilter): DrawerKickView[] {
    const beforeSeq = filter.before
      ? (this.db.prepare<[string], { seq: number }>('SELECT seq FROM drawer_kicks WHERE id = ?').get(filter.before)
          ?.seq ?? 0)
      : Number.MAX_SAFE_INTEGER;
    return this.db
      .prepare<[{ beforeSeq: number; drawerId: string | null; limit: number }], KickRow>(
        `SELECT * FROM drawer_kicks WHERE seq < @beforeSeq AND (@drawerId IS NULL OR drawer_id = @drawerId)
         ORDER BY seq DESC LIMIT @limit`,
      )
      .all({ beforeSeq, drawerId: filter.drawerId ?? null, limit: filter.limit })
      .map(viewOf);
  }

  /** Kicks dropped since `sinceIso`, for the alert that tells the manager a drawer did not open. */
  droppedSince(sinceIso: string): DrawerKickView[] {
    return this.db
      .prepare<[string], KickRow>(
        `SELECT * FROM drawer_kicks WHERE state = 'dropped' AND requested_at >= ? ORDER BY seq DESC LIMIT 50`,
      )
      .all(sinceIso)
      .map(viewOf);
  }
}

function viewOf(row: KickRow): DrawerKickView {
  return {
    id: row.id,
    drawerId: row.drawer_id,
    state: row.state,
    reason: row.reason,
    saleId: row.sale_id,
    cashierId: row.cashier_id,
    requestedBy: { type: row.requester_type, id: row.requester_id },
    requestedAt: row.requested_at,
    sentAt: row.sent_at,
    note: row.note,
  };
}
