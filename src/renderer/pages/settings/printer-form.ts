/**
 * The printer form's logic (DESIGN §7): the typed text of every field, and the checks of the hub's PrinterConfig
 * schema (src/shared/protocol/printing.ts) said in words before any request.
 */
import {
  MAX_DRAWER_PULSE_MS,
  MIN_DRAWER_PULSE_MS,
  type DrawerPins,
  type PaperWidth,
  type PrinterConfig,
  type PrinterConnection,
  type PrinterModel,
  type PrinterSettings,
} from '../../../shared/protocol/printing.js';

export type ConnectionType = PrinterConnection['type'];
export type DrawerChoice = 'none' | DrawerPins;

export const CONNECTION_TYPES: ReadonlyArray<{ value: ConnectionType; label: string }> = [
  { value: 'serial', label: 'Serial' },
  { value: 'tcp', label: 'Network (TCP/IP)' },
  { value: 'usb', label: 'USB' },
];

export const MODELS: ReadonlyArray<{ value: PrinterModel; label: string }> = [
  { value: 'epson', label: 'Epson (ESC/POS)' },
  { value: 'star', label: 'Star' },
];

export const PAPER_WIDTH_OPTIONS: ReadonlyArray<{ value: PaperWidth; label: string }> = [
  { value: 80, label: '80 mm' },
  { value: 58, label: '58 mm' },
];

export const DRAWER_CHOICES: ReadonlyArray<{ value: DrawerChoice; label: string }> = [
  { value: 'none', label: 'No drawer' },
  { value: 'pin2', label: 'Pin 2' },
  { value: 'pin5', label: 'Pin 5' },
  { value: 'both', label: 'Both pins (2 and 5)' },
];

/** The baud rates receipt printers ship with; another rate already saved is kept as an extra choice. */
export const COMMON_BAUD_RATES = [9600, 19200, 38400, 115200] as const;
export const DEFAULT_BAUD_RATE = 9600;
export const DEFAULT_TCP_PORT = 9100;
export const DEFAULT_PULSE_MS = 100;

const ID_PATTERN = /^[A-Za-z0-9._:-]+$/;
const HOST_PATTERN = /^[A-Za-z0-9.:_-]+$/;
const MIN_BAUD = 1200;
const MAX_BAUD = 921_600;

/**
 * What the form holds: text as typed, and every connection type's fields at once, so switching the type back and
 * forth loses nothing.
 */
export interface PrinterDraft {
  id: string;
  name: string;
  connectionType: ConnectionType;
  serialPath: string;
  baudRate: string;
  host: string;
  port: string;
  usbPath: string;
  model: PrinterModel;
  paperWidth: PaperWidth;
  drawer: DrawerChoice;
  pulseMs: string;
  receiptDefault: boolean;
  enabled: boolean;
}

export function emptyPrinterDraft(): PrinterDraft {
  return {
    id: '',
    name: '',
    connectionType: 'tcp',
    serialPath: '',
    baudRate: String(DEFAULT_BAUD_RATE),
    host: '',
    port: String(DEFAULT_TCP_PORT),
    usbPath: '',
    model: 'epson',
    paperWidth: 80,
    drawer: 'none',
    pulseMs: String(DEFAULT_PULSE_MS),
    receiptDefault: false,
    enabled: true,
  };
}

export function toPrinterDraft(printer: PrinterConfig): PrinterDraft {
  const draft: PrinterDraft = {
    ...emptyPrinterDraft(),
    id: printer.id,
    name: printer.name,
    connectionType: printer.connection.type,
    model: printer.model,
    paperWidth: printer.paperWidth,
    drawer: printer.drawer?.pins ?? 'none',
    pulseMs: String(printer.drawer?.pulseMs ?? DEFAULT_PULSE_MS),
    receiptDefault: printer.receiptDefault,
    enabled: printer.enabled,
  };
  const connection = printer.connection;
  if (connection.type === 'serial') {
    draft.serialPath = connection.path;
    draft.baudRate = String(connection.baudRate);
  } else if (connection.type === 'tcp') {
    draft.host = connection.host;
    draft.port = String(connection.port);
  } else {
    draft.usbPath = connection.devicePath;
  }
  return draft;
}

