import Type, { type Static } from 'typebox';
import { EntityId } from './catalog-payloads.js';

/**
 * Receipt printers and cash drawers (DESIGN §7): the device calls `POST /v1/print-jobs`, `GET /v1/print-jobs/:id`,
 * `POST /v1/drawers/:id/open`, and the admin API under `/v1/admin/printers…`. A drawer hangs off a printer's
 * drawer-kick port, so a drawer's id is its printer's id.
 */

export const PRINTER_MODELS = ['epson', 'star'] as const;
export type PrinterModel = (typeof PRINTER_MODELS)[number];

/** Paper roll widths in millimetres; the receipt's characters per line follow from it. */
export const PAPER_WIDTHS = [58, 80] as const;
export type PaperWidth = (typeof PAPER_WIDTHS)[number];

export const DRAWER_PINS = ['pin2', 'pin5', 'both'] as const;
export type DrawerPins = (typeof DRAWER_PINS)[number];

/** `ESC p` pulse times are 2 ms units in one byte: 2..510 ms. */
export const MIN_DRAWER_PULSE_MS = 2;
export const MAX_DRAWER_PULSE_MS = 510;

const Path = Type.String({ minLength: 1, maxLength: 256 });

export const SerialConnection = Type.Object(
  {
    type: Type.Literal('serial'),
    path: Path,
    baudRate: Type.Integer({ minimum: 1200, maximum: 921_600 }),
  },
  { additionalProperties: false },
);

export const TcpConnection = Type.Object(
  {
    type: Type.Literal('tcp'),
    host: Type.String({ minLength: 1, maxLength: 253, pattern: '^[A-Za-z0-9.:_-]+$' }),
    port: Type.Integer({ minimum: 1, maximum: 65_535, description: 'Raw printing port, usually 9100' }),
  },
  { additionalProperties: false },
);

/** A USB printer's device file (`/dev/usb/lp0`); the kernel driver is write-mostly, so status may stay unknown. */
export const UsbConnection = Type.Object(
  { type: Type.Literal('usb'), devicePath: Path },
  { additionalProperties: false },
);

export const PrinterConnection = Type.Union([SerialConnection, TcpConnection, UsbConnection]);
export type PrinterConnection = Static<typeof PrinterConnection>;

export const DrawerWiring = Type.Object(
  {
    pins: Type.Enum(DRAWER_PINS),
    pulseMs: Type.Integer({ minimum: MIN_DRAWER_PULSE_MS, maximum: MAX_DRAWER_PULSE_MS }),
  },
  { additionalProperties: false },
);
export type DrawerWiring = Static<typeof DrawerWiring>;

/** What a manager sets for one printer (body of `POST /v1/admin/printers`; `PUT` takes it without `id`). */
export const PrinterSettings = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 80 }),
    connection: PrinterConnection,
    model: Type.Enum(PRINTER_MODELS),
    paperWidth: Type.Union([Type.Literal(58), Type.Literal(80)]),
    /** null: no drawer is wired to this printer. */
    drawer: Type.Union([DrawerWiring, Type.Null()]),
    /** Where sales that ask for a receipt without naming a printer print. At most one printer has it. */
    receiptDefault: Type.Boolean(),
    enabled: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type PrinterSettings = Static<typeof PrinterSettings>;

export const PrinterConfig = Type.Object(
  { id: EntityId, ...PrinterSettings.properties },
  { additionalProperties: false },
);
export type PrinterConfig = Static<typeof PrinterConfig>;

/**
 * What the worker last knew of the printer. `waiting`: jobs are held for the reason given; `unknown`: the status
 * could not be read, so jobs print anyway and are marked so.
 */
export const PRINTER_STATES = ['idle', 'printing', 'waiting', 'unknown', 'disabled'] as const;
export type PrinterState = (typeof PRINTER_STATES)[number];

/** Why queued jobs are held. */
export const WAIT_REASONS = ['unreachable', 'offline', 'cover_open', 'paper_out', 'error'] as const;
export type WaitReason = (typeof WAIT_REASONS)[number];

export const PrinterStatusReading = Type.Object({
  online: Type.Boolean(),
  coverOpen: Type.Boolean(),
  paperOut: Type.Boolean(),
  paperNearEnd: Type.Boolean(),
  /** Pin 3 of the drawer port; whether high means open depends on the drawer, so it is shown, not interpreted. */
  drawerSensorHigh: Type.Boolean(),
  error: Type.Boolean(),
});
export type PrinterStatusReading = Static<typeof PrinterStatusReading>;

export const PrinterView = Type.Object({
  ...PrinterConfig.properties,
  state: Type.Enum(PRINTER_STATES),
  waitingFor: Type.Union([Type.Enum(WAIT_REASONS), Type.Null()]),
  /** The last status the printer answered, and when; null before the first answer. */
  status: Type.Union([PrinterStatusReading, Type.Null()]),
  statusReadAt: Type.Union([Type.String(), Type.Null()]),
  queued: Type.Integer({ minimum: 0 }),
  uncertain: Type.Integer({ minimum: 0 }),
  oldestQueuedAt: Type.Union([Type.String(), Type.Null()]),
});
export type PrinterView = Static<typeof PrinterView>;

