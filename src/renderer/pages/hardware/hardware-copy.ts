/**
 * The Hardware screen's words (DESIGN §7): printer states and why jobs wait, job and drawer-kick outcomes, connections
 * and the dashboard's one-line summary. Pure, so the wording is tested once.
 */
import type {
  DrawerKickView,
  PrinterConnection,
  PrinterStatusReading,
  PrinterView,
  PrintJobKind,
  PrintJobState,
  PrintJobView,
  Requester,
  WaitReason,
} from '../../../shared/protocol/printing.js';
import type { Status } from '../../components/sync-status.js';

export const WAIT_REASON_TEXT: Record<WaitReason, string> = {
  paper_out: 'Out of paper',
  cover_open: 'Cover open',
  offline: 'Offline',
  unreachable: 'Unreachable — check cable/power',
  error: 'Printer error',
};

export const UNKNOWN_STATUS_TEXT = 'Status unreadable — printing without checks';

/** The printer card's badge: what the printer is doing, or why its jobs wait, in plain words. */
export function printerState(printer: Pick<PrinterView, 'state' | 'waitingFor'>): Status {
  switch (printer.state) {
    case 'idle':
      return { label: 'Idle', tone: 'ok' };
    case 'printing':
      return { label: 'Printing', tone: 'ok' };
    case 'waiting':
      return {
        label: `Waiting: ${printer.waitingFor ? WAIT_REASON_TEXT[printer.waitingFor] : 'reason not given'}`,
        tone: printer.waitingFor === 'paper_out' || printer.waitingFor === 'cover_open' ? 'warn' : 'bad',
      };
    case 'unknown':
      return { label: UNKNOWN_STATUS_TEXT, tone: 'warn' };
    case 'disabled':
      return { label: 'Disabled', tone: 'off' };
  }
}

export const JOB_KIND_TEXT: Record<PrintJobKind, string> = {
  sale: 'Sale receipt',
  refund: 'Refund receipt',
  offline_card_slip: 'Offline card slip',
  end_of_day: 'End-of-day report',
  invoice: 'Invoice',
  test: 'Test print',
};

export const JOB_STATE_TEXT: Record<PrintJobState, string> = {
  queued: 'Queued',
  printing: 'Printing',
  printed: 'Printed',
  uncertain: 'Uncertain',
  dropped: 'Dropped',
};

export const STATUS_UNKNOWN_TEXT = 'Printed, status unknown';

/** A job's badge: queued jobs say why they wait; a print without a status reading says nobody knows paper was in. */
export function jobStatus(job: Pick<PrintJobView, 'state' | 'waitingFor' | 'statusUnknown'>): Status {
  switch (job.state) {
    case 'queued':
      return job.waitingFor
        ? { label: `Waiting: ${WAIT_REASON_TEXT[job.waitingFor]}`, tone: 'warn' }
        : { label: 'Queued', tone: 'warn' };
    case 'printing':
      return { label: 'Printing', tone: 'ok' };
    case 'printed':
      return job.statusUnknown ? { label: STATUS_UNKNOWN_TEXT, tone: 'warn' } : { label: 'Printed', tone: 'ok' };
    case 'uncertain':
      return { label: 'Uncertain: may be on paper', tone: 'bad' };
    case 'dropped':
      return { label: 'Dropped', tone: 'off' };
  }
}

export function kickStatus(kick: Pick<DrawerKickView, 'state'>): Status {
  switch (kick.state) {
    case 'queued':
      return { label: 'Queued', tone: 'warn' };
    case 'sent':
      return { label: 'Sent', tone: 'ok' };
    case 'dropped':
      return { label: 'Dropped', tone: 'bad' };
  }
}

export function connectionText(connection: PrinterConnection): string {
  switch (connection.type) {
    case 'serial':
      return `Serial ${connection.path} at ${connection.baudRate} baud`;
    case 'tcp':
      return `Network ${connection.host.includes(':') ? `[${connection.host}]` : connection.host}:${connection.port}`;
    case 'usb':
      return `USB ${connection.devicePath}`;
  }
}

export function modelText(printer: Pick<PrinterView, 'model' | 'paperWidth'>): string {
  return `${printer.model === 'epson' ? 'Epson' : 'Star'} · ${printer.paperWidth} mm paper`;
}

export function drawerText(drawer: PrinterView['drawer']): string {
  if (!drawer) return 'No drawer wired';
  const pins = drawer.pins === 'both' ? 'Pins 2 and 5' : drawer.pins === 'pin2' ? 'Pin 2' : 'Pin 5';
  return `${pins}, ${drawer.pulseMs} ms pulse`;
}

/** The last status the printer answered, as a short list of what matters: online, cover, paper, error. */
export function readingText(reading: PrinterStatusReading): string {
  return [
    reading.online ? 'Online' : 'Offline',
    reading.coverOpen ? 'cover open' : 'cover closed',
    reading.paperOut ? 'out of paper' : reading.paperNearEnd ? 'paper near its end' : 'paper OK',
    ...(reading.error ? ['error reported'] : []),
    `drawer sensor ${reading.drawerSensorHigh ? 'high' : 'low'}`,
  ].join(' · ');
}

/** "Olga", "Till 1" or "Hub": the person (the hub names users by name) or device behind a job or a drawer kick. */
export function requesterText(requester: Requester, names: { devices: ReadonlyMap<string, string> }): string {
  if (requester.type === 'device') return names.devices.get(requester.id) ?? requester.id;
  if (requester.type === 'user') return requester.id;
  return requester.id ? `Hub (${requester.id})` : 'Hub';
}

export interface PrinterSummary {
  /** "2 of 3 ready", "None yet". */
  value: string;
  detail: string;
  attention: boolean;
}

/**
 * The dashboard's printer stat: enabled printers ready (idle or printing), and what needs a look. Uncertain jobs need
 * a manager's decision; waiting printers hold receipts; an unreadable status prints without checks.
 */
export function printerSummary(printers: readonly PrinterView[]): PrinterSummary {
  if (printers.length === 0) return { value: 'None yet', detail: 'add one in Settings', attention: false };
  const enabled = printers.filter((printer) => printer.state !== 'disabled');
  const ready = enabled.filter((printer) => printer.state === 'idle' || printer.state === 'printing').length;
  const waiting = enabled.filter((printer) => printer.state === 'waiting');
  const unknown = enabled.filter((printer) => printer.state === 'unknown').length;
  const uncertain = printers.reduce((sum, printer) => sum + printer.uncertain, 0);
  const parts = [
    ...(waiting.length === 1 && waiting[0]!.waitingFor
      ? [`${waiting[0]!.name}: ${WAIT_REASON_TEXT[waiting[0]!.waitingFor].toLowerCase()}`]
      : waiting.length > 0
        ? [`${waiting.length} waiting`]
        : []),
    ...(unknown > 0 ? [`${unknown} status unreadable`] : []),
    ...(uncertain > 0 ? [`${uncertain} uncertain ${uncertain === 1 ? 'job' : 'jobs'}`] : []),
  ];
  return {
    value: `${ready} of ${enabled.length} ready`,
    detail: parts.length > 0 ? parts.join(' · ') : enabled.length > 0 ? 'all printing normally' : 'all disabled',
    attention: waiting.length > 0 || uncertain > 0,
  };
}