/** The baud rates to offer: the common ones, plus the draft's own if it is another. */
export function baudRateChoices(current: string): number[] {
  const value = Number(current);
  return Number.isInteger(value) && value > 0 && !(COMMON_BAUD_RATES as readonly number[]).includes(value)
    ? [...COMMON_BAUD_RATES, value].sort((a, b) => a - b)
    : [...COMMON_BAUD_RATES];
}

/** A whole number typed as plain digits within [min, max], or null. */
function wholeNumber(text: string, min: number, max: number): number | null {
  const trimmed = text.trim();
  if (!/^\d{1,7}$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return value >= min && value <= max ? value : null;
}

function connectionOf(draft: PrinterDraft): { connection: PrinterConnection } | { problem: string } {
  switch (draft.connectionType) {
    case 'serial': {
      const path = draft.serialPath.trim();
      if (path === '') return { problem: 'Enter the serial port’s device path, such as /dev/ttyUSB0 or COM3.' };
      if (path.length > 256) return { problem: 'A device path can be at most 256 characters.' };
      const baudRate = wholeNumber(draft.baudRate, MIN_BAUD, MAX_BAUD);
      if (baudRate === null) return { problem: 'The baud rate is a whole number from 1200 to 921600, such as 9600.' };
      return { connection: { type: 'serial', path, baudRate } };
    }
    case 'tcp': {
      const host = draft.host.trim();
      if (host === '') return { problem: 'Enter the printer’s network address, such as 192.168.1.50.' };
      if (host.length > 253) return { problem: 'A network address can be at most 253 characters.' };
      if (!HOST_PATTERN.test(host))
        return {
          problem:
            'A network address uses only letters, digits, dots, colons, dashes and underscores, such as 192.168.1.50 or printer.local (no spaces, no http://).',
        };
      const port = wholeNumber(draft.port, 1, 65_535);
      if (port === null) return { problem: 'The port is a whole number from 1 to 65535 (receipt printers use 9100).' };
      return { connection: { type: 'tcp', host, port } };
    }
    case 'usb': {
      const devicePath = draft.usbPath.trim();
      if (devicePath === '') return { problem: 'Enter the USB printer’s device file, such as /dev/usb/lp0.' };
      if (devicePath.length > 256) return { problem: 'A device file can be at most 256 characters.' };
      return { connection: { type: 'usb', devicePath } };
    }
  }
}

/**
 * The printer to save (`id` is only sent when adding; a PUT takes the rest), or the first problem in words. The
 * bounds are the hub's: an ID of letters, digits and `._:-`, a name up to 80 characters, a pulse of 2 to 510 ms.
 */
export function fromPrinterDraft(draft: PrinterDraft): { config: PrinterConfig } | { problem: string } {
  const id = draft.id.trim();
  if (id === '') return { problem: 'Enter a printer ID, such as front-counter. Tills name the printer by it.' };
  if (id.length > 64) return { problem: 'A printer ID can be at most 64 characters.' };
  if (!ID_PATTERN.test(id))
    return { problem: 'A printer ID uses only letters, digits, dots, dashes, underscores and colons (no spaces).' };

  const name = draft.name.trim();
  if (name === '') return { problem: 'Enter a name for the printer, such as Front counter.' };
  if (name.length > 80) return { problem: 'A printer name can be at most 80 characters.' };

  const connection = connectionOf(draft);
  if ('problem' in connection) return connection;

  let drawer: PrinterSettings['drawer'] = null;
  if (draft.drawer !== 'none') {
    const pulseMs = wholeNumber(draft.pulseMs, MIN_DRAWER_PULSE_MS, MAX_DRAWER_PULSE_MS);
    if (pulseMs === null)
      return {
        problem: `The drawer pulse is a whole number of milliseconds from ${MIN_DRAWER_PULSE_MS} to ${MAX_DRAWER_PULSE_MS} (most drawers open with ${DEFAULT_PULSE_MS}).`,
      };
    drawer = { pins: draft.drawer, pulseMs };
  }

  return {
    config: {
      id,
      name,
      connection: connection.connection,
      model: draft.model,
      paperWidth: draft.paperWidth,
      drawer,
      receiptDefault: draft.receiptDefault,
      enabled: draft.enabled,
    },
  };
}

/** The body of `PUT /v1/admin/printers/:id`: everything but the id, which names the printer in the path. */
export function settingsOf(config: PrinterConfig): PrinterSettings {
  const { id: _id, ...settings } = config;
  return settings;
}
