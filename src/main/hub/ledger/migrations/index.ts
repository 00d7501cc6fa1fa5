import type { Database } from 'better-sqlite3';

/**
 * Forward-only migrations, numbered; PRAGMA user_version holds the last one applied.
 * Never edit a released migration: add a new one.
 */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}

export const migrations: Migration[] = [
  {
    version: 1,
    name: 'event log, projections, users, sessions, audit',
    up(db) {
      db.exec(`
        CREATE TABLE hub_meta (
          key   TEXT PRIMARY KEY,
          value TEXT NOT NULL
        ) STRICT;

        -- The append-only ledger. cursor is gap-free; hash chains every row to the one before.
        CREATE TABLE events (
          cursor      INTEGER PRIMARY KEY,
          event_id    TEXT NOT NULL UNIQUE,
          device_id   TEXT,
          seq         INTEGER,
          type        TEXT NOT NULL,
          status      TEXT NOT NULL CHECK (status IN ('accepted','conflict','refused')),
          recorded_at TEXT NOT NULL,
          record      TEXT NOT NULL,
          prev_hash   TEXT NOT NULL,
          hash        TEXT NOT NULL,
          UNIQUE (device_id, event_id),
          UNIQUE (device_id, seq)
        ) STRICT;
        CREATE INDEX events_type ON events(type);
        CREATE TRIGGER events_no_update BEFORE UPDATE ON events
          BEGIN SELECT RAISE(ABORT, 'ledger rows are append-only'); END;
        CREATE TRIGGER events_no_delete BEFORE DELETE ON events
          BEGIN SELECT RAISE(ABORT, 'ledger rows are append-only'); END;

        -- Projections: derived from events, rebuildable (ledger/projections).
        CREATE TABLE products (
          id         TEXT PRIMARY KEY,
          name       TEXT NOT NULL,
          unit       TEXT NOT NULL,
          price      INTEGER,
          currency   TEXT,
          tax_rate   TEXT,
          version    INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        ) STRICT;
        CREATE TABLE locations (
          id         TEXT PRIMARY KEY,
          name       TEXT NOT NULL,
          active     INTEGER NOT NULL,
          version    INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        ) STRICT;
        CREATE TABLE stock (
          product_id  TEXT NOT NULL,
          location_id TEXT NOT NULL,
          quantity    INTEGER NOT NULL,
          updated_at  INTEGER NOT NULL,
          PRIMARY KEY (product_id, location_id)
        ) STRICT;
        CREATE TABLE event_counts (
          type   TEXT NOT NULL,
          status TEXT NOT NULL,
          count  INTEGER NOT NULL,
          PRIMARY KEY (type, status)
        ) STRICT;

        CREATE TABLE users (
          id              TEXT PRIMARY KEY,
          name            TEXT NOT NULL UNIQUE COLLATE NOCASE,
          role            TEXT NOT NULL CHECK (role IN ('cashier','manager','owner')),
          pin_hash        TEXT NOT NULL,
          failed_attempts INTEGER NOT NULL DEFAULT 0,
          locked_until    TEXT,
          created_at      TEXT NOT NULL
        ) STRICT;
        CREATE TABLE admin_sessions (
          token_hash TEXT PRIMARY KEY,
          user_id    TEXT NOT NULL REFERENCES users(id),
          created_at TEXT NOT NULL,
          expires_at TEXT NOT NULL
        ) STRICT;
        CREATE TABLE audit_log (
          id     INTEGER PRIMARY KEY,
          at     TEXT NOT NULL,
          actor  TEXT NOT NULL,
          action TEXT NOT NULL,
          detail TEXT NOT NULL
        ) STRICT;
      `);
    },
  },
  {
    version: 2,
    name: 'devices, pairing codes, conflicts',
    up(db) {
      db.exec(`
        -- Paired devices. Operational state (tokens, heartbeats) lives here; what devices did lives in events.
        CREATE TABLE devices (
          id                   TEXT PRIMARY KEY,
          name                 TEXT NOT NULL,
          kind                 TEXT NOT NULL CHECK (kind IN ('pos','handheld')),
          public_key           TEXT NOT NULL,
          token_hash           TEXT NOT NULL UNIQUE,
          paired_at            TEXT NOT NULL,
          last_seq             INTEGER NOT NULL DEFAULT 0,
          revoked_at           TEXT,
          revoked_reason       TEXT,
          revoked_by           TEXT,
          last_seen_at         TEXT,
          last_sync_at         TEXT,
          queued               INTEGER,
          clock_skew_ms        INTEGER,
          app_version          TEXT,
          consecutive_failures INTEGER NOT NULL DEFAULT 0
        ) STRICT;

        CREATE TABLE pairing_codes (
          code_hash  TEXT PRIMARY KEY,
          created_by TEXT NOT NULL,
          created_at TEXT NOT NULL,
          expires_at TEXT NOT NULL,
          used_at    TEXT,
          device_id  TEXT
        ) STRICT;

        -- Projection: conflicts opened by 'conflict' records and closed by resolutions.
        CREATE TABLE conflicts (
          id                 TEXT PRIMARY KEY,
          kind               TEXT NOT NULL,
          status             TEXT NOT NULL CHECK (status IN ('open','escalated','resolved')),
          cursor             INTEGER NOT NULL,
          event_id           TEXT NOT NULL,
          device_id          TEXT,
          detail             TEXT NOT NULL,
          resolved_at_cursor INTEGER,
          resolution         TEXT
        ) STRICT;
        CREATE INDEX conflicts_status ON conflicts(status);
      `);
    },
  },
  {
    version: 3,
    name: 'sales and requests projections',
    up(db) {
      db.exec(`
        -- Projections of sale.complete / sale.refund / sale.void. Money is integer minor units in the sale's currency;
        -- business_date is the store's local date the decider wrote into the record's outcome.
        CREATE TABLE sales (
          sale_id         TEXT PRIMARY KEY,
          cursor          INTEGER NOT NULL,
          event_id        TEXT NOT NULL,
          device_id       TEXT NOT NULL,
          cashier_id      TEXT NOT NULL,
          location_id     TEXT NOT NULL,
          business_date   TEXT NOT NULL,
          occurred_at     TEXT NOT NULL,
          status          TEXT NOT NULL CHECK (status IN ('completed','voided','partially_refunded','refunded')),
          currency        TEXT NOT NULL,
          total           INTEGER NOT NULL,
          refunded        INTEGER NOT NULL,
          discrepancy_id  TEXT,
          voided_cursor   INTEGER,
          void_reason     TEXT
        ) STRICT;
        CREATE INDEX sales_business_date ON sales(business_date, location_id);
        CREATE TABLE sale_lines (
          sale_id           TEXT NOT NULL,
          line_no           INTEGER NOT NULL,
          product_id        TEXT NOT NULL,
          quantity          INTEGER NOT NULL,
          unit_price        INTEGER NOT NULL,
          tax_rate          TEXT NOT NULL,
          line_total        INTEGER NOT NULL,
          refunded_quantity INTEGER NOT NULL,
          PRIMARY KEY (sale_id, line_no)
        ) STRICT;
        CREATE TABLE sale_tenders (
          sale_id    TEXT NOT NULL,
          tender_no  INTEGER NOT NULL,
          method     TEXT NOT NULL CHECK (method IN ('cash','card')),
          amount     INTEGER NOT NULL,
          payment_id TEXT,
          PRIMARY KEY (sale_id, tender_no)
        ) STRICT;
        CREATE TABLE sale_refunds (
          refund_id     TEXT PRIMARY KEY,
          sale_id       TEXT NOT NULL,
          cursor        INTEGER NOT NULL,
          event_id      TEXT NOT NULL,
          device_id     TEXT NOT NULL,
          cashier_id    TEXT NOT NULL,
          business_date TEXT NOT NULL,
          currency      TEXT NOT NULL,
          total         INTEGER NOT NULL,
          reason        TEXT
        ) STRICT;
        CREATE INDEX sale_refunds_sale ON sale_refunds(sale_id);
        CREATE TABLE refund_lines (
          refund_id  TEXT NOT NULL,
          sale_line  INTEGER NOT NULL,
          product_id TEXT NOT NULL,
          quantity   INTEGER NOT NULL,
          amount     INTEGER NOT NULL,
          PRIMARY KEY (refund_id, sale_line)
        ) STRICT;
        CREATE TABLE refund_tenders (
          refund_id  TEXT NOT NULL,
          tender_no  INTEGER NOT NULL,
          method     TEXT NOT NULL CHECK (method IN ('cash','card')),
          amount     INTEGER NOT NULL,
          payment_id TEXT,
          PRIMARY KEY (refund_id, tender_no)
        ) STRICT;
        -- One row per business date x location x device x cashier x currency. Each sale, refund and void counts in
        -- the bucket of its own event; device_id and cashier_id are '' when the event has none.
        -- net = gross - refunds - voids; cash and card are net per method.
        CREATE TABLE sales_daily_totals (
          business_date TEXT NOT NULL,
          location_id   TEXT NOT NULL,
          device_id     TEXT NOT NULL,
          cashier_id    TEXT NOT NULL,
          currency      TEXT NOT NULL,
          gross         INTEGER NOT NULL,
          refunds       INTEGER NOT NULL,
          voids         INTEGER NOT NULL,
          net           INTEGER NOT NULL,
          sale_count    INTEGER NOT NULL,
          refund_count  INTEGER NOT NULL,
          void_count    INTEGER NOT NULL,
          cash          INTEGER NOT NULL,
          card          INTEGER NOT NULL,
          PRIMARY KEY (business_date, location_id, device_id, cashier_id, currency)
        ) STRICT;

        -- Projection of request.* events. version starts at 1 and counts accepted changes; the last change and the
        -- version/state it was made against are kept because the race rule of DESIGN section 4 compares with them.
        CREATE TABLE requests (
          request_id          TEXT PRIMARY KEY,
          kind                TEXT NOT NULL CHECK (kind IN ('transfer','replenish')),
          product_id          TEXT NOT NULL,
          from_location_id    TEXT,
          to_location_id      TEXT NOT NULL,
          quantity            INTEGER NOT NULL,
          note                TEXT,
          state               TEXT NOT NULL
            CHECK (state IN ('pending','approved','denied','cancelled','fulfilled')),
          version             INTEGER NOT NULL,
          created_cursor      INTEGER NOT NULL,
          created_by          TEXT NOT NULL,
          change_type         TEXT NOT NULL,
          change_event_id     TEXT NOT NULL,
          change_occurred_at  TEXT NOT NULL,
          change_base_version INTEGER NOT NULL,
          change_base_state   TEXT,
          change_reason       TEXT,
          updated_cursor      INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX requests_state ON requests(state);
      `);
    },
  },
  {
    version: 4,
    name: 'alerts',
    up(db) {
      db.exec(`
        -- Operational, not a projection: alerts come from evaluating thresholds over time, not from events.
        -- An alert is open until its condition goes away (cleared_at); a condition that returns is a new row.
        CREATE TABLE alerts (
          id              TEXT PRIMARY KEY,
          key             TEXT NOT NULL,
          severity        TEXT NOT NULL CHECK (severity IN ('warning','critical')),
          subject         TEXT NOT NULL,
          message         TEXT NOT NULL,
          data            TEXT NOT NULL,
          raised_at       TEXT NOT NULL,
          updated_at      TEXT NOT NULL,
          acknowledged_at TEXT,
          acknowledged_by TEXT,
          cleared_at      TEXT
        ) STRICT;
        CREATE UNIQUE INDEX alerts_open_key ON alerts(key) WHERE cleared_at IS NULL;
        CREATE INDEX alerts_raised_at ON alerts(raised_at);
      `);
    },
  },
  {
    version: 5,
    name: 'offline payments, payment policy, approvals',
    up(db) {
      db.exec(`
        -- Projection of policy.update: the one current offline card policy (canonical JSON of the event payload).
        CREATE TABLE payment_policy (
          id             INTEGER PRIMARY KEY CHECK (id = 1),
          policy         TEXT NOT NULL,
          updated_cursor INTEGER NOT NULL,
          updated_by     TEXT NOT NULL
        ) STRICT;

        -- Projection of payment.offline_card and what happens to each payment afterwards. Money is minor units;
        -- held = recorded as a conflict, its effect (counting towards the limits) waits for the manager.
        CREATE TABLE offline_payments (
          payment_id     TEXT PRIMARY KEY,
          sale_id        TEXT NOT NULL,
          device_id      TEXT,
          location_id    TEXT NOT NULL,
          business_date  TEXT NOT NULL,
          amount         INTEGER NOT NULL,
          currency       TEXT NOT NULL,
          state          TEXT NOT NULL CHECK (state IN ('authorized','held','forwarded')),
          approval_id    TEXT,
          cursor         INTEGER NOT NULL,
          updated_cursor INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX offline_payments_daily ON offline_payments(location_id, business_date);
        CREATE INDEX offline_payments_state ON offline_payments(state);

        -- Projection of approval.request / approval.decide. context is canonical JSON {figures, policy} as the
        -- hub saw them when the approval was asked for.
        CREATE TABLE approvals (
          approval_id      TEXT PRIMARY KEY,
          payment_id       TEXT NOT NULL UNIQUE,
          sale_id          TEXT NOT NULL,
          device_id        TEXT NOT NULL,
          location_id      TEXT NOT NULL,
          amount           INTEGER NOT NULL,
          currency         TEXT NOT NULL,
          method           TEXT NOT NULL,
          reason           TEXT NOT NULL,
          context          TEXT NOT NULL,
          status           TEXT NOT NULL CHECK (status IN ('pending','approved','declined')),
          requested_cursor INTEGER NOT NULL,
          requested_at     TEXT NOT NULL,
          decided_by       TEXT,
          decided_cursor   INTEGER,
          decided_at       TEXT
        ) STRICT;
        CREATE INDEX approvals_status ON approvals(status);

        -- Operational, not a projection: every answer POST /v1/payments/offline-authorizations gave, so a repeated
        -- request gets the same one and answers not yet followed by their payment count against the limits.
        CREATE TABLE offline_authorizations (
          payment_id    TEXT PRIMARY KEY,
          device_id     TEXT NOT NULL,
          request       TEXT NOT NULL,
          method        TEXT NOT NULL,
          location_id   TEXT NOT NULL,
          business_date TEXT NOT NULL,
          amount        INTEGER NOT NULL,
          currency      TEXT NOT NULL,
          decision      TEXT NOT NULL CHECK (decision IN ('approved','pending_manager','declined')),
          reason        TEXT,
          approval_id   TEXT,
          answered_at   TEXT NOT NULL
        ) STRICT;
        CREATE INDEX offline_authorizations_answered ON offline_authorizations(answered_at);
      `);
    },
  },
  {
    version: 6,
    name: 'quarantined conflicts, clock-skew flags',
    up(db) {
      db.exec(`
        -- A revoked device's unresolved conflicts become 'quarantined' (only a manager decides them). SQLite cannot
        -- change a CHECK constraint, so the projection table is rebuilt with its rows.
        CREATE TABLE conflicts_v6 (
          id                    TEXT PRIMARY KEY,
          kind                  TEXT NOT NULL,
          status                TEXT NOT NULL CHECK (status IN ('open','escalated','quarantined','resolved')),
          cursor                INTEGER NOT NULL,
          event_id              TEXT NOT NULL,
          device_id             TEXT,
          detail                TEXT NOT NULL,
          resolved_at_cursor    INTEGER,
          resolution            TEXT,
          quarantined_at_cursor INTEGER
        ) STRICT;
        INSERT INTO conflicts_v6 (id, kind, status, cursor, event_id, device_id, detail, resolved_at_cursor, resolution)
          SELECT id, kind, status, cursor, event_id, device_id, detail, resolved_at_cursor, resolution FROM conflicts;
        DROP TABLE conflicts;
        ALTER TABLE conflicts_v6 RENAME TO conflicts;
        CREATE INDEX conflicts_status ON conflicts(status);
        CREATE INDEX conflicts_device ON conflicts(device_id);

        -- Records whose deviceTime was implausible against the hub clock (outcome.clockSkew), for the review list.
        -- Partial, so it costs nothing for the ordinary record; queries must repeat this WHERE term to use it.
        CREATE INDEX events_clock_skew_flagged ON events(cursor)
          WHERE json_extract(record, '$.outcome.clockSkew.flagged') = 1;
      `);
    },
  },
  {
    version: 7,
    name: 'alert thresholds saved by a manager',
    up(db) {
      db.exec(`
        -- Operational: the alert thresholds a manager set on the Settings screen, one row per threshold that differs
        -- from the hub's config; a threshold without a row follows the config.
        CREATE TABLE alert_thresholds (
          name       TEXT PRIMARY KEY,
          value      REAL NOT NULL,
          updated_at TEXT NOT NULL,
          updated_by TEXT NOT NULL
        ) STRICT;
      `);
    },
  },
  {
    version: 8,
    name: 'printers, print queues, drawer kicks',
    up(db) {
      db.exec(`
        -- Operational, not projections: a printer's settings and what its worker last saw. Not rebuilt from events.
        CREATE TABLE printers (
          id             TEXT PRIMARY KEY,
          settings       TEXT NOT NULL,
          state          TEXT NOT NULL DEFAULT 'idle',
          waiting_for    TEXT,
          waiting_since  TEXT,
          status         TEXT,
          status_read_at TEXT,
          created_at     TEXT NOT NULL,
          updated_at     TEXT NOT NULL
        ) STRICT;

        -- One queue per printer, in seq order. The bytes are rendered once, when the job is taken, so a reprint
        -- prints exactly what was first sent. A requester's client key names one job for ever (idempotency).
        CREATE TABLE print_jobs (
          seq            INTEGER PRIMARY KEY,
          id             TEXT NOT NULL UNIQUE,
          printer_id     TEXT NOT NULL,
          requester_type TEXT NOT NULL,
          requester_id   TEXT NOT NULL,
          client_key     TEXT NOT NULL,
          request        TEXT NOT NULL,
          kind           TEXT NOT NULL,
          sale_id        TEXT,
          bytes          BLOB NOT NULL,
          state          TEXT NOT NULL CHECK (state IN ('queued','printing','printed','uncertain','dropped')),
          status_unknown INTEGER NOT NULL DEFAULT 0,
          note           TEXT,
          attempts       INTEGER NOT NULL DEFAULT 0,
          created_at     TEXT NOT NULL,
          updated_at     TEXT NOT NULL,
          printed_at     TEXT,
          UNIQUE (requester_type, requester_id, client_key)
        ) STRICT;
        CREATE INDEX print_jobs_queue ON print_jobs(printer_id, state, seq);
        CREATE INDEX print_jobs_state ON print_jobs(state, seq);

        -- The drawer log: every request to open a drawer and what became of it.
        CREATE TABLE drawer_kicks (
          seq            INTEGER PRIMARY KEY,
          id             TEXT NOT NULL UNIQUE,
          drawer_id      TEXT NOT NULL,
          state          TEXT NOT NULL CHECK (state IN ('queued','sent','dropped')),
          reason         TEXT NOT NULL,
          sale_id        TEXT,
          cashier_id     TEXT,
          requester_type TEXT NOT NULL,
          requester_id   TEXT NOT NULL,
          requested_at   TEXT NOT NULL,
          sent_at        TEXT,
          note           TEXT
        ) STRICT;
        CREATE INDEX drawer_kicks_queue ON drawer_kicks(drawer_id, state, seq);
        CREATE INDEX drawer_kicks_state ON drawer_kicks(state, seq);
      `);
    },
  },
  {
    version: 9,
    name: 'upstream outbox',
    up(db) {
      db.exec(`
        -- Operational, not a projection: what must be forwarded upstream (DESIGN section 6), written in the same
        -- transaction as the ledger fact that caused it (source_cursor, source_event_id; both null for a job a
        -- manager made). seq is enqueue order, the "age" tie-break. Times are UTC ISO strings of one fixed width, so
        -- text order is time order; the CHECKs keep them that width. A job's idempotency key is made once at
        -- enqueue and sent on every attempt.
        CREATE TABLE upstream_jobs (
          seq             INTEGER PRIMARY KEY,
          id              TEXT NOT NULL UNIQUE,
          connector       TEXT NOT NULL,
          kind            TEXT NOT NULL,
          payload         TEXT NOT NULL CHECK (json_valid(payload)),
          idempotency_key TEXT NOT NULL UNIQUE,
          priority        INTEGER NOT NULL DEFAULT 0,
          deadline        TEXT CHECK (deadline IS NULL OR (length(deadline) = 24 AND deadline GLOB '*Z')),
          not_before      TEXT NOT NULL CHECK (length(not_before) = 24 AND not_before GLOB '*Z'),
          attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
          state           TEXT NOT NULL CHECK (state IN ('queued','in_flight','done','dead','cancelled')),
          last_error      TEXT,
          result          TEXT CHECK (result IS NULL OR json_valid(result)),
          cancelled_by    TEXT CHECK ((state = 'cancelled') = (cancelled_by IS NOT NULL)),
          source_cursor   INTEGER REFERENCES events(cursor),
          source_event_id TEXT,
          created_at      TEXT NOT NULL,
          updated_at      TEXT NOT NULL,
          CHECK ((source_cursor IS NULL) = (source_event_id IS NULL)),
          CHECK (state <> 'done' OR result IS NOT NULL)
        ) STRICT;
        -- The workers' question, "next due job of connector X": deadline first (none last), then priority (higher
        -- first), then age. Partial, so finished jobs cost it nothing; the claim query repeats its WHERE and ORDER BY.
        CREATE INDEX upstream_jobs_due ON upstream_jobs(connector, deadline IS NULL, deadline, priority DESC, seq)
          WHERE state = 'queued';
        -- Per-connector counts, oldest age and attempts for the screen, metrics and alerts, read from the index alone.
        CREATE INDEX upstream_jobs_stats ON upstream_jobs(connector, state, created_at, attempts);
        CREATE INDEX upstream_jobs_source ON upstream_jobs(source_event_id) WHERE source_event_id IS NOT NULL;
      `);
    },
  },
  {
    version: 10,
    name: 'offline payments follow the card processor',
    up(db) {
      db.exec(`
        -- What the card processor did with each offline payment (payment.captured, .declined, .cancelled,
        -- .refunded, .expired). SQLite cannot change a CHECK constraint, so the projection is rebuilt with its rows;
        -- taken_at (the capture deadline counts from it) is read back from each payment's own ledger record.
        -- refunds_requested: card money sale refunds asked to give back; refunded: what the processor gave back.
        -- problem/settled_at: why and when a payment was lost (declined or expired), for the payments at risk.
        CREATE TABLE offline_payments_v10 (
          payment_id        TEXT PRIMARY KEY,
          sale_id           TEXT NOT NULL,
          device_id         TEXT,
          location_id       TEXT NOT NULL,
          business_date     TEXT NOT NULL,
          amount            INTEGER NOT NULL,
          currency          TEXT NOT NULL,
          state             TEXT NOT NULL CHECK (state IN
            ('authorized','held','forwarded','captured','declined','cancelled','refunded','expired')),
          approval_id       TEXT,
          cursor            INTEGER NOT NULL,
          updated_cursor    INTEGER NOT NULL,
          taken_at          TEXT NOT NULL,
          payment_intent_id TEXT,
          refunds_requested INTEGER NOT NULL DEFAULT 0,
          refunded          INTEGER NOT NULL DEFAULT 0,
          decline_code      TEXT,
          problem           TEXT,
          settled_at        TEXT
        ) STRICT;
        INSERT INTO offline_payments_v10 (payment_id, sale_id, device_id, location_id, business_date, amount,
            currency, state, approval_id, cursor, updated_cursor, taken_at)
          SELECT p.payment_id, p.sale_id, p.device_id, p.location_id, p.business_date, p.amount, p.currency, p.state,
            p.approval_id, p.cursor, p.updated_cursor, json_extract(e.record, '$.event.payload.takenAt')
          FROM offline_payments p JOIN events e ON e.cursor = p.cursor;
        DROP TABLE offline_payments;
        ALTER TABLE offline_payments_v10 RENAME TO offline_payments;
        CREATE INDEX offline_payments_daily ON offline_payments(location_id, business_date);
        CREATE INDEX offline_payments_state ON offline_payments(state);
        CREATE INDEX offline_payments_sale ON offline_payments(sale_id);
      `);
    },
  },
  {
    version: 11,
    name: 'upstream jobs found by payment',
    up(db) {
      db.exec(`
        -- The holds list and the capture withdrawn by a void look a payment's jobs up by the payment id in their
        -- payload; without this each lookup scanned every job of the connector.
        CREATE INDEX upstream_jobs_payment ON upstream_jobs(connector, kind, json_extract(payload, '$.paymentId'));
      `);
    },
  },
  {
    version: 12,
    name: 'conexxus reporting',
    up(db) {
      db.exec(`
        -- Each product's department (NAXML MerchandiseCode), from catalog.product events that carry one; a product
        -- without a row reports under the store's default department. Older events have none: nothing to backfill.
        CREATE TABLE product_merchandise_codes (
          product_id       TEXT PRIMARY KEY,
          merchandise_code TEXT NOT NULL
        ) STRICT;
        -- Operational, not a projection: each end-of-day revision made for a business date (the store's calendar).
        -- fingerprint is the SHA-256 of what the revision reported, so running an unchanged day again makes nothing
        -- new; the documents themselves are the outbox jobs that carry them (payload businessDate and revision).
        CREATE TABLE conexxus_reports (
          business_date TEXT NOT NULL CHECK (business_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
          revision      INTEGER NOT NULL CHECK (revision >= 1),
          fingerprint   TEXT NOT NULL,
          created_at    TEXT NOT NULL,
          created_by    TEXT NOT NULL,
          reason        TEXT NOT NULL,
          currency      TEXT,
          gross         INTEGER NOT NULL,
          net           INTEGER NOT NULL,
          transactions  INTEGER NOT NULL,
          PRIMARY KEY (business_date, revision)
        ) STRICT;
        -- Business dates whose report was made before some of their sales, refunds or voids were recorded (a till
        -- back from a long outage): a correction is owed. Written in the transaction of the late fact, so a crash
        -- can never lose it; removed in the transaction that makes the correction.
        CREATE TABLE conexxus_stale_days (
          business_date TEXT PRIMARY KEY,
          first_cursor  INTEGER NOT NULL REFERENCES events(cursor)
        ) STRICT;
        -- The end of day reads a business date's refunds and voids; sales already have sales_business_date.
        CREATE INDEX sale_refunds_business_date ON sale_refunds(business_date);
        CREATE INDEX sales_voided ON sales(voided_cursor) WHERE voided_cursor IS NOT NULL;
        CREATE INDEX upstream_jobs_business_date
          ON upstream_jobs(connector, kind, json_extract(payload, '$.businessDate'));
      `);
    },
  },
  {
    version: 13,
    name: 'invoices',
    up(db) {
      db.exec(`
        -- Projection of accepted invoice.request records (issue 9): each VAT invoice with its exact FA(3) bytes as the
        -- decision made them (never re-serialised), their SHA-256 (Base64) and size. series_year/series_no are the
        -- gap-free numbering; one invoice per sale (a correction points at what it corrects).
        CREATE TABLE invoices (
          invoice_id    TEXT PRIMARY KEY,
          cursor        INTEGER NOT NULL,
          number        TEXT NOT NULL UNIQUE,
          series_year   INTEGER NOT NULL,
          series_no     INTEGER NOT NULL,
          sale_id       TEXT NOT NULL,
          correction_of TEXT,
          refund_id     TEXT,
          issue_date    TEXT NOT NULL,
          mode          TEXT NOT NULL CHECK (mode IN ('online','offline24','offline','awaryjny','total_failure')),
          status        TEXT NOT NULL CHECK (status IN ('awaiting_send','not_required','sent','accepted','rejected')),
          buyer_nip     TEXT NOT NULL,
          buyer_name    TEXT NOT NULL,
          currency      TEXT NOT NULL,
          gross         INTEGER NOT NULL,
          xml           TEXT NOT NULL,
          sha256        TEXT NOT NULL,
          size          INTEGER NOT NULL,
          ksef_number   TEXT,
          created_at    TEXT NOT NULL,
          UNIQUE (series_year, series_no)
        ) STRICT;
        CREATE UNIQUE INDEX invoices_sale ON invoices(sale_id) WHERE correction_of IS NULL;
        -- One correcting invoice (KOR) per refund.
        CREATE UNIQUE INDEX invoices_refund ON invoices(refund_id) WHERE refund_id IS NOT NULL;
        CREATE INDEX invoices_status ON invoices(status, issue_date);
        -- Projection of ksef.status: what the hub last knew of KSeF (one row).
        CREATE TABLE ksef_status (
          id            INTEGER PRIMARY KEY CHECK (id = 1),
          cursor        INTEGER NOT NULL,
          availability  TEXT NOT NULL,
          announcements TEXT NOT NULL CHECK (json_valid(announcements)),
          detail        TEXT NOT NULL,
          recorded_at   TEXT NOT NULL
        ) STRICT;
        -- Operational: KOD II of each offline invoice, signed once with the offline certificate's key when the invoice
        -- was recorded (the signature is randomised, so it is kept to print the same code every time).
        CREATE TABLE invoice_codes (
          invoice_id         TEXT PRIMARY KEY,
          certificate_serial TEXT NOT NULL,
          kod_ii_url         TEXT NOT NULL
        ) STRICT;
      `);
    },
  },
  {
    version: 14,
    name: 'ksef-sending',
    up(db) {
      db.exec(`
        -- What KSeF made of each invoice (issue 10), projected from invoice.numbered / invoice.rejected /
        -- invoice.technical_correction. xml, sha256 and size are the bytes owed to KSeF now: a technical correction
        -- replaces them (the original stays in its invoice.request record, and KOD I keeps naming its hash);
        -- corrected_hash is the hash of the rejected bytes the correction is sent against.
        ALTER TABLE invoices ADD COLUMN invoicing_mode TEXT CHECK (invoicing_mode IN ('Online','Offline'));
        ALTER TABLE invoices ADD COLUMN ksef_acquired_at TEXT;
        ALTER TABLE invoices ADD COLUMN ksef_session_ref TEXT;
        ALTER TABLE invoices ADD COLUMN ksef_cursor INTEGER;
        ALTER TABLE invoices ADD COLUMN rejection TEXT CHECK (rejection IS NULL OR json_valid(rejection));
        ALTER TABLE invoices ADD COLUMN corrected_hash TEXT;
        CREATE UNIQUE INDEX invoices_ksef_number ON invoices(ksef_number) WHERE ksef_number IS NOT NULL;
        -- Projection: each invoice's official receipt (UPO), byte for byte as KSeF served it.
        CREATE TABLE invoice_upos (
          invoice_id  TEXT PRIMARY KEY,
          ksef_number TEXT NOT NULL,
          upo         BLOB NOT NULL,
          problems    TEXT NOT NULL CHECK (json_valid(problems))
        ) STRICT;
        -- Operational: every send the hub made to KSeF, written the moment KSeF acknowledged it, so a hub killed
        -- before the number came back looks the invoice up in that session instead of sending it again.
        CREATE TABLE ksef_submissions (
          invoice_id  TEXT NOT NULL,
          sha256      TEXT NOT NULL,
          session_ref TEXT NOT NULL,
          invoice_ref TEXT,
          kind        TEXT NOT NULL CHECK (kind IN ('online','batch')),
          sent_at     TEXT NOT NULL,
          -- The last status KSeF gave (null: not looked at yet); 550 means sent again elsewhere.
          last_code   INTEGER,
          PRIMARY KEY (invoice_id, session_ref)
        ) STRICT;
        CREATE INDEX ksef_submissions_session ON ksef_submissions(session_ref);
      `);
    },
  },
  {
    version: 15,
    name: 'stock movements',
    up(db) {
      db.exec(`
        -- Projection (issue 12, the Stock screen): each record's stock deltas per product x location, summed within
        -- the record, with the level they left. A product's history and its last count are index reads instead of a
        -- scan of every record's JSON. is_count: a count (inventory.count, or a manager's count adjustment), so
        -- quantity_after is what was counted and quantity_after - delta what the books held before.
        CREATE TABLE stock_movements (
          product_id     TEXT NOT NULL,
          location_id    TEXT NOT NULL,
          cursor         INTEGER NOT NULL,
          delta          INTEGER NOT NULL,
          quantity_after INTEGER NOT NULL,
          is_count       INTEGER NOT NULL CHECK (is_count IN (0, 1)),
          PRIMARY KEY (product_id, location_id, cursor)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX stock_movements_product ON stock_movements(product_id, cursor);
        CREATE INDEX stock_movements_counts ON stock_movements(product_id, location_id, cursor) WHERE is_count = 1;

        -- The history the ledger already holds, exactly as the projector would have written it record by record.
        WITH per_record AS (
          SELECT json_extract(d.value, '$.productId') AS product_id,
                 json_extract(d.value, '$.locationId') AS location_id,
                 e.cursor AS cursor,
                 SUM(json_extract(d.value, '$.delta')) AS delta,
                 (e.type = 'inventory.count'
                   OR (e.type = 'inventory.adjustment'
                       AND json_extract(e.record, '$.event.payload.reason') = 'count')) AS is_count
          FROM events e, json_each(e.record, '$.outcome.stock') d
          GROUP BY 1, 2, 3
        )
        INSERT INTO stock_movements (product_id, location_id, cursor, delta, quantity_after, is_count)
          SELECT product_id, location_id, cursor, delta,
                 SUM(delta) OVER (PARTITION BY product_id, location_id ORDER BY cursor ROWS UNBOUNDED PRECEDING),
                 is_count
          FROM per_record;
      `);
    },
  },
  {
    version: 16,
    name: 'product barcodes and withdrawn products',
    up(db) {
      db.exec(`
        -- Projections (issue 12, the Catalog screen) of catalog.product events that carry a barcode (GTIN or the
        -- store's PLU) or active = false, beside products as product_merchandise_codes is, so ledgers projected before
        -- keep their products table exactly as it was. A product has a row only while its latest event says so; older
        -- events carry neither field: nothing to backfill.
        CREATE TABLE product_barcodes (
          product_id TEXT PRIMARY KEY,
          barcode    TEXT NOT NULL
        ) STRICT;
        -- Scanning and the catalog search look products up by barcode. Not UNIQUE: the hub refuses a barcode another
        -- active product holds, but a projection replays whatever the ledger says.
        CREATE INDEX product_barcodes_barcode ON product_barcodes(barcode);
        -- Withdrawn products: tills stop offering them. since_cursor: the event that withdrew it.
        CREATE TABLE inactive_products (
          product_id   TEXT PRIMARY KEY,
          since_cursor INTEGER NOT NULL
        ) STRICT;
      `);
    },
  },
  {
    version: 17,
    name: 'approval expiry, activity samples',
    up(db) {
      db.exec(`
        -- Approvals the till stopped waiting for expire (issue 12, approval.expire): a fourth status, and why and on
        -- which record the till's own outcome is. SQLite cannot widen a CHECK in place, so the table is rebuilt.
        CREATE TABLE approvals_v17 (
          approval_id      TEXT PRIMARY KEY,
          payment_id       TEXT NOT NULL UNIQUE,
          sale_id          TEXT NOT NULL,
          device_id        TEXT NOT NULL,
          location_id      TEXT NOT NULL,
          amount           INTEGER NOT NULL,
          currency         TEXT NOT NULL,
          method           TEXT NOT NULL,
          reason           TEXT NOT NULL,
          context          TEXT NOT NULL,
          status           TEXT NOT NULL CHECK (status IN ('pending','approved','declined','expired')),
          requested_cursor INTEGER NOT NULL,
          requested_at     TEXT NOT NULL,
          decided_by       TEXT,
          decided_cursor   INTEGER,
          decided_at       TEXT,
          expiry           TEXT CHECK (expiry IS NULL OR json_valid(expiry))
        ) STRICT;
        INSERT INTO approvals_v17 (approval_id, payment_id, sale_id, device_id, location_id, amount, currency, method,
            reason, context, status, requested_cursor, requested_at, decided_by, decided_cursor, decided_at)
          SELECT approval_id, payment_id, sale_id, device_id, location_id, amount, currency, method, reason, context,
            status, requested_cursor, requested_at, decided_by, decided_cursor, decided_at
          FROM approvals;
        DROP TABLE approvals;
        ALTER TABLE approvals_v17 RENAME TO approvals;
        CREATE INDEX approvals_status ON approvals(status);

        -- Operational, not a projection: the dashboard chart's figures once a minute (ledger head, queued on devices,
        -- queued upstream), so the chart has a history when it is opened. At most a day of rows is kept.
        CREATE TABLE activity_samples (
          at              TEXT PRIMARY KEY,
          cursor          INTEGER NOT NULL,
          device_queued   INTEGER NOT NULL,
          upstream_queued INTEGER NOT NULL
        ) STRICT;
      `);
    },
  },
  {
    version: 18,
    name: 'leaner ledger rows',
    up(db) {
      db.exec(`
        -- What each event costs (issue 11). UNIQUE (device_id, event_id) repeated what UNIQUE (event_id) already
        -- guarantees, at 94 bytes and one more B-tree insert per event; SQLite cannot drop a table constraint, so the
        -- table is rebuilt with its rows, hashes and triggers unchanged.
        CREATE TABLE events_v18 (
          cursor      INTEGER PRIMARY KEY,
          event_id    TEXT NOT NULL UNIQUE,
          device_id   TEXT,
          seq         INTEGER,
          type        TEXT NOT NULL,
          status      TEXT NOT NULL CHECK (status IN ('accepted','conflict','refused')),
          recorded_at TEXT NOT NULL,
          record      TEXT NOT NULL,
          prev_hash   TEXT NOT NULL,
          hash        TEXT NOT NULL,
          UNIQUE (device_id, seq)
        ) STRICT;
        INSERT INTO events_v18 SELECT cursor, event_id, device_id, seq, type, status, recorded_at, record, prev_hash,
          hash FROM events ORDER BY cursor;

        -- The partial index on json_extract(record, …) parsed every record as it was inserted; the flagged records
        -- are a projection instead, written only for the rare flagged one.
        CREATE TABLE flagged_records (cursor INTEGER PRIMARY KEY) STRICT;
        INSERT INTO flagged_records SELECT cursor FROM events
          WHERE json_extract(record, '$.outcome.clockSkew.flagged') = 1;

        DROP TABLE events;
        ALTER TABLE events_v18 RENAME TO events;
        CREATE INDEX events_type ON events(type);
        CREATE TRIGGER events_no_update BEFORE UPDATE ON events
          BEGIN SELECT RAISE(ABORT, 'ledger rows are append-only'); END;
        CREATE TRIGGER events_no_delete BEFORE DELETE ON events
          BEGIN SELECT RAISE(ABORT, 'ledger rows are append-only'); END;
      `);
    },
  },
];

export const latestVersion = migrations.reduce((max, m) => Math.max(max, m.version), 0);