export const PRINT_JOB_KINDS = ['sale', 'refund', 'offline_card_slip', 'end_of_day', 'invoice', 'test'] as const;
export type PrintJobKind = (typeof PRINT_JOB_KINDS)[number];

/**
 * `queued` → `printing` → `printed`; `uncertain` when the bytes may or may not have reached paper (a dropped
 * connection mid-job, a hub stopped mid-job): never retried by itself, a manager reprints or drops it.
 */
export const PRINT_JOB_STATES = ['queued', 'printing', 'printed', 'uncertain', 'dropped'] as const;
export type PrintJobState = (typeof PRINT_JOB_STATES)[number];

export const REQUESTER_TYPES = ['device', 'user', 'hub'] as const;

export const Requester = Type.Object({
  type: Type.Enum(REQUESTER_TYPES),
  id: Type.String(),
});
export type Requester = Static<typeof Requester>;

/** Body of `POST /v1/print-jobs`. The hub renders the receipt from its own ledger, so what prints is what it holds. */
export const PrintJobRequest = Type.Object(
  {
    clientKey: Type.String({
      minLength: 1,
      maxLength: 128,
      description: 'Idempotency key chosen by the device: the same key returns the same job, never a second print',
    }),
    kind: Type.Union([
      Type.Literal('sale'),
      Type.Literal('refund'),
      Type.Literal('offline_card_slip'),
      Type.Literal('end_of_day'),
      Type.Literal('invoice'),
    ]),
    printerId: Type.Optional(EntityId),
    /** sale and refund receipts; for an invoice, when given, the sale it must be of */
    saleId: Type.Optional(EntityId),
    /** refund receipts */
    refundId: Type.Optional(EntityId),
    /** KSeF invoices (and correcting invoices), printed with their verification QR codes */
    invoiceId: Type.Optional(EntityId),
    /** offline card slips */
    paymentId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    /** end-of-day summaries: the store's business day, YYYY-MM-DD; today when absent */
    businessDate: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
  },
  { additionalProperties: false },
);
export type PrintJobRequest = Static<typeof PrintJobRequest>;

/** Body of `POST /v1/admin/print-jobs`: a manager asks from the back office (no client key: each ask is a job). */
export const AdminPrintRequest = Type.Omit(PrintJobRequest, ['clientKey'], { additionalProperties: false });
export type AdminPrintRequest = Static<typeof AdminPrintRequest>;

export const PrintJobView = Type.Object({
  id: Type.String(),
  clientKey: Type.String(),
  printerId: Type.String(),
  kind: Type.Enum(PRINT_JOB_KINDS),
  state: Type.Enum(PRINT_JOB_STATES),
  /** Why a queued job is not printing yet (the printer's reason); null when it is next or done. */
  waitingFor: Type.Union([Type.Enum(WAIT_REASONS), Type.Null()]),
  /** Printed without a readable printer status: nobody can say paper was in. */
  statusUnknown: Type.Boolean(),
  /** Why the job is uncertain or dropped. */
  note: Type.Union([Type.String(), Type.Null()]),
  saleId: Type.Union([Type.String(), Type.Null()]),
  attempts: Type.Integer({ minimum: 0 }),
  requestedBy: Requester,
  createdAt: Type.String(),
  updatedAt: Type.String(),
  printedAt: Type.Union([Type.String(), Type.Null()]),
});
export type PrintJobView = Static<typeof PrintJobView>;

/** Body of `POST /v1/drawers/:id/open` (and of the admin call, which takes no sale). */
export const DrawerOpenRequest = Type.Object(
  {
    reason: Type.String({ minLength: 1, maxLength: 200 }),
    saleId: Type.Optional(EntityId),
    cashierId: Type.Optional(EntityId),
  },
  { additionalProperties: false },
);
export type DrawerOpenRequest = Static<typeof DrawerOpenRequest>;

/** `queued` → `sent`, or `dropped` when the printer could not take it within the kick's 12 s life. */
export const DRAWER_KICK_STATES = ['queued', 'sent', 'dropped'] as const;
export type DrawerKickState = (typeof DRAWER_KICK_STATES)[number];

export const DrawerKickView = Type.Object({
  id: Type.String(),
  drawerId: Type.String(),
  state: Type.Enum(DRAWER_KICK_STATES),
  reason: Type.String(),
  saleId: Type.Union([Type.String(), Type.Null()]),
  cashierId: Type.Union([Type.String(), Type.Null()]),
  requestedBy: Requester,
  requestedAt: Type.String(),
  sentAt: Type.Union([Type.String(), Type.Null()]),
  /** Why it was dropped (stale, printer waiting, drawer not wired). */
  note: Type.Union([Type.String(), Type.Null()]),
});
export type DrawerKickView = Static<typeof DrawerKickView>;

/** A kick not on the line within this long is dropped: a drawer popping long after the sale is a theft risk. */
export const DRAWER_KICK_MAX_AGE_MS = 12_000;

/**
 * On the device's `/v1/stream` when one of its print jobs leaves the queue (printed, uncertain, dropped) or goes
 * back into it (a manager's reprint), so a till can tell its cashier without polling.
 */
export interface PrintJobStreamMessage {
  type: 'print_job';
  jobId: string;
  saleId: string | null;
  state: PrintJobState;
  note: string | null;
}
